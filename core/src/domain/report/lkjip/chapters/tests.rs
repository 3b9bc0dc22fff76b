//! The chapters pre-filled for the golden dataset's LKjIP, a rewrite taking
//! a chapter's place, and the rules of rewriting: who, which report, and
//! never over a newer text.

use super::*;
use crate::domain::period::Period;
use crate::domain::report::tests::{Data, SEKSI};
use crate::domain::test_support::p;
use proptest::prelude::*;

fn chapters_of(data: &Data) -> Vec<Chapter> {
    data.compile("2026", Some(SEKSI)).unwrap().lkjip.unwrap().chapters
}

fn text(chapters: &[Chapter], key: ChapterKey) -> &str {
    &chapters.iter().find(|c| c.key == key).unwrap().text
}

#[test]
fn every_chapter_is_pre_filled_from_the_figures_and_the_narratives() {
    let chapters = chapters_of(&Data::for_lkjip());
    assert_eq!(chapters.iter().map(|c| c.key).collect::<Vec<_>>(), ChapterKey::ALL);
    assert!(chapters.iter().all(|c| c.revision == 0 && c.edited.is_none()));
    assert_eq!(chapters[0].title, "Ikhtisar Eksekutif");
    let ikhtisar = text(&chapters, ChapterKey::IkhtisarEksekutif);
    // Mean of 103,33, 96,16 and 105,56; 450 spent of the seksi's 1.000.
    for part in [
        "LKjIP) Seksi Pengendalian Tahun 2026",
        "Dari 3 indikator kinerja, 3 berpredikat Sangat Tinggi.",
        "Rata-rata capaian indikator adalah 101,68%.",
        "Realisasi anggaran sebesar Rp 450,00 dari pagu Rp 1.000,00 (serapan 45,00%).",
    ] {
        assert!(ikhtisar.contains(part), "{part:?} in {ikhtisar:?}");
    }
    let pendahuluan = text(&chapters, ChapterKey::Pendahuluan);
    assert!(pendahuluan.starts_with("LKjIP Seksi Pengendalian Tahun 2026 disusun"));
    assert!(!pendahuluan.contains("Susunan organisasi"), "no unit stands under the seksi");
    assert!(pendahuluan.contains("Isu strategis yang dicatat unit sepanjang tahun: Hujan deras di lokasi"));
    let agency = Data::for_lkjip().compile("2026", None).unwrap().lkjip.unwrap().chapters;
    let pendahuluan = text(&agency, ChapterKey::Pendahuluan);
    assert!(pendahuluan.starts_with("LKjIP Dinas Pertanahan dan Lingkungan Hidup Tahun 2026 disusun"));
    assert!(pendahuluan.contains("Susunan organisasi terdiri atas Sekretariat dan Bidang Lingkungan Hidup."));
    assert!(!pendahuluan.contains("PUPR"), "another OPD is not part of the agency");
    let analisis = text(&chapters, ChapterKey::AnalisisCapaian);
    let lines: Vec<&str> = analisis.lines().collect();
    assert_eq!(
        lines[0],
        "DOK Indikator dok: capaian 103,33% (Sangat Tinggi). Analisis: Target tercapai Kendala: Hujan deras di lokasi"
    );
    assert_eq!(lines[1], "IKLH Indikator iklh: capaian 96,16% (Sangat Tinggi).");
    let efisiensi = text(&chapters, ChapterKey::Efisiensi);
    assert!(efisiensi.contains("lebih dari 5,00 poin"));
    assert!(
        efisiensi
            .contains("Seksi Pengendalian: rata-rata capaian 101,68%, serapan anggaran 45,00% — efisien.")
    );
    let penutup = text(&chapters, ChapterKey::Penutup);
    // IKLH's 96,16 % is below its target.
    assert!(
        penutup.starts_with("Dari 3 indikator kinerja Seksi Pengendalian Tahun 2026, 2 indikator mencapai")
    );
    assert!(penutup.contains("Indikator yang belum mencapai target: IKLH."));
}

fn edit(key: ChapterKey, text: Option<&str>, revision: u32) -> ChapterEdit {
    ChapterEdit {
        key,
        text: text.map(str::to_owned),
        revision,
        edited_by: "Siti Rahmah".into(),
        edited_at: "2027-01-20T03:04:05Z".into(),
    }
}

#[test]
fn the_newest_rewrite_takes_the_chapter_s_place_and_a_reset_brings_the_pre_filled_text_back() {
    let mut data = Data::for_lkjip();
    let prefilled = chapters_of(&data);
    data.0.chapter_edits = vec![
        edit(ChapterKey::Penutup, Some("Kesimpulan versi pertama."), 1),
        edit(ChapterKey::Penutup, Some("Kesimpulan yang disunting."), 2),
    ];
    let chapters = chapters_of(&data);
    let penutup = chapters.iter().find(|c| c.key == ChapterKey::Penutup).unwrap();
    assert_eq!((penutup.text.as_str(), penutup.revision), ("Kesimpulan yang disunting.", 2));
    assert_eq!(penutup.edited, Some(Edited { by: "Siti Rahmah".into(), at: "2027-01-20T03:04:05Z".into() }));
    assert_eq!(chapters[..4], prefilled[..4], "the other chapters keep their pre-filled text");

    data.0.chapter_edits.push(edit(ChapterKey::Penutup, None, 3));
    let reset = chapters_of(&data);
    assert_eq!(reset[4].text, prefilled[4].text);
    assert_eq!((reset[4].revision, reset[4].edited.clone()), (3, None));
}

#[test]
fn the_diff_lists_the_chapters_whose_text_changed() {
    let mut data = Data::for_lkjip();
    let before = data.compile("2026", Some(SEKSI)).unwrap();
    data.0.chapter_edits = vec![edit(ChapterKey::Pendahuluan, Some("Latar belakang baru."), 1)];
    let after = data.compile("2026", Some(SEKSI)).unwrap();
    let changes = diff(&before, &after);
    assert_eq!(changes.len(), 1);
    assert_eq!((changes[0].key, changes[0].title.as_str()), (ChapterKey::Pendahuluan, "Bab I Pendahuluan"));
    assert_eq!(
        changes[0].before.as_deref(),
        Some(text(&before.lkjip.clone().unwrap().chapters, ChapterKey::Pendahuluan))
    );
    assert_eq!(changes[0].after.as_deref(), Some("Latar belakang baru."));
    assert!(diff(&after, &after).is_empty());
    let quarter = data.compile("2026-TW4", Some(SEKSI)).unwrap();
    assert_eq!(diff(&quarter, &after).len(), ChapterKey::ALL.len(), "every chapter is new against a quarter");
}

fn year() -> Period {
    p("2026")
}

#[test]
fn only_the_drafting_staff_rewrite_and_only_the_annual_report() {
    let current = (0, None);
    for role in Role::ALL {
        let allowed = matches!(role, Role::KasubagProgram | Role::StafEvaluasi);
        let got = rewrite(role, year(), current, 0, Some("Teks"));
        assert_eq!(got.is_ok(), allowed, "{role:?}");
        if !allowed {
            assert_eq!(got, Err(EditError::NotAllowed));
        }
    }
    for period in ["2026-TW4", "2026-S2"] {
        assert_eq!(
            rewrite(Role::StafEvaluasi, p(period), current, 0, Some("Teks")),
            Err(EditError::NotAnnual)
        );
    }
}

#[test]
fn a_rewrite_is_checked_and_never_written_over_a_newer_text() {
    let staf = Role::StafEvaluasi;
    assert_eq!(rewrite(staf, year(), (0, None), 0, Some("Teks")), Ok(Rewrite::Write(1)));
    assert_eq!(rewrite(staf, year(), (0, None), 0, Some("  \n ")), Err(EditError::Empty));
    let long = "a".repeat(MAX_CHAPTER_CHARS + 1);
    assert_eq!(rewrite(staf, year(), (0, None), 0, Some(&long)), Err(EditError::TooLong));
    assert_eq!(rewrite(staf, year(), (0, None), 0, Some(&long[1..])), Ok(Rewrite::Write(1)));
    // Someone else stored revision 3 meanwhile.
    assert_eq!(
        rewrite(staf, year(), (3, Some("Baru")), 2, Some("Lama")),
        Err(EditError::Stale { current: 3 })
    );
    // A retried request finds its own text: nothing to write.
    assert_eq!(rewrite(staf, year(), (3, Some("Baru")), 2, Some(" Baru ")), Ok(Rewrite::Unchanged(3)));
    assert_eq!(rewrite(staf, year(), (0, None), 0, None), Ok(Rewrite::Unchanged(0)));
    assert_eq!(rewrite(staf, year(), (3, Some("Baru")), 3, None), Ok(Rewrite::Write(4)));
}

#[test]
fn chapter_keys_read_back_from_their_names() {
    for key in ChapterKey::ALL {
        assert_eq!(ChapterKey::parse(key.as_str()), Some(key));
        let json = serde_json::to_string(&key).unwrap();
        assert_eq!(json, format!("\"{}\"", key.as_str()));
    }
    assert_eq!(ChapterKey::parse("bab_v"), None);
}

proptest! {
    /// Writers starting from whatever revision they last read: the stored
    /// revisions count 1, 2, 3…, each accepted write started from the text
    /// stored at that moment, and the last text stored is the chapter's.
    #[test]
    fn rewrites_from_stale_bases_never_overwrite(
        attempts in proptest::collection::vec((0u32..6, proptest::option::of(0u8..4)), 1..30),
    ) {
        let mut stored: Vec<Option<String>> = Vec::new();
        for (base, text) in attempts {
            let text = text.map(|n| format!("Teks {n}"));
            let current = u32::try_from(stored.len()).unwrap();
            let current_text = stored.last().cloned().flatten();
            match rewrite(Role::KasubagProgram, year(), (current, current_text.as_deref()), base, text.as_deref()) {
                Ok(Rewrite::Write(revision)) => {
                    prop_assert_eq!(base, current);
                    prop_assert_eq!(revision, current + 1);
                    prop_assert_ne!(&text, &current_text);
                    stored.push(text);
                }
                Ok(Rewrite::Unchanged(revision)) => {
                    prop_assert_eq!(revision, current);
                    prop_assert_eq!(&text, &current_text);
                }
                Err(error) => prop_assert_eq!(error, EditError::Stale { current }),
            }
        }
        let edits: Vec<ChapterEdit> = stored
            .iter()
            .enumerate()
            .map(|(i, text)| edit(ChapterKey::Pendahuluan, text.as_deref(), u32::try_from(i + 1).unwrap()))
            .collect();
        let mut data = Data::for_lkjip();
        let prefilled = chapters_of(&data)[1].text.clone();
        data.0.chapter_edits = edits;
        let chapter = chapters_of(&data)[1].clone();
        prop_assert_eq!(chapter.revision, u32::try_from(stored.len()).unwrap());
        prop_assert_eq!(chapter.text, stored.last().cloned().flatten().unwrap_or(prefilled));
    }
}
