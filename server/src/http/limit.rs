//! Rate limits kept in memory (one server instance holds them): at most
//! `max` events per key within a sliding `window`. Sign-in counts failed
//! attempts per user name; sync counts pushes per session.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimiter {
    max: usize,
    window: Duration,
    events: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(max: usize, window: Duration) -> RateLimiter {
        RateLimiter { max: max.max(1), window, events: Mutex::default() }
    }

    /// Failed sign-ins: 5 per user name in 15 minutes.
    pub fn sign_in() -> RateLimiter {
        RateLimiter::new(5, Duration::from_secs(15 * 60))
    }

    fn key(key: &str) -> String {
        key.trim().to_lowercase()
    }

    /// `Some(wait)` when `key` must wait before the next event.
    pub fn blocked(&self, key: &str, now: Instant) -> Option<Duration> {
        let mut events = self.events.lock().unwrap_or_else(|poison| poison.into_inner());
        let list = events.get_mut(&RateLimiter::key(key))?;
        while list.front().is_some_and(|at| now.duration_since(*at) >= self.window) {
            list.pop_front();
        }
        (list.len() >= self.max).then(|| self.window - now.duration_since(list[0]))
    }

    pub fn record(&self, key: &str, now: Instant) {
        let mut events = self.events.lock().unwrap_or_else(|poison| poison.into_inner());
        let list = events.entry(RateLimiter::key(key)).or_default();
        list.push_back(now);
        if list.len() > self.max {
            list.pop_front();
        }
    }

    pub fn clear(&self, key: &str) {
        let mut events = self.events.lock().unwrap_or_else(|poison| poison.into_inner());
        events.remove(&RateLimiter::key(key));
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
            assert_eq!(limiter.blocked("Admin", start), None, "attempt {i}");
            limiter.record("admin ", start);
        }
        assert!(limiter.blocked("ADMIN", start).is_some());
        assert_eq!(limiter.blocked("someone-else", start), None);
        assert_eq!(limiter.blocked("admin", start + window), None);
        limiter.record("admin", start);
        limiter.clear("admin");
        assert_eq!(limiter.blocked("admin", start), None);
    }

    #[test]
    fn the_limit_is_per_window() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let start = Instant::now();
        limiter.record("s", start);
        limiter.record("s", start + Duration::from_secs(30));
        assert_eq!(limiter.blocked("s", start + Duration::from_secs(31)), Some(Duration::from_secs(29)));
        assert_eq!(limiter.blocked("s", start + Duration::from_secs(60)), None);
    }
}
