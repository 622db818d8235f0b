//! ШНОР lists: `/api/v1/imports/lists`, a municipality's list dynamics, a school's list
//! history, and corrections of recorded decisions.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use opora_domain::lists::{Correction, DecisionId, ListImport};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::WithdrawalQuery;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::idempotency::once;
use crate::imports::{TableFile, decode_upload, read_body};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{DecisionView, DynamicsView, IssueView, ListKind, ListLevel, RegionYearView};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListImportQuery {
    municipality_id: Uuid,
    /// For rows that do not say (default shnor).
    kind: Option<ListKind>,
    /// For rows that do not say; left unstated when absent.
    level: Option<ListLevel>,
    /// The organization that issued the decisions (a regional department, ЦОКО).
    issuer_id: Option<Uuid>,
    #[serde(default)]
    dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListImportView {
    /// imported, unchanged (everything was recorded before) or checked (a dry run).
    status: String,
    decisions: Vec<DecisionView>,
    unchanged_years: Vec<i32>,
    warnings: Vec<IssueView>,
}

/// Imports a list table: the wide form (a column per year, a school per cell, as seed 004) or
/// the long form (columns Год, ОО, and optionally Уровень, Список, Номер приказа, Дата). Any
/// unresolved school rejects the whole table with its row, column and text.
#[utoipa::path(post, path = "/api/v1/imports/lists", tag = "lists", params(ListImportQuery),
    request_body(description = "The table as TSV or CSV (UTF-8, or `charset=windows-1251`), or XLSX (its first sheet)",
        content((TableFile = "text/tab-separated-values"), (TableFile = "text/csv"),
            (TableFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 201, body = ListImportView), (status = 200, description = "Dry run, or nothing new", body = ListImportView),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn import_lists(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ListImportQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let municipality = MunicipalityId::from_uuid(query.municipality_id);
    state.capabilities.lists.may_import(&actor, municipality).await?;
    let bytes = read_body(&state, body).await?;
    once(&state, &actor, &headers, &uri, &bytes.clone(), || async {
        let imported = async {
            let rows = decode_upload(&state, &headers, bytes).await?;
            let import = ListImport {
                municipality,
                kind: query.kind.unwrap_or(ListKind::Shnor).into(),
                level: query.level.map(Into::into),
                issuer: query.issuer_id.map(OrganizationId::from_uuid),
                rows,
                first_row: 1,
                dry_run: query.dry_run,
            };
            let report = state.capabilities.lists.import(&actor, import).await?;
            let (status, code) = match (report.dry_run, report.decisions.is_empty()) {
                (true, _) => ("checked", StatusCode::OK),
                (false, true) => ("unchanged", StatusCode::OK),
                (false, false) => ("imported", StatusCode::CREATED),
            };
            let view = ListImportView {
                status: status.to_owned(),
                decisions: report.decisions.iter().map(Into::into).collect(),
                unchanged_years: report.unchanged_years,
                warnings: report.warnings.into_iter().map(Into::into).collect(),
            };
            Ok::<_, ApiError>((code, Json(view)))
        };
        imported.await.into_response()
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct DynamicsQuery {
    /// Default shnor.
    kind: Option<ListKind>,
    /// The lists as known at this moment (RFC 3339); now when absent.
    as_of: Option<DateTime<Utc>>,
}

/// A municipality's list by year: schools, counts, entries and exits between listed years,
/// years with no decision, and each school's years in the list.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/lists", tag = "lists", params(("id" = Uuid, Path), DynamicsQuery),
    responses((status = 200, body = DynamicsView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_list_dynamics(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DynamicsQuery>,
) -> Result<Json<DynamicsView>, ApiError> {
    let kind = query.kind.unwrap_or(ListKind::Shnor).into();
    Ok(Json(state.capabilities.lists.dynamics(&actor, MunicipalityId::from_uuid(id), kind, query.as_of).await?.into()))
}

/// The list decisions in force that name an organization: its list history.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/list-history", tag = "lists", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<DecisionView>), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_list_history(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<DecisionView>>, ApiError> {
    let history = state.capabilities.lists.history(&actor, OrganizationId::from_uuid(id)).await?;
    Ok(Json(history.iter().map(Into::into).collect()))
}

/// A correction: the list as the decision should have named it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CorrectionIn {
    organization_ids: Vec<Uuid>,
    number: Option<String>,
    date: Option<NaiveDate>,
}

/// Records a corrected version of a decision. The old version is kept: lists asked for
/// `asOf` an earlier moment answer as they did then.
#[utoipa::path(post, path = "/api/v1/list-decisions/{id}/corrections", tag = "lists", params(("id" = Uuid, Path)),
    request_body = CorrectionIn,
    responses((status = 201, body = DecisionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn correct_list_decision(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CorrectionIn>,
) -> Result<(StatusCode, Json<DecisionView>), ApiError> {
    let correction = Correction {
        organizations: input.organization_ids.into_iter().map(OrganizationId::from_uuid).collect(),
        number: input.number,
        date: input.date,
    };
    let corrected = state.capabilities.lists.correct(&actor, DecisionId::from_uuid(id), correction).await?;
    Ok((StatusCode::CREATED, Json((&corrected).into())))
}

/// Reads a decision, any version: a withdrawal names no school and says why.
#[utoipa::path(get, path = "/api/v1/list-decisions/{id}", tag = "lists", params(("id" = Uuid, Path)),
    responses((status = 200, body = DecisionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_list_decision(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<DecisionView>, ApiError> {
    let decision = state.capabilities.lists.decision(&actor, DecisionId::from_uuid(id)).await?;
    Tagged::of(&state, "list_decision", id, DecisionView::from(&decision)).await
}

/// Withdraws a decision recorded in error, with a reason (its importers): the answer is the
/// withdrawal, a version that supersedes it and names no school; the year has no decision of
/// that list from then on, and lists asked for `asOf` an earlier moment answer as before. A
/// table imported for the year again lists it anew.
#[utoipa::path(delete, path = "/api/v1/list-decisions/{id}", tag = "lists", params(("id" = Uuid, Path), WithdrawalQuery),
    responses((status = 200, description = "The withdrawal", body = DecisionView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not the latest version", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn withdraw_list_decision(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiQuery(query): ApiQuery<WithdrawalQuery>,
) -> Result<Tagged<DecisionView>, ApiError> {
    let withdrawal =
        state.capabilities.lists.withdraw(&actor, DecisionId::from_uuid(id), &query.reason, expected).await?;
    let version = withdrawal.id.as_uuid();
    Tagged::of(&state, "list_decision", version, DecisionView::from(&withdrawal)).await
}

/// A region's lists by year, with each municipality's count.
#[utoipa::path(get, path = "/api/v1/regions/{id}/lists", tag = "lists", params(("id" = Uuid, Path), DynamicsQuery),
    responses((status = 200, body = Vec<RegionYearView>), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_region_lists(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DynamicsQuery>,
) -> Result<Json<Vec<RegionYearView>>, ApiError> {
    let kind = query.kind.unwrap_or(ListKind::Shnor).into();
    let years = state.capabilities.lists.region_dynamics(&actor, RegionId::from_uuid(id), kind, query.as_of).await?;
    Ok(Json(years.into_iter().map(Into::into).collect()))
}

/// ШНОР lists: imports, corrections, dynamics and history: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import_lists))
        .routes(routes!(get_list_dynamics))
        .routes(routes!(get_region_lists))
        .routes(routes!(get_list_history))
        .routes(routes!(correct_list_decision))
        .routes(routes!(get_list_decision, withdraw_list_decision))
}
