//! `/api/v1/indicator-imports`: the indicator tables imported, as versions — what each holds and
//! what later imports replaced — and their withdrawal.

use axum::Json;
use axum::extract::State;
use opora_domain::schools::MunicipalityId;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{VersionedListQuery, WithdrawalQuery};
use crate::cursor::{encode, page_request};
use crate::extract::{ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{IndicatorImportReadView, IndicatorImportRecordView};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IndicatorImportPage {
    items: Vec<IndicatorImportRecordView>,
    next_cursor: Option<String>,
}

/// Lists the indicator tables imported that are in force (not withdrawn), or those in force
/// `asOf` a moment.
#[utoipa::path(get, path = "/api/v1/indicator-imports", tag = "indicators", params(VersionedListQuery),
    responses((status = 200, body = IndicatorImportPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_indicator_imports(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<VersionedListQuery>,
) -> Result<Json<IndicatorImportPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let municipality = query.municipality_id.map(MunicipalityId::from_uuid);
    let found = state.capabilities.indicators.observation_imports(&actor, municipality, query.as_of, page).await?;
    Ok(Json(IndicatorImportPage {
        next_cursor: found.next.map(encode),
        items: found.items.iter().map(Into::into).collect(),
    }))
}

/// Reads an imported indicator table: the values it holds in the views, and those a later
/// import replaced (with when and by which) or its withdrawal took out.
#[utoipa::path(get, path = "/api/v1/indicator-imports/{id}", tag = "indicators", params(("id" = Uuid, Path)),
    responses((status = 200, body = IndicatorImportReadView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_indicator_import(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<IndicatorImportReadView>, ApiError> {
    let read = state.capabilities.indicators.observation_import(&actor, id).await?;
    Tagged::of(&state, "observation_import", id, IndicatorImportReadView::from(read)).await
}

/// Withdraws an imported indicator table, with a reason: each value it still holds gives way to
/// the value it had replaced from an import in force, or leaves the views (series, dashboards,
/// notes, the watchlist) when there was none. The import stays readable with its values.
/// Authorized as the import is.
#[utoipa::path(delete, path = "/api/v1/indicator-imports/{id}", tag = "indicators", params(("id" = Uuid, Path), WithdrawalQuery),
    responses((status = 200, description = "Withdrawn", body = IndicatorImportReadView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Withdrawn already", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn withdraw_indicator_import(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiQuery(query): ApiQuery<WithdrawalQuery>,
) -> Result<Tagged<IndicatorImportReadView>, ApiError> {
    let read = state.capabilities.indicators.withdraw_observation_import(&actor, id, &query.reason, expected).await?;
    Tagged::of(&state, "observation_import", id, IndicatorImportReadView::from(read)).await
}

/// Indicator imports: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_indicator_imports))
        .routes(routes!(get_indicator_import, withdraw_indicator_import))
}
