//! The attributes of a performance indicator (IKU) that the rules depend on:
//! which direction is better, how values combine over time, how its quarter
//! targets are written, and how often data is entered.

use crate::domain::period::Level;
use serde::{Deserialize, Serialize};

/// Which direction is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    /// Higher is better (documents processed, index values).
    Positive,
    /// Lower is better (pollution cases, waste dumped).
    Negative,
}

/// How the values entered for the entry periods inside a period (months or
/// quarters, by the frequency) make the period's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    /// Counts and flows: the sum of the entry periods with data.
    Sum,
    /// Stock measures (indices, coverage): the latest entry period with data.
    Last,
    /// Rates measured repeatedly: the mean of the entry periods with data
    /// (never a mean of means).
    Average,
    /// The highest entry.
    Max,
    /// The lowest entry.
    Min,
}

/// How the quarter targets of the Rencana Aksi are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetMode {
    /// Each quarter's target is the level to reach by its end, so the TW IV
    /// target equals the annual target.
    Cumulative,
    /// Each quarter's target covers that quarter alone.
    PerPeriod,
}

/// How often realisations are entered: the finest period of the indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Monthly,
    Quarterly,
}

impl Frequency {
    /// The period level at which values are entered.
    pub fn entry_level(self) -> Level {
        match self {
            Frequency::Monthly => Level::Month,
            Frequency::Quarterly => Level::Quarter,
        }
    }
}

/// The capaian formula for a negative-polarity indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NegativeFormula {
    /// `(2T − R) / T × 100`, the default.
    TwiceTargetMinus,
    /// `T / R × 100`.
    Inverse,
}

/// Everything about an indicator that the capaian and aggregation rules read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IndicatorRule {
    pub polarity: Polarity,
    pub aggregation: Aggregation,
    pub target_mode: TargetMode,
    pub frequency: Frequency,
    /// The indicator's own negative formula; `None` follows the agency policy.
    pub negative_formula: Option<NegativeFormula>,
    /// Decimal places shown for its values.
    pub decimals: u8,
}

impl Default for IndicatorRule {
    fn default() -> Self {
        IndicatorRule {
            polarity: Polarity::Positive,
            aggregation: Aggregation::Sum,
            target_mode: TargetMode::PerPeriod,
            frequency: Frequency::Monthly,
            negative_formula: None,
            decimals: 2,
        }
    }
}
