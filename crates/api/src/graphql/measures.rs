//! GraphQL: programmes, roadmaps and their coverage.

use async_graphql::{Context, Object, Result};
use chrono::Utc;
use opora_domain::Actor;
use opora_domain::measures::{ProgrammeId, ProgressScope, RoadmapId};
use opora_domain::schools::{MunicipalityId, RegionId};
use uuid::Uuid;

use super::gql;
use super::query::{connection, optional};
use crate::cursor::page_request;
use crate::views::{CoverageView, Date, ExecutionReportView, ExecutionView, ProgrammeView, RoadmapView};
use async_graphql::connection::Connection;

/// Programmes, roadmaps and their coverage of the audit they answer.
#[derive(Debug, Default)]
pub(crate) struct MeasuresQuery;

#[Object]
impl MeasuresQuery {
    /// A programme with its goal and tasks.
    async fn programme(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<ProgrammeView>> {
        let measures = &super::capabilities(ctx).measures;
        optional(measures.programme(ctx.data_unchecked::<Actor>(), ProgrammeId::from_uuid(id)).await)
    }

    /// A roadmap with its measures.
    async fn roadmap(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<RoadmapView>> {
        let measures = &super::capabilities(ctx).measures;
        optional(measures.roadmap(ctx.data_unchecked::<Actor>(), RoadmapId::from_uuid(id)).await)
    }

    /// A roadmap against the audit it answers.
    async fn roadmap_coverage(&self, ctx: &Context<'_>, roadmap_id: Uuid) -> Result<Option<CoverageView>> {
        let measures = &super::capabilities(ctx).measures;
        optional(measures.coverage(ctx.data_unchecked::<Actor>(), RoadmapId::from_uuid(roadmap_id)).await)
    }

    /// Every revision of every report on the roadmap, in the order they were made; `current`
    /// marks those that count. Null when the roadmap is not visible.
    #[graphql(complexity = "super::list_cost(first, super::DEFAULT_PAGE, child_complexity)")]
    async fn roadmap_reports(
        &self,
        ctx: &Context<'_>,
        roadmap_id: Uuid,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<Option<Connection<String, ExecutionReportView>>> {
        let measures = &super::capabilities(ctx).measures;
        let page = page_request(first.map(i64::from), after.as_deref()).map_err(gql)?;
        match measures.reports(ctx.data_unchecked::<Actor>(), RoadmapId::from_uuid(roadmap_id), page).await {
            Ok(found) => Ok(Some(connection(found, |v: &ExecutionReportView| v.id))),
            Err(opora_domain::ServiceError::NotFound { .. }) => Ok(None),
            Err(other) => Err(gql(other)),
        }
    }

    /// Planned against held as of `asOf` (default today), for one roadmap, every roadmap of a
    /// municipality, or of a region: give exactly one of the three ids.
    async fn execution(
        &self,
        ctx: &Context<'_>,
        roadmap_id: Option<Uuid>,
        municipality_id: Option<Uuid>,
        region_id: Option<Uuid>,
        as_of: Option<Date>,
        year: Option<i32>,
    ) -> Result<Option<ExecutionView>> {
        let scope = match (roadmap_id, municipality_id, region_id) {
            (Some(r), None, None) => ProgressScope::Roadmap(RoadmapId::from_uuid(r)),
            (None, Some(m), None) => ProgressScope::Municipality(MunicipalityId::from_uuid(m)),
            (None, None, Some(r)) => ProgressScope::Region(RegionId::from_uuid(r)),
            _ => {
                return Err(gql(opora_domain::ValidationErrors::single(
                    "roadmapId",
                    "invalid_format",
                    "give exactly one of roadmapId, municipalityId and regionId",
                )));
            }
        };
        let measures = &super::capabilities(ctx).measures;
        let as_of = as_of.map_or_else(|| Utc::now().date_naive(), |d| d.0);
        optional(measures.progress(ctx.data_unchecked::<Actor>(), scope, as_of, year).await)
    }
}
