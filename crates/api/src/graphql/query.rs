//! Query root: the registry as Relay connections with the same filters as REST.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, Object, Result};
use opora_domain::schools::{
    MunicipalityFilter, MunicipalityId, OrganizationFilter, OrganizationId, RegionFilter, RegionId, TerritoryService,
};
use opora_domain::text::fold;
use opora_domain::{Actor, Page};
use uuid::Uuid;

use super::gql;
use crate::cursor::{encode, page_request};
use crate::views::{
    AuditMatrixView, CatalogueView, DecisionView, DiffView, DynamicsView, ListKind, MeView, MunicipalityView,
    OrganizationKind, OrganizationView, RegionPrevalenceView, RegionView, RegionYearView, RiskProfileView,
};
use opora_domain::ServiceError;
use opora_domain::factors::{AuditId, CatalogueId, FactorsService};
use opora_domain::lists::ListsService;

pub(crate) struct QueryRoot;

fn caller<'a>(ctx: &Context<'a>) -> (&'a TerritoryService, &'a Actor) {
    (ctx.data_unchecked::<TerritoryService>(), ctx.data_unchecked::<Actor>())
}

fn connection<T, V: From<T> + async_graphql::OutputType>(
    page: Page<T>,
    id: impl Fn(&V) -> Uuid,
) -> Connection<String, V> {
    let mut connection = Connection::new(false, page.next.is_some());
    connection.edges.extend(page.items.into_iter().map(V::from).map(|v| Edge::new(encode(id(&v)), v)));
    connection
}

/// A single object that does not exist is `null`, not an error; anything else is an error.
fn optional<T, V: From<T>>(result: Result<T, ServiceError>) -> Result<Option<V>> {
    match result {
        Ok(value) => Ok(Some(value.into())),
        Err(ServiceError::NotFound { .. }) => Ok(None),
        Err(other) => Err(gql(other)),
    }
}

fn search(text: Option<String>) -> Option<String> {
    text.as_deref().map(fold).filter(|t| !t.is_empty())
}

#[Object]
impl QueryRoot {
    /// The caller: subject, role, scope and capabilities; `null` for anonymous callers.
    async fn me(&self, ctx: &Context<'_>) -> Option<MeView> {
        MeView::of(ctx.data_unchecked::<Actor>())
    }

    /// A risk-factor catalogue with its factors and parameters.
    async fn catalogue(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<CatalogueView>> {
        let factors = ctx.data_unchecked::<FactorsService>();
        optional(factors.catalogue(ctx.data_unchecked::<Actor>(), CatalogueId::from_uuid(id)).await)
    }

    /// An audit's organizations × parameters matrix with prevalence per parameter and factor.
    async fn audit_matrix(&self, ctx: &Context<'_>, audit_id: Uuid) -> Result<Option<AuditMatrixView>> {
        let factors = ctx.data_unchecked::<FactorsService>();
        optional(factors.matrix(ctx.data_unchecked::<Actor>(), AuditId::from_uuid(audit_id)).await)
    }

    /// Prevalence of a catalogue's parameters per municipality of a region.
    async fn region_prevalence(
        &self,
        ctx: &Context<'_>,
        region_id: Uuid,
        catalogue_id: Uuid,
    ) -> Result<Option<RegionPrevalenceView>> {
        let factors = ctx.data_unchecked::<FactorsService>();
        let actor = ctx.data_unchecked::<Actor>();
        let result = factors
            .region_prevalence(actor, RegionId::from_uuid(region_id), CatalogueId::from_uuid(catalogue_id))
            .await;
        match result {
            Ok(value) => Ok(Some(value.into())),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// A municipality's list over the years, as known at `asOf` (now when absent).
    async fn list_dynamics(
        &self,
        ctx: &Context<'_>,
        municipality_id: Uuid,
        kind: Option<ListKind>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Option<DynamicsView>> {
        let lists = ctx.data_unchecked::<ListsService>();
        let kind = kind.unwrap_or(ListKind::Shnor).into();
        optional(
            lists
                .dynamics(ctx.data_unchecked::<Actor>(), MunicipalityId::from_uuid(municipality_id), kind, as_of)
                .await,
        )
    }

    /// A region's lists by year, with each visible municipality's count.
    async fn region_lists(
        &self,
        ctx: &Context<'_>,
        region_id: Uuid,
        kind: Option<ListKind>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<Option<Vec<RegionYearView>>> {
        let lists = ctx.data_unchecked::<ListsService>();
        let kind = kind.unwrap_or(ListKind::Shnor).into();
        match lists.region_dynamics(ctx.data_unchecked::<Actor>(), RegionId::from_uuid(region_id), kind, as_of).await {
            Ok(years) => Ok(Some(years.into_iter().map(Into::into).collect())),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// The list decisions in force that name an organization.
    async fn list_history(&self, ctx: &Context<'_>, organization_id: Uuid) -> Result<Option<Vec<DecisionView>>> {
        let lists = ctx.data_unchecked::<ListsService>();
        match lists.history(ctx.data_unchecked::<Actor>(), OrganizationId::from_uuid(organization_id)).await {
            Ok(history) => Ok(Some(history.iter().map(Into::into).collect())),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// Per organization, the parameters that appeared and that were resolved since an earlier
    /// audit of the same municipality.
    async fn audit_diff(&self, ctx: &Context<'_>, audit_id: Uuid, since: Uuid) -> Result<Option<Vec<DiffView>>> {
        let factors = ctx.data_unchecked::<FactorsService>();
        let actor = ctx.data_unchecked::<Actor>();
        match factors.diff(actor, AuditId::from_uuid(since), AuditId::from_uuid(audit_id)).await {
            Ok(diff) => Ok(Some(diff.into_iter().map(Into::into).collect())),
            Err(ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// A school's risk profile at an audit.
    async fn risk_profile(
        &self,
        ctx: &Context<'_>,
        audit_id: Uuid,
        organization_id: Uuid,
    ) -> Result<Option<RiskProfileView>> {
        let factors = ctx.data_unchecked::<FactorsService>();
        let actor = ctx.data_unchecked::<Actor>();
        optional(
            factors.risk_profile(actor, AuditId::from_uuid(audit_id), OrganizationId::from_uuid(organization_id)).await,
        )
    }

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
}
