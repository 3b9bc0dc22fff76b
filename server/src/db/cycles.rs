//! Reporting cycles: the SOP's steps (defaults with the admin's edits) and
//! each cycle's events. An action is the one cycle service: inside the
//! write turn it reads the steps, the units, the facts the step needs (year
//! plan, complete data, approved parts) and the cycle's events, replays the
//! cycle once, lets the domain decide, and records the event with its
//! effects (the period lock, openings for revision, the draft step's report
//! version kept and the approval approving exactly it), audited — so two
//! people acting at once cannot both pass, and nothing is decided on what
//! another writer has since changed. A cycle's start registers its Lembar
//! Disposisi, under the start's id, in that transaction too; a quarter's
//! start also sends a request for data to every unit that must supply it
//! (each unit with indicators in the year's plan), with its deadline. A
//! socialisation keeps the files of its record (`cycle_attachments`).

use super::audit::{AuditRow, Edit, KeyValue, insert_audit};
use super::dispositions::{self, SheetError};
use super::figures::YearFigures;
use super::report_versions::{self, ApproveError};
use super::{Db, WriteError, decode, evidence, locks, now_utc, settings, units};
use kinerja_core::api::cycle::{ActionRequest, StepEdit};
use kinerja_core::api::sync::LockRequest;
use kinerja_core::domain::cycle::{
    APPROVER, Action, Cycle, CycleError, CycleKind, Effect, Event, Facts, Meeting, Phase, Staffing, StepDef,
    answerer, check_step_edit, default_steps,
};
use kinerja_core::domain::disposition::{self, DataRequest};
use kinerja_core::domain::format::Style;
use kinerja_core::domain::org::UnitTree;
use kinerja_core::domain::org::{Actor, Role};
use kinerja_core::domain::period::{Level, Period};
use kinerja_core::domain::report::compile;
use kinerja_core::domain::report::version::Save;
use serde_json::json;
use sqlx::AnyConnection;

/// Why an action was not recorded; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("refused: {0}")]
    Refused(#[from] CycleError),
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<sqlx::Error> for ActionError {
    fn from(error: sqlx::Error) -> ActionError {
        ActionError::Write(WriteError::Database(error))
    }
}

impl From<SheetError> for ActionError {
    fn from(error: SheetError) -> ActionError {
        match error {
            SheetError::Write(error) => ActionError::Write(error),
            // Only the approver starts a cycle, and the approver may issue.
            SheetError::Refused(_) => ActionError::Refused(CycleError::NotYourTurn(APPROVER)),
        }
    }
}

/// A stored event with the actor's full name.
pub type Named = (Event, String);

/// A cycle after an action: the cycle, its events, and the steps it was decided on.
pub struct Acted {
    pub cycle: Cycle,
    pub events: Vec<Named>,
    pub steps: Vec<StepDef>,
}

type EventRow = (String, String, String, String, i64, String, String);

fn event_of(
    (id, period, user_id, role, at_ms, action, full_name): EventRow,
) -> Result<(Period, Named), sqlx::Error> {
    let period = period.parse().map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    let role =
        Role::parse(&role).ok_or_else(|| sqlx::Error::Decode(format!("unknown role {role}").into()))?;
    Ok((period, (Event { id, user_id, role, at_ms, action: decode(&action)? }, full_name)))
}

const EVENT_COLUMNS: &str = "SELECT e.id, e.period, e.user_id, e.role, e.at_ms, e.action, u.full_name \
     FROM cycle_events e JOIN users u ON u.id = e.user_id";

async fn events_of(conn: &mut AnyConnection, period: Period) -> Result<Vec<Named>, sqlx::Error> {
    let rows: Vec<EventRow> = sqlx::query_as(&format!("{EVENT_COLUMNS} WHERE e.period = $1 ORDER BY e.seq"))
        .bind(period.to_string())
        .fetch_all(&mut *conn)
        .await?;
    rows.into_iter().map(|row| event_of(row).map(|(_, named)| named)).collect()
}

/// The SOP's steps: the defaults with the admin's edits.
async fn steps(conn: &mut AnyConnection) -> Result<Vec<StepDef>, sqlx::Error> {
    let rows: Vec<(i64, String, String, i64)> =
        sqlx::query_as("SELECT number, title, role, standard_minutes FROM sop_step_overrides")
            .fetch_all(&mut *conn)
            .await?;
    let mut steps = default_steps();
    for (number, title, role, minutes) in rows {
        if let Some(step) = steps.iter_mut().find(|step| i64::from(step.number) == number) {
            step.title = title;
            step.role = Role::parse(&role).unwrap_or(step.role);
            step.standard_minutes = u32::try_from(minutes).unwrap_or(step.standard_minutes);
        }
    }
    Ok(steps)
}

fn replay(period: Period, events: &[Named]) -> Result<Cycle, CycleError> {
    Cycle::replay(period, events.iter().map(|(event, _)| event))
}

/// What the cycle of `period` needs from outside it, read in the write
/// turn, with the year's figures it was read from.
async fn facts(conn: &mut AnyConnection, period: Period) -> Result<(Facts, YearFigures), ActionError> {
    let figures = YearFigures::read(conn, period.year_number(), None).await?;
    let monthly_data_complete = figures.rows(period, None).iter().all(|row| row.measurement.is_complete());
    let parts = match period.level() {
        Level::Semester => period.descendants(Level::Quarter),
        Level::Year => period.descendants(Level::Semester),
        Level::Month | Level::Quarter => Vec::new(),
    };
    let mut parts_approved = !parts.is_empty();
    for part in parts {
        parts_approved &= replay(part, &events_of(conn, part).await?)?.phase == Phase::Approved;
    }
    Ok((Facts { plan_ready: figures.planned(), monthly_data_complete, parts_approved }, figures))
}

/// Who is there to move a cycle: each active user's role and unit.
pub(crate) async fn staffing(conn: &mut AnyConnection) -> Result<Staffing, sqlx::Error> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT role, unit_id FROM users WHERE active = 1 AND role <> 'admin'")
            .fetch_all(&mut *conn)
            .await?;
    let roles = rows.iter().filter_map(|(role, unit)| Some((Role::parse(role)?, unit.as_deref())));
    Ok(Staffing::new(roles))
}

async fn full_name(conn: &mut AnyConnection, user_id: &str) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT full_name FROM users WHERE id = $1").bind(user_id).fetch_one(&mut *conn).await
}

impl Db {
    /// The SOP's steps: the defaults with the admin's edits.
    pub async fn sop_steps(&self) -> Result<Vec<StepDef>, sqlx::Error> {
        steps(&mut *self.pool.acquire().await?).await
    }

    /// Who is there to move a cycle (`Staffing`).
    pub async fn staffing(&self) -> Result<Staffing, sqlx::Error> {
        staffing(&mut *self.pool.acquire().await?).await
    }

    /// The admin's edit of step `number`.
    pub async fn save_sop_step(&self, number: u8, edit: &StepEdit, by: &str) -> Result<(), WriteError> {
        if !(1..=9).contains(&number) {
            return Err(WriteError::NotFound);
        }
        check_step_edit(&edit.title, edit.standard_minutes)?;
        let mut tx = self.begin_write().await?;
        let key = vec![("number", KeyValue::Int(i64::from(number)))];
        let audit = Edit::before(&mut tx, "sop_step", "sop_step_overrides", key).await?;
        let now = now_utc();
        sqlx::query(
            "INSERT INTO sop_step_overrides (number, title, role, standard_minutes, updated_at, updated_by) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (number) DO UPDATE SET title = excluded.title, \
             role = excluded.role, standard_minutes = excluded.standard_minutes, \
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(i64::from(number))
        .bind(edit.title.trim())
        .bind(edit.role.as_str())
        .bind(i64::from(edit.standard_minutes))
        .bind(&now)
        .bind(by)
        .execute(&mut *tx)
        .await?;
        audit.record(&mut tx, Some(by), &now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The events of the cycle of `period`, oldest first.
    pub async fn cycle_events_of(&self, period: Period) -> Result<Vec<Named>, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        events_of(&mut conn, period).await
    }

    /// Every cycle's events, by period, oldest first.
    pub async fn cycle_events(&self) -> Result<Vec<(Period, Vec<Named>)>, sqlx::Error> {
        let rows: Vec<EventRow> = sqlx::query_as(&format!("{EVENT_COLUMNS} ORDER BY e.period, e.seq"))
            .fetch_all(&self.pool)
            .await?;
        let mut cycles: Vec<(Period, Vec<Named>)> = Vec::new();
        for row in rows {
            let (period, named) = event_of(row)?;
            match cycles.last_mut() {
                Some((last, events)) if *last == period => events.push(named),
                _ => cycles.push((period, vec![named])),
            }
        }
        Ok(cycles)
    }

    /// Records `request` on the cycle of `period` if the domain accepts it,
    /// with its effects, and answers the cycle after it. A request whose id
    /// is already recorded changes nothing.
    pub async fn act_on_cycle(
        &self,
        period: Period,
        request: &ActionRequest,
        actor: &Actor,
        at_ms: i64,
    ) -> Result<Acted, ActionError> {
        self.act(period, request, actor, at_ms, None).await
    }

    /// Records an action of the demo's last year, whose plan and data the
    /// demo does not keep: the step's inputs are taken as `given`, every
    /// other rule is the domain's as for any action.
    pub(crate) async fn act_as_seeded(
        &self,
        period: Period,
        request: &ActionRequest,
        actor: &Actor,
        at_ms: i64,
        given: &Facts,
    ) -> Result<Acted, ActionError> {
        self.act(period, request, actor, at_ms, Some(given)).await
    }

    async fn act(
        &self,
        period: Period,
        request: &ActionRequest,
        actor: &Actor,
        at_ms: i64,
        given: Option<&Facts>,
    ) -> Result<Acted, ActionError> {
        let mut tx = self.begin_write().await?;
        let steps = steps(&mut tx).await?;
        let mut events = events_of(&mut tx, period).await?;
        let mut cycle = replay(period, &events)?;
        let id = request.id.to_string();
        let known: Option<(String,)> = sqlx::query_as("SELECT id FROM cycle_events WHERE id = $1")
            .bind(&id)
            .fetch_optional(&mut *tx)
            .await?;
        if known.is_some() {
            return Ok(Acted { cycle, events, steps });
        }
        let tree = units::tree(&mut tx).await?;
        // The demo's last year keeps no plan or data: its facts are given, and
        // without figures its cycles ask nobody for data.
        let (facts, figures) = match given {
            Some(given) => (*given, None),
            None => facts(&mut tx, period).await.map(|(facts, figures)| (facts, Some(figures)))?,
        };
        let staffing = staffing(&mut tx).await?;
        let recorded = cycle.recorded(actor, &staffing, request.action.clone());
        let effects = cycle.decide(&steps, actor, &tree, &staffing, &facts, &recorded)?;
        if let Action::Socialise { meeting, informed, .. } = &recorded {
            held(&mut tx, (meeting, informed), actor, &tree, at_ms).await?;
        }
        let action = serde_json::to_string(&recorded).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        sqlx::query("INSERT INTO cycle_events (id, period, seq, user_id, role, at_ms, action) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&id)
            .bind(period.to_string())
            .bind(events.len() as i64 + 1)
            .bind(&actor.user_id)
            .bind(actor.role.as_str())
            .bind(at_ms)
            .bind(&action)
            .execute(&mut *tx)
            .await?;
        let now = now_utc();
        let noted = AuditRow::event(&actor.user_id, "cycle", json!({ "period": period }), "action", action);
        insert_audit(&mut tx, &[noted], &now).await?;
        let event = Event {
            id: id.clone(),
            user_id: actor.user_id.clone(),
            role: actor.role,
            at_ms,
            action: recorded,
        };
        cycle.apply(&event);
        if let Action::Start { instruction } = &event.action {
            let to = cycle.turn(&steps).unwrap_or(actor.role);
            let draft = disposition::for_cycle(period, instruction, to, at_ms);
            dispositions::issue(&mut tx, &id, draft, &actor.user_id, at_ms).await?;
            if let (CycleKind::Quarter, Some(figures)) = (cycle.kind, &figures) {
                let sender = (&tree, &staffing);
                let start = (id.as_str(), period, instruction.as_str());
                request_data(&mut tx, figures, start, sender, &actor.user_id, at_ms).await?;
            }
        }
        if let Action::Socialise { meeting, .. } = &event.action {
            for file in &meeting.attachments {
                sqlx::query(
                    "INSERT INTO cycle_attachments (event_id, sha256, name) VALUES ($1, $2, $3) \
                     ON CONFLICT (event_id, sha256) DO NOTHING",
                )
                .bind(&id)
                .bind(&file.sha256)
                .bind(file.name.trim())
                .execute(&mut *tx)
                .await?;
            }
        }
        for effect in effects {
            self.apply(&mut tx, &effect, period, &id, &actor.user_id, &now).await?;
        }
        events.push((event, full_name(&mut tx, &actor.user_id).await?));
        tx.commit().await?;
        Ok(Acted { cycle, events, steps })
    }
}

impl Db {
    /// Writes one effect of an accepted action, `event_id`'s.
    async fn apply(
        &self,
        conn: &mut AnyConnection,
        effect: &Effect,
        period: Period,
        event_id: &str,
        by: &str,
        now: &str,
    ) -> Result<(), ActionError> {
        let lock = |unit_id: String, reason: String| LockRequest { unit_id, period, reason };
        match effect {
            Effect::Lock => {
                let reason = format!("Laporan {} disetujui", period.label(Style::Indonesian));
                for (root,) in roots(conn).await? {
                    locks::insert(conn, &lock(root, reason.clone()), by, now).await?;
                }
            }
            Effect::Unlock { reason } => {
                for (root,) in roots(conn).await? {
                    locks::delete(conn, &lock(root, reason.clone()), by, now).await?;
                }
                sqlx::query("DELETE FROM lock_openings WHERE period = $1")
                    .bind(period.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            Effect::Open { units } => {
                for unit in units {
                    sqlx::query(
                        "INSERT INTO lock_openings (unit_id, period, opened_at) VALUES ($1, $2, $3) \
                         ON CONFLICT (unit_id, period) DO NOTHING",
                    )
                    .bind(unit)
                    .bind(period.to_string())
                    .bind(now)
                    .execute(&mut *conn)
                    .await?;
                }
            }
            Effect::Close { unit_id } => {
                sqlx::query("DELETE FROM lock_openings WHERE unit_id = $1 AND period = $2")
                    .bind(unit_id)
                    .bind(period.to_string())
                    .execute(&mut *conn)
                    .await?;
            }
            Effect::Draft => {
                let (version, content_hash) = self.keep_report(conn, period, by).await?;
                sqlx::query(
                    "INSERT INTO cycle_drafts (event_id, period, version, content_hash) VALUES ($1, $2, $3, $4)",
                )
                .bind(event_id)
                .bind(period.to_string())
                .bind(i64::from(version))
                .bind(content_hash)
                .execute(&mut *conn)
                .await?;
            }
            Effect::ApproveDraft => approve_draft(conn, period, by).await?,
            Effect::Supersede { parts } => {
                for part in parts {
                    report_versions::supersede(conn, *part, period, by).await?;
                }
            }
            Effect::Redraft { parts } => {
                for part in parts {
                    let (version, _) = self.keep_report(conn, *part, by).await?;
                    report_versions::unsupersede(conn, *part, version).await?;
                }
            }
        }
        Ok(())
    }

    /// Compiles the agency's report of `period` and keeps it as its newest
    /// version (`domain::report::version::save`: a new draft, the draft
    /// replaced, or the newest kept when its content is the same); that
    /// version's number and content hash. The report is read from the
    /// committed data, which no other writer can change while this
    /// transaction holds the writer's turn.
    async fn keep_report(
        &self,
        conn: &mut AnyConnection,
        period: Period,
        by: &str,
    ) -> Result<(u32, String), ActionError> {
        let report = compile(&self.report_data(period, None).await?, period, None)
            .map_err(|_| ActionError::Refused(CycleError::NoCycle))?;
        let (saved, content_hash) = report_versions::save_version(conn, &report, by).await?;
        let version = match saved {
            Save::Create(n) | Save::Replace(n) | Save::Keep(n) => n,
        };
        Ok((version, content_hash))
    }
}

/// A socialisation as the server checks it beyond its content: the meeting
/// held by the office's date of `at_ms`, every file attached one the
/// recorder may use from the evidence store (uploaded by them, or already
/// attached in their scope), and every official informed an active user.
async fn held(
    conn: &mut AnyConnection,
    (meeting, informed): (&Meeting, &[String]),
    actor: &Actor,
    tree: &UnitTree,
    at_ms: i64,
) -> Result<(), ActionError> {
    let calendar = settings::office_calendar(conn).await?;
    let today = calendar.local_date(at_ms).ok_or(CycleError::MeetingIncomplete)?;
    meeting.held_by(today)?;
    let hashes: Vec<&str> = meeting.attachments.iter().map(|a| a.sha256.as_str()).collect();
    let found = evidence::usable(conn, &hashes, actor, tree).await?;
    if hashes.iter().any(|hash| !found.contains(*hash)) {
        return Err(CycleError::AttachmentMissing.into());
    }
    for user_id in informed {
        let active: Option<(String,)> =
            sqlx::query_as("SELECT id FROM users WHERE id = $1 AND active = 1 AND role <> 'admin'")
                .bind(user_id)
                .fetch_optional(&mut *conn)
                .await?;
        if active.is_none() {
            return Err(CycleError::InformedUnknown.into());
        }
    }
    Ok(())
}

/// Approves the version the cycle's last draft step kept, as it was kept; a
/// cycle whose draft step ran before drafts were kept has none to approve.
async fn approve_draft(conn: &mut AnyConnection, period: Period, by: &str) -> Result<(), ActionError> {
    let kept: Option<(i64, String)> = sqlx::query_as(
        "SELECT d.version, d.content_hash FROM cycle_drafts d JOIN cycle_events e ON e.id = d.event_id \
         WHERE d.period = $1 ORDER BY e.seq DESC LIMIT 1",
    )
    .bind(period.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some((version, content_hash)) = kept else { return Ok(()) };
    let version = u32::try_from(version).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    match report_versions::approve_version(conn, period, None, version, &content_hash, by).await {
        Ok(_) => Ok(()),
        Err(ApproveError::Database(error)) => Err(error.into()),
        Err(ApproveError::NotFound | ApproveError::Refused(_)) => Err(CycleError::DraftChanged.into()),
    }
}

/// Step 1's requests for data: one Lembar Disposisi to each unit with
/// indicators in the year's plan, addressed to whoever answers for it,
/// due `disposition::data_due`; each is registered under the start's id
/// and the unit's (`<start>.<unit>`), so a retried start registers it once.
async fn request_data(
    conn: &mut AnyConnection,
    figures: &YearFigures,
    (start_id, period, instruction): (&str, Period, &str),
    (tree, staffing): (&UnitTree, &Staffing),
    by: &str,
    at_ms: i64,
) -> Result<(), ActionError> {
    let calendar = settings::office_calendar(conn).await?;
    let due = disposition::data_due(period, at_ms, &calendar);
    let names: Vec<(String, String)> =
        sqlx::query_as("SELECT id, name FROM units").fetch_all(&mut *conn).await?;
    for supplier in figures.completeness(period) {
        let unit_id = supplier.unit_id.as_str();
        let unit_name = names.iter().find(|(id, _)| id == unit_id).map_or(unit_id, |(_, name)| name);
        let to = answerer(unit_id, tree, staffing);
        let request = DataRequest { period, unit_id, unit_name, to, instruction, due };
        dispositions::issue(conn, &format!("{start_id}.{unit_id}"), request.sheet(at_ms), by, at_ms).await?;
    }
    Ok(())
}

/// The units at the top of the tree: a lock on them covers the agency.
async fn roots(conn: &mut AnyConnection) -> Result<Vec<(String,)>, sqlx::Error> {
    sqlx::query_as("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id").fetch_all(&mut *conn).await
}
