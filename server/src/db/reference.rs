//! The reference data every sync decision reads — the unit tree, the
//! indicators with their reporting units, each programme's unit — kept in
//! memory between pushes instead of being read four queries at a time for
//! each. Every write of units, indicators or programmes in this process
//! forgets it; a generation number keeps a load that raced such a write
//! from storing what it read. (Several server instances will need a shared
//! signal instead; see docs/sync-protocol.md.)

use super::Db;
use kinerja_core::domain::org::UnitTree;
use kinerja_core::domain::plan::Indicator;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

#[derive(Debug)]
pub(crate) struct Reference {
    pub tree: UnitTree,
    pub indicators: HashMap<String, Indicator>,
    pub programs: HashMap<String, Option<String>>,
}

/// The cached reference data and its generation.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    held: RwLock<Option<Arc<Reference>>>,
    generation: AtomicU64,
}

impl Db {
    /// The reference data, from memory when nothing changed since it was read.
    pub(crate) async fn reference(&self) -> Result<Arc<Reference>, sqlx::Error> {
        let cache = &self.reference;
        if let Some(held) = cache.held.read().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(held);
        }
        let generation = cache.generation.load(Ordering::SeqCst);
        let loaded = Arc::new(Reference {
            tree: self.unit_tree().await?,
            indicators: self.indicators().await?.into_iter().map(|i| (i.id.clone(), i)).collect(),
            programs: self.program_units().await?,
        });
        let mut held = cache.held.write().unwrap_or_else(|p| p.into_inner());
        if cache.generation.load(Ordering::SeqCst) == generation {
            *held = Some(loaded.clone());
        }
        Ok(loaded)
    }

    /// Drops the cached reference data after a write of units, indicators or programmes.
    pub(crate) fn forget_reference(&self) {
        let cache = &self.reference;
        let mut held = cache.held.write().unwrap_or_else(|p| p.into_inner());
        cache.generation.fetch_add(1, Ordering::SeqCst);
        *held = None;
    }
}
