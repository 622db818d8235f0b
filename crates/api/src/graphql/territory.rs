//! GraphQL: the registry as Relay connections with the same filters as REST.

use async_graphql::connection::Connection;
use async_graphql::{Context, Object, Result};
use opora_domain::schools::{
    MunicipalityFilter, MunicipalityId, OrganizationFilter, OrganizationId, RegionFilter, RegionId,
};
use uuid::Uuid;

use super::gql;
use super::query::{caller, connection, optional, search};
use crate::cursor::page_request;
use crate::views::{MunicipalityView, OrganizationKind, OrganizationView, RegionView, ResolutionView};

/// The registry as Relay connections with the same filters as REST.
#[derive(Debug, Default)]
pub(crate) struct TerritoryQuery;

#[Object]
impl TerritoryQuery {
    async fn region(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<RegionView>> {
        let (territory, actor) = caller(ctx);
        optional(territory.region(actor, RegionId::from_uuid(id)).await)
    }

    /// Regions; `search` matches the name or the exact code.
    #[graphql(complexity = "super::list_cost(first, super::DEFAULT_PAGE, child_complexity)")]
    async fn regions(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        search: Option<String>,
    ) -> Result<Connection<String, RegionView>> {
        let (territory, actor) = caller(ctx);
        let page = page_request(first.map(i64::from), after.as_deref()).map_err(gql)?;
        let filter = RegionFilter { search: self::search(search), ..Default::default() };
        Ok(connection(territory.regions(actor, &filter, page).await.map_err(gql)?, |v: &RegionView| v.id))
    }

    async fn municipality(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<MunicipalityView>> {
        let (territory, actor) = caller(ctx);
        optional(territory.municipality(actor, MunicipalityId::from_uuid(id)).await)
    }

    #[graphql(complexity = "super::list_cost(first, super::DEFAULT_PAGE, child_complexity)")]
    async fn municipalities(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        region_id: Option<Uuid>,
        search: Option<String>,
    ) -> Result<Connection<String, MunicipalityView>> {
        let (territory, actor) = caller(ctx);
        let page = page_request(first.map(i64::from), after.as_deref()).map_err(gql)?;
        let filter = MunicipalityFilter {
            region_id: region_id.map(RegionId::from_uuid),
            search: self::search(search),
            ..Default::default()
        };
        Ok(connection(territory.municipalities(actor, &filter, page).await.map_err(gql)?, |v: &MunicipalityView| v.id))
    }

    async fn organization(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<OrganizationView>> {
        let (territory, actor) = caller(ctx);
        optional(territory.organization(actor, OrganizationId::from_uuid(id)).await)
    }

    /// Organizations; `search` matches names, short names, honorary names and aliases.
    #[allow(clippy::too_many_arguments, reason = "one argument per filter, as in REST")]
    #[graphql(complexity = "super::list_cost(first, super::DEFAULT_PAGE, child_complexity)")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        region_id: Option<Uuid>,
        municipality_id: Option<Uuid>,
        kind: Option<OrganizationKind>,
        search: Option<String>,
    ) -> Result<Connection<String, OrganizationView>> {
        let (territory, actor) = caller(ctx);
        let page = page_request(first.map(i64::from), after.as_deref()).map_err(gql)?;
        let filter = OrganizationFilter {
            region_id: region_id.map(RegionId::from_uuid),
            municipality_id: municipality_id.map(MunicipalityId::from_uuid),
            kind: kind.map(Into::into),
            search: self::search(search),
            ..Default::default()
        };
        Ok(connection(territory.organizations(actor, &filter, page).await.map_err(gql)?, |v: &OrganizationView| v.id))
    }

    /// Resolves a reference as a municipality's documents write it («СОШ № 11», «ЦОКО») to one
    /// organization, saying how it was read; an ambiguous one is an error that names its
    /// candidates, an unknown one `reference_not_found`; `null` for a municipality the caller
    /// cannot see.
    async fn resolve_reference(
        &self,
        ctx: &Context<'_>,
        municipality_id: Uuid,
        #[graphql(name = "ref")] reference: String,
    ) -> Result<Option<ResolutionView>> {
        let (territory, actor) = caller(ctx);
        optional(territory.resolve_reference(actor, MunicipalityId::from_uuid(municipality_id), &reference).await)
    }
}
