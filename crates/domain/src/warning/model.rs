//! Rule sets: the weights a watchlist is scored by.

use chrono::{DateTime, Utc};

use crate::schools::ids::id_type;
use crate::schools::kinds::vocabulary;

id_type!(
    /// Identifies one version of a rule set.
    RuleSetId
);

vocabulary!(
    /// Whether a rule set is in force.
    RuleStatus {
        Draft => "draft", "проект";
        Published => "published", "утверждён";
    }
);

/// A version of a rule set. The latest published version of any name is the one in force.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub id: RuleSetId,
    pub name: String,
    /// 1, then one more per new version of the same name.
    pub version: u32,
    /// Where the weights come from: a method, an order, an expert decision.
    pub source: String,
    /// Who recorded it: the principal's subject.
    pub author: String,
    /// Points per present parameter of each factor (by the factor's number); a factor not
    /// listed weighs `default_weight`.
    pub factor_weights: Vec<(u16, f64)>,
    pub default_weight: f64,
    /// Points per parameter that appeared since the previous audit, minus those per parameter
    /// resolved.
    pub trend_weight: f64,
    /// Points per unit of change of an indicator between a school's two latest periods: a
    /// positive weight for an indicator whose rise is a warning, a negative one for an
    /// indicator whose fall is.
    pub indicator_weights: Vec<(String, f64)>,
    pub status: RuleStatus,
    pub recorded_at: DateTime<Utc>,
}

impl RuleSet {
    pub fn weight(&self, factor: u16) -> f64 {
        self.factor_weights.iter().find(|(f, _)| *f == factor).map_or(self.default_weight, |(_, w)| *w)
    }
}
