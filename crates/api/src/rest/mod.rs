//! REST resources under `/api/v1` and the OpenAPI document that describes them.

mod health;
mod input;
mod municipalities;
mod organizations;
mod pages;
mod regions;

use axum::Router;
use axum::routing::get;
use utoipa::OpenApi;

pub(crate) use health::{live, ready};

use crate::problem::{ErrorCode, FieldProblem, ProblemDetails};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Opora API",
        description = "Data backbone for regional and municipal programmes that support schools with low \
                       educational results (ШНОР) and prevent academic failure. Errors are \
                       application/problem+json documents with a stable `code`.",
        license(name = "AGPL-3.0-only")
    ),
    paths(
        regions::list_regions, regions::create_region, regions::get_region, regions::update_region,
        regions::delete_region,
        municipalities::list_municipalities, municipalities::create_municipality,
        municipalities::get_municipality, municipalities::update_municipality,
        municipalities::delete_municipality,
        organizations::list_organizations, organizations::create_organization,
        organizations::get_organization, organizations::update_organization,
        organizations::delete_organization, organizations::resolve_organization,
        health::live, health::ready,
    ),
    components(schemas(ProblemDetails, FieldProblem, ErrorCode)),
    tags(
        (name = "territory", description = "Regions, municipalities and educational organizations"),
        (name = "operations", description = "Health probes")
    )
)]
pub(crate) struct ApiDoc;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/regions", get(regions::list_regions).post(regions::create_region))
        .route("/regions/{id}", get(regions::get_region).patch(regions::update_region).delete(regions::delete_region))
        .route("/municipalities", get(municipalities::list_municipalities).post(municipalities::create_municipality))
        .route(
            "/municipalities/{id}",
            get(municipalities::get_municipality)
                .patch(municipalities::update_municipality)
                .delete(municipalities::delete_municipality),
        )
        .route("/municipalities/{id}/organizations/resolve", get(organizations::resolve_organization))
        .route("/organizations", get(organizations::list_organizations).post(organizations::create_organization))
        .route(
            "/organizations/{id}",
            get(organizations::get_organization)
                .patch(organizations::update_organization)
                .delete(organizations::delete_organization),
        )
}
