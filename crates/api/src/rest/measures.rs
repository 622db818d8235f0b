//! `/api/v1/programmes`, `/api/v1/roadmaps` with their measures and coverage, and
//! `/api/v1/imports/roadmap`.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use opora_domain::ValidationErrors;
use opora_domain::measures::{
    MeasureEdit, Period, ProgrammeDraft, ProgrammeId, RoadmapId, RoadmapImport, RoadmapOutcome, is_roadmap_table,
};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{ListQuery, SourceIn, VersionedListQuery, WithdrawalQuery, document_params};
use crate::cursor::{encode, page_request};
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::idempotency::once;
use crate::imports::{TableFile, decode_upload_document, read_body, upload_file_name};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{CoverageView, NameText, ProgrammeView, RoadmapImportView, RoadmapView};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ProgrammePage {
    items: Vec<ProgrammeView>,
    next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoadmapPage {
    /// Roadmaps without their measures.
    items: Vec<RoadmapView>,
    next_cursor: Option<String>,
}

/// A programme: «Программа повышения качества образования … на 2021-2024 годы» with its tasks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateProgrammeIn {
    municipality_id: Uuid,
    /// The body or school that owns it, when not the municipality itself.
    owner_id: Option<Uuid>,
    #[schema(value_type = NameText)]
    title: String,
    #[schema(minimum = 1990, maximum = 2100, example = 2021)]
    period_from: i32,
    #[schema(minimum = 1990, maximum = 2100, example = 2024)]
    period_to: i32,
    goal: Option<String>,
    #[serde(default)]
    #[schema(max_items = 50)]
    tasks: Vec<String>,
    approval: Option<SourceIn>,
    /// draft, approved or finished; leave out when no document states it.
    status: Option<String>,
    /// The programme this one replaces; it becomes superseded when this one is approved.
    supersedes: Option<Uuid>,
}

/// Records a programme.
#[utoipa::path(post, path = "/api/v1/programmes", tag = "measures", request_body = CreateProgrammeIn,
    responses((status = 201, body = ProgrammeView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_programme(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateProgrammeIn>,
) -> Result<(StatusCode, Json<ProgrammeView>), ApiError> {
    let mut errors = ValidationErrors::new();
    let approval = input.approval.as_ref().and_then(|a| a.parse("approval", &mut errors));
    errors.finish(|| ())?;
    let draft = ProgrammeDraft {
        municipality: MunicipalityId::from_uuid(input.municipality_id),
        owner: input.owner_id.map(OrganizationId::from_uuid),
        title: input.title,
        period_from: input.period_from,
        period_to: input.period_to,
        goal: input.goal,
        tasks: input.tasks,
        approval,
        status: input.status,
        supersedes: input.supersedes.map(ProgrammeId::from_uuid),
    };
    let programme = state.capabilities.measures.create_programme(&actor, draft).await?;
    Ok((StatusCode::CREATED, Json(programme.into())))
}

/// Lists the programmes the caller may see.
#[utoipa::path(get, path = "/api/v1/programmes", tag = "measures", params(ListQuery),
    responses((status = 200, body = ProgrammePage), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_programmes(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<ProgrammePage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let found = state
        .capabilities
        .measures
        .programmes(&actor, query.municipality_id.map(MunicipalityId::from_uuid), page)
        .await?;
    Ok(Json(ProgrammePage {
        next_cursor: found.next.map(encode),
        items: found.items.into_iter().map(Into::into).collect(),
    }))
}

/// Reads a programme.
#[utoipa::path(get, path = "/api/v1/programmes/{id}", tag = "measures", params(("id" = Uuid, Path)),
    responses((status = 200, body = ProgrammeView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_programme(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<ProgrammeView>, ApiError> {
    let view = ProgrammeView::from(state.capabilities.measures.programme(&actor, ProgrammeId::from_uuid(id)).await?);
    Tagged::of(&state, "programme", id, view).await
}

/// A programme's next stage.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ProgrammeStageIn {
    /// draft, approved or finished: forward only; superseded comes of an approved successor.
    status: String,
    /// The act that approved it; required to approve a programme that names none.
    approval: Option<SourceIn>,
}

/// Moves a programme on: draft → approved (with the act that approved it) → finished. A
/// successor approved supersedes the programme it replaces. Authorized as its recording is.
#[utoipa::path(patch, path = "/api/v1/programmes/{id}", tag = "measures", params(("id" = Uuid, Path)), request_body = ProgrammeStageIn,
    responses((status = 200, body = ProgrammeView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not a step forward", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn advance_programme(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<ProgrammeStageIn>,
) -> Result<Tagged<ProgrammeView>, ApiError> {
    let mut errors = ValidationErrors::new();
    let approval = input.approval.as_ref().and_then(|a| a.parse("approval", &mut errors));
    errors.finish(|| ())?;
    let moved = state.capabilities.measures.advance_programme(
        &actor,
        ProgrammeId::from_uuid(id),
        &input.status,
        approval,
        expected,
    );
    Tagged::of(&state, "programme", id, ProgrammeView::from(moved.await?)).await
}

/// Lists the roadmaps the caller may see, without their measures: the current version of each,
/// or those current `asOf` a moment.
#[utoipa::path(get, path = "/api/v1/roadmaps", tag = "measures", params(VersionedListQuery),
    responses((status = 200, body = RoadmapPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_roadmaps(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<VersionedListQuery>,
) -> Result<Json<RoadmapPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let municipality = query.municipality_id.map(MunicipalityId::from_uuid);
    let found = state.capabilities.measures.roadmaps(&actor, municipality, query.as_of, page).await?;
    Ok(Json(RoadmapPage { next_cursor: found.next.map(encode), items: found.items.iter().map(Into::into).collect() }))
}

/// Withdraws the current version of a roadmap, with a reason: it leaves every view (dashboards,
/// execution, notes) and stays readable by its id, `asOf`, and in its history. Authorized as
/// its import is.
#[utoipa::path(delete, path = "/api/v1/roadmaps/{id}", tag = "measures", params(("id" = Uuid, Path), WithdrawalQuery),
    responses((status = 200, description = "Withdrawn", body = RoadmapView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not the current version", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn withdraw_roadmap(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiQuery(query): ApiQuery<WithdrawalQuery>,
) -> Result<Tagged<RoadmapView>, ApiError> {
    let withdrawn =
        state.capabilities.measures.withdraw_roadmap(&actor, RoadmapId::from_uuid(id), &query.reason, expected);
    Tagged::of(&state, "roadmap", id, RoadmapView::from(&withdrawn.await?)).await
}

/// A measure's fields as a table writes them; those left out stay as they were read.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MeasureEditIn {
    number: Option<String>,
    title: Option<String>,
    form: Option<String>,
    /// Parameter codes: «1.1, 2.3», «все выявленные параметры».
    targets: Option<String>,
    audience: Option<String>,
    venues: Option<String>,
    /// As a plan writes it: «Март 2024», «I квартал 2024», «ежемесячно».
    schedule: Option<String>,
    responsible: Option<String>,
}

/// The longest text one field of an edited measure may hold.
const MAX_MEASURE_FIELD_CHARS: usize = 4_000;

/// Edits one measure: the roadmap's next version, the measure re-read from the fields given as
/// an import reads a row (codes, schedule, parties, with the same warnings), replacing the
/// current version as a corrected import does; the reports follow their measures. Authorized as
/// its import is.
#[utoipa::path(patch, path = "/api/v1/roadmaps/{id}/measures/{position}", tag = "measures",
    params(("id" = Uuid, Path), ("position" = i64, Path)), request_body = MeasureEditIn,
    responses((status = 200, description = "The roadmap's new version", body = RoadmapImportView),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not the current version", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn edit_measure(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, position)): ApiPath<(Uuid, i64)>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<MeasureEditIn>,
) -> Result<Tagged<RoadmapImportView>, ApiError> {
    let fields = [
        ("number", &input.number),
        ("title", &input.title),
        ("form", &input.form),
        ("targets", &input.targets),
        ("audience", &input.audience),
        ("venues", &input.venues),
        ("schedule", &input.schedule),
        ("responsible", &input.responsible),
    ];
    let mut errors = ValidationErrors::new();
    for (field, value) in fields {
        if value.as_ref().is_some_and(|v| v.chars().count() > MAX_MEASURE_FIELD_CHARS) {
            errors.push(field, "too_long", format!("is longer than {MAX_MEASURE_FIELD_CHARS} characters"));
        }
    }
    errors.finish(|| ())?;
    let edit = MeasureEdit {
        number: input.number,
        title: input.title,
        form: input.form,
        targets: input.targets,
        audience: input.audience,
        venues: input.venues,
        schedule: input.schedule,
        responsible: input.responsible,
    };
    let report =
        state.capabilities.measures.edit_measure(&actor, RoadmapId::from_uuid(id), position, edit, expected).await?;
    let version = report.roadmap.id.as_uuid();
    Tagged::of(&state, "roadmap", version, RoadmapImportView::from(report)).await
}

/// Reads a roadmap with its measures.
#[utoipa::path(get, path = "/api/v1/roadmaps/{id}", tag = "measures", params(("id" = Uuid, Path)),
    responses((status = 200, body = RoadmapView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_roadmap(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<RoadmapView>, ApiError> {
    let view = RoadmapView::from(state.capabilities.measures.roadmap(&actor, RoadmapId::from_uuid(id)).await?);
    Tagged::of(&state, "roadmap", id, view).await
}

/// The roadmap against the audit it answers: each present parameter with the measures that
/// target it, those no measure targets by code, measures aimed at risks present nowhere, and
/// per school whether a measure that reaches it covers each of its risks.
#[utoipa::path(get, path = "/api/v1/roadmaps/{id}/coverage", tag = "measures", params(("id" = Uuid, Path)),
    responses((status = 200, body = CoverageView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "The roadmap names no audit", body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_roadmap_coverage(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CoverageView>, ApiError> {
    Ok(Json(state.capabilities.measures.coverage(&actor, RoadmapId::from_uuid(id)).await?.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    municipality_id: Uuid,
    /// The first year of the roadmap: 2023 in «на 2023 - 2024 гг.».
    #[param(minimum = 1990, maximum = 2100)]
    period_from: i32,
    #[param(minimum = 1990, maximum = 2100)]
    period_to: i32,
    /// The period is one school year (`periodTo` = `periodFrom` + 1): a month written without a
    /// year falls in September–August. A title «на 2024/2025 учебный год» says so too.
    #[serde(default)]
    school_year: bool,
    /// The audit it answers; its catalogue is the one the codes refer to.
    audit_id: Option<Uuid>,
    /// The body or school that owns it (a school's own plan reaches that school only).
    owner_id: Option<Uuid>,
    programme_id: Option<Uuid>,
    title: Option<String>,
    /// Check and report without writing.
    #[serde(default)]
    dry_run: bool,
    /// Who approved it: «МКУО ЦОКО».
    approval_issuer: Option<String>,
    /// The order's number: «4».
    approval_number: Option<String>,
    /// The order's date, YYYY-MM-DD.
    approval_date: Option<NaiveDate>,
    approval_title: Option<String>,
    /// The version this table corrects, when it is not the current version of the same owner
    /// and period (a roadmap imported under a wrong period); 409 while another version is
    /// current for the corrected period.
    replaces: Option<Uuid>,
}

/// Imports a roadmap as written: seed 001's columns (№, Мероприятие, Форма, Код параметра,
/// Контингент, Место проведения, Дата проведения, Ответственные) or seed 004's (Направления,
/// Формы, Место проведения, Дата проведения), from TSV, CSV, XLSX or the Word document (DOCX)
/// it was approved in — its roadmap table is found by its header. A row without a number
/// continues the measure above; a header repeated on a new page is skipped. Any error rejects
/// the whole table with every problem's row, column and text; nothing is written.
#[utoipa::path(post, path = "/api/v1/imports/roadmap", tag = "measures", params(ImportQuery),
    request_body(description = "The roadmap as TSV or CSV (UTF-8, or `charset=windows-1251`), XLSX (its first sheet) or DOCX",
        content((TableFile = "text/tab-separated-values"), (TableFile = "text/csv"),
            (TableFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (TableFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
    responses((status = 201, description = "Imported", body = RoadmapImportView),
        (status = 200, description = "Checked (dry run) or already imported", body = RoadmapImportView),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "The table has errors; `issues` lists them", body = ProblemDetails,
         content_type = "application/problem+json")))]
pub(crate) async fn import_roadmap(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ImportQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let municipality = MunicipalityId::from_uuid(query.municipality_id);
    state.capabilities.measures.may_import(&actor, municipality).await?;
    let mut errors = ValidationErrors::new();
    let period = errors.check("periodTo", Period::new(query.period_from, query.period_to));
    let period = match period {
        Some(p) if query.school_year && p.to() != p.from() + 1 => {
            let message = format!("a school year runs over two years: periodTo must be {}", p.from() + 1);
            errors.push("schoolYear", "invalid_period", message);
            None
        }
        Some(p) if query.school_year => errors.check("periodFrom", Period::school_year(p.from())),
        other => other,
    };
    let approval = document_params(
        "approval",
        query.approval_issuer.as_deref(),
        query.approval_number.as_deref(),
        query.approval_date,
        query.approval_title.as_deref(),
    )
    .map_err(|e| {
        for f in e.errors() {
            errors.push(f.field.clone(), f.code, f.message.clone());
        }
    });
    errors.finish(|| ())?;
    let approval = approval.unwrap_or_default();
    let period = period.ok_or_else(|| ApiError::internal("a period that failed to parse left no error"))?;
    let bytes = read_body(&state, body).await?;
    once(&state, &actor, &headers, &uri, &bytes.clone(), || async {
        let imported = async {
            let tables = decode_upload_document(&state, &headers, bytes).await?;
            let position = tables.iter().position(|t| is_roadmap_table(&t.rows)).unwrap_or(0);
            let table = tables.into_iter().nth(position).unwrap_or_default();
            let import = RoadmapImport {
                preamble: table.preamble,
                rows: table.rows,
                file_name: upload_file_name(&headers),
                municipality,
                owner: query.owner_id.map(OrganizationId::from_uuid),
                programme: query.programme_id.map(ProgrammeId::from_uuid),
                audit: query.audit_id,
                title: query.title,
                period,
                approval,
                first_row: 1,
                dry_run: query.dry_run,
                replaces: query.replaces.map(RoadmapId::from_uuid),
            };
            let report = state.capabilities.measures.import_roadmap(&actor, import).await?;
            let status = if report.outcome == RoadmapOutcome::Imported { StatusCode::CREATED } else { StatusCode::OK };
            Ok::<_, ApiError>((status, Json(RoadmapImportView::from(report))))
        };
        imported.await.into_response()
    })
    .await
}

/// Programmes, roadmaps, coverage and the roadmap import: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_programmes, create_programme))
        .routes(routes!(get_programme, advance_programme))
        .routes(routes!(list_roadmaps))
        .routes(routes!(get_roadmap, withdraw_roadmap))
        .routes(routes!(edit_measure))
        .routes(routes!(get_roadmap_coverage))
        .routes(routes!(import_roadmap))
}
