//! `/api/v1/municipalities/{id}/dashboard` and `/api/v1/organizations/{id}/card`: what a portal
//! shows for a municipality or a school, in one call.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{Datelike, Utc};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::dashboards::Dashboards;
use crate::extract::{ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{EffectivenessView, MunicipalityDashboardView, RegionOverviewView, RosterView, SchoolCardView};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct DashboardQuery {
    /// The year (default the current one).
    #[param(minimum = 1990, maximum = 2100)]
    year: Option<i32>,
}

/// A municipality in a year: its ШНОР list and the year before, the list's dynamics, the
/// prevalence at its latest audit, its roadmaps' coverage gaps and execution, and the latest
/// figures of its indicators — the same figures the capabilities' own endpoints give. The answer
/// carries an `ETag`; sent back in `If-None-Match` while the region's data is unchanged, it is
/// answered 304 without a body, and a repeated read is served from memory unless the request
/// says `Cache-Control: no-cache`.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/dashboard", tag = "dashboards", params(("id" = Uuid, Path), DashboardQuery),
    responses((status = 200, body = MunicipalityDashboardView), (status = 304, description = "Unchanged since the ETag sent"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn municipality_dashboard(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DashboardQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let year = query.year.unwrap_or_else(|| Utc::now().year());
    let (dashboards, id) = (Dashboards::new(&state), MunicipalityId::from_uuid(id));
    let tag = dashboards.municipality_tag(&actor, id, year).await?;
    if held(&headers, &tag.1) {
        return Ok(unchanged(tag.1));
    }
    let etag = tag.1.clone();
    let view = dashboards.municipality_tagged(&actor, id, year, tag, refresh(&headers)).await?;
    Ok(tagged(etag, view.as_ref()))
}

/// A region in a year, its visible municipalities side by side: schools, students, the size of
/// each kind of list in the year and the year before, the share of audited schools with any
/// parameter of each factor at the latest audit (with n), and the execution of the roadmaps
/// running in the year — read for the whole region at once. The answer carries an `ETag`; sent
/// back in `If-None-Match` while the region's data is unchanged, it is answered 304 without a
/// body, and a repeated read is served from memory unless the request says
/// `Cache-Control: no-cache`.
#[utoipa::path(get, path = "/api/v1/regions/{id}/overview", tag = "dashboards", params(("id" = Uuid, Path), DashboardQuery),
    responses((status = 200, body = RegionOverviewView), (status = 304, description = "Unchanged since the ETag sent"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn region_overview(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DashboardQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let year = query.year.unwrap_or_else(|| Utc::now().year());
    let (dashboards, id) = (Dashboards::new(&state), RegionId::from_uuid(id));
    let tag = dashboards.region_overview_tag(&actor, id, year).await?;
    if held(&headers, &tag.1) {
        return Ok(unchanged(tag.1));
    }
    let etag = tag.1.clone();
    let view = dashboards.region_overview_tagged(&actor, id, year, tag, refresh(&headers)).await?;
    Ok(tagged(etag, view.as_ref()))
}

/// Whether the caller asks for the view computed afresh (`Cache-Control: no-cache`, a browser's
/// hard reload) rather than kept in memory.
fn refresh(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::CACHE_CONTROL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|d| d.trim().eq_ignore_ascii_case("no-cache"))
}

/// Whether the caller holds the view under this tag already (`If-None-Match`): it is answered
/// 304 before the view is computed or looked up, since the tag depends on the data's version
/// and the request only. The comparison is the weak one RFC 9110 prescribes for
/// `If-None-Match`: `W/"…"`, what a compressing proxy hands back, matches its strong tag.
fn held(headers: &HeaderMap, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().strip_prefix("W/").unwrap_or(t.trim()).to_owned();
    let ours = opaque(etag);
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

fn caching(etag: String) -> [(header::HeaderName, String); 2] {
    [(header::ETAG, etag), (header::CACHE_CONTROL, "private, no-cache".to_owned())]
}

fn unchanged(etag: String) -> Response {
    (StatusCode::NOT_MODIFIED, caching(etag)).into_response()
}

fn tagged(etag: String, view: &impl serde::Serialize) -> Response {
    (caching(etag), Json(view)).into_response()
}

/// A school's card: who it is, its risk profile at the latest audit that covered it (each
/// finding with its evidence) and what changed since the audit before, its ШНОР history, the
/// measures that reach it and their execution, its indicators, and the recommendations
/// addressed to it.
#[utoipa::path(get, path = "/api/v1/organizations/{id}/card", tag = "dashboards", params(("id" = Uuid, Path), CardQuery),
    responses((status = 200, body = SchoolCardView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn school_card(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<CardQuery>,
) -> Result<Json<SchoolCardView>, ApiError> {
    let page = query.read()?;
    let mut card: SchoolCardView = state.insights.school(&actor, OrganizationId::from_uuid(id)).await?.into();
    card.measures = page.of(std::mem::take(&mut card.measures));
    card.recommendations = page.of(std::mem::take(&mut card.recommendations));
    Ok(Json(card))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct CardQuery {
    /// Measures and recommendations per page (default 100); `measureCount` and
    /// `recommendationCount` say how many there are.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    /// Where the page starts in each of the two lists (default 0).
    #[param(minimum = 0, maximum = 1_000_000)]
    offset: Option<i64>,
}

/// The part of a card's long lists one answer carries.
struct CardPage {
    offset: usize,
    limit: usize,
}

impl CardQuery {
    fn read(&self) -> Result<CardPage, opora_domain::ValidationErrors> {
        let mut errors = opora_domain::ValidationErrors::new();
        let limit = self.limit.unwrap_or(100);
        if !(1..=500).contains(&limit) {
            errors.push("limit", "out_of_range", format!("limit lies between 1 and 500, got {limit}"));
        }
        let offset = self.offset.unwrap_or(0);
        if !(0..=1_000_000).contains(&offset) {
            errors.push("offset", "out_of_range", format!("offset lies between 0 and 1000000, got {offset}"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CardPage { offset: usize::try_from(offset).unwrap_or(0), limit: usize::try_from(limit).unwrap_or(100) })
    }
}

impl CardPage {
    fn of<T>(&self, all: Vec<T>) -> Vec<T> {
        all.into_iter().skip(self.offset).take(self.limit).collect()
    }
}

/// Between the municipality's two latest audits up to the year's end: per parameter, the schools
/// that had it and those that resolved it, split by whether a measure of the roadmaps answering
/// the earlier audit aimed at it by code, only by «все выявленные параметры», or not at all; and
/// the schools that left the ШНОР list, with what they resolved and the measures aimed at it.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/effectiveness", tag = "dashboards", params(("id" = Uuid, Path), DashboardQuery),
    responses((status = 200, body = EffectivenessView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn municipality_effectiveness(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Json<EffectivenessView>, ApiError> {
    let year = query.year.unwrap_or_else(|| Utc::now().year());
    Ok(Json(state.insights.effectiveness(&actor, MunicipalityId::from_uuid(id), year).await?.into()))
}

/// The municipality's schools in one table: each with the years up to `year` the ШНОР decisions
/// in force list it, whether the year's do, and its latest audit up to the year's end with the
/// parameters present there (shown to a caller who may read the school's findings). A school's
/// caller sees its own row only.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/roster", tag = "dashboards", params(("id" = Uuid, Path), DashboardQuery),
    responses((status = 200, body = RosterView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn municipality_roster(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Json<RosterView>, ApiError> {
    let year = query.year.unwrap_or_else(|| Utc::now().year());
    Ok(Json(state.insights.roster(&actor, MunicipalityId::from_uuid(id), year).await?.into()))
}

/// Dashboards: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(municipality_dashboard))
        .routes(routes!(region_overview))
        .routes(routes!(school_card))
        .routes(routes!(municipality_effectiveness))
        .routes(routes!(municipality_roster))
}
