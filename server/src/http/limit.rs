//! Rate limits: at most `max` events per key within a sliding `window`.
//! Sign-in counts failed attempts per user name and per client address;
//! sync counts pushes per session; password changes count attempts per
//! user. A `SharedLimit` keeps them where every server of the deployment
//! sees them: in memory when one server owns a SQLite file, in the database
//! when instances share PostgreSQL (`db::rate_events`).
//!
//! An event is counted when it is *taken* (`take`), before the slow work it
//! guards, so parallel requests cannot all pass the check before any is
//! recorded; a sign-in that succeeds gives its slot back (`give_back`).
//! Memory is bounded: keys expire with their last event, and past `capacity`
//! keys the stalest is dropped.

use crate::db::{Backend, Db};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The most keys one limiter keeps.
pub const CAPACITY: usize = 10_000;

#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    capacity: usize,
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter::with_capacity(max, window, CAPACITY)
    }

    fn with_capacity(max: usize, window: Duration, capacity: usize) -> RateLimiter {
        RateLimiter { max: max.max(1), window, capacity: capacity.max(1), events: Mutex::default() }
    }

    /// Failed sign-ins: 5 per user name in 15 minutes.
    pub fn sign_in() -> RateLimiter {
        RateLimiter::new(5, Duration::from_secs(15 * 60))
    }

    /// Failed sign-ins from one client address: 30 in 15 minutes (a whole
    /// office behind one address mistyping now and then stays well below).
    pub fn sign_in_per_address() -> RateLimiter {
        RateLimiter::new(30, Duration::from_secs(15 * 60))
    }

    /// Password change attempts: 5 per user in 15 minutes.
    pub fn password_change() -> RateLimiter {
        RateLimiter::new(5, Duration::from_secs(15 * 60))
    }

    /// Sync pushes of one session: `per_minute` a minute.
    pub fn pushes(per_minute: usize) -> RateLimiter {
        RateLimiter::new(per_minute, Duration::from_secs(60))
    }

    fn key(key: &str) -> String {
        key.trim().to_lowercase()
    }

    /// Counts an event for `key` now, or `Err(wait)` when the key has used
    /// its events for the window (nothing is counted then).
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        let mut events = self.events.lock().unwrap_or_else(|poison| poison.into_inner());
        let key = RateLimiter::key(key);
        if let Some(list) = events.get_mut(&key) {
            self.expire(list, now);
            if list.len() >= self.max {
                return Err(self.window - now.duration_since(list[0]));
            }
        } else if events.len() >= self.capacity {
            events.retain(|_, list| list.back().is_some_and(|last| now.duration_since(*last) < self.window));
            if events.len() >= self.capacity
                && let Some(stalest) =
                    events.iter().min_by_key(|(_, list)| list.back().copied()).map(|(k, _)| k.clone())
            {
                events.remove(&stalest);
            }
        }
        events.entry(key).or_default().push_back(now);
        Ok(())
    }

    /// Returns the latest event of `key` (the guarded work went well).
    pub fn give_back(&self, key: &str) {
        let mut events = self.events.lock().unwrap_or_else(|poison| poison.into_inner());
        let key = RateLimiter::key(key);
        if let Some(list) = events.get_mut(&key) {
            list.pop_back();
            if list.is_empty() {
                events.remove(&key);
            }
        }
    }

    /// Forgets every event of `key`.
    pub fn clear(&self, key: &str) {
        let mut events = self.events.lock().unwrap_or_else(|poison| poison.into_inner());
        events.remove(&RateLimiter::key(key));
    }

    /// How many keys are kept.
    pub fn keys(&self) -> usize {
        self.events.lock().unwrap_or_else(|poison| poison.into_inner()).len()
    }

    fn expire(&self, list: &mut VecDeque<Instant>, now: Instant) {
        while list.front().is_some_and(|at| now.duration_since(*at) >= self.window) {
            list.pop_front();
        }
    }
}

/// A rate limit counted where every server of the deployment sees it.
#[derive(Debug)]
pub struct SharedLimit {
    name: &'static str,
    memory: RateLimiter,
    /// The database the instances share (PostgreSQL), if any.
    shared: Option<Db>,
}

impl SharedLimit {
    /// The limit `memory` describes, named `name` in the database.
    pub fn new(name: &'static str, memory: RateLimiter, db: &Db) -> SharedLimit {
        SharedLimit { name, memory, shared: (db.backend() == Backend::Postgres).then(|| db.clone()) }
    }

    /// Counts an event for `key` now, or `Err(wait)` (nothing counted).
    /// Should the shared database not answer, this instance counts alone.
    pub async fn take(&self, key: &str) -> Result<(), Duration> {
        if let Some(db) = &self.shared {
            let key = RateLimiter::key(key);
            match db.take_rate_event(self.name, &key, self.memory.max, self.memory.window).await {
                Ok(answer) => return answer,
                Err(error) => tracing::warn!(%error, limit = self.name, "counting in this instance alone"),
            }
        }
        self.memory.take(key, Instant::now())
    }

    /// Returns the latest event of `key`.
    pub async fn give_back(&self, key: &str) {
        if let Some(db) = &self.shared
            && let Err(error) = db.give_back_rate_event(self.name, &RateLimiter::key(key)).await
        {
            tracing::warn!(%error, limit = self.name, "cannot give an event back");
        }
        self.memory.give_back(key);
    }

    /// Forgets every event of `key`.
    pub async fn clear(&self, key: &str) {
        if let Some(db) = &self.shared
            && let Err(error) = db.clear_rate_events(self.name, &RateLimiter::key(key)).await
        {
            tracing::warn!(%error, limit = self.name, "cannot clear events");
        }
        self.memory.clear(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_repeated_events_until_the_window_passes() {
        let limiter = RateLimiter::sign_in();
        let window = Duration::from_secs(15 * 60);
        let start = Instant::now();
        for i in 0..5 {
            assert_eq!(limiter.take("admin ", start), Ok(()), "attempt {i}");
        }
        assert!(limiter.take("ADMIN", start).is_err());
        assert_eq!(limiter.take("someone-else", start), Ok(()));
        assert_eq!(limiter.take("admin", start + window), Ok(()));
        limiter.clear("admin");
        assert_eq!(limiter.take("admin", start), Ok(()));
    }

    #[test]
    fn the_limit_is_per_window_and_a_refused_event_is_not_counted() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert_eq!(limiter.take("s", start), Ok(()));
        assert_eq!(limiter.take("s", start + Duration::from_secs(30)), Ok(()));
        assert_eq!(limiter.take("s", start + Duration::from_secs(31)), Err(Duration::from_secs(29)));
        assert_eq!(limiter.take("s", start + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn a_slot_given_back_is_free_again() {
        let limiter = RateLimiter::new(1, Duration::from_secs(60));
        let now = Instant::now();
        assert_eq!(limiter.take("kasi", now), Ok(()));
        limiter.give_back("kasi");
        assert_eq!(limiter.take("kasi", now), Ok(()));
        assert!(limiter.take("kasi", now).is_err());
        assert_eq!(limiter.keys(), 1);
    }

    #[test]
    fn memory_is_bounded_by_the_capacity_dropping_expired_then_stalest_keys() {
        let limiter = RateLimiter::with_capacity(5, Duration::from_secs(60), 100);
        let start = Instant::now();
        for n in 0..1_000u64 {
            assert_eq!(limiter.take(&format!("user-{n}"), start + Duration::from_millis(n)), Ok(()));
        }
        assert_eq!(limiter.keys(), 100);
        let later = start + Duration::from_secs(120);
        assert_eq!(limiter.take("fresh", later), Ok(()));
        assert_eq!(limiter.keys(), 1, "expired keys are dropped first");
    }
}
