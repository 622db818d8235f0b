//! `/api/v1/municipalities`.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use opora_domain::schools::{
    MunicipalityDraft, MunicipalityFilter, MunicipalityId, MunicipalityPatch, NewMunicipality, RegionId,
};
use opora_domain::text::fold;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{nullable, present};
use super::pages::MunicipalityPage;
use crate::cursor::page_request;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::NameText;
use crate::views::{MunicipalityKind, MunicipalityView};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct MunicipalityQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    /// `nextCursor` of the previous page.
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
    region_id: Option<Uuid>,
    /// Text the name contains.
    q: Option<String>,
}

/// A new municipality.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateMunicipalityIn {
    region_id: Uuid,
    #[serde(default)]
    #[schema(required = true)]
    #[schema(value_type = NameText)]
    name: String,
    kind: MunicipalityKind,
    /// 8 or 11 digits.
    #[schema(pattern = "^([0-9]{8}|[0-9]{11})$", example = "03620000")]
    oktmo: Option<String>,
}

/// Changes to a municipality; absent fields stay, `null` clears `oktmo`. The region cannot change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateMunicipalityIn {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = NameText)]
    name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = MunicipalityKind)]
    kind: Option<MunicipalityKind>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    #[schema(pattern = "^([0-9]{8}|[0-9]{11})$", example = "03620000")]
    oktmo: Option<Option<String>>,
}

/// Lists municipalities.
#[utoipa::path(get, path = "/api/v1/municipalities", tag = "territory", params(MunicipalityQuery),
    responses((status = 200, body = MunicipalityPage), (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_municipalities(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<MunicipalityQuery>,
) -> Result<Json<MunicipalityPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = MunicipalityFilter {
        region_id: query.region_id.map(RegionId::from_uuid),
        search: query.q.as_deref().map(fold).filter(|q| !q.is_empty()),
        ..Default::default()
    };
    Ok(Json(state.capabilities.territory.municipalities(&actor, &filter, page).await?.into()))
}

/// Creates a municipality.
#[utoipa::path(post, path = "/api/v1/municipalities", tag = "territory", request_body = CreateMunicipalityIn,
    responses((status = 201, body = MunicipalityView),
        (status = 409, description = "The region has a municipality of this name", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_municipality(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateMunicipalityIn>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewMunicipality::parse(&MunicipalityDraft {
        region_id: RegionId::from_uuid(input.region_id),
        name: input.name,
        kind: input.kind.into(),
        oktmo: input.oktmo,
    })?;
    let municipality = MunicipalityView::from(state.capabilities.territory.create_municipality(&actor, new).await?);
    let location = format!("/api/v1/municipalities/{}", municipality.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(municipality)))
}

/// Reads a municipality.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}", tag = "territory", params(("id" = Uuid, Path)),
    responses((status = 200, body = MunicipalityView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_municipality(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<MunicipalityView>, ApiError> {
    let view =
        MunicipalityView::from(state.capabilities.territory.municipality(&actor, MunicipalityId::from_uuid(id)).await?);
    Tagged::of(&state, "municipality", id, view).await
}

/// Changes a municipality.
#[utoipa::path(patch, path = "/api/v1/municipalities/{id}", tag = "territory", params(("id" = Uuid, Path)),
    request_body = UpdateMunicipalityIn,
    responses((status = 200, body = MunicipalityView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn update_municipality(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<UpdateMunicipalityIn>,
) -> Result<Tagged<MunicipalityView>, ApiError> {
    let patch = MunicipalityPatch { name: input.name, kind: input.kind.map(Into::into), oktmo: input.oktmo };
    let updated = state
        .capabilities
        .territory
        .update_municipality(&actor, MunicipalityId::from_uuid(id), &patch, expected)
        .await?;
    Tagged::of(&state, "municipality", id, MunicipalityView::from(updated)).await
}

/// Deletes a municipality that nothing refers to.
#[utoipa::path(delete, path = "/api/v1/municipalities/{id}", tag = "territory", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Organizations refer to it", body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn delete_municipality(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
) -> Result<StatusCode, ApiError> {
    state.capabilities.territory.delete_municipality(&actor, MunicipalityId::from_uuid(id), expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Municipalities: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_municipalities, create_municipality)).routes(routes!(
        get_municipality,
        update_municipality,
        delete_municipality
    ))
}
