//! DataLoaders for nested fields: one batched service call per field and level, never one
//! query per row. They are built per request because they act for that request's caller.

use std::collections::HashMap;

use async_graphql::dataloader::{DataLoader, Loader};
use opora_domain::Actor;
use opora_domain::schools::{MunicipalityId, RegionId, TerritoryService};

use super::gql;
use crate::views::{MunicipalityView, OrganizationView, RegionView};

pub(crate) struct ServiceLoader {
    territory: TerritoryService,
    actor: Actor,
}

pub(crate) struct Loaders {
    pub territory: DataLoader<ServiceLoader>,
}

impl Loaders {
    pub(crate) fn new(territory: &TerritoryService, actor: &Actor) -> Self {
        let loader = ServiceLoader { territory: territory.clone(), actor: actor.clone() };
        Self { territory: DataLoader::new(loader, tokio::spawn) }
    }
}

impl Loader<RegionId> for ServiceLoader {
    type Value = RegionView;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[RegionId]) -> Result<HashMap<RegionId, RegionView>, Self::Error> {
        let rows = self.territory.regions_by_ids(&self.actor, keys).await.map_err(gql)?;
        Ok(rows.into_iter().map(|r| (r.id, r.into())).collect())
    }
}

impl Loader<MunicipalityId> for ServiceLoader {
    type Value = MunicipalityView;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[MunicipalityId]) -> Result<HashMap<MunicipalityId, MunicipalityView>, Self::Error> {
        let rows = self.territory.municipalities_by_ids(&self.actor, keys).await.map_err(gql)?;
        Ok(rows.into_iter().map(|m| (m.id, m.into())).collect())
    }
}

/// Keys for "the organizations of this municipality".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct OrganizationsOf(pub MunicipalityId);

impl Loader<OrganizationsOf> for ServiceLoader {
    type Value = Vec<OrganizationView>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[OrganizationsOf]) -> Result<HashMap<OrganizationsOf, Self::Value>, Self::Error> {
        let ids: Vec<MunicipalityId> = keys.iter().map(|k| k.0).collect();
        let rows = self.territory.organizations_of_municipalities(&self.actor, &ids).await.map_err(gql)?;
        let mut grouped: HashMap<OrganizationsOf, Vec<OrganizationView>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for org in rows {
            if let Some(m) = org.municipality_id {
                grouped.entry(OrganizationsOf(m)).or_default().push(org.into());
            }
        }
        Ok(grouped)
    }
}

/// Keys for "the municipalities of this region".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct MunicipalitiesOf(pub RegionId);

impl Loader<MunicipalitiesOf> for ServiceLoader {
    type Value = Vec<MunicipalityView>;
    type Error = async_graphql::Error;

    async fn load(&self, keys: &[MunicipalitiesOf]) -> Result<HashMap<MunicipalitiesOf, Self::Value>, Self::Error> {
        let ids: Vec<RegionId> = keys.iter().map(|k| k.0).collect();
        let rows = self.territory.municipalities_of_regions(&self.actor, &ids).await.map_err(gql)?;
        let mut grouped: HashMap<MunicipalitiesOf, Vec<MunicipalityView>> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for m in rows {
            grouped.entry(MunicipalitiesOf(m.region_id)).or_default().push(m.into());
        }
        Ok(grouped)
    }
}
