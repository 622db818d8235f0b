//! GraphQL: шНОР lists: dynamics, a region's lists and a school's history.

use async_graphql::{Context, Object, Result};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use opora_domain::{Actor, ServiceError};
use uuid::Uuid;

use super::gql;
use super::query::optional;
use crate::views::{DateTime, DecisionView, DynamicsView, ListKind, RegionYearView};

/// ШНОР lists: dynamics, a region's lists and a school's history.
#[derive(Debug, Default)]
pub(crate) struct ListsQuery;

#[Object]
impl ListsQuery {
    /// A municipality's list over the years, as known at `asOf` (now when absent).
    async fn list_dynamics(
        &self,
        ctx: &Context<'_>,
        municipality_id: Uuid,
        kind: Option<ListKind>,
        as_of: Option<DateTime>,
    ) -> Result<Option<DynamicsView>> {
        let lists = &super::capabilities(ctx).lists;
        let kind = kind.unwrap_or(ListKind::Shnor).into();
        optional(
            lists
                .dynamics(
                    ctx.data_unchecked::<Actor>(),
                    MunicipalityId::from_uuid(municipality_id),
                    kind,
                    as_of.map(|t| t.0),
                )
                .await,
        )
    }

    /// A region's lists by year, with each visible municipality's count: at most `first` years
    /// (default 100, at most 500) from `offset`.
    #[graphql(complexity = "super::list_cost(first, super::capped::EMBEDDED_DEFAULT, child_complexity)")]
    async fn region_lists(
        &self,
        ctx: &Context<'_>,
        region_id: Uuid,
        kind: Option<ListKind>,
        as_of: Option<DateTime>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> Result<Option<Vec<RegionYearView>>> {
        let lists = &super::capabilities(ctx).lists;
        let kind = kind.unwrap_or(ListKind::Shnor).into();
        match lists
            .region_dynamics(ctx.data_unchecked::<Actor>(), RegionId::from_uuid(region_id), kind, as_of.map(|t| t.0))
            .await
        {
            Ok(years) => {
                Ok(Some(super::capped::page(years.into_iter().map(Into::into).collect(), first, offset, "years")?))
            }
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// The list decisions in force that name an organization: at most `first` (default 100, at
    /// most 500) from `offset`.
    #[graphql(complexity = "super::list_cost(first, super::capped::EMBEDDED_DEFAULT, child_complexity)")]
    async fn list_history(
        &self,
        ctx: &Context<'_>,
        organization_id: Uuid,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> Result<Option<Vec<DecisionView>>> {
        let lists = &super::capabilities(ctx).lists;
        match lists.history(ctx.data_unchecked::<Actor>(), OrganizationId::from_uuid(organization_id)).await {
            Ok(history) => {
                Ok(Some(super::capped::page(history.iter().map(Into::into).collect(), first, offset, "decisions")?))
            }
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }
}
