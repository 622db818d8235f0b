//! `/api/v1/roadmaps/{id}/reports` and the execution of roadmaps, municipalities and regions.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{NaiveDate, Utc};
use opora_domain::measures::{ProgressScope, ReportDraft, RoadmapId};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::cursor::{encode, page_request};
use crate::dashboards::Dashboards;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::rest::note_format::NoteFormat;
use crate::state::AppState;
use crate::views::{ExecutionReportView, ExecutionView};

/// A report on one planned occurrence of a measure: for the measure as a whole, or for one
/// organization it reaches. A second report on the same occurrence and organization is a
/// correction: it becomes the next revision, and the earlier ones stay in the history.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ReportIn {
    /// The measure's position in the roadmap (`position` of its measures).
    position: i64,
    /// One of the measure's `plannedOccurrences`: `2023-04`, `2023`, `period` or `plan`.
    #[schema(example = "2023-04")]
    occurrence: String,
    organization_id: Option<Uuid>,
    /// planned, held, postponed or cancelled.
    #[schema(example = "held")]
    status: String,
    /// Required when held.
    held_on: Option<NaiveDate>,
    /// `YYYY-MM`, after the planned month; required when postponed.
    postponed_to: Option<String>,
    #[schema(minimum = 0, maximum = 1000000)]
    participants: Option<i64>,
    #[serde(default)]
    #[schema(max_items = 500)]
    participant_organizations: Vec<Uuid>,
    evidence: Option<String>,
    /// An http(s) address of the evidence.
    link: Option<String>,
    note: Option<String>,
}

/// Reports on an occurrence of a measure.
#[utoipa::path(post, path = "/api/v1/roadmaps/{id}/reports", tag = "execution", params(("id" = Uuid, Path)),
    request_body = ReportIn,
    responses((status = 201, body = ExecutionReportView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_report(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<ReportIn>,
) -> Result<(StatusCode, Json<ExecutionReportView>), ApiError> {
    let draft = ReportDraft {
        roadmap: RoadmapId::from_uuid(id),
        position: input.position,
        occurrence: input.occurrence,
        organization: input.organization_id.map(OrganizationId::from_uuid),
        status: input.status,
        held_on: input.held_on,
        postponed_to: input.postponed_to,
        participants: input.participants,
        participant_organizations: input.participant_organizations.into_iter().map(OrganizationId::from_uuid).collect(),
        evidence: input.evidence,
        link: input.link,
        note: input.note,
    };
    let report = state.capabilities.measures.report(&actor, draft).await?;
    Ok((StatusCode::CREATED, Json(report.into())))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ReportPage {
    items: Vec<ExecutionReportView>,
    next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
}

/// Every revision of every report on the roadmap, in the order they were made; `current` marks
/// those that count.
#[utoipa::path(get, path = "/api/v1/roadmaps/{id}/reports", tag = "execution", params(("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = ReportPage), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_reports(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<ReportPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let found = state.capabilities.measures.reports(&actor, RoadmapId::from_uuid(id), page).await?;
    Ok(Json(ReportPage {
        next_cursor: found.next.map(encode),
        items: found.items.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ExecutionQuery {
    /// The day to judge by (default today): a planned month before it is due.
    as_of: Option<NaiveDate>,
    /// Only the occurrences of this year.
    #[param(minimum = 1990, maximum = 2100)]
    year: Option<i32>,
}

impl ExecutionQuery {
    fn as_of(&self) -> NaiveDate {
        self.as_of.unwrap_or_else(|| Utc::now().date_naive())
    }
}

async fn execution(
    state: &AppState,
    actor: &opora_domain::Actor,
    scope: ProgressScope,
    query: &ExecutionQuery,
) -> Result<Json<ExecutionView>, ApiError> {
    Ok(Json(state.capabilities.measures.progress(actor, scope, query.as_of(), query.year).await?.into()))
}

/// The roadmap's execution as of a day: planned against held, overdue occurrences, measures by
/// separate plan with no report, per school and per parameter.
#[utoipa::path(get, path = "/api/v1/roadmaps/{id}/execution", tag = "execution", params(("id" = Uuid, Path), ExecutionQuery),
    responses((status = 200, body = ExecutionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn roadmap_execution(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ExecutionQuery>,
) -> Result<Json<ExecutionView>, ApiError> {
    execution(&state, &actor, ProgressScope::Roadmap(RoadmapId::from_uuid(id)), &query).await
}

/// The execution of every roadmap of the municipality (those running in `year`, when given).
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/execution", tag = "execution", params(("id" = Uuid, Path), ExecutionQuery),
    responses((status = 200, body = ExecutionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn municipality_execution(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ExecutionQuery>,
) -> Result<Json<ExecutionView>, ApiError> {
    execution(&state, &actor, ProgressScope::Municipality(MunicipalityId::from_uuid(id)), &query).await
}

/// The execution of every roadmap of the region the caller may read.
#[utoipa::path(get, path = "/api/v1/regions/{id}/execution", tag = "execution", params(("id" = Uuid, Path), ExecutionQuery),
    responses((status = 200, body = ExecutionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn region_execution(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ExecutionQuery>,
) -> Result<Json<ExecutionView>, ApiError> {
    execution(&state, &actor, ProgressScope::Region(RegionId::from_uuid(id)), &query).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct NoteQuery {
    /// The day to judge by (default today).
    as_of: Option<NaiveDate>,
    /// `md` (default), `html` or `docx`.
    #[param(pattern = "^(md|html|docx)$")]
    format: Option<String>,
}

/// «Информация об исполнении дорожной карты» as of a day, in Russian: the totals, linked to
/// the execution view that gives them, and each planned occurrence of each measure with what
/// the reports say of it.
#[utoipa::path(get, path = "/api/v1/roadmaps/{id}/notes/execution", tag = "execution", params(("id" = Uuid, Path), NoteQuery),
    responses((status = 200, description = "The note", content((String = "text/markdown"), (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn execution_note(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<NoteQuery>,
) -> Result<Response, ApiError> {
    let format = NoteFormat::parse(query.format.as_deref())?;
    let as_of = query.as_of.unwrap_or_else(|| Utc::now().date_naive());
    let note = Dashboards::new(&state).execution_note(&actor, RoadmapId::from_uuid(id), as_of).await?;
    format
        .respond(
            &state,
            note,
            Vec::new(),
            "Информация об исполнении дорожной карты",
            &format!("execution-note-{as_of}"),
        )
        .await
}

/// Reports and execution views: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_reports, create_report))
        .routes(routes!(roadmap_execution))
        .routes(routes!(municipality_execution))
        .routes(routes!(region_execution))
        .routes(routes!(execution_note))
}
