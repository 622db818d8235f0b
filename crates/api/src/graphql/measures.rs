//! GraphQL: programmes, roadmaps and their coverage.

use async_graphql::{Context, Object, Result};
use opora_domain::Actor;
use opora_domain::measures::{MeasuresService, ProgrammeId, RoadmapId};
use uuid::Uuid;

use super::query::optional;
use crate::views::{CoverageView, ProgrammeView, RoadmapView};

/// Programmes, roadmaps and their coverage of the audit they answer.
#[derive(Debug, Default)]
pub(crate) struct MeasuresQuery;

#[Object]
impl MeasuresQuery {
    /// A programme with its goal and tasks.
    async fn programme(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<ProgrammeView>> {
        let measures = ctx.data_unchecked::<MeasuresService>();
        optional(measures.programme(ctx.data_unchecked::<Actor>(), ProgrammeId::from_uuid(id)).await)
    }

    /// A roadmap with its measures.
    async fn roadmap(&self, ctx: &Context<'_>, id: Uuid) -> Result<Option<RoadmapView>> {
        let measures = ctx.data_unchecked::<MeasuresService>();
        optional(measures.roadmap(ctx.data_unchecked::<Actor>(), RoadmapId::from_uuid(id)).await)
    }

    /// A roadmap against the audit it answers.
    async fn roadmap_coverage(&self, ctx: &Context<'_>, roadmap_id: Uuid) -> Result<Option<CoverageView>> {
        let measures = ctx.data_unchecked::<MeasuresService>();
        optional(measures.coverage(ctx.data_unchecked::<Actor>(), RoadmapId::from_uuid(roadmap_id)).await)
    }
}
