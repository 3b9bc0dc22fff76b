//! Who can move a cycle when the agency's structure has gaps: units with no
//! head user (every Subbagian and most Seksi of a new agency), or a step's
//! role that no active user holds. Without these rules a Tidak naming such
//! a unit, or a step whose role nobody has, would stall the cycle for good.
//! The rules are written out in `docs/domain.md` (*Who moves a cycle*).

use super::APPROVER;
use crate::domain::disposition::Recipient;
use crate::domain::org::{Actor, Role, UnitTree};
use std::collections::BTreeMap;

/// The roles that head a unit they are bound to: a Kepala Seksi its seksi or
/// subbagian, a Kepala Bidang its bidang, a contributor its OPD or institution.
const HEAD_ROLES: [Role; 3] = [Role::KepalaSeksi, Role::KepalaBidang, Role::Kontributor];

/// The agency's active users, by what the cycle rules need of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Staffing {
    /// Units with an active head user, and that head's role.
    headed: BTreeMap<String, Role>,
    /// Roles some active user holds.
    roles: Vec<Role>,
}

impl Staffing {
    /// From each active user's role and unit.
    pub fn new<'a>(users: impl IntoIterator<Item = (Role, Option<&'a str>)>) -> Staffing {
        let mut staffing = Staffing::default();
        for (role, unit) in users {
            if !staffing.roles.contains(&role) {
                staffing.roles.push(role);
            }
            if let Some(unit) = unit.filter(|_| HEAD_ROLES.contains(&role)) {
                staffing.headed.insert(unit.to_owned(), role);
            }
        }
        staffing
    }

    /// Whether some active user holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// The bidang with a Kepala Bidang user: the reviews a step 7 waits for.
    pub fn reviewing_bidangs(&self) -> impl Iterator<Item = &str> {
        self.headed.iter().filter(|(_, role)| **role == Role::KepalaBidang).map(|(unit, _)| unit.as_str())
    }
}

/// Who revises a unit's data after a Tidak.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reviser {
    /// The head of this unit: the unit itself or the nearest unit above it
    /// that has a head user.
    Head(String),
    /// No unit on the way up has a head user: the Kasubag Program, who
    /// collects the agency's data.
    KasubagProgram,
    /// Nobody else is there: the sekretaris.
    Sekretaris,
}

/// Who revises `unit`'s data: its head if it has a user, else the head of
/// the nearest unit above it with one (a seksi's Kepala Bidang), else the
/// Kasubag Program (a Subbagian, an OPD without a contributor), else the
/// sekretaris.
pub fn reviser(unit: &str, tree: &UnitTree, staffing: &Staffing) -> Reviser {
    if let Some(head) = tree.ancestry(unit).find(|u| staffing.headed.contains_key(*u)) {
        return Reviser::Head(head.to_owned());
    }
    if staffing.has(Role::KasubagProgram) { Reviser::KasubagProgram } else { Reviser::Sekretaris }
}

/// Whom a request for `unit`'s data (step 1's Lembar Disposisi) is
/// addressed to: whoever revises its data (`reviser`), so the one who
/// answers for a unit's figures is asked for them and corrects them.
pub fn answerer(unit: &str, tree: &UnitTree, staffing: &Staffing) -> Recipient {
    match reviser(unit, tree, staffing) {
        Reviser::Head(head) => {
            let role = staffing.headed.get(&head).copied().unwrap_or(Role::KepalaSeksi);
            Recipient::role_in(role, &head)
        }
        Reviser::KasubagProgram => Recipient::role(Role::KasubagProgram),
        Reviser::Sekretaris => Recipient::role(APPROVER),
    }
}

/// Whether `actor` is `unit`'s reviser, whose to-do list shows it.
pub fn is_reviser(actor: &Actor, unit: &str, tree: &UnitTree, staffing: &Staffing) -> bool {
    match reviser(unit, tree, staffing) {
        Reviser::Head(head) => {
            HEAD_ROLES.contains(&actor.role) && actor.unit_id.as_deref() == Some(head.as_str())
        }
        Reviser::KasubagProgram => actor.role == Role::KasubagProgram,
        Reviser::Sekretaris => actor.role == APPROVER,
    }
}

/// Whether `actor` may revise `unit`'s data: its reviser, or the
/// sekretaris, who may always close a revision (and so always can).
pub fn may_revise(actor: &Actor, unit: &str, tree: &UnitTree, staffing: &Staffing) -> bool {
    actor.role == APPROVER || is_reviser(actor, unit, tree, staffing)
}

/// Whether `actor` takes a step that belongs to `role`: a user of that role,
/// or the sekretaris when no active user holds it.
pub fn acts_as(actor: &Actor, role: Role, staffing: &Staffing) -> bool {
    actor.role == role || (actor.role == APPROVER && !staffing.has(role))
}

/// Whether a reviewer may name `unit` in a Tidak: a Kepala Bidang reviews
/// the units of their own bidang; the sekretaris (and whoever else takes a
/// review) any unit.
pub fn may_name(actor: &Actor, unit: &str, tree: &UnitTree) -> bool {
    actor.role != Role::KepalaBidang || actor.sees_unit(tree, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> UnitTree {
        UnitTree::new([
            ("dinas", None),
            ("sekretariat", Some("dinas")),
            ("subbag-umum", Some("sekretariat")),
            ("bidang-a", Some("dinas")),
            ("seksi-a1", Some("bidang-a")),
            ("seksi-a2", Some("bidang-a")),
            ("bidang-b", Some("dinas")),
            ("seksi-b1", Some("bidang-b")),
            ("opd-x", None),
        ])
    }

    fn actor(role: Role, unit: Option<&str>) -> Actor {
        Actor { user_id: format!("{role:?}"), role, unit_id: unit.map(Into::into) }
    }

    #[test]
    fn a_unit_is_revised_by_its_head_else_the_nearest_head_above_else_the_kasubag_else_the_sekretaris() {
        let staffing = Staffing::new([
            (Role::KepalaSeksi, Some("seksi-a1")),
            (Role::KepalaBidang, Some("bidang-a")),
            (Role::KasubagProgram, None),
            (Role::Sekretaris, None),
        ]);
        let tree = tree();
        assert_eq!(reviser("seksi-a1", &tree, &staffing), Reviser::Head("seksi-a1".into()));
        assert_eq!(reviser("seksi-a2", &tree, &staffing), Reviser::Head("bidang-a".into()));
        assert_eq!(reviser("seksi-b1", &tree, &staffing), Reviser::KasubagProgram, "bidang-b has no head");
        assert_eq!(reviser("subbag-umum", &tree, &staffing), Reviser::KasubagProgram);
        assert_eq!(reviser("opd-x", &tree, &staffing), Reviser::KasubagProgram);
        let without_kasubag = Staffing::new([(Role::Sekretaris, None)]);
        assert_eq!(reviser("subbag-umum", &tree, &without_kasubag), Reviser::Sekretaris);

        assert!(may_revise(&actor(Role::KepalaSeksi, Some("seksi-a1")), "seksi-a1", &tree, &staffing));
        assert!(!may_revise(&actor(Role::KepalaBidang, Some("bidang-a")), "seksi-a1", &tree, &staffing));
        assert!(may_revise(&actor(Role::KepalaBidang, Some("bidang-a")), "seksi-a2", &tree, &staffing));
        assert!(!may_revise(&actor(Role::KepalaSeksi, Some("seksi-a1")), "seksi-a2", &tree, &staffing));
        assert!(may_revise(&actor(Role::KasubagProgram, None), "subbag-umum", &tree, &staffing));
        assert!(!may_revise(&actor(Role::StafEvaluasi, None), "subbag-umum", &tree, &staffing));
        assert!(may_revise(&actor(Role::Sekretaris, None), "seksi-a1", &tree, &staffing), "always");
    }

    #[test]
    fn a_data_request_goes_to_whoever_revises_the_unit() {
        let staffing = Staffing::new([
            (Role::KepalaSeksi, Some("seksi-a1")),
            (Role::KepalaBidang, Some("bidang-a")),
            (Role::Kontributor, Some("opd-x")),
            (Role::KasubagProgram, None),
        ]);
        let tree = tree();
        assert_eq!(answerer("seksi-a1", &tree, &staffing), Recipient::role_in(Role::KepalaSeksi, "seksi-a1"));
        assert_eq!(
            answerer("seksi-a2", &tree, &staffing),
            Recipient::role_in(Role::KepalaBidang, "bidang-a")
        );
        assert_eq!(answerer("opd-x", &tree, &staffing), Recipient::role_in(Role::Kontributor, "opd-x"));
        assert_eq!(answerer("subbag-umum", &tree, &staffing), Recipient::role(Role::KasubagProgram));
        let alone = Staffing::new([(Role::Sekretaris, None)]);
        assert_eq!(answerer("seksi-b1", &tree, &alone), Recipient::role(Role::Sekretaris));
    }

    #[test]
    fn the_sekretaris_stands_in_only_for_a_role_nobody_holds() {
        let staffing = Staffing::new([(Role::Sekretaris, None), (Role::KasubagProgram, None)]);
        let sekretaris = actor(Role::Sekretaris, None);
        assert!(acts_as(&sekretaris, Role::KepalaBidang, &staffing));
        assert!(!acts_as(&sekretaris, Role::KasubagProgram, &staffing));
        assert!(acts_as(&actor(Role::KasubagProgram, None), Role::KasubagProgram, &staffing));
        assert!(!acts_as(&actor(Role::StafEvaluasi, None), Role::KepalaBidang, &staffing));
    }
}
