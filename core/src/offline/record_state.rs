//! What each record's row shows beside its values — changes waiting to be
//! sent, refusals, a conflict on the server, the evidence attached — for
//! every record at once. A page of many rows groups the queue and the
//! records once per change with this, instead of each row walking the whole
//! queue and every record (51 rows × 700 records after every keystroke).

use crate::api::sync::Op;
use crate::domain::sync::{ATTACHED, Key};
use crate::offline::outbox::Entry;
use crate::offline::replica::{Held, Overlay, Seen};
use std::collections::HashMap;

/// One refused op: its id (to let it go), the refusal's code, and the
/// values it asked for, joined for display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub op_id: String,
    pub code: String,
    pub asked: String,
}

/// A record's state beside its values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordState {
    /// Changes to it waiting to be sent.
    pub unsent: usize,
    pub refused: Vec<Refusal>,
    /// The server holds an unresolved conflict on it.
    pub conflicted: bool,
    /// For a realisation: its evidence attached as the user sees it
    /// (evidence key, file name), in key order.
    pub evidence: Vec<(Key, String)>,
}

/// The realisation an evidence record belongs to.
fn realisation_of(key: &Key) -> Option<Key> {
    match key {
        Key::Evidence { indicator_id, unit_id, period, .. } => Some(Key::Realisation {
            indicator_id: indicator_id.clone(),
            unit_id: unit_id.clone(),
            period: *period,
        }),
        _ => None,
    }
}

/// The state of every record with something to show; a record left out
/// shows nothing (`RecordState::default()`). `entries`: the outbox, oldest
/// first; `unstored`: edits still being written to the device, which count
/// as waiting.
pub fn record_states(
    held: &HashMap<Key, Held>,
    entries: &[Entry],
    unstored: &[Op],
) -> HashMap<Key, RecordState> {
    let mut states: HashMap<Key, RecordState> = HashMap::new();
    for entry in entries {
        let state = states.entry(entry.op.key.clone()).or_default();
        match &entry.refused {
            None => state.unsent += 1,
            Some(refused) => state.refused.push(Refusal {
                op_id: entry.op.op_id.clone(),
                code: refused.code.clone(),
                asked: entry.op.new.values().filter_map(|v| v.as_deref()).collect::<Vec<_>>().join(", "),
            }),
        }
    }
    for op in unstored {
        states.entry(op.key.clone()).or_default().unsent += 1;
    }
    for record in held.values().filter(|h| h.conflicted) {
        states.entry(record.key.clone()).or_default().conflicted = true;
    }
    let waiting = entries.iter().filter(|e| e.refused.is_none()).map(|e| &e.op).chain(unstored);
    let overlay = Overlay::new(held, waiting);
    let mut evidence: Vec<&Key> = held
        .keys()
        .chain(entries.iter().map(|e| &e.op.key))
        .chain(unstored.iter().map(|op| &op.key))
        .filter(|key| matches!(key, Key::Evidence { .. }))
        .collect();
    evidence.sort();
    evidence.dedup();
    for key in evidence {
        let values = overlay.values(key);
        let text = |field: &str| values.get(field).cloned().flatten().unwrap_or_default();
        if let Some(realisation) = realisation_of(key).filter(|_| text("status") == ATTACHED) {
            states.entry(realisation).or_default().evidence.push((key.clone(), text("file_name")));
        }
    }
    states
}

#[cfg(test)]
mod tests;
