//! `/api/v1/catalogues`, `/api/v1/audits` and their views, and `/api/v1/imports/audit`.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use opora_domain::ValidationErrors;
use opora_domain::factors::{
    AuditId, AuditImport, CatalogueDraft, CatalogueId, ImportOutcome, OwnerRef, SourceDocument,
};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{SourceIn, VersionedListQuery, WithdrawalQuery, document_params};
use crate::cursor::{encode, page_request};
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::idempotency::once;
use crate::imports::{TableFile, decode_upload, read_body};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::NameText;
use crate::views::{
    AuditMatrixView, AuditView, CatalogueView, DiffView, ImportReportView, RegionPrevalenceView, RiskProfileView,
};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CataloguePage {
    items: Vec<CatalogueView>,
    next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuditPage {
    items: Vec<AuditView>,
    next_cursor: Option<String>,
}

/// Lists the catalogues the caller may see: federal ones and those of its territory.
#[utoipa::path(get, path = "/api/v1/catalogues", tag = "factors", params(ListQuery),
    responses((status = 200, body = CataloguePage), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_catalogues(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<CataloguePage>, ApiError> {
    let page =
        state.capabilities.factors.catalogues(&actor, page_request(query.limit, query.cursor.as_deref())?).await?;
    Ok(Json(CataloguePage {
        next_cursor: page.next.map(encode),
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Reads a catalogue with its factors and parameters.
#[utoipa::path(get, path = "/api/v1/catalogues/{id}", tag = "factors", params(("id" = Uuid, Path)),
    responses((status = 200, body = CatalogueView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_catalogue(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CatalogueView>, ApiError> {
    Ok(Json(state.capabilities.factors.catalogue(&actor, CatalogueId::from_uuid(id)).await?.into()))
}

/// The owner of a new catalogue: `{"level": "federal"}`, or a region or municipality with its id.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct OwnerIn {
    level: String,
    id: Option<Uuid>,
}

/// The document states the rule the server enforces: `federal` alone, a region or a
/// municipality with its id.
impl utoipa::PartialSchema for OwnerIn {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::views::level_and_id(
            &["federal"],
            &["region", "municipality"],
            "The owner: `{\"level\": \"federal\"}`, or a region or municipality with its id.",
        )
    }
}

impl utoipa::ToSchema for OwnerIn {
    fn name() -> std::borrow::Cow<'static, str> {
        "OwnerIn".into()
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct FactorIn {
    #[schema(minimum = 1, maximum = 99, example = 1)]
    code: i64,
    #[schema(value_type = NameText)]
    name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct ParameterIn {
    /// `1.1`; a trailing dot is accepted.
    #[schema(pattern = "^[1-9][0-9]?\\.[1-9][0-9]?\\.?$", example = "1.1")]
    code: String,
    #[schema(value_type = NameText)]
    name: String,
}

/// A catalogue of risk factors: reference data, such as the files in the server's
/// `data/catalogues` folder.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateCatalogueIn {
    #[schema(value_type = NameText)]
    name: String,
    owner: OwnerIn,
    version: Option<String>,
    source: Option<SourceIn>,
    factors: Vec<FactorIn>,
    parameters: Vec<ParameterIn>,
}

impl CreateCatalogueIn {
    /// The draft with a federal owner, for callers that set the owner themselves.
    pub(crate) fn draft_with_any_owner(self) -> CatalogueDraft {
        let owner = OwnerIn { level: "federal".into(), id: None };
        Self { owner, ..self }.draft().expect("a federal owner always converts")
    }

    /// The one conversion into the domain's draft, shared with the CLI.
    pub(crate) fn draft(self) -> Result<CatalogueDraft, ValidationErrors> {
        let owner = match (self.owner.level.as_str(), self.owner.id) {
            ("federal", _) => OwnerRef::Federal,
            ("region", Some(id)) => OwnerRef::Region(RegionId::from_uuid(id)),
            ("municipality", Some(id)) => OwnerRef::Municipality(MunicipalityId::from_uuid(id)),
            (level, _) => {
                return Err(ValidationErrors::single(
                    "owner",
                    "invalid_format",
                    format!("'{level}' needs to be federal, or region or municipality with an id"),
                ));
            }
        };
        Ok(CatalogueDraft {
            name: self.name,
            owner,
            version: self.version,
            source: self.source.map(|s| SourceDocument {
                issuer: s.issuer,
                number: s.number,
                date: s.date,
                title: s.title,
            }),
            factors: self.factors.into_iter().map(|f| (f.code, f.name)).collect(),
            parameters: self.parameters.into_iter().map(|p| (p.code, p.name)).collect(),
        })
    }
}

/// Adds a catalogue: federal catalogues by administrators, regional and municipal ones by
/// those who may write that territory's data.
#[utoipa::path(post, path = "/api/v1/catalogues", tag = "factors", request_body = CreateCatalogueIn,
    responses((status = 201, body = CatalogueView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_catalogue(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateCatalogueIn>,
) -> Result<(StatusCode, Json<CatalogueView>), ApiError> {
    let catalogue = state.capabilities.factors.create_catalogue(&actor, &input.draft()?).await?;
    Ok((StatusCode::CREATED, Json(catalogue.into())))
}

/// Lists the current audits, or those current `asOf` a moment: a corrected audit replaces the
/// one of its date, and the earlier stays readable as it was.
#[utoipa::path(get, path = "/api/v1/audits", tag = "factors", params(VersionedListQuery),
    responses((status = 200, body = AuditPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_audits(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<VersionedListQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let municipality = query.municipality_id.map(MunicipalityId::from_uuid);
    let audits = state.capabilities.factors.audits(&actor, municipality, query.as_of, page).await?;
    Ok(Json(AuditPage { next_cursor: audits.next.map(encode), items: audits.items.iter().map(Into::into).collect() }))
}

/// Reads an audit.
#[utoipa::path(get, path = "/api/v1/audits/{id}", tag = "factors", params(("id" = Uuid, Path)),
    responses((status = 200, body = AuditView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_audit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<AuditView>, ApiError> {
    let view = AuditView::from(&state.capabilities.factors.audit(&actor, AuditId::from_uuid(id)).await?);
    Tagged::of(&state, "audit", id, view).await
}

/// Withdraws the current version of an audit, with a reason: it leaves every view (prevalence,
/// profiles, dashboards, notes) and stays readable by its id and in its history. Authorized as
/// its import is.
#[utoipa::path(delete, path = "/api/v1/audits/{id}", tag = "factors", params(("id" = Uuid, Path), WithdrawalQuery),
    responses((status = 200, description = "Withdrawn", body = AuditView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Not the current version", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn withdraw_audit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiQuery(query): ApiQuery<WithdrawalQuery>,
) -> Result<Tagged<AuditView>, ApiError> {
    let withdrawn =
        state.capabilities.factors.withdraw_audit(&actor, AuditId::from_uuid(id), &query.reason, expected).await?;
    Tagged::of(&state, "audit", id, AuditView::from(&withdrawn)).await
}

/// The audit's organizations × parameters matrix, with the number of organizations per
/// parameter and per factor, and the parameters found nowhere.
#[utoipa::path(get, path = "/api/v1/audits/{id}/matrix", tag = "factors", params(("id" = Uuid, Path)),
    responses((status = 200, body = AuditMatrixView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_audit_matrix(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AuditMatrixView>, ApiError> {
    Ok(Json(state.capabilities.factors.matrix(&actor, AuditId::from_uuid(id)).await?.into()))
}

/// A school's risk profile at an audit: present parameters grouped by factor.
#[utoipa::path(get, path = "/api/v1/audits/{id}/organizations/{organizationId}/risk-profile", tag = "factors",
    params(("id" = Uuid, Path), ("organizationId" = Uuid, Path)),
    responses((status = 200, body = RiskProfileView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_risk_profile(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, organization)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<RiskProfileView>, ApiError> {
    let profile = state
        .capabilities
        .factors
        .risk_profile(&actor, AuditId::from_uuid(id), OrganizationId::from_uuid(organization))
        .await?;
    Ok(Json(profile.into()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct DiffQuery {
    /// The earlier audit of the same municipality.
    since: Uuid,
}

/// Per organization, the parameters that appeared and that were resolved since an earlier audit.
#[utoipa::path(get, path = "/api/v1/audits/{id}/diff", tag = "factors", params(("id" = Uuid, Path), DiffQuery),
    responses((status = 200, body = Vec<DiffView>), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_audit_diff(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<DiffQuery>,
) -> Result<Json<Vec<DiffView>>, ApiError> {
    let diff = state.capabilities.factors.diff(&actor, AuditId::from_uuid(query.since), AuditId::from_uuid(id)).await?;
    Ok(Json(diff.into_iter().map(Into::into).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ImportQuery {
    municipality_id: Uuid,
    /// The audit's date, YYYY-MM-DD.
    date: NaiveDate,
    /// The catalogue's name, when the import creates one.
    catalogue_name: Option<String>,
    /// Check and report without writing.
    #[serde(default)]
    dry_run: bool,
    /// Who issued the document the audit answers to (its legal basis): «МКУО ЦОКО».
    source_issuer: Option<String>,
    /// The document's number: «4».
    source_number: Option<String>,
    /// The document's date, YYYY-MM-DD.
    source_date: Option<NaiveDate>,
    /// The document's title.
    source_title: Option<String>,
    /// The audit this table corrects, when it is not the current audit of the same date (an
    /// audit imported under a wrong date); 409 while another audit is current for the date.
    replaces: Option<Uuid>,
}

/// Imports the entry-audit table as municipalities write it (seed 001's columns: №, factor,
/// parameter, code, organizations). Send it as `text/tab-separated-values` or `text/csv`
/// (add `charset=windows-1251` for cp1251) or as XLSX. Any error rejects the whole table with
/// every problem's row, column and text; nothing is written.
#[utoipa::path(post, path = "/api/v1/imports/audit", tag = "factors", params(ImportQuery),
    request_body(description = "The table as TSV or CSV (UTF-8, or `charset=windows-1251`), or XLSX (its first sheet)",
        content((TableFile = "text/tab-separated-values"), (TableFile = "text/csv"),
            (TableFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
    responses((status = 201, description = "Imported", body = ImportReportView),
        (status = 200, description = "Checked (dry run) or already imported", body = ImportReportView),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "The table has errors; `issues` lists them", body = ProblemDetails,
         content_type = "application/problem+json")))]
pub(crate) async fn import_audit(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<ImportQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let municipality = MunicipalityId::from_uuid(query.municipality_id);
    state.capabilities.factors.may_import(&actor, municipality).await?;
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
            let rows = decode_upload(&state, &headers, bytes).await?;
            let import = AuditImport {
                municipality,
                date: query.date,
                catalogue_name: query.catalogue_name,
                source,
                rows,
                first_row: 1,
                dry_run: query.dry_run,
                replaces: query.replaces.map(AuditId::from_uuid),
            };
            let report = state.capabilities.factors.import_audit(&actor, import).await?;
            let status = if report.outcome == ImportOutcome::Imported { StatusCode::CREATED } else { StatusCode::OK };
            Ok::<_, ApiError>((status, Json(ImportReportView::from(report))))
        };
        imported.await.into_response()
    })
    .await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PrevalenceQuery {
    catalogue_id: Uuid,
}

/// Prevalence of a catalogue's parameters per municipality of the region, from each
/// municipality's latest audit against it or against a catalogue with a crosswalk onto it: a
/// regional or federal catalogue compares municipalities whose audits use their own.
#[utoipa::path(get, path = "/api/v1/regions/{id}/prevalence", tag = "factors", params(("id" = Uuid, Path), PrevalenceQuery),
    responses((status = 200, body = RegionPrevalenceView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_region_prevalence(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<PrevalenceQuery>,
) -> Result<Json<RegionPrevalenceView>, ApiError> {
    let result = state
        .capabilities
        .factors
        .region_prevalence(&actor, RegionId::from_uuid(id), CatalogueId::from_uuid(query.catalogue_id))
        .await?;
    Ok(Json(result.into()))
}

/// Catalogues, audits, their views and the audit import: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_catalogues, create_catalogue))
        .routes(routes!(get_catalogue))
        .routes(routes!(list_audits))
        .routes(routes!(get_audit, withdraw_audit))
        .routes(routes!(get_audit_matrix))
        .routes(routes!(get_risk_profile))
        .routes(routes!(get_audit_diff))
        .routes(routes!(import_audit))
        .routes(routes!(get_region_prevalence))
}
