//! When a device's next sync round starts. One timer holds it: a round
//! that synced waits the period; a failed one backs off — doubling with
//! jitter up to a cap, so a long outage costs a request every few minutes
//! and devices cut off together do not return together — and never sooner
//! than the server's `Retry-After`; a session that ended waits for the user
//! to sign in. The browser's `online` event and the user's "sync now" start
//! a round at once, whatever the timer says (`kinerja_app::ui::device`).

/// The pause after a round that synced.
pub const PERIOD_MS: u64 = 30_000;
/// The first pause after a failure.
const FIRST_RETRY_MS: u64 = 2_000;
/// The longest back-off pause (before jitter).
const MOST_RETRY_MS: u64 = 300_000;
/// The longest `Retry-After` obeyed: a longer one is a mistake, not a plan.
const MOST_RETRY_AFTER_S: u64 = 3_600;

/// How a round ended, as far as the schedule cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    Synced,
    /// The session ended: nothing to retry until the user signs in again.
    SignedOut,
    /// Any other failure: `attempt` failures in a row (1 for the first),
    /// and the server's `Retry-After` in seconds, if it sent one.
    Failed {
        attempt: u32,
        retry_after_s: Option<u64>,
    },
}

/// The pause before retry number `attempt` (0 = the first retry), in
/// milliseconds: doubling from 2 s up to 5 minutes, plus `jitter` (0..1) of
/// half of itself.
pub fn retry_delay_ms(attempt: u32, jitter: f64) -> u64 {
    let base = FIRST_RETRY_MS.saturating_mul(1u64 << attempt.min(20)).min(MOST_RETRY_MS);
    base + (base as f64 * jitter.clamp(0.0, 1.0) / 2.0) as u64
}

/// The pause before the next round after one `ended`, in milliseconds;
/// `None` when only the user can start it.
pub fn next_round_ms(ended: Ended, jitter: f64) -> Option<u64> {
    match ended {
        Ended::Synced => Some(PERIOD_MS),
        Ended::SignedOut => None,
        Ended::Failed { attempt, retry_after_s } => {
            let asked = retry_after_s.unwrap_or(0).min(MOST_RETRY_AFTER_S) * 1_000;
            Some(retry_delay_ms(attempt.saturating_sub(1), jitter).max(asked))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn retries_back_off_to_five_minutes() {
        assert_eq!(retry_delay_ms(0, 0.0), 2_000);
        assert_eq!(retry_delay_ms(1, 0.0), 4_000);
        assert_eq!(retry_delay_ms(3, 1.0), 24_000);
        assert_eq!(retry_delay_ms(12, 0.0), 300_000);
        assert_eq!(retry_delay_ms(u32::MAX, 0.0), 300_000);
    }

    #[test]
    fn a_synced_round_waits_the_period_and_a_signed_out_one_waits_for_the_user() {
        assert_eq!(next_round_ms(Ended::Synced, 0.7), Some(PERIOD_MS));
        assert_eq!(next_round_ms(Ended::SignedOut, 0.7), None);
        assert_eq!(next_round_ms(Ended::Failed { attempt: 1, retry_after_s: None }, 0.0), Some(2_000));
        assert_eq!(next_round_ms(Ended::Failed { attempt: 1, retry_after_s: Some(120) }, 0.0), Some(120_000));
        assert_eq!(next_round_ms(Ended::Failed { attempt: 9, retry_after_s: Some(120) }, 0.0), Some(300_000));
        assert_eq!(
            next_round_ms(Ended::Failed { attempt: 1, retry_after_s: Some(u64::MAX) }, 0.0),
            Some(3_600_000)
        );
    }

    /// The rounds a server down for `outage_ms` sees, the first at 0.
    fn rounds_during(outage_ms: u64, jitter: f64) -> u32 {
        let (mut at, mut rounds) = (0u64, 0u32);
        while at < outage_ms {
            rounds += 1;
            at += next_round_ms(Ended::Failed { attempt: rounds, retry_after_s: None }, jitter).unwrap();
        }
        rounds
    }

    #[test]
    fn a_five_minute_outage_costs_at_most_eight_rounds() {
        assert_eq!(rounds_during(300_000, 0.0), 8);
        assert_eq!(rounds_during(3_600_000, 0.0), 19, "then one every five minutes");
    }

    proptest! {
        #[test]
        fn a_retry_is_never_sooner_than_asked_nor_later_than_the_cap_allows(attempt in 1u32..100, jitter in 0.0f64..1.0, after in proptest::option::of(0u64..10_000)) {
            let pause = next_round_ms(Ended::Failed { attempt, retry_after_s: after }, jitter).unwrap();
            prop_assert!(pause >= after.unwrap_or(0).min(MOST_RETRY_AFTER_S) * 1_000);
            prop_assert!(pause >= FIRST_RETRY_MS);
            prop_assert!(pause <= (MOST_RETRY_MS * 3 / 2).max(MOST_RETRY_AFTER_S * 1_000));
            prop_assert!(rounds_during(300_000, jitter) <= 8);
        }
    }
}
