use super::*;
use crate::domain::budget::ProgramLevel;
use crate::domain::letterhead::Signatory;
use crate::domain::plan::{Sasaran, Tujuan};
use crate::domain::test_support::{d, indicator};

fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        code: id.to_uppercase(),
        name: name.into(),
        kind,
        parent_id: parent.map(Into::into),
        active: true,
    }
}

fn user(id: &str, name: &str, role: Role, unit: Option<&str>, active: bool) -> User {
    User {
        id: id.into(),
        username: id.into(),
        full_name: name.into(),
        nip: format!("19800101 200501 1 00{}", id.len() % 10),
        role,
        unit_id: unit.map(Into::into),
        must_change_password: false,
        active,
    }
}

fn program(id: &str, level: ProgramLevel, parent: Option<&str>, unit: &str) -> Program {
    Program {
        id: id.into(),
        code: id.to_uppercase(),
        name: format!("Program {id}"),
        level,
        parent_id: parent.map(Into::into),
        unit_id: Some(unit.into()),
    }
}

struct Agency {
    units: Vec<Unit>,
    users: Vec<User>,
    indicators: Vec<Indicator>,
    targets: HashMap<String, Targets>,
    renstra: Renstra,
    programs: Vec<Program>,
    ceilings: Vec<Ceiling>,
    letterhead: Letterhead,
}

impl Agency {
    /// A Dinas with two bidang, a seksi under the first, and an OPD.
    fn new() -> Agency {
        let mut targets = HashMap::new();
        for (id, annual) in [("seksi-1", "80"), ("bidang-1", "12"), ("bidang-2", "3")] {
            targets.insert(id.to_owned(), Targets::points(Some(d(annual)), [None; 4]));
        }
        let in_sasaran = |id: &str, unit: &str, sasaran: &str| Indicator {
            sasaran_id: Some(sasaran.into()),
            ..indicator(id, unit, &[], true)
        };
        let mut letterhead = Letterhead::default();
        letterhead.signatories.insert(
            SignedDocument::PkFirstParty,
            Signatory { position: "Kepala Dinas".into(), name: "Kadis Contoh".into(), nip: "1".repeat(18) },
        );
        let ceiling = |program: &str, year: i32, pagu: &str| Ceiling {
            program_id: program.into(),
            year,
            pagu: d(pagu),
        };
        Agency {
            units: vec![
                unit("dinas", "Dinas Contoh", UnitKind::Dinas, None),
                unit("bid-a", "Bidang Pertanahan", UnitKind::Bidang, Some("dinas")),
                unit("bid-b", "Bidang Lingkungan", UnitKind::Bidang, Some("dinas")),
                unit("seksi-a", "Seksi Pengukuran", UnitKind::Seksi, Some("bid-a")),
                unit("opd", "Bappeda", UnitKind::Opd, None),
            ],
            users: vec![
                user("kabid-a", "Kabid A", Role::KepalaBidang, Some("bid-a"), true),
                user("kasi-old", "Kasi Lama", Role::KepalaSeksi, Some("seksi-a"), false),
                user("kasi-a", "Kasi A", Role::KepalaSeksi, Some("seksi-a"), true),
            ],
            indicators: vec![
                in_sasaran("seksi-1", "seksi-a", "s2"),
                in_sasaran("bidang-1", "bid-a", "s1"),
                in_sasaran("bidang-2", "bid-b", "s1"),
                indicator("loose", "bid-a", &[], true),
                indicator("retired", "bid-a", &[], false),
            ],
            targets,
            renstra: Renstra {
                period: None,
                tujuan: vec![Tujuan { id: "t1".into(), code: "T1".into(), statement: "Tujuan satu".into() }],
                sasaran: vec![
                    Sasaran {
                        id: "s1".into(),
                        tujuan_id: "t1".into(),
                        code: "S1".into(),
                        statement: "Sasaran satu".into(),
                    },
                    Sasaran {
                        id: "s2".into(),
                        tujuan_id: "t1".into(),
                        code: "S2".into(),
                        statement: "Sasaran dua".into(),
                    },
                ],
            },
            programs: vec![
                program("p-a", ProgramLevel::Program, None, "bid-a"),
                program("k-a", ProgramLevel::Kegiatan, Some("p-a"), "seksi-a"),
                program("p-b", ProgramLevel::Program, None, "bid-b"),
            ],
            ceilings: vec![
                ceiling("p-a", 2026, "1000000"),
                ceiling("k-a", 2026, "400000"),
                ceiling("p-b", 2026, "250000"),
                ceiling("p-a", 2025, "999"),
            ],
            letterhead,
        }
    }

    fn pk(&self, unit: Option<&str>) -> Result<PerjanjianKinerja, PkError> {
        let sources = PkSources {
            units: &self.units,
            users: &self.users,
            indicators: &self.indicators,
            targets: &self.targets,
            renstra: &self.renstra,
            programs: &self.programs,
            ceilings: &self.ceilings,
            letterhead: &self.letterhead,
        };
        perjanjian_kinerja(2026, unit, &sources)
    }
}

fn codes(pk: &PerjanjianKinerja) -> Vec<(Option<String>, Vec<String>)> {
    pk.sasaran
        .iter()
        .map(|s| (s.code.clone(), s.indicators.iter().map(|i| i.code.clone()).collect()))
        .collect()
}

#[test]
fn the_agency_promises_every_active_indicator_to_the_regent_with_every_programme() {
    let pk = Agency::new().pk(None).unwrap();
    assert_eq!(pk.unit_name, "Dinas Contoh");
    assert_eq!(
        pk.first_party,
        Signatory { position: "Kepala Dinas".into(), name: "Kadis Contoh".into(), nip: "1".repeat(18) }
    );
    assert_eq!(pk.second_party.position, "Bupati Balangan");
    assert_eq!(pk.second_party.name, "", "no regent named: dots on paper");
    assert_eq!(
        codes(&pk),
        vec![
            (Some("S1".into()), vec!["BIDANG-1".into(), "BIDANG-2".into()]),
            (Some("S2".into()), vec!["SEKSI-1".into()]),
            (None, vec!["LOOSE".into()]),
        ]
    );
    assert_eq!(pk.sasaran[0].indicators[0].target, Some(d("12")));
    let listed: Vec<&str> = pk.programs.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(listed, ["K-A", "P-A", "P-B"]);
    assert_eq!(pk.total_pagu, Some(d("1250000")), "the kegiatan is inside its programme, counted once");
    assert!(pk.statement()[1].contains("Kadis Contoh"));
    assert!(pk.statement()[2].contains("..............................; Jabatan: Bupati Balangan"));
}

#[test]
fn a_bidang_promises_its_own_and_its_seksi_s_indicators_to_the_head_of_the_agency() {
    let pk = Agency::new().pk(Some("bid-a")).unwrap();
    assert_eq!(pk.first_party.position, "Kepala Bidang Pertanahan");
    assert_eq!(pk.first_party.name, "Kabid A");
    assert_eq!(pk.second_party.name, "Kadis Contoh");
    assert_eq!(
        codes(&pk),
        vec![
            (Some("S1".into()), vec!["BIDANG-1".into()]),
            (Some("S2".into()), vec!["SEKSI-1".into()]),
            (None, vec!["LOOSE".into()]),
        ]
    );
    assert_eq!(pk.total_pagu, Some(d("1000000")));

    let seksi = Agency::new().pk(Some("seksi-a")).unwrap();
    assert_eq!((seksi.first_party.name.as_str(), seksi.second_party.name.as_str()), ("Kasi A", "Kabid A"));
    assert_eq!(seksi.second_party.position, "Kepala Bidang Pertanahan");
    assert_eq!(codes(&seksi), vec![(Some("S2".into()), vec!["SEKSI-1".into()])]);
    assert_eq!(seksi.total_pagu, Some(d("400000")), "its kegiatan alone: its programme is the bidang's");

    let vacant = Agency::new().pk(Some("bid-b")).unwrap();
    assert_eq!(
        (vacant.first_party.position.as_str(), vacant.first_party.name.as_str()),
        ("Kepala Bidang Lingkungan", "")
    );
}

#[test]
fn an_unknown_or_external_unit_has_no_agreement() {
    assert_eq!(Agency::new().pk(Some("nowhere")), Err(PkError::UnknownUnit));
    assert_eq!(Agency::new().pk(Some("opd")), Err(PkError::ExternalUnit));
}
