//! GraphQL: dashboards.

use async_graphql::{Context, Object, Result};
use chrono::{Datelike, Utc};
use opora_domain::Actor;
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use uuid::Uuid;

use super::gql;
use super::query::optional;
use crate::views::{
    EffectivenessView, MunicipalityDashboardView, RegionOverviewView, RosterView, RuleSetView, SchoolCardView,
    SignatureView, WatchlistView,
};

#[derive(Debug, Default)]
pub(crate) struct DashboardsQuery;

#[Object]
impl DashboardsQuery {
    /// A municipality in a year (default the current one), as a portal shows it: the same
    /// answer as `GET /api/v1/municipalities/{id}/dashboard`. Null when not visible.
    async fn municipality_dashboard(
        &self,
        ctx: &Context<'_>,
        municipality_id: Uuid,
        year: Option<i32>,
    ) -> Result<Option<MunicipalityDashboardView>> {
        let dashboards = &super::dashboards(ctx);
        let year = year.unwrap_or_else(|| Utc::now().year());
        let actor = ctx.data_unchecked::<Actor>();
        let id = MunicipalityId::from_uuid(municipality_id);
        let view = async {
            let tag = dashboards.municipality_tag(actor, id, year).await?;
            dashboards.municipality_tagged(actor, id, year, tag, false).await
        };
        optional(view.await.map(|v| v.as_ref().clone()))
    }

    /// A region's visible municipalities side by side in a year (default the current one): the
    /// same answer as `GET /api/v1/regions/{id}/overview`. Null when not visible.
    async fn region_overview(
        &self,
        ctx: &Context<'_>,
        region_id: Uuid,
        year: Option<i32>,
    ) -> Result<Option<RegionOverviewView>> {
        let dashboards = &super::dashboards(ctx);
        let year = year.unwrap_or_else(|| Utc::now().year());
        let actor = ctx.data_unchecked::<Actor>();
        let id = RegionId::from_uuid(region_id);
        let view = async {
            let tag = dashboards.region_overview_tag(actor, id, year).await?;
            dashboards.region_overview_tagged(actor, id, year, tag, false).await
        };
        optional(view.await.map(|v| v.as_ref().clone()))
    }

    /// Every version of every watchlist rule set, oldest first: at most `first` (default 100, at
    /// most 500) from `offset`.
    #[graphql(complexity = "super::list_cost(first, super::capped::EMBEDDED_DEFAULT, child_complexity)")]
    async fn watch_rules(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> Result<Vec<RuleSetView>> {
        let warning = &super::capabilities(ctx).warning;
        let all = warning.rule_sets(ctx.data_unchecked::<Actor>()).await.map_err(gql)?;
        super::capped::page(all.iter().map(Into::into).collect(), first, offset, "rule sets")
    }

    /// The schools of the municipality outside its ШНОР list of `year`, ranked by the rule set
    /// in force, each with what every input contributed: the same answer as `GET
    /// /api/v1/municipalities/{id}/watchlist`. Null when not visible.
    #[graphql(complexity = "super::list_cost(top, 10, child_complexity)")]
    async fn watchlist(
        &self,
        ctx: &Context<'_>,
        municipality_id: Uuid,
        year: Option<i32>,
        top: Option<i32>,
    ) -> Result<Option<WatchlistView>> {
        let year = year.unwrap_or_else(|| Utc::now().year());
        let top = usize::try_from(top.unwrap_or(10)).unwrap_or(0);
        if !(1..=500).contains(&top) {
            return Err(gql(opora_domain::ValidationErrors::single(
                "top",
                "out_of_range",
                "top lies between 1 and 500",
            )));
        }
        let actor = ctx.data_unchecked::<Actor>();
        optional(super::insights(ctx).watchlist(actor, MunicipalityId::from_uuid(municipality_id), year, top).await)
    }

    /// What changed between the municipality's two latest audits beside what was aimed at it:
    /// the same answer as `GET /api/v1/municipalities/{id}/effectiveness`. Null when not visible.
    async fn effectiveness(
        &self,
        ctx: &Context<'_>,
        municipality_id: Uuid,
        year: Option<i32>,
    ) -> Result<Option<EffectivenessView>> {
        let year = year.unwrap_or_else(|| Utc::now().year());
        let actor = ctx.data_unchecked::<Actor>();
        optional(super::insights(ctx).effectiveness(actor, MunicipalityId::from_uuid(municipality_id), year).await)
    }

    /// The municipality's schools in one table: the same answer as `GET
    /// /api/v1/municipalities/{id}/roster`. Null when not visible.
    async fn roster(&self, ctx: &Context<'_>, municipality_id: Uuid, year: Option<i32>) -> Result<Option<RosterView>> {
        let year = year.unwrap_or_else(|| Utc::now().year());
        let actor = ctx.data_unchecked::<Actor>();
        optional(super::insights(ctx).roster(actor, MunicipalityId::from_uuid(municipality_id), year).await)
    }

    /// How the municipality's notes are approved and signed: the same answer as `GET
    /// /api/v1/municipalities/{id}/notes/signature`. Null until set, or when not visible.
    async fn note_signature(&self, ctx: &Context<'_>, municipality_id: Uuid) -> Result<Option<SignatureView>> {
        let notes = &super::capabilities(ctx).notes;
        let actor = ctx.data_unchecked::<Actor>();
        let found: Option<Option<opora_domain::notes::Signature>> =
            optional(notes.signature(actor, MunicipalityId::from_uuid(municipality_id)).await)?;
        Ok(found.flatten().map(|s| (&s).into()))
    }

    /// A school's card: the same answer as `GET /api/v1/organizations/{id}/card`. Null when not
    /// visible.
    async fn school_card(&self, ctx: &Context<'_>, organization_id: Uuid) -> Result<Option<SchoolCardView>> {
        let actor = ctx.data_unchecked::<Actor>();
        optional(super::insights(ctx).school(actor, OrganizationId::from_uuid(organization_id)).await)
    }
}
