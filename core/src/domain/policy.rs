//! Agency policy: the settings the SAKIP rules leave to each agency — the
//! predicate bands and the names of their scale, the default formula for negative indicators, an optional
//! cap on capaian, the value of capaian when a negative indicator has target
//! 0 and realisation 0, and the efficiency margin. Stored, not hard-coded;
//! `Policy::default()` is the Permendagri 86/2017 reading of `domain.md`.

use crate::domain::indicator_rule::NegativeFormula;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The qualitative reading of a capaian.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Predicate {
    SangatRendah,
    Rendah,
    Sedang,
    Tinggi,
    SangatTinggi,
}

impl Predicate {
    /// Lowest first.
    pub const ALL: [Predicate; 5] = [
        Predicate::SangatRendah,
        Predicate::Rendah,
        Predicate::Sedang,
        Predicate::Tinggi,
        Predicate::SangatTinggi,
    ];

    /// The name used in the reports (the same in both interface languages,
    /// as it is a term of the regulation).
    pub fn label(self) -> &'static str {
        match self {
            Predicate::SangatTinggi => "Sangat Tinggi",
            Predicate::Tinggi => "Tinggi",
            Predicate::Sedang => "Sedang",
            Predicate::Rendah => "Rendah",
            Predicate::SangatRendah => "Sangat Rendah",
        }
    }
}

/// A capaian at or above `min` (after rounding to two decimals) earns `predicate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub min: Decimal,
    pub predicate: Predicate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Highest band first; below the last band is `Predicate::SangatRendah`.
    pub bands: Vec<Band>,
    /// The formula for negative indicators that do not name their own.
    pub negative_formula: NegativeFormula,
    /// The highest capaian shown; `None` leaves capaian uncapped.
    pub cap: Option<Decimal>,
    /// Capaian of a negative indicator with T = 0 and R = 0; `None` makes it undefined.
    pub zero_target_zero_negative: Option<Decimal>,
    /// Capaian minus serapan above this many points reads "efisien".
    pub efficiency_margin: Decimal,
    /// A report flags a realisation that moved more than this percentage
    /// from the period before.
    #[serde(default = "default_far_from_previous")]
    pub far_from_previous: Decimal,
    /// The predicates' names in the agency's scale, lowest first (for
    /// example Sangat Kurang … Sangat Baik); none keeps the regulation's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<[String; 5]>,
}

/// The most characters a predicate's name may have.
pub const LABEL_MAX: usize = 40;

fn default_far_from_previous() -> Decimal {
    Decimal::from(50)
}

impl Default for Policy {
    fn default() -> Self {
        let band = |min: i64, predicate| Band { min: Decimal::from(min), predicate };
        Policy {
            bands: vec![
                band(91, Predicate::SangatTinggi),
                band(76, Predicate::Tinggi),
                band(66, Predicate::Sedang),
                band(51, Predicate::Rendah),
            ],
            negative_formula: NegativeFormula::TwiceTargetMinus,
            cap: None,
            zero_target_zero_negative: Some(Decimal::ONE_HUNDRED),
            efficiency_margin: Decimal::from(5),
            far_from_previous: default_far_from_previous(),
            labels: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error(
        "predicate bands must be given from the highest threshold down, each predicate lower than the one before"
    )]
    BandOrder,
    #[error("the capaian cap must be positive")]
    Cap,
    #[error("the efficiency margin must not be negative")]
    Margin,
    #[error("each predicate needs its own name of one line, at most 40 characters")]
    Labels,
}

impl PolicyError {
    /// The field the error is about, as the API names it.
    pub fn field(&self) -> &'static str {
        match self {
            PolicyError::BandOrder => "bands",
            PolicyError::Cap => "cap",
            PolicyError::Margin => "efficiency_margin",
            PolicyError::Labels => "labels",
        }
    }
}

impl Policy {
    /// The name of `predicate` in the agency's scale.
    pub fn label(&self, predicate: Predicate) -> &str {
        label_in(self.labels.as_ref(), predicate)
    }

    /// Checks that the settings make sense before they are stored.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let ordered = self
            .bands
            .windows(2)
            .all(|pair| pair[0].min > pair[1].min && pair[0].predicate > pair[1].predicate);
        let above_floor = self.bands.iter().all(|band| band.predicate > Predicate::SangatRendah);
        if !ordered || !above_floor {
            return Err(PolicyError::BandOrder);
        }
        if self.cap.is_some_and(|cap| cap <= Decimal::ZERO) {
            return Err(PolicyError::Cap);
        }
        if self.efficiency_margin < Decimal::ZERO {
            return Err(PolicyError::Margin);
        }
        if let Some(labels) = &self.labels {
            let fit = |l: &String| {
                let l = l.trim();
                !l.is_empty() && l.chars().count() <= LABEL_MAX && !l.contains(['\n', '\r'])
            };
            let mut names: Vec<String> = labels.iter().map(|l| l.trim().to_lowercase()).collect();
            names.sort();
            names.dedup();
            if !labels.iter().all(fit) || names.len() != labels.len() {
                return Err(PolicyError::Labels);
            }
        }
        Ok(())
    }

    /// The policy as kept: the names trimmed.
    pub fn tidied(mut self) -> Policy {
        if let Some(labels) = &mut self.labels {
            for label in labels.iter_mut() {
                *label = label.trim().to_owned();
            }
        }
        self
    }
}

/// The name of `predicate` among `labels` (lowest first), or the regulation's.
pub fn label_in(labels: Option<&[String; 5]>, predicate: Predicate) -> &str {
    let index = Predicate::ALL.iter().position(|p| *p == predicate).unwrap_or_default();
    labels.map_or(predicate.label(), |labels| labels[index].as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_policy_is_valid_and_follows_the_regulation() {
        let policy = Policy::default();
        assert_eq!(policy.validate(), Ok(()));
        assert_eq!(policy.bands.len(), 4);
        assert_eq!(policy.cap, None);
        assert_eq!(policy.negative_formula, NegativeFormula::TwiceTargetMinus);
    }

    #[test]
    fn refuses_bands_out_of_order_and_nonsense_limits() {
        let mut policy = Policy::default();
        policy.bands.swap(0, 1);
        assert_eq!(policy.validate(), Err(PolicyError::BandOrder));
        let mut policy = Policy::default();
        policy.bands[3].predicate = Predicate::SangatRendah;
        assert_eq!(policy.validate(), Err(PolicyError::BandOrder));
        let policy = Policy { cap: Some(Decimal::ZERO), ..Policy::default() };
        assert_eq!(policy.validate(), Err(PolicyError::Cap));
        let policy = Policy { efficiency_margin: Decimal::NEGATIVE_ONE, ..Policy::default() };
        assert_eq!(policy.validate(), Err(PolicyError::Margin));
        let fields = [PolicyError::BandOrder, PolicyError::Cap, PolicyError::Margin].map(|e| e.field());
        assert_eq!(fields, ["bands", "cap", "efficiency_margin"]);
    }

    #[test]
    fn predicates_have_their_regulation_names() {
        assert_eq!(Predicate::SangatTinggi.label(), "Sangat Tinggi");
        assert_eq!(Predicate::SangatRendah.label(), "Sangat Rendah");
        assert_eq!(Policy::default().label(Predicate::Sedang), "Sedang");
    }

    fn scale(names: [&str; 5]) -> Policy {
        Policy { labels: Some(names.map(str::to_owned)), ..Policy::default() }
    }

    #[test]
    fn an_agency_may_name_the_predicates_in_its_own_scale() {
        let kualitas = scale(["Sangat Kurang", "Kurang", "Cukup", "Baik", " Sangat Baik "]);
        assert_eq!(kualitas.validate(), Ok(()));
        assert_eq!(kualitas.clone().tidied().label(Predicate::SangatTinggi), "Sangat Baik");
        assert_eq!(kualitas.label(Predicate::SangatRendah), "Sangat Kurang");
        for bad in [
            scale(["Kurang", "Kurang", "Cukup", "Baik", "Sangat Baik"]),
            scale(["", "Kurang", "Cukup", "Baik", "Sangat Baik"]),
            scale(["Sangat\nKurang", "Kurang", "Cukup", "Baik", "Sangat Baik"]),
            scale([&"x".repeat(LABEL_MAX + 1), "Kurang", "Cukup", "Baik", "Sangat Baik"]),
        ] {
            assert_eq!(bad.validate(), Err(PolicyError::Labels));
        }
    }
}
