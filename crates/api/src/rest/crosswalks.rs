//! `/api/v1/catalogues/{id}/crosswalk`: how one catalogue's parameters map onto another's.

use axum::Json;
use axum::extract::State;
use opora_domain::factors::{CatalogueId, ParameterCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CrosswalkQuery {
    /// The catalogue the parameters map onto.
    target_catalogue_id: Uuid,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CrosswalkEntry {
    /// A parameter code of this catalogue.
    from: String,
    /// A parameter code of the target catalogue.
    to: String,
}

/// A crosswalk to write: it replaces the whole mapping onto the target catalogue.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CrosswalkIn {
    target_catalogue_id: Uuid,
    entries: Vec<CrosswalkEntry>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CrosswalkView {
    catalogue_id: Uuid,
    target_catalogue_id: Uuid,
    entries: Vec<CrosswalkEntry>,
}

fn crosswalk_view(from: Uuid, to: Uuid, pairs: &[(ParameterCode, ParameterCode)]) -> CrosswalkView {
    CrosswalkView {
        catalogue_id: from,
        target_catalogue_id: to,
        entries: pairs.iter().map(|(a, b)| CrosswalkEntry { from: a.to_string(), to: b.to_string() }).collect(),
    }
}

/// How this catalogue's parameters map onto another's (a municipal parameter onto a federal
/// risk profile, say).
#[utoipa::path(get, path = "/api/v1/catalogues/{id}/crosswalk", tag = "factors", params(("id" = Uuid, Path), CrosswalkQuery),
    responses((status = 200, body = CrosswalkView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_crosswalk(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<CrosswalkQuery>,
) -> Result<Json<CrosswalkView>, ApiError> {
    let pairs = state
        .capabilities
        .factors
        .crosswalk(&actor, CatalogueId::from_uuid(id), CatalogueId::from_uuid(query.target_catalogue_id))
        .await?;
    Ok(Json(crosswalk_view(id, query.target_catalogue_id, &pairs)))
}

/// Replaces the crosswalk from this catalogue onto a target catalogue.
#[utoipa::path(put, path = "/api/v1/catalogues/{id}/crosswalk", tag = "factors", params(("id" = Uuid, Path)), request_body = CrosswalkIn,
    responses((status = 200, body = CrosswalkView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn set_crosswalk(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<CrosswalkIn>,
) -> Result<Json<CrosswalkView>, ApiError> {
    let pairs: Vec<(String, String)> = input.entries.into_iter().map(|e| (e.from, e.to)).collect();
    let to = input.target_catalogue_id;
    let saved = state
        .capabilities
        .factors
        .set_crosswalk(&actor, CatalogueId::from_uuid(id), CatalogueId::from_uuid(to), &pairs)
        .await?;
    Ok(Json(crosswalk_view(id, to, &saved)))
}

/// Crosswalks between catalogues: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_crosswalk, set_crosswalk))
}
