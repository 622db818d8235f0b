//! Nested fields of the views, each served by a DataLoader.

use async_graphql::{ComplexObject, Context, Result};
use opora_domain::schools::{MunicipalityId, RegionId};

use super::loaders::{Loaders, MunicipalitiesOf, OrganizationsOf};
use crate::views::{MunicipalityView, OrganizationView, RegionView};

fn loaders<'a>(ctx: &Context<'a>) -> &'a Loaders {
    ctx.data_unchecked::<std::sync::Arc<Loaders>>()
}

#[ComplexObject]
impl RegionView {
    /// The region's municipalities.
    async fn municipalities(&self, ctx: &Context<'_>) -> Result<Vec<MunicipalityView>> {
        let key = MunicipalitiesOf(RegionId::from_uuid(self.id));
        Ok(loaders(ctx).territory.load_one(key).await?.unwrap_or_default())
    }
}

#[ComplexObject]
impl MunicipalityView {
    async fn region(&self, ctx: &Context<'_>) -> Result<Option<RegionView>> {
        loaders(ctx).territory.load_one(RegionId::from_uuid(self.region_id)).await
    }

    /// The municipality's organizations (regional bodies belong to no municipality).
    async fn organizations(&self, ctx: &Context<'_>) -> Result<Vec<OrganizationView>> {
        let key = OrganizationsOf(MunicipalityId::from_uuid(self.id));
        Ok(loaders(ctx).territory.load_one(key).await?.unwrap_or_default())
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
