//! Nested fields of the views, each served by a DataLoader.

use async_graphql::{ComplexObject, Context, Result};
use opora_domain::schools::{MunicipalityId, RegionId};

use super::gql;
use super::loaders::{Loaders, MunicipalitiesOf, OrganizationsOf};
use crate::problem::{ApiError, ErrorCode};
use crate::views::{MunicipalityView, OrganizationView, RegionView};

fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<std::sync::Arc<Loaders>>()
}

/// Items a nested list returns when `first` is not given.
const NESTED_DEFAULT: usize = 100;

/// The whole list when it fits in `first`; never a silently cut one.
fn within<T>(all: Vec<T>, first: Option<i32>, what: &str, root: &str) -> Result<Vec<T>> {
    let max = opora_domain::PageRequest::MAX_LIMIT as usize;
    let wanted = match first {
        None => NESTED_DEFAULT,
        Some(n) => match usize::try_from(n) {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                return Err(gql(ApiError::new(
                    ErrorCode::ValidationFailed,
                    format!("first must be between 1 and {max}, got {n}"),
                )));
            }
        },
    };
    if all.len() > wanted {
        return Err(gql(ApiError::new(
            ErrorCode::QueryTooComplex,
            format!(
                "{} {what} are more than first: {wanted}; ask for more (up to {max}) or page with {root}",
                all.len()
            ),
        )));
    }
    Ok(all)
}

#[ComplexObject]
impl RegionView {
    /// The region's municipalities: at most `first` (default 100, at most 500); a region with
    /// more answers an error that says to page with the root `municipalities(regionId:)`.
    #[graphql(complexity = "super::list_cost(first, NESTED_DEFAULT, child_complexity)")]
    async fn municipalities(&self, ctx: &Context<'_>, first: Option<i32>) -> Result<Vec<MunicipalityView>> {
        let key = MunicipalitiesOf(RegionId::from_uuid(self.id));
        let all = loaders(ctx).territory.load_one(key).await?.unwrap_or_default();
        within(all, first, "municipalities", "municipalities(regionId:)")
    }
}

#[ComplexObject]
impl MunicipalityView {
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<RegionView>> {
        loaders(ctx).territory.load_one(RegionId::from_uuid(self.region_id)).await
    }

    /// The municipality's organizations (regional bodies belong to no municipality): at most
    /// `first` (default 100, at most 500); a municipality with more answers an error that says
    /// to page with the root `organizations(municipalityId:)`.
    #[graphql(complexity = "super::list_cost(first, NESTED_DEFAULT, child_complexity)")]
    async fn organizations(&self, ctx: &Context<'_>, first: Option<i32>) -> Result<Vec<OrganizationView>> {
        let key = OrganizationsOf(MunicipalityId::from_uuid(self.id));
        let all = loaders(ctx).territory.load_one(key).await?.unwrap_or_default();
        within(all, first, "organizations", "organizations(municipalityId:)")
    }
}

#[ComplexObject]
impl OrganizationView {
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<RegionView>> {
        loaders(ctx).territory.load_one(RegionId::from_uuid(self.region_id)).await
    }

    /// Absent for regional bodies.
    async fn municipality(&self, ctx: &Context<'_>) -> Result<Option<MunicipalityView>> {
        match self.municipality_id {
            Some(id) => loaders(ctx).territory.load_one(MunicipalityId::from_uuid(id)).await,
            None => Ok(None),
        }
    }
}
