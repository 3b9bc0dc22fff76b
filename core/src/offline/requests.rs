//! Workflow writes made on the device — a cycle's step action, a new Lembar
//! Disposisi, a receipt signed — kept until the server has answered them,
//! so the person acting can act offline as they enter data offline. Each
//! is an idempotent request (its body carries the id the client made, or
//! repeating it changes nothing), sent oldest first by the user who made
//! it and nobody else; a refusal stays, with the server's reason, until
//! that user lets it go. Plain Rust without I/O: the browser keeps the
//! queue in IndexedDB (`store`) and sends it with gloo-net.

use crate::offline::outbox::Failure;
use serde::{Deserialize, Serialize};

/// What a queued request does, for the lists that show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    CycleAction,
    IssueDisposition,
    SignDisposition,
}

/// The server's refusal of a request, kept for its sender to read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub status: u16,
    pub code: String,
    pub message: String,
}

/// One write waiting on the device: `POST path` with `body`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queued {
    /// Made on the device; the store's key.
    pub id: String,
    /// The signed-in user who made it; only their session sends it.
    pub user_id: String,
    pub kind: RequestKind,
    pub path: String,
    pub body: serde_json::Value,
    /// When it was made, RFC 3339 (the queue's order).
    pub created: String,
    pub refused: Option<Refusal>,
}

/// What an attempt to send a request means for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Answered: it is done and leaves the queue.
    Delivered,
    /// Not answered (offline, signed out, the server busy or failing): it
    /// stays as it is, and the round stops to keep the order.
    Kept,
    /// Refused for what it asks: it stays, marked, until dismissed.
    Refused(Refusal),
}

impl Fate {
    /// The fate of a request that failed with `failure` and `message`.
    pub fn of_failure(failure: Failure, message: String) -> Fate {
        match failure {
            Failure::Refused { status, code } => Fate::Refused(Refusal { status, code, message }),
            Failure::Network | Failure::SignedOut | Failure::Server(_) => Fate::Kept,
        }
    }
}

/// The device's queued requests, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Requests {
    pub items: Vec<Queued>,
}

impl Requests {
    pub fn new(mut items: Vec<Queued>) -> Requests {
        items.sort_by(|a, b| (&a.created, &a.id).cmp(&(&b.created, &b.id)));
        Requests { items }
    }

    /// Adds a request at the end (a known id changes nothing).
    pub fn add(&mut self, queued: Queued) {
        if !self.items.iter().any(|q| q.id == queued.id) {
            self.items.push(queued);
        }
    }

    /// The requests `user_id` still has to send, oldest first.
    pub fn pending<'a>(&'a self, user_id: &'a str) -> impl Iterator<Item = &'a Queued> + 'a {
        self.items.iter().filter(move |q| q.refused.is_none() && q.user_id == user_id)
    }

    /// How many requests wait to be sent, whoever made them.
    pub fn unsent(&self) -> usize {
        self.items.iter().filter(|q| q.refused.is_none()).count()
    }

    /// Applies what an attempt to send request `id` came to; returns the
    /// request as it now stands (`None` once delivered or unknown).
    pub fn settle(&mut self, id: &str, fate: Fate) -> Option<&Queued> {
        let index = self.items.iter().position(|q| q.id == id)?;
        match fate {
            Fate::Delivered => {
                self.items.remove(index);
                None
            }
            Fate::Kept => Some(&self.items[index]),
            Fate::Refused(refusal) => {
                self.items[index].refused = Some(refusal);
                Some(&self.items[index])
            }
        }
    }

    /// Lets go of a refused request; one still to be sent is kept.
    pub fn dismiss(&mut self, id: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|q| !(q.id == id && q.refused.is_some()));
        self.items.len() < before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn queued(id: &str, user: &str, created: &str) -> Queued {
        Queued {
            id: id.into(),
            user_id: user.into(),
            kind: RequestKind::CycleAction,
            path: "/api/v1/cycles/2026-TW1/actions".into(),
            body: serde_json::json!({ "id": id }),
            created: created.into(),
            refused: None,
        }
    }

    fn refusal(code: &str) -> Refusal {
        Refusal { status: 409, code: code.into(), message: format!("{code} message") }
    }

    #[test]
    fn requests_go_oldest_first_and_only_for_their_user() {
        let requests = Requests::new(vec![
            queued("c", "kasi", "2026-11-30T10:02:00Z"),
            queued("a", "kasi", "2026-11-30T10:00:00Z"),
            queued("b", "sekretaris", "2026-11-30T10:01:00Z"),
        ]);
        let ids: Vec<&str> = requests.pending("kasi").map(|q| q.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert_eq!(requests.unsent(), 3);
    }

    #[test]
    fn failures_keep_or_refuse_by_their_kind() {
        assert_eq!(Fate::of_failure(Failure::Network, String::new()), Fate::Kept);
        assert_eq!(Fate::of_failure(Failure::SignedOut, String::new()), Fate::Kept);
        assert_eq!(Fate::of_failure(Failure::Server(503), String::new()), Fate::Kept);
        assert_eq!(Fate::of_failure(Failure::Server(429), String::new()), Fate::Kept);
        let refused =
            Fate::of_failure(Failure::Refused { status: 409, code: "not_your_turn".into() }, "m".into());
        assert_eq!(
            refused,
            Fate::Refused(Refusal { status: 409, code: "not_your_turn".into(), message: "m".into() })
        );
    }

    #[test]
    fn a_refused_request_stays_until_dismissed_and_a_pending_one_cannot_be() {
        let mut requests = Requests::new(vec![
            queued("a", "kasi", "2026-11-30T10:00:00Z"),
            queued("b", "kasi", "2026-11-30T10:01:00Z"),
        ]);
        assert!(!requests.dismiss("a"), "a request still to be sent is not let go");
        let held = requests.settle("a", Fate::Refused(refusal("not_your_turn"))).cloned();
        assert_eq!(held.and_then(|q| q.refused).map(|r| r.code), Some("not_your_turn".to_owned()));
        assert_eq!(requests.pending("kasi").map(|q| q.id.as_str()).collect::<Vec<_>>(), ["b"]);
        assert!(requests.dismiss("a"));
        assert_eq!(requests.items.len(), 1);
    }

    proptest! {
        /// Whatever the answers, a request leaves the queue only when the
        /// server answered it or its sender dismissed its refusal, and the
        /// order of those left never changes.
        #[test]
        fn nothing_leaves_the_queue_unanswered(
            fates in proptest::collection::vec(0u8..3, 1..20),
            dismiss in proptest::collection::vec(any::<bool>(), 20),
        ) {
            let items: Vec<Queued> = (0..fates.len())
                .map(|i| queued(&format!("r{i:02}"), "kasi", &format!("2026-11-30T10:{i:02}:00Z")))
                .collect();
            let mut requests = Requests::new(items.clone());
            for (i, fate) in fates.iter().enumerate() {
                let fate = match fate {
                    0 => Fate::Delivered,
                    1 => Fate::Kept,
                    _ => Fate::Refused(refusal("forbidden")),
                };
                requests.settle(&items[i].id, fate);
                if dismiss[i] {
                    requests.dismiss(&items[i].id);
                }
            }
            for (i, item) in items.iter().enumerate() {
                let held = requests.items.iter().any(|q| q.id == item.id);
                let gone = fates[i] == 0 || (fates[i] == 2 && dismiss[i]);
                prop_assert_eq!(held, !gone);
            }
            let ids: Vec<&String> = requests.items.iter().map(|q| &q.id).collect();
            let mut sorted = ids.clone();
            sorted.sort();
            prop_assert_eq!(ids, sorted);
            prop_assert_eq!(requests.unsent(), fates.iter().filter(|f| **f == 1).count());
        }
    }
}
