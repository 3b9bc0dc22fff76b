//! What a report above its parts is built from. The SOP recaps two approved
//! quarterly reports into the semester report (step 6) and combines the two
//! approved semester reports into the LKjIP (step 9): so a part's column is
//! taken from the part's approved version, exactly as approved, and the
//! document names each source — its version, content hash and approval.
//! The report's own figures still aggregate the months (`docs/aggregation.md`:
//! never from sub-period results); those months are the ones the approvals
//! locked, and where they have changed since, the source lists the
//! indicators whose approved column no longer matches the data. A part with
//! no approved version (none yet, or superseded by a later review) is
//! computed from the current data, and the document says so. Pure.

use super::{Report, grid::short_label};
use crate::domain::measurement::Measurement;
use crate::domain::period::Period;
use serde::{Deserialize, Serialize};

/// A part's approved version, as the server read it: its figures per indicator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovedPart {
    pub period: Period,
    pub approval: Approval,
    /// The approved report's measurement of each indicator, by indicator id.
    pub rows: Vec<(String, Measurement)>,
}

impl ApprovedPart {
    /// The figures of an approved `report`.
    pub fn of(report: &Report, approval: Approval) -> ApprovedPart {
        let rows =
            report.rows.iter().map(|row| (row.indicator_id.clone(), row.measurement.clone())).collect();
        ApprovedPart { period: report.period, approval, rows }
    }
}

/// Which version was approved, by whom and when (as stored, UTC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub version: u32,
    pub content_hash: String,
    pub approved_by: String,
    pub approved_at: String,
}

/// Where one part's column comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartSource {
    pub period: Period,
    /// The approved version the column was taken from; none when the part
    /// has no approved version in force and the column is computed from the data.
    pub approved: Option<Approval>,
    /// The codes of the indicators whose approved figures differ from the
    /// data now (changed after the approval) or that the version lacks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub differs: Vec<String>,
}

/// Takes each part's column from its approved version, where there is
/// one, and records the report's sources. An indicator the approved
/// version lacks keeps the column computed from the data.
pub fn take_parts(report: &mut Report, approved: &[ApprovedPart]) {
    report.sources = report
        .parts
        .iter()
        .enumerate()
        .map(|(index, period)| {
            let Some(part) = approved.iter().find(|part| part.period == *period) else {
                return PartSource { period: *period, approved: None, differs: Vec::new() };
            };
            let mut differs = Vec::new();
            for row in &mut report.rows {
                let kept = part.rows.iter().find(|(id, _)| *id == row.indicator_id).map(|(_, m)| m);
                let Some(column) = row.parts.get_mut(index) else { continue };
                match kept {
                    Some(kept) if kept == column => {}
                    Some(kept) => {
                        differs.push(row.indicator_code.clone());
                        *column = kept.clone();
                    }
                    None => differs.push(row.indicator_code.clone()),
                }
            }
            PartSource { period: *period, approved: Some(part.approval.clone()), differs }
        })
        .collect();
}

/// The sentences a document carries about its sources, in Indonesian (the
/// language of the agency's documents); none for a quarter.
pub fn sources_note(report: &Report) -> Vec<String> {
    report
        .sources
        .iter()
        .map(|source| {
            let part = short_label(source.period);
            let Some(approval) = &source.approved else {
                return format!(
                    "Kolom {part}: belum ada versi yang disetujui (atau versinya digantikan oleh reviu), \
                     dihitung dari data saat ini."
                );
            };
            let minute = approval.approved_at.get(..16).unwrap_or(&approval.approved_at).replace('T', " ");
            let hash = approval.content_hash.get(..12).unwrap_or(&approval.content_hash);
            let mut sentence = format!(
                "Kolom {part}: Laporan {part} versi {}, disetujui oleh {}, {minute} UTC (sidik {hash}).",
                approval.version, approval.approved_by
            );
            if !source.differs.is_empty() {
                sentence.push_str(&format!(
                    " Data berubah sejak persetujuan untuk: {}.",
                    source.differs.join(", ")
                ));
            }
            sentence
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::report::tests::Data;
    use crate::domain::test_support::{d, p};

    fn approval(version: u32) -> Approval {
        Approval {
            version,
            content_hash: "0123456789abcdef0123".into(),
            approved_by: "Sekretaris".into(),
            approved_at: "2026-07-10T02:30:00Z".into(),
        }
    }

    #[test]
    fn a_semester_takes_its_quarters_columns_from_their_approved_versions_and_names_them() {
        let data = Data::new();
        let tw1 = data.compile("2026-TW1", None).unwrap();
        let live = data.compile("2026-S1", None).unwrap();
        assert!(live.sources.iter().all(|s| s.approved.is_none()), "nothing approved: {:?}", live.sources);
        assert_eq!(live.sources.len(), 2);

        // TW I approved as the data stands; then its DOK realisation was
        // changed (a reopened quarter): the approved figure stays in the column.
        let mut approved = ApprovedPart::of(&tw1, approval(2));
        let dok = approved.rows.iter_mut().find(|(id, _)| id == "dok").unwrap();
        dok.1.realisation.value = Some(d("99"));
        let mut semester = live.clone();
        take_parts(&mut semester, &[approved]);

        let row =
            |report: &Report, id: &str| report.rows.iter().find(|r| r.indicator_id == id).cloned().unwrap();
        assert_eq!(row(&semester, "dok").parts[0].realisation.value, Some(d("99")));
        assert_eq!(row(&semester, "dok").parts[1], row(&live, "dok").parts[1], "TW II is not approved");
        assert_eq!(row(&semester, "iklh").parts[0], row(&live, "iklh").parts[0]);
        assert_eq!(
            row(&semester, "dok").measurement,
            row(&live, "dok").measurement,
            "the semester's own figure is the months'"
        );
        assert_eq!(semester.sources[0].period, p("2026-TW1"));
        assert_eq!(semester.sources[0].approved, Some(approval(2)));
        assert_eq!(semester.sources[0].differs, ["DOK"]);
        assert_eq!(
            semester.sources[1],
            PartSource { period: p("2026-TW2"), approved: None, differs: vec![] }
        );
        assert_eq!(
            sources_note(&semester),
            [
                "Kolom TW I: Laporan TW I versi 2, disetujui oleh Sekretaris, 2026-07-10 02:30 UTC \
                 (sidik 0123456789ab). Data berubah sejak persetujuan untuk: DOK.",
                "Kolom TW II: belum ada versi yang disetujui (atau versinya digantikan oleh reviu), \
                 dihitung dari data saat ini.",
            ]
        );
    }

    #[test]
    fn an_approved_version_that_matches_the_data_changes_nothing_but_the_sources() {
        let data = Data::new();
        let s1 = data.compile("2026-S1", None).unwrap();
        let s2 = data.compile("2026-S2", None).unwrap();
        let live = data.compile("2026", None).unwrap();
        let mut year = live.clone();
        take_parts(&mut year, &[ApprovedPart::of(&s1, approval(1)), ApprovedPart::of(&s2, approval(3))]);
        assert_eq!(year.rows, live.rows);
        assert!(year.sources.iter().all(|s| s.differs.is_empty() && s.approved.is_some()));
        assert_eq!(year.sources.iter().map(|s| s.period).collect::<Vec<_>>(), [p("2026-S1"), p("2026-S2")]);
    }

    #[test]
    fn an_indicator_the_approved_version_lacks_keeps_the_computed_column_and_is_listed() {
        let data = Data::new();
        let mut tw1 = ApprovedPart::of(&data.compile("2026-TW1", None).unwrap(), approval(1));
        tw1.rows.retain(|(id, _)| id != "iklh");
        let live = data.compile("2026-S1", None).unwrap();
        let mut semester = live.clone();
        take_parts(&mut semester, &[tw1]);
        assert_eq!(semester.rows, live.rows);
        assert_eq!(semester.sources[0].differs, ["IKLH"]);
    }

    #[test]
    fn a_quarter_has_no_sources() {
        let tw1 = Data::new().compile("2026-TW1", None).unwrap();
        assert!(tw1.sources.is_empty() && sources_note(&tw1).is_empty());
    }
}
