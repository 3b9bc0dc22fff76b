//! The agency's letterhead (kop surat) and who signs each kind of document.
//! Every printed page, DOCX and XLSX the agency hands over carries the
//! same heading and the same signature block, so both are one setting the
//! administrator keeps, read here into the lines each output writes; an
//! agency that never set them gets Kabupaten Balangan's heading with blank
//! names to be filled in by hand.

use crate::domain::logo::Logo;
use crate::domain::period::{Level, Period};
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest address or contact line.
const LINE_MAX: usize = 300;
/// The longest place name of the signature line.
const CITY_MAX: usize = 80;
/// An NIP (Nomor Induk Pegawai) has 18 digits.
const NIP_DIGITS: usize = 18;
/// Dots left where a name, NIP or date is to be written by hand.
const BLANK: &str = "..............................";

/// The documents that end in a signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedDocument {
    QuarterReport,
    SemesterReport,
    /// The LKjIP.
    AnnualReport,
    /// The agency's Perjanjian Kinerja, the head of the agency's side.
    PkFirstParty,
    /// The agency's Perjanjian Kinerja, the regent's side.
    PkSecondParty,
}

impl SignedDocument {
    pub const ALL: [SignedDocument; 5] = [
        SignedDocument::QuarterReport,
        SignedDocument::SemesterReport,
        SignedDocument::AnnualReport,
        SignedDocument::PkFirstParty,
        SignedDocument::PkSecondParty,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignedDocument::QuarterReport => "quarter_report",
            SignedDocument::SemesterReport => "semester_report",
            SignedDocument::AnnualReport => "annual_report",
            SignedDocument::PkFirstParty => "pk_first_party",
            SignedDocument::PkSecondParty => "pk_second_party",
        }
    }

    /// The report of `period` (a quarter, semester or year).
    pub fn report(period: Period) -> SignedDocument {
        match period.level() {
            Level::Year => SignedDocument::AnnualReport,
            Level::Semester => SignedDocument::SemesterReport,
            Level::Quarter | Level::Month => SignedDocument::QuarterReport,
        }
    }

    /// Who signs it when the agency has named nobody.
    fn default_position(self) -> &'static str {
        match self {
            SignedDocument::PkSecondParty => "Bupati Balangan",
            _ => "Kepala Dinas Pertanahan dan Lingkungan Hidup",
        }
    }
}

/// One signatory: the position printed above the signature, the name and
/// NIP below it (blank ones are left as dots to be filled by hand).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signatory {
    pub position: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub nip: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letterhead {
    /// `Pemerintah Kabupaten Balangan`, the first line of the heading.
    pub government: String,
    /// The agency's name, the heading's main line.
    pub agency: String,
    #[serde(default)]
    pub address: String,
    /// Telephone, e-mail, website: one line.
    #[serde(default)]
    pub contact: String,
    /// The place written before the date of a signature (`Paringin, …`).
    pub city: String,
    /// Who signs each document; one not named here keeps its default position, without a name.
    #[serde(default)]
    pub signatories: BTreeMap<SignedDocument, Signatory>,
    /// The logo at the heading's left, if the agency keeps one. It is
    /// changed only by the logo's own route, which reads the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Logo>,
}

impl Default for Letterhead {
    fn default() -> Self {
        Letterhead {
            government: "Pemerintah Kabupaten Balangan".into(),
            agency: "Dinas Pertanahan dan Lingkungan Hidup".into(),
            address: String::new(),
            contact: String::new(),
            city: "Paringin".into(),
            signatories: BTreeMap::new(),
            logo: None,
        }
    }
}

/// The signature block as every output lays it out, top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureBlock {
    /// `Paringin, ..............................`
    pub place_and_date: String,
    pub position: String,
    /// The name, or dots.
    pub name: String,
    /// `NIP. 19700101 199003 1 002`, or dots after `NIP.`.
    pub nip: String,
}

impl SignatureBlock {
    /// The block's lines in order, the signature's space left to the output.
    pub fn lines(&self) -> [&str; 4] {
        [&self.place_and_date, &self.position, &self.name, &self.nip]
    }
}

impl Letterhead {
    /// Checks every field; the problems are named by field
    /// (`signatories.annual_report.nip`).
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        check.required("government", &self.government, NAME_MAX);
        check.required("agency", &self.agency, NAME_MAX);
        check.optional("address", &self.address, LINE_MAX);
        check.optional("contact", &self.contact, LINE_MAX);
        check.required("city", &self.city, CITY_MAX);
        for (document, signatory) in &self.signatories {
            let field = |name: &str| format!("signatories.{}.{name}", document.as_str());
            check.required(&field("position"), &signatory.position, NAME_MAX);
            check.optional(&field("name"), &signatory.name, NAME_MAX);
            if !signatory.nip.trim().is_empty() && !nip_is_well_formed(&signatory.nip) {
                check.fail(&field("nip"), Problem::Invalid);
            }
        }
        for (field, text) in
            [("government", &self.government), ("agency", &self.agency), ("city", &self.city)]
        {
            if text.contains(['\n', '\r']) {
                check.fail(field, Problem::Invalid);
            }
        }
        check.finish()
    }

    /// The same letterhead with every text trimmed.
    pub fn tidied(mut self) -> Letterhead {
        for text in
            [&mut self.government, &mut self.agency, &mut self.address, &mut self.contact, &mut self.city]
        {
            *text = text.trim().to_owned();
        }
        for signatory in self.signatories.values_mut() {
            signatory.position = signatory.position.trim().to_owned();
            signatory.name = signatory.name.trim().to_owned();
            signatory.nip = signatory.nip.trim().to_owned();
        }
        self
    }

    /// The signatory of `document`: the one named, or the default position without a name.
    pub fn signatory(&self, document: SignedDocument) -> Signatory {
        self.signatories.get(&document).cloned().unwrap_or_else(|| Signatory {
            position: document.default_position().to_owned(),
            name: String::new(),
            nip: String::new(),
        })
    }

    /// The signature block of `document`, its date left to be written when signed.
    pub fn signature(&self, document: SignedDocument) -> SignatureBlock {
        self.signatory(document).block(format!("{}, {BLANK}", self.city))
    }

    /// The heading's lines, top to bottom: the government in capitals, the
    /// agency in capitals, then the address and contact lines that are set.
    pub fn heading(&self) -> Vec<String> {
        let mut lines = vec![self.government.to_uppercase(), self.agency.to_uppercase()];
        lines.extend([&self.address, &self.contact].into_iter().filter(|l| !l.is_empty()).cloned());
        lines
    }
}

impl Signatory {
    /// The name, or dots for it to be written by hand.
    pub fn name_or_blank(&self) -> String {
        or_blank(&self.name)
    }

    /// This signatory's block under `place_and_date`.
    pub fn block(&self, place_and_date: String) -> SignatureBlock {
        SignatureBlock {
            place_and_date,
            position: self.position.clone(),
            name: self.name_or_blank(),
            nip: format!("NIP. {}", or_blank(&self.nip)),
        }
    }
}

/// `text`, or dots where it is to be written by hand.
fn or_blank(text: &str) -> String {
    if text.is_empty() { BLANK.to_owned() } else { text.to_owned() }
}

/// 18 digits, spaces allowed between groups (`19700101 199003 1 002`).
fn nip_is_well_formed(nip: &str) -> bool {
    let nip = nip.trim();
    nip.chars().all(|c| c.is_ascii_digit() || c == ' ')
        && nip.chars().filter(char::is_ascii_digit).count() == NIP_DIGITS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(position: &str, name: &str, nip: &str) -> Signatory {
        Signatory { position: position.into(), name: name.into(), nip: nip.into() }
    }

    #[test]
    fn the_default_is_valid_and_leaves_names_to_be_written_by_hand() {
        let letterhead = Letterhead::default();
        assert_eq!(letterhead.check(), Ok(()));
        let block = letterhead.signature(SignedDocument::AnnualReport);
        assert_eq!(block.place_and_date, "Paringin, ..............................");
        assert_eq!(block.position, "Kepala Dinas Pertanahan dan Lingkungan Hidup");
        assert_eq!(block.name, BLANK);
        assert_eq!(block.nip, format!("NIP. {BLANK}"));
        assert_eq!(letterhead.signature(SignedDocument::PkSecondParty).position, "Bupati Balangan");
        assert_eq!(
            letterhead.heading(),
            vec![
                "PEMERINTAH KABUPATEN BALANGAN".to_owned(),
                "DINAS PERTANAHAN DAN LINGKUNGAN HIDUP".to_owned()
            ]
        );
    }

    #[test]
    fn each_report_is_signed_by_the_signatory_of_its_kind() {
        let mut letterhead = Letterhead { address: "Jl. Contoh 1".into(), ..Letterhead::default() };
        letterhead.signatories.insert(
            SignedDocument::SemesterReport,
            signed("Sekretaris", "Siti Rahmah", "19800101 200501 2 003"),
        );
        let semester = Period::semester(2026, 1).unwrap();
        assert_eq!(SignedDocument::report(semester), SignedDocument::SemesterReport);
        assert_eq!(SignedDocument::report(Period::year(2026).unwrap()), SignedDocument::AnnualReport);
        assert_eq!(SignedDocument::report(Period::quarter(2026, 2).unwrap()), SignedDocument::QuarterReport);
        let block = letterhead.signature(SignedDocument::report(semester));
        assert_eq!(
            block.lines(),
            [
                "Paringin, ..............................",
                "Sekretaris",
                "Siti Rahmah",
                "NIP. 19800101 200501 2 003"
            ]
        );
        assert_eq!(letterhead.signature(SignedDocument::QuarterReport).name, BLANK);
        assert_eq!(letterhead.heading()[2], "Jl. Contoh 1");
    }

    #[test]
    fn bad_fields_are_named_and_a_nip_has_eighteen_digits() {
        let mut letterhead = Letterhead { agency: " ".into(), city: "a\nb".into(), ..Letterhead::default() };
        letterhead.signatories.insert(SignedDocument::AnnualReport, signed("", "x", "1970 01"));
        letterhead
            .signatories
            .insert(SignedDocument::QuarterReport, signed("Kepala", "", "19700101199003100X"));
        letterhead
            .signatories
            .insert(SignedDocument::PkFirstParty, signed("Kepala", "", "197001011990031002"));
        let fields: Vec<(String, Problem)> =
            letterhead.check().unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("agency".to_owned(), Problem::Required),
                ("signatories.quarter_report.nip".to_owned(), Problem::Invalid),
                ("signatories.annual_report.position".to_owned(), Problem::Required),
                ("signatories.annual_report.nip".to_owned(), Problem::Invalid),
                ("city".to_owned(), Problem::Invalid),
            ]
        );
        let long = Letterhead { address: "x".repeat(LINE_MAX + 1), ..Letterhead::default() };
        assert_eq!(long.check().unwrap_err()[0].problem, Problem::TooLong);
    }

    #[test]
    fn tidying_trims_every_text() {
        let mut letterhead = Letterhead { city: " Paringin ".into(), ..Letterhead::default() };
        letterhead.signatories.insert(SignedDocument::AnnualReport, signed(" Kepala ", " Ani ", " 1 "));
        let tidied = letterhead.tidied();
        assert_eq!(tidied.city, "Paringin");
        assert_eq!(tidied.signatory(SignedDocument::AnnualReport), signed("Kepala", "Ani", "1"));
    }
}
