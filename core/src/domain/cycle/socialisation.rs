//! A socialisation's record (SOP steps 5 and 8): the report was presented
//! to the officials concerned at a meeting — when, where, who attended
//! (users of the app, who then acknowledge it, and names typed in), what
//! was said (the minutes), and the photos of the signed attendance list or
//! the slides, kept in the evidence store. `Meeting::check` holds for every
//! new socialisation, offline too; `records` reads the printable record
//! (Berita Acara Sosialisasi) back from a cycle's history, each attendee
//! with their acknowledgement. Pure.

use super::{Action, CycleError, Event};
use crate::domain::format::parse_iso_date;
use crate::domain::sync::is_sha256;
use serde::{Deserialize, Serialize};
use time::Date;

/// The most files a socialisation keeps: the attendance list's pages and a few photos.
pub const MAX_ATTACHMENTS: usize = 10;
/// The longest minutes (notulen), in characters.
pub const MAX_MINUTES: usize = 20_000;
/// The longest place or file name, in characters.
pub const MAX_NAME: usize = 200;

/// The meeting at which a report was socialised.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    /// The day it was held, `2026-04-07`. (Every field may be absent in a
    /// body, so that a meeting left out is refused as incomplete, by its code.)
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub place: String,
    /// The minutes (notulen): what was presented, asked and agreed.
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
}

/// A file of the evidence store kept with the record, by its content hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub sha256: String,
    /// The file's name as the user chose it, to show.
    pub name: String,
}

impl Meeting {
    /// A real date, a place, minutes and file names of a sane length, and
    /// at most `MAX_ATTACHMENTS` files each named by a SHA-256.
    pub fn check(&self) -> Result<(), CycleError> {
        let place = self.place.trim();
        let sane = parse_iso_date(&self.held_on).is_some()
            && !place.is_empty()
            && place.chars().count() <= MAX_NAME
            && self.minutes.chars().count() <= MAX_MINUTES
            && self.attachments.len() <= MAX_ATTACHMENTS
            && self.attachments.iter().all(|a| {
                is_sha256(&a.sha256) && !a.name.trim().is_empty() && a.name.chars().count() <= MAX_NAME
            });
        if sane { Ok(()) } else { Err(CycleError::MeetingIncomplete) }
    }

    /// Whether the meeting was held by `today` (the office's date when it is recorded).
    pub fn held_by(&self, today: Date) -> Result<(), CycleError> {
        match parse_iso_date(&self.held_on) {
            Some(held) if held <= today => Ok(()),
            _ => Err(CycleError::MeetingIncomplete),
        }
    }
}

/// One socialisation as recorded, with its attendance.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub event_id: String,
    pub step: u8,
    /// Who recorded it, and when (milliseconds since the epoch, UTC).
    pub recorded_by: String,
    pub recorded_at_ms: i64,
    pub meeting: Meeting,
    pub note: String,
    pub attendees: Vec<Attendee>,
}

/// Someone who attended: a user of the app, or a name typed in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub name: String,
    pub user_id: Option<String>,
    /// A user's confirmation, when given.
    pub acknowledged: Option<Acknowledged>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    pub at_ms: i64,
    pub comment: String,
}

/// The socialisations of `step` in a cycle's `history` (each event with
/// its actor's full name), oldest first. A user's acknowledgement belongs
/// to the latest socialisation of its step before it that informed them;
/// `name_of` gives a user's full name.
pub fn records(history: &[(Event, String)], step: u8, name_of: impl Fn(&str) -> String) -> Vec<Record> {
    let mut found: Vec<Record> = Vec::new();
    for (event, full_name) in history {
        match &event.action {
            Action::Socialise { step: s, officials, informed, note, meeting } if *s == step => {
                let users = informed.iter().map(|id| Attendee {
                    name: name_of(id),
                    user_id: Some(id.clone()),
                    acknowledged: None,
                });
                let typed = officials
                    .iter()
                    .map(|name| name.trim())
                    .filter(|name| !name.is_empty())
                    .map(|name| Attendee { name: name.to_owned(), user_id: None, acknowledged: None });
                found.push(Record {
                    event_id: event.id.clone(),
                    step,
                    recorded_by: full_name.clone(),
                    recorded_at_ms: event.at_ms,
                    meeting: meeting.clone(),
                    note: note.clone(),
                    attendees: users.chain(typed).collect(),
                });
            }
            Action::Acknowledge { step: s, comment } if *s == step => {
                let attendee = found.iter_mut().rev().find_map(|record| {
                    record.attendees.iter_mut().find(|a| a.user_id.as_deref() == Some(event.user_id.as_str()))
                });
                if let Some(attendee) = attendee.filter(|a| a.acknowledged.is_none()) {
                    attendee.acknowledged =
                        Some(Acknowledged { at_ms: event.at_ms, comment: comment.clone() });
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::Role;

    fn meeting() -> Meeting {
        Meeting {
            held_on: "2026-04-07".into(),
            place: "Aula Dinas".into(),
            minutes: "Capaian TW I dipaparkan.".into(),
            attachments: vec![Attachment { sha256: "ab".repeat(32), name: "daftar-hadir.jpg".into() }],
        }
    }

    #[test]
    fn a_meeting_needs_a_real_date_a_place_and_files_named_by_their_hash() {
        assert_eq!(meeting().check(), Ok(()));
        let broken: Vec<fn(&mut Meeting)> = vec![
            |m| m.held_on = "2026-02-30".into(),
            |m| m.held_on = String::new(),
            |m| m.place = "  ".into(),
            |m| m.place = "x".repeat(MAX_NAME + 1),
            |m| m.minutes = "x".repeat(MAX_MINUTES + 1),
            |m| m.attachments[0].sha256 = "AB".repeat(32),
            |m| m.attachments[0].name = " ".into(),
            |m| m.attachments = vec![m.attachments[0].clone(); MAX_ATTACHMENTS + 1],
        ];
        for (index, breaks) in broken.into_iter().enumerate() {
            let mut m = meeting();
            breaks(&mut m);
            assert_eq!(m.check(), Err(CycleError::MeetingIncomplete), "case {index}");
        }
    }

    #[test]
    fn a_meeting_is_recorded_once_it_has_been_held() {
        let day = |text: &str| parse_iso_date(text).unwrap();
        assert_eq!(meeting().held_by(day("2026-04-07")), Ok(()));
        assert_eq!(meeting().held_by(day("2026-04-06")), Err(CycleError::MeetingIncomplete));
    }

    fn event(id: &str, user: &str, at_ms: i64, action: Action) -> (Event, String) {
        let event = Event { id: id.into(), user_id: user.into(), role: Role::KasubagProgram, at_ms, action };
        (event, format!("Nama {user}"))
    }

    #[test]
    fn the_record_lists_users_then_typed_names_each_user_with_their_acknowledgement() {
        let socialise = |informed: &[&str]| Action::Socialise {
            step: 5,
            officials: vec!["Kepala Dinas".into(), " ".into()],
            informed: informed.iter().map(|s| s.to_string()).collect(),
            note: "rapat".into(),
            meeting: meeting(),
        };
        let ack = |comment: &str| Action::Acknowledge { step: 5, comment: comment.into() };
        let history = vec![
            event("s1", "kasubag", 100, socialise(&["kabid", "kasi"])),
            event("a1", "kabid", 200, ack("diterima")),
            event("o1", "kabid", 250, Action::Acknowledge { step: 8, comment: "lain".into() }),
            event("s2", "kasubag", 300, socialise(&["kasi"])),
            event("a2", "kasi", 400, ack("ok")),
        ];
        let found = records(&history, 5, |id| format!("Nama {id}"));
        assert_eq!(found.len(), 2);
        let first = &found[0];
        assert_eq!(
            (first.event_id.as_str(), first.recorded_by.as_str(), first.recorded_at_ms),
            ("s1", "Nama kasubag", 100)
        );
        assert_eq!(first.meeting, meeting());
        let names: Vec<&str> = first.attendees.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Nama kabid", "Nama kasi", "Kepala Dinas"]);
        assert_eq!(
            first.attendees[0].acknowledged,
            Some(Acknowledged { at_ms: 200, comment: "diterima".into() })
        );
        assert_eq!(first.attendees[1].acknowledged, None, "the kasi confirmed the later one");
        assert_eq!(first.attendees[2].user_id, None);
        assert_eq!(
            found[1].attendees[0].acknowledged,
            Some(Acknowledged { at_ms: 400, comment: "ok".into() })
        );
        assert!(records(&history, 8, |id| id.to_owned()).is_empty());
    }
}
