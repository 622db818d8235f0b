//! `/api/v1/watch-rules` and `/api/v1/municipalities/{id}/watchlist`: early warning.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{Datelike, Utc};
use opora_domain::schools::MunicipalityId;
use opora_domain::warning::RuleDraft;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{DryRunView, NameText, RuleSetView, WatchlistView};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FactorWeightIn {
    #[schema(minimum = 1, maximum = 99)]
    factor: i64,
    weight: f64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct IndicatorWeightIn {
    /// An indicator of the catalogue.
    code: String,
    /// Points per unit of change; negative for an indicator whose fall is the warning.
    weight: f64,
}

/// A rule set: points per present parameter of each factor, and per parameter that appeared
/// (minus per resolved) since the audit before.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RuleSetIn {
    #[schema(value_type = NameText)]
    name: String,
    /// Where the weights come from.
    source: String,
    #[serde(default)]
    #[schema(max_items = 100)]
    factor_weights: Vec<FactorWeightIn>,
    /// Points per present parameter of a factor not listed (default 1).
    default_weight: Option<f64>,
    /// Default 1.
    trend_weight: Option<f64>,
    /// Indicators whose change between a school's two latest periods weighs in.
    #[serde(default)]
    #[schema(max_items = 20)]
    indicator_weights: Vec<IndicatorWeightIn>,
    /// Publish it: the latest published version is the one in force.
    #[serde(default)]
    publish: bool,
}

impl RuleSetIn {
    fn draft(self) -> RuleDraft {
        RuleDraft {
            name: self.name,
            source: self.source,
            factor_weights: self.factor_weights.into_iter().map(|w| (w.factor, w.weight)).collect(),
            default_weight: self.default_weight.unwrap_or(1.0),
            trend_weight: self.trend_weight.unwrap_or(1.0),
            indicator_weights: self.indicator_weights.into_iter().map(|w| (w.code, w.weight)).collect(),
            publish: self.publish,
        }
    }
}

/// Every version of every rule set, oldest first.
#[utoipa::path(get, path = "/api/v1/watch-rules", tag = "dashboards",
    responses((status = 200, body = Vec<RuleSetView>), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_rule_sets(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> Result<Json<Vec<RuleSetView>>, ApiError> {
    Ok(Json(state.capabilities.warning.rule_sets(&actor).await?.iter().map(Into::into).collect()))
}

/// Records a new version of a rule set, with its source and its author (administrators).
#[utoipa::path(post, path = "/api/v1/watch-rules", tag = "dashboards", request_body = RuleSetIn,
    responses((status = 201, body = RuleSetView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_rule_set(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<RuleSetIn>,
) -> Result<(StatusCode, Json<RuleSetView>), ApiError> {
    let rule = state.capabilities.warning.define(&actor, input.draft()).await?;
    Ok((StatusCode::CREATED, Json((&rule).into())))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct WatchQuery {
    /// The list year whose schools are left out, and the last audit year (default this year).
    #[param(minimum = 1990, maximum = 2100)]
    year: Option<i32>,
    /// How many places to answer (default 10).
    #[param(minimum = 1, maximum = 500)]
    top: Option<i64>,
}

impl WatchQuery {
    fn read(&self) -> Result<(i32, usize), ApiError> {
        let top = self.top.unwrap_or(10);
        if !(1..=500).contains(&top) {
            return Err(
                opora_domain::ValidationErrors::single("top", "out_of_range", "top lies between 1 and 500").into()
            );
        }
        Ok((self.year.unwrap_or_else(|| Utc::now().year()), usize::try_from(top).unwrap_or(10)))
    }
}

/// The schools of the municipality outside its ШНОР list of the year, ranked by the rule set in
/// force: each entry with what every input contributed (present parameters per factor at the
/// latest audit, parameters appeared and resolved since the audit before).
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/watchlist", tag = "dashboards", params(("id" = Uuid, Path), WatchQuery),
    responses((status = 200, body = WatchlistView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "No rule set is published", body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_watchlist(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<WatchQuery>,
) -> Result<Json<WatchlistView>, ApiError> {
    let (year, top) = query.read()?;
    Ok(Json(state.insights.watchlist(&actor, MunicipalityId::from_uuid(id), year, top).await?.into()))
}

/// Tries a rule set without recording it: the watchlist under it and under the one in force,
/// and which schools would enter or leave the first `top` places.
#[utoipa::path(post, path = "/api/v1/municipalities/{id}/watchlist/dry-run", tag = "dashboards",
    params(("id" = Uuid, Path), WatchQuery), request_body = RuleSetIn,
    responses((status = 200, body = DryRunView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn dry_run_watchlist(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<WatchQuery>,
    ApiJson(input): ApiJson<RuleSetIn>,
) -> Result<Json<DryRunView>, ApiError> {
    let (year, top) = query.read()?;
    let dry_run = state.insights.dry_run(&actor, MunicipalityId::from_uuid(id), year, top, &input.draft()).await?;
    Ok(Json(dry_run.into()))
}

/// Early warning: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_rule_sets, create_rule_set))
        .routes(routes!(get_watchlist))
        .routes(routes!(dry_run_watchlist))
}
