//! The outbox: every change a device makes becomes an op with a UUIDv7 id
//! and the device's next sequence number, and waits here until the server
//! has answered it. Ops go out oldest first; an answer removes an accepted
//! op (applied, merged, or kept aside as a conflict) and marks a refused one
//! — which then stays, with its reason, until the user deals with it. A
//! failure that is not a definite refusal (no network, an expired session,
//! a server error, a rate limit) keeps every op queued for a retry, after a
//! growing pause. Nothing here drops an op the server has not answered.
//!
//! An accepted op is kept a while longer (the last `KEEP_SENT`), because an
//! acknowledgement is only as durable as the server's database: when the
//! server's database is restored from a backup, it may have lost what it
//! acknowledged since, and the device sends its kept ops again (`resend`).
//! The server answers those it still holds as before and applies the rest.

use crate::api::FieldProblem;
use crate::api::sync::{Op, OpAnswer};
use crate::domain::merge::{Fields, Outcome};
use crate::domain::sync::{Key, MAX_OPS_PER_PUSH};
use serde::{Deserialize, Serialize};

/// A UUIDv7 from a Unix time in milliseconds and ten random bytes.
pub fn uuid_v7(unix_millis: u64, random: [u8; 10]) -> String {
    uuid::Builder::from_unix_timestamp_millis(unix_millis, &random).into_uuid().to_string()
}

/// Why the server refused an op, kept for the user to see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    pub code: String,
    pub message: String,
    #[serde(default)]
    pub fields: Vec<FieldProblem>,
}

/// One op in the outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The device that made it (another one's, for an imported outbox).
    pub device_id: String,
    pub op: Op,
    /// `None` while it waits to be sent; the reason once refused.
    pub refused: Option<Refused>,
}

/// How many accepted ops a device keeps to send again after the server's
/// database was restored: months of entry for one person, a few megabytes.
pub const KEEP_SENT: usize = 5_000;

/// A device's outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outbox {
    pub device_id: String,
    /// The sequence number the next op gets.
    pub next_seq: i64,
    pub entries: Vec<Entry>,
    /// Ops the server accepted, oldest first, kept to send again (`resend`).
    #[serde(default)]
    pub sent: Vec<Entry>,
}

/// One push's worth of ops, all made by one device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
    pub device_id: String,
    pub ops: Vec<Op>,
}

/// How a push failed as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer: offline, or the server is unreachable.
    Network,
    /// The session ended (401): sign in again, then send the same ops.
    SignedOut,
    /// The server failed or asked to slow down (5xx, 429).
    Server(u16),
    /// The whole push was refused (another 4xx, with its code).
    Refused { status: u16, code: String },
}

impl Failure {
    /// Whether the ops stay queued to be sent again as they are. A whole
    /// push refused with a code (a malformed envelope, which a device of
    /// this version never makes) is the only case where they do not.
    pub fn keeps_queue(&self) -> bool {
        !matches!(self, Failure::Refused { .. })
    }
}

/// What a push's answers did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settled {
    /// Records whose server state the device should now hold: key, revision, values.
    pub records: Vec<(Key, i64, Fields)>,
    pub conflicts: usize,
    pub refused: usize,
}

impl Outbox {
    pub fn new(device_id: String) -> Outbox {
        Outbox { device_id, next_seq: 1, entries: Vec::new(), sent: Vec::new() }
    }

    /// Queues a change made now: `base_revision` and `base` as the device
    /// saw the record, `new` the values wanted.
    pub fn record(
        &mut self,
        op_id: String,
        key: Key,
        base_revision: i64,
        base: Fields,
        new: Fields,
        client_time: String,
    ) -> &Op {
        let op = Op { op_id, seq: self.next_seq, key, base_revision, base, new, client_time };
        self.next_seq += 1;
        self.entries.push(Entry { device_id: self.device_id.clone(), op, refused: None });
        &self.entries[self.entries.len() - 1].op
    }

    /// The next push: the waiting ops of one device (that of the first op
    /// waiting), oldest first, at most one push's worth. A push names one
    /// device, so imported ops go out under their own device's id.
    pub fn batch(&self) -> Batch {
        let waiting = || self.entries.iter().filter(|e| e.refused.is_none());
        let device_id = waiting().next().map_or_else(|| self.device_id.clone(), |e| e.device_id.clone());
        let ops = waiting()
            .filter(|e| e.device_id == device_id)
            .take(MAX_OPS_PER_PUSH)
            .map(|e| e.op.clone())
            .collect();
        Batch { device_id, ops }
    }

    /// How many ops wait to be sent.
    pub fn pending(&self) -> usize {
        self.entries.iter().filter(|e| e.refused.is_none()).count()
    }

    /// The ops still to be sent, oldest first: what the user's view of a
    /// record shows on top of the server's values (`replica::local_values`).
    /// A refused op is not among them: it is shown apart, with its reason,
    /// and counts in no figure until the user enters the value again.
    pub fn waiting(&self) -> impl DoubleEndedIterator<Item = &Op> {
        self.entries.iter().filter(|e| e.refused.is_none()).map(|e| &e.op)
    }

    /// The ops the server refused, with their reasons.
    pub fn refused(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.refused.is_some())
    }

    /// Applies the server's answers: accepted ops leave the queue for the
    /// kept `sent` ops, refused ones stay with their reason; an answer for an
    /// op not held changes nothing (it was settled by an earlier answer).
    pub fn settle(&mut self, answers: &[OpAnswer]) -> Settled {
        let mut settled = Settled::default();
        for answer in answers {
            let Some(index) = self.entries.iter().position(|e| e.op.op_id == answer.op_id) else { continue };
            if answer.outcome == Outcome::Rejected {
                if self.entries[index].refused.is_some() {
                    continue;
                }
                let reason = Refused {
                    code: answer.code.clone(),
                    message: answer.message.clone(),
                    fields: answer.fields.clone(),
                };
                self.entries[index].refused = Some(reason);
                settled.refused += 1;
                continue;
            }
            let entry = self.entries.remove(index);
            if answer.outcome == Outcome::Conflict {
                settled.conflicts += 1;
            }
            settled.records.push((entry.op.key.clone(), answer.revision, answer.state.clone()));
            self.sent.push(entry);
        }
        let excess = self.sent.len().saturating_sub(KEEP_SENT);
        self.sent.drain(..excess);
        settled
    }

    /// The server's database is another one now (restored from a backup, or
    /// replaced): every kept accepted op goes back in the queue, ahead of
    /// the waiting ones and in the order they were made, so that each
    /// device's ops still reach the server in sequence. Returns how many.
    pub fn resend(&mut self) -> usize {
        let again = std::mem::take(&mut self.sent);
        let count = again.len();
        self.entries.splice(0..0, again);
        count
    }

    /// A whole push failed: the ops stay queued unless it was refused as a
    /// whole, in which case they are marked with that refusal (and stay).
    pub fn fail(&mut self, sent: &[Op], failure: &Failure) {
        let Failure::Refused { code, .. } = failure else { return };
        for entry in self.entries.iter_mut().filter(|e| sent.iter().any(|op| op.op_id == e.op.op_id)) {
            entry.refused = Some(Refused {
                code: code.clone(),
                message: "the server refused the whole push".into(),
                fields: Vec::new(),
            });
        }
    }

    /// Drops a refused op the user has dealt with (edited again, or let go).
    pub fn dismiss(&mut self, op_id: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| !(e.op.op_id == op_id && e.refused.is_some()));
        self.entries.len() < before
    }

    /// Takes in an outbox exported from another device (or an earlier copy
    /// of this one): ops not held yet are added, in their own order. They
    /// keep their own device id and sequence, so the server still applies
    /// each device's ops in order and answers a known op as before.
    pub fn import(&mut self, other: &Outbox) -> usize {
        let mut added = 0;
        for entry in &other.entries {
            if !self.entries.iter().any(|e| e.op.op_id == entry.op.op_id) {
                self.entries.push(entry.clone());
                added += 1;
            }
        }
        added
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_support::p;
    use proptest::prelude::*;

    fn key(month: u8) -> Key {
        Key::Realisation {
            indicator_id: "iku-7".into(),
            unit_id: "seksi".into(),
            period: p(&format!("2026-{month:02}")),
        }
    }

    fn fields(value: &str) -> Fields {
        Fields::from([("value".to_owned(), Some(value.to_owned()))])
    }

    fn filled(ops: usize) -> Outbox {
        let mut outbox = Outbox::new("device".into());
        for n in 0..ops {
            let id = uuid_v7(1_764_000_000_000 + n as u64, [n as u8; 10]);
            outbox.record(id, key((n % 12) as u8 + 1), 0, Fields::new(), fields(&n.to_string()), "t".into());
        }
        outbox
    }

    fn answer(op: &Op, outcome: Outcome, code: &str) -> OpAnswer {
        OpAnswer {
            op_id: op.op_id.clone(),
            outcome,
            code: code.into(),
            message: String::new(),
            order: 1,
            revision: 2,
            state: op.new.clone(),
            fields: Vec::new(),
            conflicts: Vec::new(),
            lock: None,
        }
    }

    #[test]
    fn op_ids_are_uuid_v7_in_time_order() {
        let early = uuid_v7(1_764_000_000_000, [9; 10]);
        let late = uuid_v7(1_764_000_000_001, [0; 10]);
        assert!(early < late, "text order is time order");
        assert_eq!(uuid::Uuid::parse_str(&early).unwrap().get_version_num(), 7);
    }

    #[test]
    fn ops_get_increasing_sequence_numbers_and_go_out_oldest_first() {
        let outbox = filled(3);
        let batch = outbox.batch().ops;
        assert_eq!(batch.iter().map(|op| op.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(outbox.next_seq, 4);
        assert_eq!(outbox.pending(), 3);
        assert_eq!(filled(MAX_OPS_PER_PUSH + 3).batch().ops.len(), MAX_OPS_PER_PUSH);
    }

    #[test]
    fn accepted_ops_leave_and_refused_ones_stay_with_their_reason() {
        let mut outbox = filled(4);
        let sent = outbox.batch().ops;
        let answers = vec![
            answer(&sent[0], Outcome::Applied, "applied"),
            answer(&sent[1], Outcome::Conflict, "conflict"),
            answer(&sent[2], Outcome::Rejected, "period_locked"),
        ];
        let settled = outbox.settle(&answers);
        assert_eq!((settled.records.len(), settled.conflicts, settled.refused), (2, 1, 1));
        assert_eq!(settled.records[0], (sent[0].key.clone(), 2, sent[0].new.clone()));
        assert_eq!(outbox.pending(), 1, "the unanswered op waits");
        let refused: Vec<&Entry> = outbox.refused().collect();
        assert_eq!(refused[0].refused.as_ref().unwrap().code, "period_locked");
        assert_eq!(outbox.batch().ops, vec![sent[3].clone()], "a refused op is not sent again");
        let held = |op: &Op| crate::offline::replica::Held {
            key: op.key.clone(),
            revision: 1,
            values: fields("server"),
            conflicted: false,
        };
        let view =
            |op: &Op| crate::offline::replica::local_values(&op.key, Some(&held(op)), outbox.waiting());
        assert_eq!(
            view(&sent[2]).get("value"),
            Some(&Some("server".to_owned())),
            "a refused value counts nowhere"
        );
        assert_eq!(view(&sent[3]).get("value"), Some(&Some("3".to_owned())), "a waiting one shows");
        assert_eq!(outbox.settle(&answers), Settled::default(), "a repeated answer changes nothing");
        assert!(outbox.dismiss(&sent[2].op_id));
        assert!(!outbox.dismiss(&sent[3].op_id), "only refused ops can be dismissed");
    }

    #[test]
    fn only_a_definite_refusal_of_the_whole_push_stops_the_ops() {
        for failure in [Failure::Network, Failure::SignedOut, Failure::Server(503), Failure::Server(429)] {
            let mut outbox = filled(2);
            let sent = outbox.batch().ops;
            outbox.fail(&sent, &failure);
            assert!(failure.keeps_queue());
            assert_eq!(outbox.pending(), 2, "{failure:?} keeps the queue");
        }
        let mut outbox = filled(2);
        let sent = outbox.batch().ops;
        let refused = Failure::Refused { status: 422, code: "validation_failed".into() };
        outbox.fail(&sent, &refused);
        assert_eq!((outbox.pending(), outbox.refused().count()), (0, 2), "refused, and still visible");
    }

    #[test]
    fn an_imported_outbox_adds_what_is_missing_and_keeps_its_identity() {
        let mut here = filled(2);
        let mut there = Outbox::new("phone".into());
        there.record(uuid_v7(1, [1; 10]), key(5), 0, Fields::new(), fields("7"), "t".into());
        there.entries.push(here.entries[0].clone());
        assert_eq!(here.import(&there), 1);
        assert_eq!(here.import(&there), 0, "importing twice adds nothing");
        let imported = &here.entries[2];
        assert_eq!((imported.op.seq, imported.op.new.clone()), (1, fields("7")));
        assert_eq!(imported.device_id, "phone");
        assert_eq!(here.next_seq, 3, "this device's numbering goes on");
        let first = here.batch();
        assert_eq!((first.device_id.as_str(), first.ops.len()), ("device", 2), "one device per push");
        let answers: Vec<OpAnswer> =
            first.ops.iter().map(|op| answer(op, Outcome::Applied, "applied")).collect();
        here.settle(&answers);
        let second = here.batch();
        assert_eq!((second.device_id.as_str(), second.ops.len()), ("phone", 1), "under the phone's own id");
    }

    #[test]
    fn accepted_ops_are_kept_to_send_again_after_a_restore_and_go_first_in_order() {
        let mut outbox = filled(5);
        let sent = outbox.batch().ops;
        let first: Vec<OpAnswer> =
            sent[..3].iter().map(|op| answer(op, Outcome::Applied, "applied")).collect();
        outbox.settle(&first);
        assert_eq!(outbox.sent.iter().map(|e| e.op.seq).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(outbox.pending(), 2);
        assert_eq!(outbox.resend(), 3);
        assert_eq!(outbox.resend(), 0, "nothing is sent twice by resend itself");
        assert!(outbox.sent.is_empty());
        let again = outbox.batch().ops;
        assert_eq!(again.iter().map(|op| op.seq).collect::<Vec<_>>(), [1, 2, 3, 4, 5], "in device order");
        assert_eq!(again[..3], sent[..3], "the same ops, so the server answers known ones as before");
    }

    #[test]
    fn only_the_newest_accepted_ops_are_kept() {
        let mut outbox = filled(KEEP_SENT + 7);
        while outbox.pending() > 0 {
            let answers: Vec<OpAnswer> =
                outbox.batch().ops.iter().map(|op| answer(op, Outcome::Applied, "applied")).collect();
            outbox.settle(&answers);
        }
        assert_eq!(outbox.sent.len(), KEEP_SENT);
        assert_eq!(outbox.sent[0].op.seq, 8, "the oldest seven went");
    }

    proptest! {
        #[test]
        fn no_op_is_lost_across_restores(rounds in proptest::collection::vec((1usize..6, 0usize..6, any::<bool>()), 1..20)) {
            // Each round the device makes some ops, the server accepts the first few waiting,
            // and sometimes its database is restored from before everything (it lost every answer).
            let mut outbox = Outbox::new("device".into());
            let mut made = Vec::new();
            for (n, (new, accepted, restored)) in rounds.into_iter().enumerate() {
                for i in 0..new {
                    let id = uuid_v7(1_764_000_000_000 + (n * 10 + i) as u64, [i as u8; 10]);
                    made.push(outbox.record(id, key(1), 0, Fields::new(), fields("1"), "t".into()).op_id.clone());
                }
                let answers: Vec<OpAnswer> =
                    outbox.batch().ops.iter().take(accepted).map(|op| answer(op, Outcome::Applied, "applied")).collect();
                outbox.settle(&answers);
                if restored {
                    outbox.resend();
                }
                let mut held: Vec<String> =
                    outbox.entries.iter().chain(&outbox.sent).map(|e| e.op.op_id.clone()).collect();
                held.sort();
                let mut all = made.clone();
                all.sort();
                prop_assert_eq!(held, all, "every op made is waiting or kept");
                let seqs: Vec<i64> = outbox.batch().ops.iter().map(|op| op.seq).collect();
                prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]), "waiting ops go out in device order");
            }
        }

        #[test]
        fn no_op_is_lost_whatever_the_answers(outcomes in proptest::collection::vec(0u8..5, 1..40)) {
            let mut outbox = filled(outcomes.len());
            let sent = outbox.batch().ops;
            let answers: Vec<OpAnswer> = sent
                .iter()
                .zip(&outcomes)
                .filter(|(_, o)| **o < 4)
                .map(|(op, o)| match o {
                    0 => answer(op, Outcome::Applied, "applied"),
                    1 => answer(op, Outcome::Merged, "merged"),
                    2 => answer(op, Outcome::Conflict, "conflict"),
                    _ => answer(op, Outcome::Rejected, "forbidden"),
                })
                .collect();
            let settled = outbox.settle(&answers);
            let accepted = outcomes.iter().filter(|o| **o < 3).count();
            let refused = outcomes.iter().filter(|o| **o == 3).count();
            let unanswered = outcomes.iter().filter(|o| **o == 4).count();
            prop_assert_eq!(settled.records.len(), accepted);
            prop_assert_eq!(outbox.refused().count(), refused);
            prop_assert_eq!(outbox.pending(), unanswered);
            prop_assert_eq!(accepted + outbox.entries.len(), sent.len(), "every op is answered or still held");
            let seqs: Vec<i64> = outbox.batch().ops.iter().map(|op| op.seq).collect();
            prop_assert!(seqs.windows(2).all(|w| w[0] < w[1]), "the rest still go out in order");
        }
    }
}
