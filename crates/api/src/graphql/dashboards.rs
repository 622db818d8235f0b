//! GraphQL: dashboards.

use async_graphql::{Context, Object, Result};
use chrono::{Datelike, Utc};
use opora_domain::Actor;
use opora_domain::schools::{MunicipalityId, OrganizationId};
use uuid::Uuid;

use super::query::optional;
use crate::dashboards::Dashboards;
use crate::views::{MunicipalityDashboardView, SchoolCardView};

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
        let dashboards = ctx.data_unchecked::<Dashboards>();
        let year = year.unwrap_or_else(|| Utc::now().year());
        let actor = ctx.data_unchecked::<Actor>();
        optional(dashboards.municipality(actor, MunicipalityId::from_uuid(municipality_id), year).await)
    }

    /// A school's card: the same answer as `GET /api/v1/organizations/{id}/card`. Null when not
    /// visible.
    async fn school_card(&self, ctx: &Context<'_>, organization_id: Uuid) -> Result<Option<SchoolCardView>> {
        let dashboards = ctx.data_unchecked::<Dashboards>();
        optional(dashboards.school(ctx.data_unchecked::<Actor>(), OrganizationId::from_uuid(organization_id)).await)
    }
}
