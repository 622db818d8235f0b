//! `/api/v1/monitoring-campaigns` and `/api/v1/recommendations/{id}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use opora_domain::ValidationErrors;
use opora_domain::monitoring::{
    CampaignDraft, CampaignId, ConclusionDraft, RecommendationDraft, RecommendationId, RecommendationUpdate,
};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{SourceIn, VersionedListQuery, WithdrawalQuery, nullable};
use crate::cursor::{encode, page_request};
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{CampaignRecordedView, CampaignView, NameText, RecommendationView};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CampaignPage {
    /// Campaigns without their recommendations.
    items: Vec<CampaignView>,
    next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ConclusionIn {
    /// «1.1»; every conclusion of a level shares its first number.
    #[schema(example = "1.1")]
    number: String,
    /// municipal or school.
    #[schema(example = "municipal")]
    level: String,
    text: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct RecommendationIn {
    #[schema(example = "1")]
    number: String,
    /// «Руководителям образовательных организаций»; a role, named organizations, or both.
    addressee_role: Option<String>,
    #[serde(default)]
    addressee_ids: Vec<Uuid>,
    text: String,
    due_on: Option<NaiveDate>,
    /// Parameter codes as a roadmap writes them: «1.1, 2.3».
    parameters: Option<String>,
}

/// A monitoring campaign as its report states it (seed 003: order № 515 of 08.12.2023,
/// report of 29.12.2023, пгт. Хотынец).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CampaignIn {
    municipality_id: Uuid,
    #[schema(value_type = NameText)]
    title: String,
    order: Option<SourceIn>,
    /// The organizations monitored.
    #[serde(default)]
    #[schema(max_items = 2000)]
    scope: Vec<Uuid>,
    #[schema(minimum = 1990, maximum = 2100)]
    period_from: i32,
    #[schema(minimum = 1990, maximum = 2100)]
    period_to: i32,
    /// The roadmap whose execution it monitored.
    roadmap_id: Option<Uuid>,
    report_date: Option<NaiveDate>,
    place: Option<String>,
    signatory: Option<String>,
    #[serde(default)]
    #[schema(max_items = 200)]
    conclusions: Vec<ConclusionIn>,
    #[serde(default)]
    #[schema(max_items = 200)]
    recommendations: Vec<RecommendationIn>,
    /// The version this report corrects; without it, a report of the same municipality, period
    /// and order (or, without an order, report date) replaces the current version of that one.
    replaces: Option<Uuid>,
}

/// Records a monitoring campaign with its conclusions and recommendations. A corrected report
/// replaces the current version of its document (a `replaces_version` warning); the follow-up of
/// its recommendations (status, measure) carries over by number, each that cannot is a warning.
#[utoipa::path(post, path = "/api/v1/monitoring-campaigns", tag = "monitoring", request_body = CampaignIn,
    responses((status = 201, body = CampaignRecordedView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_campaign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CampaignIn>,
) -> Result<(StatusCode, Json<CampaignRecordedView>), ApiError> {
    let mut errors = ValidationErrors::new();
    let order = input.order.as_ref().and_then(|o| o.parse("order", &mut errors));
    errors.finish(|| ())?;
    let draft = CampaignDraft {
        municipality: MunicipalityId::from_uuid(input.municipality_id),
        title: input.title,
        order,
        scope: input.scope.into_iter().map(OrganizationId::from_uuid).collect(),
        period_from: input.period_from,
        period_to: input.period_to,
        roadmap: input.roadmap_id,
        report_date: input.report_date,
        place: input.place,
        signatory: input.signatory,
        conclusions: input
            .conclusions
            .into_iter()
            .map(|c| ConclusionDraft { number: c.number, level: c.level, text: c.text })
            .collect(),
        recommendations: input
            .recommendations
            .into_iter()
            .map(|r| RecommendationDraft {
                number: r.number,
                addressee_role: r.addressee_role,
                addressees: r.addressee_ids.into_iter().map(OrganizationId::from_uuid).collect(),
                text: r.text,
                due_on: r.due_on,
                parameters: r.parameters,
            })
            .collect(),
        replaces: input.replaces.map(CampaignId::from_uuid),
    };
    let campaign = state.monitoring.create_campaign(&actor, draft).await?;
    Ok((StatusCode::CREATED, Json(campaign.into())))
}

/// Lists the campaigns the caller may see: the current version of each report, or those
/// current `asOf` a moment.
#[utoipa::path(get, path = "/api/v1/monitoring-campaigns", tag = "monitoring", params(VersionedListQuery),
    responses((status = 200, body = CampaignPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_campaigns(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<VersionedListQuery>,
) -> Result<Json<CampaignPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let municipality = query.municipality_id.map(MunicipalityId::from_uuid);
    let found = state.monitoring.campaigns(&actor, municipality, query.as_of, page).await?;
    Ok(Json(CampaignPage {
        next_cursor: found.next.map(encode),
        items: found.items.into_iter().map(Into::into).collect(),
    }))
}

/// Reads a campaign with its conclusions and recommendations.
#[utoipa::path(get, path = "/api/v1/monitoring-campaigns/{id}", tag = "monitoring", params(("id" = Uuid, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_campaign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<CampaignView>, ApiError> {
    let view = CampaignView::from(state.monitoring.campaign(&actor, CampaignId::from_uuid(id)).await?);
    Tagged::of(&state, "monitoring_campaign", id, view).await
}

/// Withdraws the current version of a monitoring report, with a reason: it leaves every view
/// (the notes, a school's recommendations) and stays readable by its id, `asOf`, and in its
/// history. Authorized as its recording is.
#[utoipa::path(delete, path = "/api/v1/monitoring-campaigns/{id}", tag = "monitoring", params(("id" = Uuid, Path), WithdrawalQuery),
    responses((status = 200, description = "Withdrawn", body = CampaignView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not the current version", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn withdraw_campaign(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiQuery(query): ApiQuery<WithdrawalQuery>,
) -> Result<Tagged<CampaignView>, ApiError> {
    let withdrawn = state.monitoring.withdraw_campaign(&actor, CampaignId::from_uuid(id), &query.reason, expected);
    Tagged::of(&state, "monitoring_campaign", id, CampaignView::from(withdrawn.await?)).await
}

/// Reads a recommendation with the measure it became.
#[utoipa::path(get, path = "/api/v1/recommendations/{id}", tag = "monitoring", params(("id" = Uuid, Path)),
    responses((status = 200, body = RecommendationView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_recommendation(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<RecommendationView>, ApiError> {
    let view =
        RecommendationView::from(state.monitoring.recommendation(&actor, RecommendationId::from_uuid(id)).await?);
    Tagged::of(&state, "recommendation", id, view).await
}

/// The measure a recommendation became: a position in a roadmap.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MeasureRefIn {
    roadmap_id: Uuid,
    position: i64,
}

/// Changes to a recommendation; absent fields stay, `measure: null` unlinks.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateRecommendationIn {
    /// open, adopted, done or dropped.
    status: Option<String>,
    /// The measure it became; linking an open recommendation adopts it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<MeasureRefIn>)]
    measure: Option<Option<MeasureRefIn>>,
}

/// Changes a recommendation's status or links it to the measure it became.
#[utoipa::path(patch, path = "/api/v1/recommendations/{id}", tag = "monitoring", params(("id" = Uuid, Path)),
    request_body = UpdateRecommendationIn,
    responses((status = 200, body = RecommendationView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn update_recommendation(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<UpdateRecommendationIn>,
) -> Result<Tagged<RecommendationView>, ApiError> {
    let update = RecommendationUpdate {
        status: input.status,
        measure: input.measure.map(|m| m.map(|m| (m.roadmap_id, m.position))),
    };
    let updated = state.monitoring.update_recommendation(&actor, RecommendationId::from_uuid(id), update, expected);
    Tagged::of(&state, "recommendation", id, RecommendationView::from(updated.await?)).await
}

/// Campaigns and recommendations: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(get_campaign, withdraw_campaign))
        .routes(routes!(get_recommendation, update_recommendation))
}
