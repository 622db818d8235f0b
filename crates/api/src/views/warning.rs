//! Rule sets and watchlists, as clients read them.

use opora_domain::insights::{DryRun, Watchlist};
use opora_domain::warning::{RuleSet, WatchEntry};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::scalars::DateTime;
use super::territory::NamedOrganizationView;

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "FactorWeight")]
pub(crate) struct FactorWeightView {
    pub factor: i32,
    pub weight: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "IndicatorWeight")]
pub(crate) struct IndicatorWeightView {
    pub code: String,
    pub weight: f64,
}

/// One version of a rule set.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "WatchRuleSet")]
pub(crate) struct RuleSetView {
    pub id: Uuid,
    pub name: String,
    pub version: i32,
    pub source: String,
    pub author: String,
    /// Points per present parameter of each factor listed.
    #[graphql(skip)]
    pub factor_weights: Vec<FactorWeightView>,
    /// Points per present parameter of a factor not listed.
    pub default_weight: f64,
    /// Points per parameter that appeared since the previous audit (and minus per resolved).
    pub trend_weight: f64,
    /// Points per unit of change of each indicator between a school's two latest periods.
    #[graphql(skip)]
    pub indicator_weights: Vec<IndicatorWeightView>,
    /// draft or published.
    pub status: String,
    pub recorded_at: DateTime,
}

crate::graphql::capped::capped_lists!(RuleSetView {
    /// Points per present parameter of each factor listed.
    factor_weights: FactorWeightView,
    /// Points per unit of change of each indicator between a school's two latest periods.
    indicator_weights: IndicatorWeightView,
});

impl From<&RuleSet> for RuleSetView {
    fn from(r: &RuleSet) -> Self {
        Self {
            id: r.id.as_uuid(),
            name: r.name.clone(),
            version: i32::try_from(r.version).unwrap_or(i32::MAX),
            source: r.source.clone(),
            author: r.author.clone(),
            factor_weights: r
                .factor_weights
                .iter()
                .map(|(f, w)| FactorWeightView { factor: i32::from(*f), weight: *w })
                .collect(),
            default_weight: r.default_weight,
            trend_weight: r.trend_weight,
            indicator_weights: r
                .indicator_weights
                .iter()
                .map(|(c, w)| IndicatorWeightView { code: c.clone(), weight: *w })
                .collect(),
            status: r.status.code().to_owned(),
            recorded_at: DateTime(r.recorded_at),
        }
    }
}

/// What one input added to a score: `points = amount × weight`.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "WatchContribution")]
pub(crate) struct ContributionView {
    /// `factor:4` (its present parameters), `appeared` or `resolved` (since the audit before),
    /// or `indicator:<code>` (its change between the school's two latest periods).
    pub input: String,
    /// The parameters counted, or the indicator's change.
    pub amount: f64,
    pub weight: f64,
    pub points: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "WatchEntry")]
pub(crate) struct WatchEntryView {
    pub rank: i32,
    pub organization: NamedOrganizationView,
    pub score: f64,
    /// What the score is made of; the points add up to it.
    #[graphql(skip)]
    pub contributions: Vec<ContributionView>,
}

crate::graphql::capped::capped_lists!(WatchEntryView {
    /// What the score is made of; the points add up to it.
    contributions: ContributionView,
});

impl From<&WatchEntry> for WatchEntryView {
    fn from(e: &WatchEntry) -> Self {
        Self {
            rank: i32::try_from(e.rank).unwrap_or(i32::MAX),
            organization: NamedOrganizationView { id: e.organization.as_uuid(), name: e.name.clone() },
            score: e.score,
            contributions: e
                .contributions
                .iter()
                .map(|c| ContributionView {
                    input: c.input.clone(),
                    amount: c.amount,
                    weight: c.weight,
                    points: c.points,
                })
                .collect(),
        }
    }
}

/// The schools of a municipality outside its ШНОР list of the year, ranked by a rule set.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Watchlist")]
pub(crate) struct WatchlistView {
    pub rule_set: RuleSetView,
    pub year: i32,
    /// The audit the risk profiles come from, and the one before it the trend is measured from.
    pub audit_id: Option<Uuid>,
    pub previous_audit_id: Option<Uuid>,
    /// The first `top` entries.
    #[graphql(skip)]
    pub entries: Vec<WatchEntryView>,
}

impl From<Watchlist> for WatchlistView {
    fn from(w: Watchlist) -> Self {
        Self {
            rule_set: (&w.rule_set).into(),
            year: w.year,
            audit_id: w.audit_id.map(|a| a.as_uuid()),
            previous_audit_id: w.previous_audit_id.map(|a| a.as_uuid()),
            entries: w.entries.iter().map(Into::into).collect(),
        }
    }
}

impl From<DryRun> for DryRunView {
    fn from(d: DryRun) -> Self {
        Self {
            current: d.current.map(Into::into),
            proposed: d.proposed.into(),
            entering: d.entering.into_iter().map(Into::into).collect(),
            leaving: d.leaving.into_iter().map(Into::into).collect(),
        }
    }
}

crate::graphql::capped::capped_lists!(WatchlistView {
    /// The first `top` entries.
    entries: WatchEntryView,
});

/// What a rule set would change if it replaced the one in force.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "WatchlistDryRun")]
pub(crate) struct DryRunView {
    /// Under the rule set in force; null when none is published.
    pub current: Option<WatchlistView>,
    pub proposed: WatchlistView,
    /// Schools that would enter and leave the first `top` places.
    #[graphql(skip)]
    pub entering: Vec<NamedOrganizationView>,
    #[graphql(skip)]
    pub leaving: Vec<NamedOrganizationView>,
}

crate::graphql::capped::capped_lists!(DryRunView {
    /// Schools that would enter and leave the first `top` places.
    entering: NamedOrganizationView,
    leaving: NamedOrganizationView,
});
