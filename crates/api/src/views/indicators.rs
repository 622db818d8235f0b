//! Indicators, their series and the import of observations, as clients read them.

use opora_domain::indicators::{Aggregation, Indicator, IndicatorAlias, IndicatorImportReport, Point, Series};
use serde::Serialize;
use utoipa::ToSchema;

use super::scalars::DateTime;
use super::sources::IssueView;

/// One version of an indicator's definition.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Indicator")]
pub(crate) struct IndicatorView {
    /// This version's id.
    pub id: uuid::Uuid,
    #[schema(example = "pd_completed")]
    pub code: String,
    /// The version of its method: a series marks where it changes.
    pub version: i32,
    pub name: String,
    pub unit: String,
    /// organization or territory.
    pub level: String,
    /// sum, weighted_mean or share.
    pub aggregation: String,
    /// For a weighted mean: the indicator it is weighted by.
    pub base: Option<String>,
    /// For a share: the counts it divides.
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub method: Option<String>,
    pub recorded_at: DateTime,
    /// The names municipalities' tables give it: matched folded on import.
    #[graphql(skip)]
    pub aliases: Vec<AliasView>,
}

crate::graphql::capped::capped_lists!(IndicatorView {
    /// The names municipalities' tables give it: matched folded on import.
    aliases: AliasView
});

/// A name a table gives an indicator, everywhere or in one region's imports.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "IndicatorAlias")]
pub(crate) struct AliasView {
    pub alias: String,
    /// The region whose imports read it; null for every region.
    pub region_id: Option<uuid::Uuid>,
}

impl From<&IndicatorAlias> for AliasView {
    fn from(a: &IndicatorAlias) -> Self {
        Self { alias: a.alias.clone(), region_id: a.region.map(|r| r.as_uuid()) }
    }
}

impl From<&Indicator> for IndicatorView {
    fn from(i: &Indicator) -> Self {
        let (base, numerator, denominator) = match &i.aggregation {
            Aggregation::Sum => (None, None, None),
            Aggregation::WeightedMean { base } => (Some(base.to_string()), None, None),
            Aggregation::Share { numerator, denominator } => {
                (None, Some(numerator.to_string()), Some(denominator.to_string()))
            }
        };
        Self {
            id: i.id(),
            code: i.code.to_string(),
            version: i32::try_from(i.version).unwrap_or(i32::MAX),
            name: i.name.clone(),
            unit: i.unit.clone(),
            level: i.level.code().to_owned(),
            aggregation: i.aggregation.code().to_owned(),
            base,
            numerator,
            denominator,
            method: i.method.clone(),
            recorded_at: DateTime(i.recorded_at),
            aliases: i.aliases.iter().map(Into::into).collect(),
        }
    }
}

/// One period of a series.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "SeriesPoint")]
pub(crate) struct PointView {
    /// `2023`, `2022/23` or `2023-12-29`.
    pub period: String,
    /// year, academic_year or date.
    pub period_kind: String,
    /// The reported value when there is one, else the aggregated one.
    pub value: Option<f64>,
    /// The subject's own figure, as reported.
    pub reported: Option<f64>,
    /// Combined from the organizations by the indicator's rule (for a share, from its counts).
    pub aggregated: Option<f64>,
    /// Organizations the aggregated value combines.
    pub organizations: i32,
    /// For a share: the summed counts; `denominator` is its n.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// A share over fewer than 10 units.
    pub small: bool,
    pub method_version: i32,
    /// The method differs from the previous point's: the two do not compare.
    pub method_break: bool,
    /// For a territory: the schools registered in it (today's registry), what `organizations`
    /// is out of; null for an organization.
    pub registered: Option<i32>,
    /// A territory's value combined from fewer organizations than are registered and not
    /// reported by the territory: «по данным N из M ОО», not the territory's figure.
    pub partial: bool,
}

impl From<&Point> for PointView {
    fn from(p: &Point) -> Self {
        Self {
            period: p.period.key(),
            period_kind: p.period.kind().to_owned(),
            value: p.value,
            reported: p.reported,
            aggregated: p.aggregated,
            organizations: i32::try_from(p.organizations).unwrap_or(i32::MAX),
            numerator: p.numerator,
            denominator: p.denominator,
            small: p.small,
            method_version: i32::try_from(p.method_version).unwrap_or(i32::MAX),
            method_break: p.method_break,
            registered: p.registered.map(|n| i32::try_from(n).unwrap_or(i32::MAX)),
            partial: p.partial(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "IndicatorSeries")]
pub(crate) struct SeriesView {
    pub indicator: IndicatorView,
    /// In period order.
    #[graphql(skip)]
    pub points: Vec<PointView>,
}

crate::graphql::capped::capped_lists!(SeriesView {
    /// In period order.
    points: PointView,
});

impl From<Series> for SeriesView {
    fn from(s: Series) -> Self {
        Self { indicator: (&s.indicator).into(), points: s.points.iter().map(Into::into).collect() }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IndicatorImportView {
    /// imported, or checked (a dry run).
    pub status: String,
    /// The import's id in the audit trail.
    pub import_id: Option<uuid::Uuid>,
    pub observations: usize,
    pub organizations: usize,
    pub indicators: Vec<String>,
    pub warnings: Vec<IssueView>,
}

impl From<IndicatorImportReport> for IndicatorImportView {
    fn from(r: IndicatorImportReport) -> Self {
        Self {
            status: if r.import_id.is_some() { "imported" } else { "checked" }.to_owned(),
            import_id: r.import_id,
            observations: r.observations,
            organizations: r.organizations,
            indicators: r.indicators.iter().map(ToString::to_string).collect(),
            warnings: r.warnings.into_iter().map(Into::into).collect(),
        }
    }
}
