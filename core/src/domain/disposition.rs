//! Lembar Disposisi: a superior's written instruction, routed to roles or to
//! named people, kept in a numbered agenda register per year. Each addressee
//! signs the receipt (tanda terima) and later marks the task done. The rules
//! — who may issue, what a sheet must hold, who may sign which receipt, who
//! may read a confidential one — live here so that the browser checks them
//! offline and the server decides with the same code.

use crate::domain::format::{Style, parse_iso_date};
use crate::domain::office_time::OfficeCalendar;
use crate::domain::org::{Actor, Role};
use crate::domain::period::Period;
use crate::domain::validate::{Checker, FieldError, NAME_MAX, Problem, TEXT_MAX};
use serde::{Deserialize, Serialize};
use time::Date;

/// How urgent the sheet is (sifat).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sifat {
    Biasa,
    Segera,
    SangatSegera,
    /// Confidential: read only by its issuer, its addressees and the
    /// sekretaris. A role is addressed on it only within a named unit.
    Rahasia,
}

impl Sifat {
    pub const ALL: [Sifat; 4] = [Sifat::Biasa, Sifat::Segera, Sifat::SangatSegera, Sifat::Rahasia];

    pub fn as_str(self) -> &'static str {
        match self {
            Sifat::Biasa => "biasa",
            Sifat::Segera => "segera",
            Sifat::SangatSegera => "sangat_segera",
            Sifat::Rahasia => "rahasia",
        }
    }
}

/// Whom a sheet is routed to (diteruskan kepada): the holders of a role —
/// all of them, or only those whose own unit is `unit_id` — or one person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recipient {
    Role {
        role: Role,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit_id: Option<String>,
    },
    User {
        user_id: String,
    },
}

impl Recipient {
    /// Every holder of `role`, agency-wide.
    pub fn role(role: Role) -> Recipient {
        Recipient::Role { role, unit_id: None }
    }

    /// The holders of `role` whose own unit is `unit_id`.
    pub fn role_in(role: Role, unit_id: &str) -> Recipient {
        Recipient::Role { role, unit_id: Some(unit_id.to_owned()) }
    }

    fn is(&self, actor: &Actor) -> bool {
        match self {
            Recipient::Role { role, unit_id } => {
                *role == actor.role
                    && unit_id.as_ref().is_none_or(|unit| actor.unit_id.as_ref() == Some(unit))
            }
            Recipient::User { user_id } => *user_id == actor.user_id,
        }
    }

    /// A role addressed without a unit: every holder across the agency.
    fn is_agency_wide_role(&self) -> bool {
        matches!(self, Recipient::Role { unit_id: None, .. })
    }

    /// The unit a role is addressed within, if any.
    pub fn unit_id(&self) -> Option<&str> {
        match self {
            Recipient::Role { unit_id, .. } => unit_id.as_deref(),
            Recipient::User { .. } => None,
        }
    }
}

/// What the issuer writes on the sheet. Dates are ISO `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// When the source document was received (milliseconds since the epoch, UTC).
    pub received_ms: i64,
    /// The source document: from whom, its number, its date.
    pub source_from: String,
    pub source_number: String,
    pub source_date: Option<String>,
    pub perihal: String,
    pub sifat: Sifat,
    pub recipients: Vec<Recipient>,
    /// "Dengan hormat harap": what the addressees are to do.
    pub instruction: String,
    pub deadline: Option<String>,
    pub notes_kadis: String,
    pub notes_kabid: String,
    /// The reporting period it serves, when it belongs to a cycle.
    pub period: Option<Period>,
    /// The unit whose data it asks for, when it is one of the requests a
    /// cycle's step 1 sends to every unit that must supply data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<String>,
}

/// The most addressees one sheet may have.
pub const RECIPIENTS_MAX: usize = 20;

/// The UTC calendar date of a moment.
fn date_of_ms(ms: i64) -> Option<Date> {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000)).ok().map(|at| at.date())
}

impl Draft {
    /// Every problem of the sheet, by field; nothing is stored unless it is clean.
    pub fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut check = Checker::new();
        check.optional("source_from", &self.source_from, NAME_MAX);
        check.optional("source_number", &self.source_number, NAME_MAX);
        check.required("perihal", &self.perihal, NAME_MAX);
        check.required("instruction", &self.instruction, TEXT_MAX);
        check.optional("notes_kadis", &self.notes_kadis, TEXT_MAX);
        check.optional("notes_kabid", &self.notes_kabid, TEXT_MAX);
        let received = date_of_ms(self.received_ms);
        if received.is_none() || self.received_ms < 0 {
            check.fail("received_ms", Problem::Invalid);
        }
        if self.source_date.as_deref().is_some_and(|d| parse_iso_date(d).is_none()) {
            check.fail("source_date", Problem::Invalid);
        }
        match self.deadline.as_deref().map(parse_iso_date) {
            Some(None) => check.fail("deadline", Problem::Invalid),
            Some(Some(deadline)) if received.is_some_and(|r| deadline < r) => {
                check.fail("deadline", Problem::OutOfRange)
            }
            _ => {}
        }
        if self.recipients.is_empty() {
            check.fail("recipients", Problem::Required);
        } else if self.recipients.len() > RECIPIENTS_MAX {
            check.fail("recipients", Problem::OutOfRange);
        } else if self.recipients.iter().enumerate().any(|(i, r)| self.recipients[..i].contains(r)) {
            check.fail("recipients", Problem::Duplicate);
        } else if self.sifat == Sifat::Rahasia && self.recipients.iter().any(Recipient::is_agency_wide_role) {
            check.fail("recipient_unit", Problem::Required);
        }
        check.finish()
    }
}

/// The sheet a reporting cycle starts with: the sekretaris's instruction,
/// routed to the role of the cycle's first step.
pub fn for_cycle(period: Period, instruction: &str, to: Role, received_ms: i64) -> Draft {
    Draft {
        received_ms,
        source_from: "SOP Pengumpulan Data Kinerja".to_owned(),
        source_number: String::new(),
        source_date: None,
        perihal: format!("Pengumpulan Data Kinerja {}", period.label(Style::Indonesian)),
        sifat: Sifat::Segera,
        recipients: vec![Recipient::role(to)],
        instruction: instruction.trim().to_owned(),
        deadline: None,
        notes_kadis: String::new(),
        notes_kabid: String::new(),
        period: Some(period),
        unit_id: None,
    }
}

/// The working days a unit has to send a period's data, from the later of
/// the period's end and the cycle's start: our reading of step 1 (the SOP
/// names no figure; `docs/domain.md`, *Step 1*).
pub const DATA_SUPPLY_WORKING_DAYS: u32 = 5;

/// The date by which the units must have sent the data of `period`, for a
/// cycle started at `start_ms`, in the agency's office calendar.
pub fn data_due(period: Period, start_ms: i64, calendar: &OfficeCalendar) -> Date {
    let last_moment = calendar.period_end_ms(period) - 1;
    calendar.working_days_after(start_ms.max(last_moment), DATA_SUPPLY_WORKING_DAYS)
}

/// What step 1 sends to one unit that must supply data: the sekretaris's
/// instruction, routed to whoever answers for the unit
/// (`cycle::answerer`), with the deadline.
pub struct DataRequest<'a> {
    pub period: Period,
    pub unit_id: &'a str,
    pub unit_name: &'a str,
    pub to: Recipient,
    pub instruction: &'a str,
    pub due: Date,
}

impl DataRequest<'_> {
    /// The sheet, received at the cycle's start `at_ms`.
    pub fn sheet(self, at_ms: i64) -> Draft {
        Draft {
            received_ms: at_ms,
            source_from: "SOP Pengumpulan Data Kinerja".to_owned(),
            source_number: String::new(),
            source_date: None,
            perihal: format!(
                "Penyampaian Data Kinerja {}: {}",
                self.period.label(Style::Indonesian),
                self.unit_name
            ),
            sifat: Sifat::Segera,
            recipients: vec![self.to],
            instruction: self.instruction.trim().to_owned(),
            deadline: Some(self.due.to_string()),
            notes_kadis: String::new(),
            notes_kabid: String::new(),
            period: Some(self.period),
            unit_id: Some(self.unit_id.to_owned()),
        }
    }
}

/// Whether `role` may issue a disposition: the structural positions.
pub fn may_issue(role: Role) -> bool {
    matches!(role, Role::Sekretaris | Role::KepalaBidang | Role::KasubagProgram | Role::KepalaSeksi)
}

/// Who signed, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub user_id: String,
    pub full_name: String,
    pub role: Role,
    pub at_ms: i64,
}

/// One addressee's part: the receipt and the report of completion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub recipient: Recipient,
    pub acknowledged: Option<Signature>,
    pub completed: Option<Signature>,
    #[serde(default)]
    pub note: String,
}

/// The issuer's signature block.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issuer {
    pub user_id: String,
    pub full_name: String,
    pub nip: String,
    pub role: Role,
}

/// A sheet as registered: its agenda number in the year, the issuer, and the receipts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disposition {
    pub id: String,
    pub year: i32,
    pub agenda: u32,
    pub issued_ms: i64,
    pub issuer: Issuer,
    pub draft: Draft,
    pub receipts: Vec<Receipt>,
}

/// What an addressee does to its receipt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sign {
    /// Tanda terima: the sheet has reached them.
    Acknowledge,
    /// The instruction is carried out.
    Complete,
}

/// Where a sheet stands, from its receipts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not every addressee has signed the receipt.
    Sent,
    /// Every addressee has received it; some have not finished.
    Received,
    /// Every addressee has finished.
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DispositionError {
    #[error("this role may not issue a disposition")]
    MayNotIssue,
    #[error("the disposition is not addressed to you")]
    NotAddressed,
}

impl DispositionError {
    pub fn code(&self) -> &'static str {
        "forbidden"
    }
}

/// The agenda number as printed: `007/2026`.
pub fn agenda_label(agenda: u32, year: i32) -> String {
    format!("{agenda:03}/{year}")
}

impl Disposition {
    /// A new sheet, receipts unsigned, once `issuer` may issue and `draft` is clean.
    pub fn issue(
        id: String,
        year: i32,
        agenda: u32,
        issued_ms: i64,
        issuer: Issuer,
        draft: Draft,
    ) -> Result<Disposition, IssueError> {
        if !may_issue(issuer.role) {
            return Err(IssueError::Refused(DispositionError::MayNotIssue));
        }
        draft.check().map_err(IssueError::Invalid)?;
        let receipts = draft
            .recipients
            .iter()
            .map(|recipient| Receipt {
                recipient: recipient.clone(),
                acknowledged: None,
                completed: None,
                note: String::new(),
            })
            .collect();
        Ok(Disposition { id, year, agenda, issued_ms, issuer, draft, receipts })
    }

    pub fn label(&self) -> String {
        agenda_label(self.agenda, self.year)
    }

    /// The receipt `actor` signs: the one naming them, else the one naming their role.
    pub fn receipt_of(&self, actor: &Actor) -> Option<usize> {
        let named = |r: &Receipt| matches!(&r.recipient, Recipient::User { .. }) && r.recipient.is(actor);
        self.receipts
            .iter()
            .position(named)
            .or_else(|| self.receipts.iter().position(|r| r.recipient.is(actor)))
    }

    /// Whether `actor` may read the sheet: the agency-wide roles, its issuer
    /// and its addressees; a confidential one only its issuer, its addressees
    /// (a role's holders within the addressed unit) and the sekretaris.
    pub fn visible_to(&self, actor: &Actor) -> bool {
        let involved = self.issuer.user_id == actor.user_id || self.receipt_of(actor).is_some();
        match self.draft.sifat {
            Sifat::Rahasia => involved || actor.role == Role::Sekretaris,
            _ => involved || actor.sees_all(),
        }
    }

    /// Signs `actor`'s receipt. Completing also acknowledges. Signing again
    /// changes nothing and answers `false`.
    pub fn sign(
        &mut self,
        actor: &Actor,
        full_name: &str,
        sign: Sign,
        note: &str,
        at_ms: i64,
    ) -> Result<bool, DispositionError> {
        let index = self.receipt_of(actor).ok_or(DispositionError::NotAddressed)?;
        let receipt = &mut self.receipts[index];
        let signature = || Signature {
            user_id: actor.user_id.clone(),
            full_name: full_name.to_owned(),
            role: actor.role,
            at_ms,
        };
        let mut changed = false;
        if receipt.acknowledged.is_none() {
            receipt.acknowledged = Some(signature());
            changed = true;
        }
        if sign == Sign::Complete && receipt.completed.is_none() {
            receipt.completed = Some(signature());
            receipt.note = note.trim().to_owned();
            changed = true;
        }
        Ok(changed)
    }

    pub fn status(&self) -> Status {
        if self.receipts.iter().all(|r| r.completed.is_some()) {
            Status::Done
        } else if self.receipts.iter().all(|r| r.acknowledged.is_some()) {
            Status::Received
        } else {
            Status::Sent
        }
    }

    /// Whether `actor` still has something to sign on it.
    pub fn awaits(&self, actor: &Actor) -> bool {
        self.receipt_of(actor).is_some_and(|i| self.receipts[i].completed.is_none())
    }

    /// Whether its deadline has passed by `today` (the office's date): due
    /// on the deadline itself, overdue the day after.
    pub fn overdue_on(&self, today: Date) -> bool {
        self.draft.deadline.as_deref().and_then(parse_iso_date).is_some_and(|deadline| deadline < today)
    }
}

/// Why a sheet was not issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IssueError {
    Refused(DispositionError),
    Invalid(Vec<FieldError>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY_MS: i64 = 86_400_000;
    /// 2026-01-05 00:00 UTC.
    const JAN_5: i64 = 20_458 * DAY_MS;

    fn actor(id: &str, role: Role) -> Actor {
        Actor { user_id: id.to_owned(), role, unit_id: None }
    }

    fn issuer(role: Role) -> Issuer {
        Issuer { user_id: "sek".into(), full_name: "Sekretaris".into(), nip: "1970".into(), role }
    }

    fn draft(recipients: Vec<Recipient>) -> Draft {
        Draft {
            received_ms: JAN_5,
            source_from: "Bupati Balangan".into(),
            source_number: "050/12/BPD".into(),
            source_date: Some("2026-01-02".into()),
            perihal: "Pengumpulan Data Kinerja TW I".into(),
            sifat: Sifat::Segera,
            recipients,
            instruction: "Untuk ditindaklanjuti".into(),
            deadline: Some("2026-01-15".into()),
            notes_kadis: String::new(),
            notes_kabid: String::new(),
            period: None,
            unit_id: None,
        }
    }

    fn to_kasubag() -> Vec<Recipient> {
        vec![Recipient::role(Role::KasubagProgram), Recipient::User { user_id: "staf1".into() }]
    }

    fn sheet(recipients: Vec<Recipient>) -> Disposition {
        Disposition::issue("d1".into(), 2026, 7, JAN_5, issuer(Role::Sekretaris), draft(recipients)).unwrap()
    }

    fn fields(draft: &Draft) -> Vec<(String, Problem)> {
        draft.check().err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_sheet_needs_a_subject_an_instruction_and_addressees() {
        let mut bad = draft(vec![]);
        bad.perihal = " ".into();
        bad.instruction = String::new();
        assert_eq!(
            fields(&bad),
            vec![
                ("perihal".into(), Problem::Required),
                ("instruction".into(), Problem::Required),
                ("recipients".into(), Problem::Required)
            ]
        );
        assert!(draft(to_kasubag()).check().is_ok());
    }

    #[test]
    fn dates_must_be_real_and_the_deadline_not_before_receipt() {
        let mut bad = draft(to_kasubag());
        bad.source_date = Some("2026-02-30".into());
        bad.deadline = Some("2026-01-04".into());
        assert_eq!(
            fields(&bad),
            vec![("source_date".into(), Problem::Invalid), ("deadline".into(), Problem::OutOfRange)]
        );
        bad.deadline = Some("15-01-2026".into());
        assert_eq!(fields(&bad)[1], ("deadline".into(), Problem::Invalid));
        bad.source_date = None;
        bad.deadline = Some("2026-01-05".into());
        assert!(bad.check().is_ok(), "the deadline may be the day of receipt");
    }

    #[test]
    fn the_same_addressee_twice_is_refused() {
        let twice = vec![Recipient::role(Role::KasubagProgram), Recipient::role(Role::KasubagProgram)];
        assert_eq!(fields(&draft(twice)), vec![("recipients".into(), Problem::Duplicate)]);
    }

    #[test]
    fn only_structural_positions_issue() {
        for role in [Role::StafEvaluasi, Role::Kontributor, Role::Admin] {
            let refused = Disposition::issue("d".into(), 2026, 1, JAN_5, issuer(role), draft(to_kasubag()));
            assert_eq!(refused, Err(IssueError::Refused(DispositionError::MayNotIssue)));
        }
        for role in [Role::Sekretaris, Role::KepalaBidang, Role::KasubagProgram, Role::KepalaSeksi] {
            assert!(
                Disposition::issue("d".into(), 2026, 1, JAN_5, issuer(role), draft(to_kasubag())).is_ok()
            );
        }
    }

    #[test]
    fn addressees_sign_their_own_receipt_and_nobody_else_can() {
        let mut sheet = sheet(to_kasubag());
        let kasubag = actor("ks", Role::KasubagProgram);
        let staf = actor("staf1", Role::StafEvaluasi);
        let other_staf = actor("staf2", Role::StafEvaluasi);
        assert_eq!(sheet.status(), Status::Sent);
        assert_eq!(
            sheet.sign(&other_staf, "Lain", Sign::Acknowledge, "", JAN_5),
            Err(DispositionError::NotAddressed)
        );
        assert_eq!(sheet.sign(&kasubag, "Kasubag", Sign::Acknowledge, "", JAN_5 + 1), Ok(true));
        assert_eq!(sheet.sign(&kasubag, "Kasubag", Sign::Acknowledge, "", JAN_5 + 2), Ok(false));
        assert_eq!(sheet.receipts[0].acknowledged.as_ref().map(|s| s.at_ms), Some(JAN_5 + 1));
        assert_eq!(sheet.status(), Status::Sent);
        assert_eq!(sheet.sign(&staf, "Staf", Sign::Complete, " selesai ", JAN_5 + 3), Ok(true));
        assert_eq!(sheet.receipts[1].note, "selesai");
        assert!(sheet.receipts[1].acknowledged.is_some(), "completing signs the receipt too");
        assert_eq!(sheet.status(), Status::Received);
        assert!(sheet.awaits(&kasubag) && !sheet.awaits(&staf));
        sheet.sign(&kasubag, "Kasubag", Sign::Complete, "", JAN_5 + 4).unwrap();
        assert_eq!(sheet.status(), Status::Done);
    }

    #[test]
    fn a_confidential_sheet_is_read_by_the_people_it_concerns_and_the_sekretaris() {
        let mut secret = sheet(vec![Recipient::User { user_id: "staf1".into() }]);
        secret.issuer.user_id = "kabid".into();
        secret.draft.sifat = Sifat::Rahasia;
        assert!(secret.visible_to(&actor("staf1", Role::StafEvaluasi)));
        assert!(secret.visible_to(&actor("kabid", Role::KepalaBidang)));
        assert!(secret.visible_to(&actor("sek", Role::Sekretaris)));
        assert!(!secret.visible_to(&actor("ks", Role::KasubagProgram)));
        assert!(!secret.visible_to(&actor("staf2", Role::StafEvaluasi)));
        secret.draft.sifat = Sifat::Biasa;
        assert!(secret.visible_to(&actor("ks", Role::KasubagProgram)));
        assert!(!secret.visible_to(&actor("kasi", Role::KepalaSeksi)));
    }

    #[test]
    fn a_confidential_sheet_names_the_unit_of_each_role_it_is_routed_to() {
        let mut secret = draft(vec![Recipient::role(Role::KepalaSeksi)]);
        secret.sifat = Sifat::Rahasia;
        assert_eq!(fields(&secret), vec![("recipient_unit".into(), Problem::Required)]);
        secret.recipients = vec![Recipient::role_in(Role::KepalaSeksi, "SEKSI-KDL")];
        assert!(secret.check().is_ok());
        let sheet =
            Disposition::issue("d".into(), 2026, 1, JAN_5, issuer(Role::KepalaBidang), secret).unwrap();
        let kasi = |id: &str, unit: Option<&str>| Actor {
            user_id: id.to_owned(),
            role: Role::KepalaSeksi,
            unit_id: unit.map(str::to_owned),
        };
        assert!(sheet.visible_to(&kasi("kasi.kdl", Some("SEKSI-KDL"))));
        assert!(!sheet.visible_to(&kasi("kasi.lain", Some("SEKSI-PPL"))));
        assert!(!sheet.visible_to(&kasi("kasi.tanpa", None)));
        assert_eq!(sheet.receipt_of(&kasi("kasi.lain", Some("SEKSI-PPL"))), None);
        assert!(!sheet.visible_to(&actor("ks", Role::KasubagProgram)));
        assert!(sheet.visible_to(&actor("sek", Role::Sekretaris)));
    }

    #[test]
    fn a_cycle_starts_with_a_clean_sheet_to_its_first_role() {
        let period: Period = "2026-TW2".parse().unwrap();
        let sheet = for_cycle(period, " Harap dikumpulkan ", Role::KasubagProgram, JAN_5);
        assert!(sheet.check().is_ok());
        assert_eq!(sheet.perihal, format!("Pengumpulan Data Kinerja {}", period.label(Style::Indonesian)));
        assert_eq!(sheet.instruction, "Harap dikumpulkan");
        assert_eq!(sheet.recipients, vec![Recipient::role(Role::KasubagProgram)]);
        assert_eq!(sheet.period, Some(period));
    }

    #[test]
    fn a_unit_is_asked_for_its_data_by_the_fifth_working_day_after_the_period_or_the_start() {
        let period: Period = "2026-TW1".parse().unwrap();
        let calendar = OfficeCalendar::default();
        // TW I ends on Tuesday 31 March (WITA); Wednesday 1 April is the first
        // working day after it, Tuesday 7 April the fifth.
        let early = calendar.period_end_ms(period) - 86_400_000;
        assert_eq!(data_due(period, early, &calendar).to_string(), "2026-04-07");
        // Started later, on Friday 10 April: Friday 17 April.
        let late = calendar.period_end_ms(period) + 9 * 86_400_000 + 3_600_000;
        assert_eq!(data_due(period, late, &calendar).to_string(), "2026-04-17");
        let request = DataRequest {
            period,
            unit_id: "seksi-a1",
            unit_name: "Seksi A1",
            to: Recipient::role_in(Role::KepalaSeksi, "seksi-a1"),
            instruction: " Kirim data ",
            due: data_due(period, late, &calendar),
        };
        let sheet = request.sheet(late);
        assert!(sheet.check().is_ok(), "{:?}", sheet.check());
        assert_eq!(sheet.deadline.as_deref(), Some("2026-04-17"));
        assert_eq!(sheet.unit_id.as_deref(), Some("seksi-a1"));
        assert!(sheet.perihal.ends_with(": Seksi A1"));
    }

    #[test]
    fn agenda_numbers_print_with_the_year() {
        assert_eq!(agenda_label(7, 2026), "007/2026");
        assert_eq!(agenda_label(1234, 2026), "1234/2026");
    }

    fn any_actor() -> impl Strategy<Value = Actor> {
        let roles = prop::sample::select(vec![
            Role::Sekretaris,
            Role::KepalaBidang,
            Role::KasubagProgram,
            Role::KepalaSeksi,
            Role::StafEvaluasi,
        ]);
        (prop::sample::select(vec!["a", "b", "c", "staf1"]), roles).prop_map(|(id, role)| actor(id, role))
    }

    proptest! {
        /// Whatever order addressees sign in, and however often, each receipt
        /// is signed once, by its first signer, and the status follows.
        #[test]
        fn signing_is_idempotent_and_first_signer_wins(signs in prop::collection::vec((any_actor(), any::<bool>()), 0..30)) {
            let mut sheet = sheet(to_kasubag());
            let mut first: Vec<Option<String>> = vec![None; sheet.receipts.len()];
            for (i, (actor, complete)) in signs.iter().enumerate() {
                let sign = if *complete { Sign::Complete } else { Sign::Acknowledge };
                let before = sheet.clone();
                match sheet.sign(actor, "x", sign, "", i as i64) {
                    Err(_) => prop_assert_eq!(&sheet, &before),
                    Ok(changed) => {
                        prop_assert_eq!(changed, sheet != before);
                        let index = sheet.receipt_of(actor).unwrap();
                        first[index].get_or_insert_with(|| actor.user_id.clone());
                    }
                }
            }
            for (receipt, first) in sheet.receipts.iter().zip(&first) {
                prop_assert_eq!(receipt.acknowledged.as_ref().map(|s| s.user_id.clone()), first.clone());
                if let (Some(ack), Some(done)) = (&receipt.acknowledged, &receipt.completed) {
                    prop_assert!(ack.at_ms <= done.at_ms);
                }
            }
            let done = sheet.receipts.iter().all(|r| r.completed.is_some());
            let received = sheet.receipts.iter().all(|r| r.acknowledged.is_some());
            prop_assert_eq!(sheet.status() == Status::Done, done);
            prop_assert_eq!(sheet.status() == Status::Sent, !received);
        }
    }

    #[test]
    fn a_sheet_is_overdue_the_day_after_its_deadline_and_never_without_one() {
        let mut due = sheet(to_kasubag());
        due.draft.deadline = Some("2026-04-07".into());
        assert!(!due.overdue_on(time::macros::date!(2026 - 04 - 07)), "due that day");
        assert!(due.overdue_on(time::macros::date!(2026 - 04 - 08)));
        due.draft.deadline = None;
        assert!(!due.overdue_on(time::macros::date!(2030 - 01 - 01)));
    }
}
