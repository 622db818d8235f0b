//! `/api/v1/monitoring-campaigns` and `/api/v1/recommendations/{id}`.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use opora_domain::ValidationErrors;
use opora_domain::core::acts::CITED_KINDS;
use opora_domain::monitoring::{
    CampaignDraft, CampaignId, CitationRole, CitedDocument, ConclusionDraft, RecommendationDraft, RecommendationId,
    RecommendationUpdate, Signatory, Window, Wording,
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
    /// The parameter codes it names: «1.1–5.3».
    parameters: Option<String>,
}

/// Who signed the report: a position and a name, apart.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SignatoryIn {
    /// «Начальник отдела образования».
    position: Option<String>,
    /// «А.В. Петрова».
    name: Option<String>,
}

/// The days a monitoring ran.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct WindowIn {
    from: NaiveDate,
    to: NaiveDate,
}

/// A document the report cites.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CitedDocumentIn {
    /// order, resolution, directive, decision, protocol or letter.
    #[schema(example = "order")]
    kind: String,
    /// decides_list, approves_plan or other.
    #[schema(example = "decides_list")]
    role: Option<String>,
    /// Its issuer, number, date and title, as the report gives them.
    document: SourceIn,
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
    /// A due written as text, kept as written and read by the schedule grammar:
    /// «ежеквартально», «до 01.09.2024», «в течение 2024/2025 учебного года».
    due_text: Option<String>,
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
    signatory: Option<SignatoryIn>,
    /// The days the monitoring ran.
    monitoring_window: Option<WindowIn>,
    /// The school year it covers: «2023/2024».
    #[schema(pattern = r"^\d{4}/\d{4}$", example = "2023/2024")]
    academic_year: Option<String>,
    /// The order approving the plan it monitored.
    plan: Option<SourceIn>,
    /// The other documents it cites: the list order, a protocol.
    #[serde(default)]
    #[schema(max_items = 200)]
    cited_documents: Vec<CitedDocumentIn>,
    /// summary when the texts are a summary of the report's words; verbatim by default.
    #[schema(example = "verbatim")]
    wording: Option<String>,
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
    let plan = input.plan.as_ref().and_then(|o| o.parse("plan", &mut errors));
    let academic_year = input.academic_year.as_deref().and_then(|y| {
        let parsed = y.split_once('/').and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)));
        match parsed {
            Some((a, b)) if b == a + 1 => Some(a),
            _ => {
                errors.push("academicYear", "invalid_period", format!("'{y}' is not a school year such as 2023/2024"));
                None
            }
        }
    });
    let wording = match input.wording.as_deref() {
        None => Wording::Verbatim,
        Some(w) => Wording::from_code(w).unwrap_or_else(|| {
            errors.push("wording", "invalid_format", format!("'{w}' is not verbatim or summary"));
            Wording::Verbatim
        }),
    };
    let mut cited_documents = Vec::new();
    for (i, c) in input.cited_documents.iter().enumerate() {
        let field = format!("citedDocuments[{i}]");
        if !CITED_KINDS.iter().any(|(_, k)| *k == c.kind) {
            let message = format!("'{}' is not order, resolution, directive, decision, protocol or letter", c.kind);
            errors.push(format!("{field}.kind"), "invalid_format", message);
        }
        let role = match c.role.as_deref() {
            None => Some(CitationRole::Other),
            Some(r) => CitationRole::from_code(r).or_else(|| {
                errors.push(
                    format!("{field}.role"),
                    "invalid_format",
                    format!("'{r}' is not decides_list, approves_plan or other"),
                );
                None
            }),
        };
        match (c.document.parse(&format!("{field}.document"), &mut errors), role) {
            (Some(document), Some(role)) => {
                cited_documents.push(CitedDocument {
                    kind: c.kind.clone(),
                    role,
                    document,
                    paragraph: None,
                    link: None,
                });
            }
            (None, _) => errors.push(
                format!("{field}.document"),
                "required",
                "a cited document gives its number, date, issuer or title",
            ),
            _ => {}
        }
    }
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
        signatory: input.signatory.map(|s| Signatory { position: s.position, name: s.name }),
        window: input.monitoring_window.map(|w| Window { from: w.from, to: w.to }),
        academic_year,
        plan,
        cited_documents,
        cited_figures: None,
        wording,
        conclusions: input
            .conclusions
            .into_iter()
            .map(|c| ConclusionDraft { number: c.number, level: c.level, text: c.text, parameters: c.parameters })
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
                due_text: r.due_text,
                parameters: r.parameters,
            })
            .collect(),
        replaces: input.replaces.map(CampaignId::from_uuid),
    };
    let campaign = state.capabilities.monitoring.create_campaign(&actor, draft).await?;
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
    let found = state.capabilities.monitoring.campaigns(&actor, municipality, query.as_of, page).await?;
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
    let view = CampaignView::from(state.capabilities.monitoring.campaign(&actor, CampaignId::from_uuid(id)).await?);
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
    let withdrawn =
        state.capabilities.monitoring.withdraw_campaign(&actor, CampaignId::from_uuid(id), &query.reason, expected);
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
    let view = RecommendationView::from(
        state.capabilities.monitoring.recommendation(&actor, RecommendationId::from_uuid(id)).await?,
    );
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
    let updated =
        state.capabilities.monitoring.update_recommendation(&actor, RecommendationId::from_uuid(id), update, expected);
    Tagged::of(&state, "recommendation", id, RecommendationView::from(updated.await?)).await
}

/// Campaigns and recommendations: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_campaigns, create_campaign))
        .routes(routes!(get_campaign, withdraw_campaign))
        .routes(routes!(get_recommendation, update_recommendation))
}
