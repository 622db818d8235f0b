//! Rule-set use cases: defining a version, reading the one in force.

use std::sync::Arc;

use super::model::{RuleSet, RuleSetId, RuleStatus};
use super::ports::WarningRepository;
use crate::access::{Actor, Kept, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::error::ServiceError;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::schools::{MunicipalityId, Name, RegionId};

type Result<T> = std::result::Result<T, ServiceError>;

impl Audited for RuleSet {
    const ENTITY: &'static str = "watch_rule_set";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (None, None)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("name", AuditValue::Text(self.name.clone())),
            ("version", AuditValue::Integer(i64::from(self.version))),
            ("status", AuditValue::Text(self.status.code().to_owned())),
        ]
    }
}

/// A rule set as a client states it.
#[derive(Debug, Clone)]
pub struct RuleDraft {
    pub name: String,
    pub source: String,
    pub factor_weights: Vec<(i64, f64)>,
    pub default_weight: f64,
    pub trend_weight: f64,
    /// `(indicator code, points per unit of change)`.
    pub indicator_weights: Vec<(String, f64)>,
    pub publish: bool,
}

#[derive(Clone)]
pub struct WarningService {
    repo: Arc<dyn WarningRepository>,
}

impl std::fmt::Debug for WarningService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarningService").finish_non_exhaustive()
    }
}

/// Weights stay within what a reader can follow.
const MAX_WEIGHT: f64 = 1_000.0;

fn weight(field: &str, w: f64, errors: &mut ValidationErrors) -> f64 {
    if !w.is_finite() || w.abs() > MAX_WEIGHT {
        errors.push(field, "out_of_range", format!("a weight lies between -{MAX_WEIGHT} and {MAX_WEIGHT}"));
    }
    w
}

impl WarningService {
    pub fn new(repo: Arc<dyn WarningRepository>) -> Self {
        Self { repo }
    }

    /// At most this many indicators weigh in a rule set.
    pub const MAX_INDICATORS: usize = 20;

    /// Every version of every rule set, oldest first.
    pub async fn rule_sets(&self, actor: &Actor) -> Result<Vec<RuleSet>> {
        actor.reach_of(Kept::WorkingReference).map_err(ServiceError::denied("watch_rule_set", "list"))?;
        Ok(self.repo.rule_sets().await?)
    }

    /// The latest published version, if any was published.
    pub async fn in_force(&self, actor: &Actor) -> Result<Option<RuleSet>> {
        let all = self.rule_sets(actor).await?;
        Ok(all.into_iter().filter(|r| r.status == RuleStatus::Published).max_by_key(|r| r.recorded_at))
    }

    /// A rule set checked as a draft would be, for a dry run: nothing is stored.
    pub async fn check(&self, actor: &Actor, draft: &RuleDraft) -> Result<RuleSet> {
        actor.reach_of(Kept::WorkingReference).map_err(ServiceError::denied("watch_rule_set", "draft"))?;
        let known = self.indicator_codes().await?;
        Ok(self.read(actor, draft, 0, &known)?)
    }

    async fn indicator_codes(&self) -> Result<Vec<String>> {
        Ok(self.repo.indicator_codes().await?)
    }

    fn read(
        &self,
        actor: &Actor,
        draft: &RuleDraft,
        version: u32,
        known: &[String],
    ) -> std::result::Result<RuleSet, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        if draft.indicator_weights.len() > Self::MAX_INDICATORS {
            errors.push("indicatorWeights", "too_long", format!("lists more than {} indicators", Self::MAX_INDICATORS));
        }
        let mut indicator_weights: Vec<(String, f64)> = Vec::new();
        for (i, (code, w)) in draft.indicator_weights.iter().take(Self::MAX_INDICATORS).enumerate() {
            let w = weight(&format!("indicatorWeights[{i}].weight"), *w, &mut errors);
            let field = format!("indicatorWeights[{i}].code");
            let code = code.trim();
            if !known.iter().any(|k| k == code) {
                let shown: String = code.chars().take(64).collect();
                errors.push(field, "unknown_reference", format!("no indicator '{shown}' in the catalogue"));
            } else if indicator_weights.iter().any(|(d, _)| d == code) {
                errors.push(field, "duplicate", format!("'{code}' is weighed twice"));
            } else {
                indicator_weights.push((code.to_owned(), w));
            }
        }
        let name = errors.check("name", Name::parse(&draft.name)).map(|n| n.to_string());
        let source = errors.long_text("source", &draft.source);
        if draft.factor_weights.len() > 100 {
            errors.push("factorWeights", "too_long", "lists more than 100 factors");
        }
        let mut factor_weights = Vec::new();
        for (i, (factor, w)) in draft.factor_weights.iter().take(100).enumerate() {
            let w = weight(&format!("factorWeights[{i}].weight"), *w, &mut errors);
            match u16::try_from(*factor) {
                Ok(f) if (1..=99).contains(&f) && !factor_weights.iter().any(|(g, _)| *g == f) => {
                    factor_weights.push((f, w));
                }
                _ => errors.push(
                    format!("factorWeights[{i}].factor"),
                    "invalid_format",
                    "a factor is numbered 1 to 99, once",
                ),
            }
        }
        let default_weight = weight("defaultWeight", draft.default_weight, &mut errors);
        let trend_weight = weight("trendWeight", draft.trend_weight, &mut errors);
        let (Some(name), Some(source)) = (name, source) else { return Err(errors) };
        errors.finish(|| RuleSet {
            id: RuleSetId::generate(),
            name,
            version,
            source,
            author: actor.subject(),
            factor_weights,
            default_weight,
            trend_weight,
            indicator_weights,
            status: if draft.publish { RuleStatus::Published } else { RuleStatus::Draft },
            recorded_at: crate::core::clock::now(),
        })
    }

    /// Records a new version of the rule set of that name (administrators).
    pub async fn define(&self, actor: &Actor, draft: RuleDraft) -> Result<RuleSet> {
        actor
            .may_write(Write::Create, Target::ReferenceData { region: None })
            .map_err(ServiceError::denied("watch_rule_set", &draft.name))?;
        let all = self.repo.rule_sets().await?;
        let version = all.iter().filter(|r| r.name == draft.name.trim()).map(|r| r.version).max().unwrap_or(0) + 1;
        let known = self.indicator_codes().await?;
        let rule = self.read(actor, &draft, version, &known)?;
        match self.repo.insert_rule_set(&rule, &[AuditEvent::created(actor, &rule)]).await {
            Err(StoreError::Duplicate { .. }) => Err(ServiceError::Conflict(format!(
                "version {version} of «{}» was being recorded by another request; try again",
                rule.name
            ))),
            other => other.map(|()| rule).map_err(Into::into),
        }
    }
}
