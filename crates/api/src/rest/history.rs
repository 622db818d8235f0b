//! Each document's history: every change of it, oldest first, with who made it, what changed
//! and the revision it made — readable by whoever may read the document, which the audit trail
//! as a whole is not.

use axum::Json;
use axum::extract::State;
use opora_domain::factors::AuditId;
use opora_domain::lists::DecisionId;
use opora_domain::measures::{ProgrammeId, RoadmapId};
use opora_domain::monitoring::CampaignId;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::audit::AuditEventPage;
use crate::cursor::page_request;
use crate::extract::{ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct HistoryQuery {
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
}

/// The page of `entity` `id`'s changes; the caller has read the record.
async fn history(
    state: &AppState,
    actor: &opora_domain::Actor,
    entity: &'static str,
    id: Uuid,
    query: HistoryQuery,
) -> Result<Json<AuditEventPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    Ok(Json(AuditEventPage::of(state.capabilities.access.history(actor, entity, id, page).await?)))
}

/// A roadmap version's changes: its import, its end when a correction or an edit replaced it,
/// its withdrawal.
#[utoipa::path(get, path = "/api/v1/roadmaps/{id}/history", tag = "measures", params(("id" = Uuid, Path), HistoryQuery),
    responses((status = 200, body = AuditEventPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn roadmap_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    state.capabilities.measures.roadmap(&actor, RoadmapId::from_uuid(id)).await?;
    history(&state, &actor, "roadmap", id, query).await
}

/// A programme's changes: its recording and each stage it moved to.
#[utoipa::path(get, path = "/api/v1/programmes/{id}/history", tag = "measures", params(("id" = Uuid, Path), HistoryQuery),
    responses((status = 200, body = AuditEventPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn programme_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    state.capabilities.measures.programme(&actor, ProgrammeId::from_uuid(id)).await?;
    history(&state, &actor, "programme", id, query).await
}

/// An audit version's changes: its import, its end when a correction replaced it, its
/// withdrawal.
#[utoipa::path(get, path = "/api/v1/audits/{id}/history", tag = "factors", params(("id" = Uuid, Path), HistoryQuery),
    responses((status = 200, body = AuditEventPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn audit_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    state.capabilities.factors.audit(&actor, AuditId::from_uuid(id)).await?;
    history(&state, &actor, "audit", id, query).await
}

/// A monitoring report version's changes: its recording, its end when a correction replaced
/// it, its withdrawal.
#[utoipa::path(get, path = "/api/v1/monitoring-campaigns/{id}/history", tag = "monitoring", params(("id" = Uuid, Path), HistoryQuery),
    responses((status = 200, body = AuditEventPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn campaign_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    state.capabilities.monitoring.campaign(&actor, CampaignId::from_uuid(id)).await?;
    history(&state, &actor, "monitoring_campaign", id, query).await
}

/// An indicator table's changes: its import and its withdrawal.
#[utoipa::path(get, path = "/api/v1/indicator-imports/{id}/history", tag = "indicators", params(("id" = Uuid, Path), HistoryQuery),
    responses((status = 200, body = AuditEventPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn indicator_import_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    state.capabilities.indicators.observation_import(&actor, id).await?;
    history(&state, &actor, "observation_import", id, query).await
}

/// A list decision version's changes: its recording, and its withdrawal.
#[utoipa::path(get, path = "/api/v1/list-decisions/{id}/history", tag = "lists", params(("id" = Uuid, Path), HistoryQuery),
    responses((status = 200, body = AuditEventPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_decision_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    state.capabilities.lists.decision(&actor, DecisionId::from_uuid(id)).await?;
    history(&state, &actor, "list_decision", id, query).await
}

/// Documents' histories: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(roadmap_history))
        .routes(routes!(programme_history))
        .routes(routes!(audit_history))
        .routes(routes!(campaign_history))
        .routes(routes!(indicator_import_history))
        .routes(routes!(list_decision_history))
}
