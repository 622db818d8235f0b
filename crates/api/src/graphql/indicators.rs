//! GraphQL: the indicator catalogue and series.

use async_graphql::{Context, Object, Result};
use opora_domain::{Actor, ServiceError};
use uuid::Uuid;

use super::gql;
use crate::rest::series_subject;
use crate::views::{IndicatorView, SeriesView};

#[derive(Debug, Default)]
pub(crate) struct IndicatorsQuery;

#[Object]
impl IndicatorsQuery {
    /// The latest version of every indicator: at most `first` (default 100, at most 500) from
    /// `offset`.
    #[graphql(complexity = "super::list_cost(first, super::capped::EMBEDDED_DEFAULT, child_complexity)")]
    async fn indicators(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> Result<Vec<IndicatorView>> {
        let indicators = &super::capabilities(ctx).indicators;
        let all = indicators.catalogue(ctx.data_unchecked::<Actor>()).await.map_err(gql)?;
        super::capped::page(all.iter().map(Into::into).collect(), first, offset, "indicators")
    }

    /// Indicators over time for one organization, municipality or region (give exactly one id),
    /// side by side, aggregated by each indicator's rule. Null when the subject is not visible.
    /// Its cost is its selection once per indicator asked for.
    #[graphql(complexity = "codes.len().max(1).saturating_mul(child_complexity)")]
    async fn indicator_series(
        &self,
        ctx: &Context<'_>,
        codes: Vec<String>,
        organization_id: Option<Uuid>,
        municipality_id: Option<Uuid>,
        region_id: Option<Uuid>,
    ) -> Result<Option<Vec<SeriesView>>> {
        let subject = series_subject(organization_id, municipality_id, region_id).map_err(gql)?;
        let indicators = &super::capabilities(ctx).indicators;
        match indicators.series(ctx.data_unchecked::<Actor>(), subject, &codes).await {
            Ok(series) => Ok(Some(series.into_iter().map(Into::into).collect())),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }
}
