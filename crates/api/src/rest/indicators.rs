//! `/api/v1/indicators`, their series, and `/api/v1/imports/indicators`.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use opora_domain::indicators::{IndicatorDraft, IndicatorImport, SeriesSubject};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use opora_domain::{ServiceError, ValidationErrors};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::document_params;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::idempotency::once;
use crate::imports::{TableFile, decode_upload_tables, read_body};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{IndicatorImportView, IndicatorView, NameText, SeriesView};

/// The catalogue: the latest version of every indicator.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators",
    responses((status = 200, body = Vec<IndicatorView>), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_indicators(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
) -> Result<Json<Vec<IndicatorView>>, ApiError> {
    Ok(Json(state.capabilities.indicators.catalogue(&actor).await?.iter().map(Into::into).collect()))
}

/// An indicator, or a new method of an existing one (its next version).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct IndicatorIn {
    #[schema(example = "mentoring_pairs", pattern = "^[a-z][a-z0-9_]{1,63}$")]
    code: String,
    #[schema(value_type = NameText)]
    name: String,
    #[schema(example = "чел.")]
    unit: String,
    /// organization or territory.
    #[schema(pattern = "^(organization|territory)$")]
    level: String,
    /// sum, weighted_mean or share.
    #[schema(pattern = "^(sum|weighted_mean|share)$")]
    aggregation: String,
    /// For weighted_mean: the count it is weighted by.
    base: Option<String>,
    /// For share: the counts it divides.
    numerator: Option<String>,
    denominator: Option<String>,
    method: Option<String>,
}

/// Defines an indicator or a new version of its method (administrators).
#[utoipa::path(post, path = "/api/v1/indicators", tag = "indicators", request_body = IndicatorIn,
    responses((status = 201, body = IndicatorView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_indicator(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<IndicatorIn>,
) -> Result<(StatusCode, Json<IndicatorView>), ApiError> {
    let draft = IndicatorDraft {
        code: input.code,
        name: input.name,
        unit: input.unit,
        level: input.level,
        aggregation: input.aggregation,
        base: input.base,
        numerator: input.numerator,
        denominator: input.denominator,
        method: input.method,
    };
    let indicator = state.capabilities.indicators.define(&actor, draft).await?;
    Ok((StatusCode::CREATED, Json((&indicator).into())))
}

/// The names a municipality's tables give an indicator.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct IndicatorPatchIn {
    /// Replaces the aliases kept in the scope: «Численность обучающихся», «Прошли КПК».
    #[schema(max_items = 50)]
    aliases: Vec<String>,
    /// The region whose imports read them (a region's operators keep their region's); absent,
    /// every region's (administrators).
    region_id: Option<Uuid>,
}

/// Sets the names municipalities' tables give an indicator, matched folded on import; the
/// answer is the indicator with all its aliases.
#[utoipa::path(patch, path = "/api/v1/indicators/{code}", tag = "indicators", params(("code" = String, Path)),
    request_body = IndicatorPatchIn,
    responses((status = 200, body = IndicatorView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn patch_indicator(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(code): ApiPath<String>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<IndicatorPatchIn>,
) -> Result<Tagged<IndicatorView>, ApiError> {
    let region = input.region_id.map(RegionId::from_uuid);
    state.capabilities.indicators.set_aliases(&actor, &code, region, &input.aliases, expected).await?;
    let catalogue = state.capabilities.indicators.catalogue(&actor).await?;
    let indicator = catalogue
        .iter()
        .find(|i| i.code.as_str() == code)
        .ok_or_else(|| ApiError::internal("an indicator whose aliases were set is not in the catalogue"))?;
    Tagged::of(&state, "indicator", indicator.id(), IndicatorView::from(indicator)).await
}

/// Reads one indicator of the catalogue, with its aliases.
#[utoipa::path(get, path = "/api/v1/indicators/{code}", tag = "indicators", params(("code" = String, Path)),
    responses((status = 200, body = IndicatorView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_indicator(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(code): ApiPath<String>,
) -> Result<Tagged<IndicatorView>, ApiError> {
    let catalogue = state.capabilities.indicators.catalogue(&actor).await?;
    let Some(indicator) = catalogue.iter().find(|i| i.code.as_str() == code) else {
        return Err(ServiceError::not_found("indicator", opora_domain::text::excerpt(&code, 64)).into());
    };
    Tagged::of(&state, "indicator", indicator.id(), IndicatorView::from(indicator)).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct SeriesQuery {
    /// Indicator codes, comma-separated: `pd_completed,retrained`.
    codes: String,
    organization_id: Option<Uuid>,
    municipality_id: Option<Uuid>,
    region_id: Option<Uuid>,
}

/// Indicators over time for an organization, a municipality or a region, side by side: each
/// period's reported value and the value aggregated from the organizations by the indicator's
/// rule, with small shares flagged and method changes marked.
#[utoipa::path(get, path = "/api/v1/indicators/series", tag = "indicators", params(SeriesQuery),
    responses((status = 200, body = Vec<SeriesView>), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_series(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<SeriesQuery>,
) -> Result<Json<Vec<SeriesView>>, ApiError> {
    let subject = series_subject(query.organization_id, query.municipality_id, query.region_id)?;
    let codes: Vec<String> = query.codes.split(',').map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect();
    let series = state.capabilities.indicators.series(&actor, subject, &codes).await?;
    Ok(Json(series.into_iter().map(Into::into).collect()))
}

/// Exactly one of the three ids.
pub(crate) fn series_subject(
    organization: Option<Uuid>,
    municipality: Option<Uuid>,
    region: Option<Uuid>,
) -> Result<SeriesSubject, ValidationErrors> {
    match (organization, municipality, region) {
        (Some(o), None, None) => Ok(SeriesSubject::Organization(OrganizationId::from_uuid(o))),
        (None, Some(m), None) => Ok(SeriesSubject::Municipality(MunicipalityId::from_uuid(m))),
        (None, None, Some(r)) => Ok(SeriesSubject::Region(RegionId::from_uuid(r))),
        _ => Err(ValidationErrors::single(
            "organizationId",
            "invalid_format",
            "give exactly one of organizationId, municipalityId and regionId",
        )),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    municipality_id: Uuid,
    /// The period of a table without a «Период» column: `2019/20`, `2023`, `29.12.2023`.
    period: Option<String>,
    /// Check and report without writing.
    #[serde(default)]
    dry_run: bool,
    /// The document the figures come from, when rows do not name their source.
    source_issuer: Option<String>,
    source_number: Option<String>,
    source_date: Option<NaiveDate>,
    source_title: Option<String>,
}

/// Imports observations in long form (Организация, Показатель, Период, Значение[, Источник])
/// or wide form (Организация[, Период], then a column per indicator, titled by its code or
/// name). A row of «Итого» or of the municipality's own name is the municipality's figure. Any
/// error rejects the whole table with every problem's row and column; a value already stored
/// for the same indicator, organization and period is replaced, so a repeated import changes
/// nothing.
#[utoipa::path(post, path = "/api/v1/imports/indicators", tag = "indicators", params(ImportQuery),
    request_body(description = "The table as TSV or CSV (UTF-8, or `charset=windows-1251`) or XLSX (its first sheet)",
        content((TableFile = "text/tab-separated-values"), (TableFile = "text/csv"),
            (TableFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 201, description = "Imported", body = IndicatorImportView),
        (status = 200, description = "Checked (dry run)", body = IndicatorImportView),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "The table has errors; `issues` lists them", body = ProblemDetails,
         content_type = "application/problem+json")))]
pub(crate) async fn import_indicators(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ImportQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let municipality = MunicipalityId::from_uuid(query.municipality_id);
    state.capabilities.indicators.may_import(&actor, municipality).await?;
    let source = document_params(
        "source",
        query.source_issuer.as_deref(),
        query.source_number.as_deref(),
        query.source_date,
        query.source_title.as_deref(),
    )?;
    let bytes = read_body(&state, body).await?;
    once(&state, &actor, &headers, &uri, &bytes.clone(), || async {
        let imported = async {
            let rows = decode_upload_tables(&state, &headers, bytes).await?.into_iter().next().unwrap_or_default();
            let import = IndicatorImport {
                municipality,
                rows,
                first_row: 1,
                period: query.period.clone(),
                source,
                dry_run: query.dry_run,
            };
            let report = state.capabilities.indicators.import(&actor, import).await?;
            let status = if report.import_id.is_some() { StatusCode::CREATED } else { StatusCode::OK };
            Ok::<_, ApiError>((status, Json(IndicatorImportView::from(report))))
        };
        imported.await.into_response()
    })
    .await
}

/// Indicators, series and the indicator import: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_indicators, create_indicator))
        .routes(routes!(get_indicator, patch_indicator))
        .routes(routes!(get_series))
        .routes(routes!(import_indicators))
}
