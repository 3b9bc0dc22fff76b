//! The organisation and who may do what in it: units (the dinas, its
//! sekretariat with sub-divisions, its bidang with seksi, and external
//! contributors — other OPD and institutions), the SOP's roles, and the unit
//! scope each role reaches. The server checks every request with these
//! functions; the interface only mirrors them.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The kinds of unit, from the agency down to a section, plus outsiders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Dinas,
    Sekretariat,
    Subbagian,
    Bidang,
    Seksi,
    /// Another regional agency supplying data.
    Opd,
    /// A related institution supplying data.
    Instansi,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::Dinas,
        UnitKind::Sekretariat,
        UnitKind::Subbagian,
        UnitKind::Bidang,
        UnitKind::Seksi,
        UnitKind::Opd,
        UnitKind::Instansi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Dinas => "dinas",
            UnitKind::Sekretariat => "sekretariat",
            UnitKind::Subbagian => "subbagian",
            UnitKind::Bidang => "bidang",
            UnitKind::Seksi => "seksi",
            UnitKind::Opd => "opd",
            UnitKind::Instansi => "instansi",
        }
    }

    pub fn parse(text: &str) -> Option<UnitKind> {
        UnitKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// Whether a unit of this kind may sit under a unit of `parent` (`None`: at the top).
    pub fn may_sit_under(self, parent: Option<UnitKind>) -> bool {
        match self {
            UnitKind::Dinas | UnitKind::Opd | UnitKind::Instansi => parent.is_none(),
            UnitKind::Sekretariat | UnitKind::Bidang => parent == Some(UnitKind::Dinas),
            UnitKind::Subbagian => parent == Some(UnitKind::Sekretariat),
            UnitKind::Seksi => parent == Some(UnitKind::Bidang),
        }
    }

    /// Outside the agency: other OPD and institutions.
    pub fn is_external(self) -> bool {
        matches!(self, UnitKind::Opd | UnitKind::Instansi)
    }
}

/// An organisation unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub parent_id: Option<String>,
    pub active: bool,
}

/// The agency itself, whose name heads its reports: the Dinas at the top
/// of the tree (other OPD and institutions stand at the top too).
pub fn agency(units: &[Unit]) -> Option<&Unit> {
    units.iter().find(|u| u.kind == UnitKind::Dinas && u.parent_id.is_none())
}

/// A user account (never with its password hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub username: String,
    pub full_name: String,
    pub nip: String,
    pub role: Role,
    pub unit_id: Option<String>,
    pub must_change_password: bool,
    pub active: bool,
}

/// The SOP's roles (`sop/README.md`), plus the administrator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Sekretaris,
    KepalaBidang,
    KasubagProgram,
    KepalaSeksi,
    StafEvaluasi,
    Kontributor,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Sekretaris,
        Role::KepalaBidang,
        Role::KasubagProgram,
        Role::KepalaSeksi,
        Role::StafEvaluasi,
        Role::Kontributor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Sekretaris => "sekretaris",
            Role::KepalaBidang => "kepala_bidang",
            Role::KasubagProgram => "kasubag_program",
            Role::KepalaSeksi => "kepala_seksi",
            Role::StafEvaluasi => "staf_evaluasi",
            Role::Kontributor => "kontributor",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == text)
    }

    /// Whether a user of this role must belong to a unit, and of which kinds.
    pub fn unit_kinds(self) -> &'static [UnitKind] {
        match self {
            Role::KepalaBidang => &[UnitKind::Bidang],
            Role::KepalaSeksi => &[UnitKind::Seksi, UnitKind::Subbagian],
            Role::Kontributor => &[UnitKind::Opd, UnitKind::Instansi],
            Role::Admin | Role::Sekretaris | Role::KasubagProgram | Role::StafEvaluasi => &[],
        }
    }

    /// Maintains units, users, indicators, PK and Rencana Aksi.
    pub fn manages_master_data(self) -> bool {
        self == Role::Admin
    }

    /// Locks a period's data and reopens it (domain.md: reopening needs the sekretaris).
    pub fn locks_periods(self) -> bool {
        self == Role::Sekretaris
    }

    /// Enters realisations and narratives.
    pub fn enters_data(self) -> bool {
        !matches!(self, Role::Admin | Role::Sekretaris)
    }
}

/// The unit hierarchy, for scope questions. Built from (unit, parent) pairs.
#[derive(Clone, Debug, Default)]
pub struct UnitTree {
    parent: HashMap<String, Option<String>>,
}

impl UnitTree {
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> UnitTree {
        let parent =
            pairs.into_iter().map(|(unit, parent)| (unit.to_owned(), parent.map(str::to_owned))).collect();
        UnitTree { parent }
    }

    /// Whether `unit` is one of the tree's units.
    pub fn is_known(&self, unit: &str) -> bool {
        self.parent.contains_key(unit)
    }

    /// Whether `unit` is known and has no parent.
    pub fn is_root(&self, unit: &str) -> bool {
        matches!(self.parent.get(unit), Some(None))
    }

    /// `unit` and the units above it, nearest first, to the top. Stops on a cycle.
    pub fn ancestry<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut current = self.parent.contains_key(unit).then_some(unit);
        (0..=self.parent.len()).map_while(move |_| {
            let here = current?;
            current = self.parent.get(here).and_then(|p| p.as_deref());
            Some(here)
        })
    }

    /// Whether `unit` is `ancestor` or lies below it. Stops on a cycle.
    pub fn is_within(&self, unit: &str, ancestor: &str) -> bool {
        let mut current = Some(unit);
        for _ in 0..=self.parent.len() {
            match current {
                Some(id) if id == ancestor => return true,
                Some(id) => current = self.parent.get(id).and_then(|p| p.as_deref()),
                None => return false,
            }
        }
        false
    }
}

/// Who is asking: the role and, for unit-bound roles, the unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: String,
    pub role: Role,
    pub unit_id: Option<String>,
}

impl Actor {
    /// Whether the actor's scope is the whole agency.
    pub fn sees_all(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Sekretaris | Role::KasubagProgram | Role::StafEvaluasi)
    }

    /// Whether the actor may see the data of `unit`.
    pub fn sees_unit(&self, tree: &UnitTree, unit: &str) -> bool {
        self.sees_all() || self.unit_id.as_deref().is_some_and(|own| tree.is_within(unit, own))
    }

    /// Whether the actor may see the budget of a programme of `unit` (`None`:
    /// the agency as a whole, seen only by agency-wide roles).
    pub fn sees_program(&self, tree: &UnitTree, unit: Option<&str>) -> bool {
        self.sees_all() || unit.is_some_and(|unit| self.sees_unit(tree, unit))
    }

    /// Whether the actor may enter data for `unit`. `indicator_units` are the
    /// units an indicator is reported by: a contributor may enter only the
    /// indicators its own unit reports.
    pub fn enters_for(&self, tree: &UnitTree, unit: &str, indicator_units: &[&str]) -> bool {
        if !self.role.enters_data() || !self.sees_unit(tree, unit) {
            return false;
        }
        match self.role {
            Role::Kontributor => self.unit_id.as_deref().is_some_and(|own| indicator_units.contains(&own)),
            _ => true,
        }
    }

    /// Whether the actor may enter the spending of a programme run by
    /// `unit` (`None`: the agency as a whole). Budgets are the agency's own:
    /// contributors from outside never enter them.
    pub fn enters_budget_for(&self, tree: &UnitTree, unit: Option<&str>) -> bool {
        if !self.role.enters_data() || self.role == Role::Kontributor {
            return false;
        }
        match unit {
            Some(unit) => self.sees_unit(tree, unit),
            None => self.sees_all(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_agency_is_the_top_dinas_not_another_opd() {
        let unit = |id: &str, kind, parent: Option<&str>| super::Unit {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            kind,
            parent_id: parent.map(Into::into),
            active: true,
        };
        let units = [
            unit("pupr", super::UnitKind::Opd, None),
            unit("sekretariat", super::UnitKind::Sekretariat, Some("dinas")),
            unit("dinas", super::UnitKind::Dinas, None),
        ];
        assert_eq!(super::agency(&units).map(|u| u.id.as_str()), Some("dinas"));
        assert_eq!(super::agency(&units[..2]), None);
    }

    use super::*;

    fn tree() -> UnitTree {
        UnitTree::new([
            ("dinas", None),
            ("sekretariat", Some("dinas")),
            ("subbag-program", Some("sekretariat")),
            ("bidang-pl", Some("dinas")),
            ("seksi-pencemaran", Some("bidang-pl")),
            ("bidang-tanah", Some("dinas")),
            ("seksi-sertifikasi", Some("bidang-tanah")),
            ("opd-pupr", None),
        ])
    }

    fn actor(role: Role, unit: Option<&str>) -> Actor {
        Actor { user_id: "u".into(), role, unit_id: unit.map(str::to_owned) }
    }

    #[test]
    fn kinds_and_roles_round_trip_their_names() {
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.as_str()), Some(kind));
        }
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("superuser"), None);
        assert_eq!(UnitKind::parse("kecamatan"), None);
    }

    #[test]
    fn the_hierarchy_has_a_shape() {
        assert!(UnitKind::Dinas.may_sit_under(None));
        assert!(UnitKind::Bidang.may_sit_under(Some(UnitKind::Dinas)));
        assert!(UnitKind::Seksi.may_sit_under(Some(UnitKind::Bidang)));
        assert!(UnitKind::Subbagian.may_sit_under(Some(UnitKind::Sekretariat)));
        assert!(!UnitKind::Seksi.may_sit_under(Some(UnitKind::Dinas)));
        assert!(!UnitKind::Opd.may_sit_under(Some(UnitKind::Dinas)));
        assert!(!UnitKind::Bidang.may_sit_under(None));
        assert!(UnitKind::Opd.is_external() && !UnitKind::Seksi.is_external());
    }

    #[test]
    fn agency_wide_roles_see_every_unit() {
        let tree = tree();
        for role in [Role::Admin, Role::Sekretaris, Role::KasubagProgram, Role::StafEvaluasi] {
            assert!(actor(role, None).sees_all());
            assert!(actor(role, None).sees_unit(&tree, "seksi-sertifikasi"), "{role:?}");
        }
        for role in [Role::KepalaBidang, Role::KepalaSeksi, Role::Kontributor] {
            assert!(!actor(role, Some("dinas")).sees_all());
        }
    }

    #[test]
    fn heads_see_their_own_unit_and_what_lies_below_it() {
        let tree = tree();
        let kabid = actor(Role::KepalaBidang, Some("bidang-pl"));
        assert!(kabid.sees_unit(&tree, "bidang-pl"));
        assert!(kabid.sees_unit(&tree, "seksi-pencemaran"));
        assert!(!kabid.sees_unit(&tree, "seksi-sertifikasi"));
        assert!(!kabid.sees_unit(&tree, "dinas"));
        let kasi = actor(Role::KepalaSeksi, Some("seksi-pencemaran"));
        assert!(kasi.sees_unit(&tree, "seksi-pencemaran"));
        assert!(!kasi.sees_unit(&tree, "bidang-pl"));
        assert!(!actor(Role::KepalaSeksi, None).sees_unit(&tree, "seksi-pencemaran"));
    }

    #[test]
    fn an_agency_wide_programme_is_seen_by_agency_wide_roles_only() {
        let tree = tree();
        let kabid = actor(Role::KepalaBidang, Some("bidang-pl"));
        assert!(kabid.sees_program(&tree, Some("seksi-pencemaran")));
        assert!(!kabid.sees_program(&tree, Some("seksi-sertifikasi")));
        assert!(!kabid.sees_program(&tree, None));
        assert!(actor(Role::Sekretaris, None).sees_program(&tree, None));
    }

    #[test]
    fn who_enters_data_for_what() {
        let tree = tree();
        assert!(!actor(Role::Admin, None).enters_for(&tree, "seksi-pencemaran", &["seksi-pencemaran"]));
        assert!(!actor(Role::Sekretaris, None).enters_for(&tree, "seksi-pencemaran", &["seksi-pencemaran"]));
        assert!(actor(Role::StafEvaluasi, None).enters_for(&tree, "seksi-pencemaran", &["seksi-pencemaran"]));
        let kasi = actor(Role::KepalaSeksi, Some("seksi-pencemaran"));
        assert!(kasi.enters_for(&tree, "seksi-pencemaran", &["seksi-pencemaran"]));
        assert!(!kasi.enters_for(&tree, "seksi-sertifikasi", &["seksi-sertifikasi"]));
        let pupr = actor(Role::Kontributor, Some("opd-pupr"));
        assert!(pupr.enters_for(&tree, "opd-pupr", &["seksi-pencemaran", "opd-pupr"]));
        assert!(!pupr.enters_for(&tree, "opd-pupr", &["seksi-pencemaran"]), "not one of its indicators");
        assert!(!pupr.enters_for(&tree, "seksi-pencemaran", &["seksi-pencemaran", "opd-pupr"]));
    }

    #[test]
    fn who_enters_budget_spending() {
        let tree = tree();
        let staf = actor(Role::StafEvaluasi, None);
        assert!(staf.enters_budget_for(&tree, None));
        assert!(staf.enters_budget_for(&tree, Some("bidang-pl")));
        let kabid = actor(Role::KepalaBidang, Some("bidang-pl"));
        assert!(kabid.enters_budget_for(&tree, Some("bidang-pl")));
        assert!(!kabid.enters_budget_for(&tree, Some("bidang-tanah")));
        assert!(!kabid.enters_budget_for(&tree, None), "the agency's own programmes");
        assert!(!actor(Role::Kontributor, Some("opd-pupr")).enters_budget_for(&tree, Some("opd-pupr")));
        assert!(!actor(Role::Sekretaris, None).enters_budget_for(&tree, None));
        assert!(tree.is_root("dinas") && tree.is_root("opd-pupr"));
        assert!(!tree.is_root("bidang-pl") && !tree.is_root("unknown"));
    }

    #[test]
    fn a_cycle_in_the_tree_does_not_hang() {
        let tree = UnitTree::new([("a", Some("b")), ("b", Some("a"))]);
        assert!(tree.is_within("a", "b"));
        assert!(!tree.is_within("a", "c"));
    }
}
