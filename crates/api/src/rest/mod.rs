//! REST resources under `/api/v1` and the OpenAPI document that describes them.

mod audit;
mod auth;
mod factors;

pub(crate) use factors::CreateCatalogueIn;
mod health;
mod input;
mod lists;
mod municipalities;
mod organizations;
mod pages;
mod principals;
mod regions;

use axum::Router;
use axum::routing::{get, post};
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
        auth::issue_token, auth::revoke_token, auth::me,
        principals::list_users, principals::create_user, principals::get_user, principals::update_user,
        principals::list_clients, principals::create_client, principals::get_client, principals::update_client,
        audit::list_audit_events,
        factors::list_catalogues, factors::create_catalogue, factors::get_catalogue, factors::list_audits, factors::get_audit,
        factors::get_audit_matrix, factors::get_risk_profile, factors::get_audit_diff, factors::import_audit, factors::get_region_prevalence, factors::get_crosswalk, factors::set_crosswalk,
        lists::import_lists, lists::get_list_dynamics, lists::get_list_history, lists::correct_list_decision, lists::get_region_lists,
        health::live, health::ready,
    ),
    components(schemas(ProblemDetails, FieldProblem, ErrorCode)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    tags(
        (name = "territory", description = "Regions, municipalities and educational organizations"),
        (name = "auth", description = "Access tokens"),
        (name = "lists", description = "ШНОР lists: decisions, history and dynamics"),
        (name = "factors", description = "Risk-factor catalogues, entry audits and risk profiles"),
        (name = "access", description = "Users, API clients and the audit trail"),
        (name = "operations", description = "Health probes")
    )
)]
pub(crate) struct ApiDoc;

/// Declares the bearer token scheme that every operation but the token endpoint and the probes
/// expects.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
    }
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/auth/token", post(auth::issue_token))
        .route("/auth/revoke", post(auth::revoke_token))
        .route("/auth/me", get(auth::me))
        .route("/users", get(principals::list_users).post(principals::create_user))
        .route("/users/{id}", get(principals::get_user).patch(principals::update_user))
        .route("/clients", get(principals::list_clients).post(principals::create_client))
        .route("/clients/{id}", get(principals::get_client).patch(principals::update_client))
        .route("/audit-events", get(audit::list_audit_events))
        .route("/catalogues", get(factors::list_catalogues).post(factors::create_catalogue))
        .route("/catalogues/{id}", get(factors::get_catalogue))
        .route("/catalogues/{id}/crosswalk", get(factors::get_crosswalk).put(factors::set_crosswalk))
        .route("/audits", get(factors::list_audits))
        .route("/audits/{id}", get(factors::get_audit))
        .route("/audits/{id}/matrix", get(factors::get_audit_matrix))
        .route("/audits/{id}/organizations/{organization_id}/risk-profile", get(factors::get_risk_profile))
        .route("/audits/{id}/diff", get(factors::get_audit_diff))
        .route("/imports/audit", post(factors::import_audit))
        .route("/regions/{id}/prevalence", get(factors::get_region_prevalence))
        .route("/imports/lists", post(lists::import_lists))
        .route("/municipalities/{id}/lists", get(lists::get_list_dynamics))
        .route("/regions/{id}/lists", get(lists::get_region_lists))
        .route("/organizations/{id}/list-history", get(lists::get_list_history))
        .route("/list-decisions/{id}/corrections", post(lists::correct_list_decision))
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
