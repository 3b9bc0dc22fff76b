//! Sign-in attempt limiting: after `MAX_FAILURES` failed attempts for one
//! user name within `WINDOW`, further attempts are refused until the oldest
//! failure leaves the window. Kept in memory: one server instance holds it.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MAX_FAILURES: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    fn key(username: &str) -> String {
        username.trim().to_lowercase()
    }

    /// `Some(wait)` when `username` must wait before trying again.
    pub fn blocked(&self, username: &str, now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|poison| poison.into_inner());
        let list = failures.get_mut(&LoginLimiter::key(username))?;
        while list.front().is_some_and(|at| now.duration_since(*at) >= WINDOW) {
            list.pop_front();
        }
        (list.len() >= MAX_FAILURES).then(|| WINDOW - now.duration_since(list[0]))
    }

    pub fn record_failure(&self, username: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|poison| poison.into_inner());
        let list = failures.entry(LoginLimiter::key(username)).or_default();
        list.push_back(now);
        if list.len() > MAX_FAILURES {
            list.pop_front();
        }
    }

    pub fn clear(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|poison| poison.into_inner());
        failures.remove(&LoginLimiter::key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_repeated_failures_until_the_window_passes() {
        let limiter = LoginLimiter::default();
        let start = Instant::now();
        for i in 0..MAX_FAILURES {
            assert_eq!(limiter.blocked("Admin", start), None, "attempt {i}");
            limiter.record_failure("admin ", start);
        }
        assert!(limiter.blocked("ADMIN", start).is_some());
        assert_eq!(limiter.blocked("someone-else", start), None);
        assert_eq!(limiter.blocked("admin", start + WINDOW), None);
        limiter.record_failure("admin", start);
        limiter.clear("admin");
        assert_eq!(limiter.blocked("admin", start), None);
    }
}
