//! `/api/v1/regions`.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use opora_domain::schools::{NewRegion, RegionDraft, RegionFilter, RegionId, RegionPatch};
use opora_domain::text::fold;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::present;
use super::pages::RegionPage;
use crate::cursor::page_request;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::NameText;
use crate::views::RegionView;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct RegionQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    /// `nextCursor` of the previous page.
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
    /// Text the name contains, or the exact code.
    q: Option<String>,
}

/// A new region.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateRegionIn {
    /// Two-digit subject code: "69", "23", "57".
    #[serde(default)]
    #[schema(required = true)]
    #[schema(pattern = "^(0?[1-9]|[1-9][0-9])$", example = "23")]
    code: String,
    #[serde(default)]
    #[schema(required = true)]
    #[schema(value_type = NameText)]
    name: String,
}

/// Changes to a region; absent fields stay.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateRegionIn {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    #[schema(pattern = "^(0?[1-9]|[1-9][0-9])$", example = "23")]
    code: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = NameText)]
    name: Option<String>,
}

/// Lists regions.
#[utoipa::path(get, path = "/api/v1/regions", tag = "territory", params(RegionQuery),
    responses((status = 200, body = RegionPage), (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_regions(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<RegionQuery>,
) -> Result<Json<RegionPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = RegionFilter { search: query.q.as_deref().map(fold).filter(|q| !q.is_empty()), ..Default::default() };
    Ok(Json(state.capabilities.territory.regions(&actor, &filter, page).await?.into()))
}

/// Creates a region.
#[utoipa::path(post, path = "/api/v1/regions", tag = "territory", request_body = CreateRegionIn,
    responses((status = 201, body = RegionView),
        (status = 409, description = "The code is taken", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_region(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateRegionIn>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewRegion::parse(&RegionDraft { code: input.code, name: input.name })?;
    let region = RegionView::from(state.capabilities.territory.create_region(&actor, new).await?);
    let location = format!("/api/v1/regions/{}", region.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(region)))
}

/// Reads a region.
#[utoipa::path(get, path = "/api/v1/regions/{id}", tag = "territory", params(("id" = Uuid, Path)),
    responses((status = 200, body = RegionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_region(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<RegionView>, ApiError> {
    let view = RegionView::from(state.capabilities.territory.region(&actor, RegionId::from_uuid(id)).await?);
    Tagged::of(&state, "region", id, view).await
}

/// Changes a region.
#[utoipa::path(patch, path = "/api/v1/regions/{id}", tag = "territory", params(("id" = Uuid, Path)),
    request_body = UpdateRegionIn,
    responses((status = 200, body = RegionView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn update_region(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<UpdateRegionIn>,
) -> Result<Tagged<RegionView>, ApiError> {
    let patch = RegionPatch { code: input.code, name: input.name };
    let view = RegionView::from(
        state.capabilities.territory.update_region(&actor, RegionId::from_uuid(id), &patch, expected).await?,
    );
    Tagged::of(&state, "region", id, view).await
}

/// Deletes a region that nothing refers to.
#[utoipa::path(delete, path = "/api/v1/regions/{id}", tag = "territory", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Municipalities or organizations refer to it", body = ProblemDetails,
         content_type = "application/problem+json")))]
pub(crate) async fn delete_region(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
) -> Result<StatusCode, ApiError> {
    state.capabilities.territory.delete_region(&actor, RegionId::from_uuid(id), expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Regions: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_regions, create_region)).routes(routes!(
        get_region,
        update_region,
        delete_region
    ))
}
