//! REST resources under `/api/v1` and the OpenAPI document that describes them.

mod audit;
mod auth;
mod conditional;
mod contract;
mod crosswalks;
mod dashboards;
mod execution;
mod factors;

pub(crate) use factors::CreateCatalogueIn;
pub(crate) use indicators::series_subject;
mod health;
mod history;
mod indicator_imports;
mod indicators;
mod input;
mod lists;
mod measures;
mod monitoring;
mod monitoring_import;
mod municipalities;
mod note_format;
mod notes;
mod organizations;
mod pages;
mod principals;
mod regions;
mod warning;

use axum::Router;
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use self::contract::{DeclaredErrors, DeclaredHeaders, Security};

use crate::problem::{ErrorCode, FieldProblem, ProblemDetails};
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Opora API",
        description = "Data backbone for regional and municipal programmes that support schools with low \
                       educational results (ШНОР) and prevent academic failure. Errors are \
                       application/problem+json documents with a stable `code`.",
        license(name = "AGPL-3.0-only"),
        contact(name = "Opora maintainers")
    ),
    components(schemas(ProblemDetails, FieldProblem, ErrorCode)),
    modifiers(&Security),
    security(("oauth2" = []), ("bearer" = [])),
    tags(
        (name = "territory", description = "Regions, municipalities and educational organizations"),
        (name = "auth", description = "Access tokens"),
        (name = "lists", description = "ШНОР lists: decisions, history and dynamics"),
        (name = "factors", description = "Risk-factor catalogues, entry audits and risk profiles"),
        (name = "measures", description = "Programmes, roadmaps and their measures, and their coverage of the audit"),
        (name = "execution", description = "Reports on the execution of measures, and execution as of a day"),
        (name = "monitoring", description = "Monitoring campaigns, their conclusions and recommendations"),
        (name = "indicators", description = "Indicators, their observations and series"),
        (name = "dashboards", description = "What portals show, composed in one call"),
        (name = "access", description = "Users, API clients and the audit trail"),
        (name = "operations", description = "Health probes")
    )
)]
pub(crate) struct ApiDoc;

/// The REST API and its OpenAPI document, assembled from each capability's routes: a new
/// capability adds its module and one line here.
pub(crate) fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(regions::routes())
        .merge(municipalities::routes())
        .merge(organizations::routes())
        .merge(auth::routes())
        .merge(principals::routes())
        .merge(audit::routes())
        .merge(factors::routes())
        .merge(crosswalks::routes())
        .merge(lists::routes())
        .merge(measures::routes())
        .merge(execution::routes())
        .merge(monitoring::routes())
        .merge(monitoring_import::routes())
        .merge(indicators::routes())
        .merge(indicator_imports::routes())
        .merge(history::routes())
        .merge(dashboards::routes())
        .merge(warning::routes())
        .merge(notes::routes())
        .merge(health::routes())
        .split_for_parts();
    DeclaredErrors.modify(&mut openapi);
    DeclaredHeaders.modify(&mut openapi);
    (router, openapi)
}
