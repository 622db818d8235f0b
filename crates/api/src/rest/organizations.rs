//! `/api/v1/organizations` and reference resolution within a municipality.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use opora_domain::schools::{
    MunicipalityId, NewOrganization, OrganizationDraft, OrganizationFilter, OrganizationId, OrganizationPatch,
    RegionId, SchoolRef,
};
use opora_domain::text::fold;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{nullable, present};
use super::pages::OrganizationPage;
use crate::cursor::page_request;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::NameText;
use crate::views::{OrganizationKind, OrganizationView, ResolutionView};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct OrganizationQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    /// `nextCursor` of the previous page.
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
    region_id: Option<Uuid>,
    municipality_id: Option<Uuid>,
    kind: Option<OrganizationKind>,
    /// Text that the name, short name, honorary name or an alias contains (case and «ё» ignored).
    q: Option<String>,
}

/// A new organization. Give `municipalityId`, or `regionId` alone for a regional body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateOrganizationIn {
    region_id: Option<Uuid>,
    municipality_id: Option<Uuid>,
    kind: OrganizationKind,
    #[schema(pattern = "^[А-ЯЁ]{2,12}$", example = "МБОУ")]
    legal_form: Option<String>,
    #[schema(minimum = 1, maximum = 9999, example = 7)]
    number: Option<i64>,
    #[serde(default)]
    #[schema(required = true)]
    #[schema(value_type = NameText)]
    name: String,
    #[schema(value_type = Option<NameText>)]
    short_name: Option<String>,
    #[schema(value_type = Option<NameText>)]
    honorary_name: Option<String>,
    #[serde(default)]
    #[schema(value_type = Vec<NameText>, max_items = 50)]
    aliases: Vec<String>,
    #[schema(pattern = "^[0-9]{10}$")]
    inn: Option<String>,
    #[schema(pattern = "^[0-9]{13}$")]
    ogrn: Option<String>,
    #[schema(pattern = "^sch[0-9]{6}$", example = "sch230123")]
    fis_oko_login: Option<String>,
    /// Малокомплектная; leave out when not known.
    is_small: Option<bool>,
}

/// Changes to an organization; absent fields stay, `null` clears an optional one. Setting
/// `municipalityId` moves the organization to that municipality and its region.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateOrganizationIn {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    municipality_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = OrganizationKind)]
    kind: Option<OrganizationKind>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    #[schema(pattern = "^[А-ЯЁ]{2,12}$", example = "МБОУ")]
    legal_form: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>)]
    #[schema(minimum = 1, maximum = 9999, example = 7)]
    number: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = NameText)]
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NameText>)]
    short_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NameText>)]
    honorary_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Vec<NameText>)]
    #[schema(max_items = 50)]
    aliases: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    #[schema(pattern = "^[0-9]{10}$")]
    inn: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    #[schema(pattern = "^[0-9]{13}$")]
    ogrn: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    #[schema(pattern = "^sch[0-9]{6}$", example = "sch230123")]
    fis_oko_login: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<bool>)]
    is_small: Option<Option<bool>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ResolveQuery {
    /// The reference as a document writes it: «МБОУ СОШ № 7», «СОШ№7», «Заволжская СОШ», «РВСОШ».
    #[serde(rename = "ref")]
    #[param(min_length = 1, max_length = 500, pattern = r"\S")]
    reference: String,
}

/// What was read from the reference.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ParsedReference {
    original: String,
    legal_form: Option<String>,
    kind: Option<OrganizationKind>,
    number: Option<i32>,
    /// The remaining words, folded (lower case, «ё» as «е»).
    words: Vec<String>,
    honorary_name: Option<String>,
}

impl From<&SchoolRef> for ParsedReference {
    fn from(r: &SchoolRef) -> Self {
        Self {
            original: r.original().to_owned(),
            legal_form: r.legal_form().map(str::to_owned),
            kind: r.kind().map(Into::into),
            number: r.number().map(i32::from),
            words: r.words().to_vec(),
            honorary_name: r.honorary().map(str::to_owned),
        }
    }
}

/// A resolved reference: what was read, the organization, and how the one became the other.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Resolved {
    /// What the text parses as; absent for a registered name that does not parse.
    reference: Option<ParsedReference>,
    organization: OrganizationView,
    /// `registered` (a registered name or alias, as written) or `parsed`.
    reading: String,
    /// What was accepted to read it: `school_type_differs`, `legal_form_differs`,
    /// `honorary_name_differs`. At most one; more is `ambiguous_reference`.
    differences: Vec<String>,
    /// The assumption in words, when one was made.
    note: Option<String>,
}

/// Lists organizations.
#[utoipa::path(get, path = "/api/v1/organizations", tag = "territory", params(OrganizationQuery),
    responses((status = 200, body = OrganizationPage), (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_organizations(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<OrganizationQuery>,
) -> Result<Json<OrganizationPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let filter = OrganizationFilter {
        region_id: query.region_id.map(RegionId::from_uuid),
        municipality_id: query.municipality_id.map(MunicipalityId::from_uuid),
        kind: query.kind.map(Into::into),
        search: query.q.as_deref().map(fold).filter(|q| !q.is_empty()),
        ..Default::default()
    };
    Ok(Json(state.capabilities.territory.organizations(&actor, &filter, page).await?.into()))
}

/// Creates an organization.
#[utoipa::path(post, path = "/api/v1/organizations", tag = "territory", request_body = CreateOrganizationIn,
    responses((status = 201, body = OrganizationView),
        (status = 409, description = "INN, OGRN or FIS OKO login is taken", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_organization(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateOrganizationIn>,
) -> Result<impl IntoResponse, ApiError> {
    let new = NewOrganization::parse(&OrganizationDraft {
        region_id: input.region_id.map(RegionId::from_uuid),
        municipality_id: input.municipality_id.map(MunicipalityId::from_uuid),
        kind: input.kind.into(),
        legal_form: input.legal_form,
        number: input.number,
        name: input.name,
        short_name: input.short_name,
        honorary_name: input.honorary_name,
        aliases: input.aliases,
        inn: input.inn,
        ogrn: input.ogrn,
        fis_oko_login: input.fis_oko_login,
        is_small: input.is_small,
    })?;
    let organization = OrganizationView::from(state.capabilities.territory.create_organization(&actor, new).await?);
    let location = format!("/api/v1/organizations/{}", organization.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(organization)))
}

/// Reads an organization.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", tag = "territory", params(("id" = Uuid, Path)),
    responses((status = 200, body = OrganizationView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_organization(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<OrganizationView>, ApiError> {
    let view =
        OrganizationView::from(state.capabilities.territory.organization(&actor, OrganizationId::from_uuid(id)).await?);
    Tagged::of(&state, "organization", id, view).await
}

/// Changes an organization.
#[utoipa::path(patch, path = "/api/v1/organizations/{id}", tag = "territory", params(("id" = Uuid, Path)),
    request_body = UpdateOrganizationIn,
    responses((status = 200, body = OrganizationView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn update_organization(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<UpdateOrganizationIn>,
) -> Result<Tagged<OrganizationView>, ApiError> {
    let patch = OrganizationPatch {
        municipality_id: input.municipality_id.map(|m| m.map(MunicipalityId::from_uuid)),
        kind: input.kind.map(Into::into),
        legal_form: input.legal_form,
        number: input.number,
        name: input.name,
        short_name: input.short_name,
        honorary_name: input.honorary_name,
        aliases: input.aliases,
        inn: input.inn,
        ogrn: input.ogrn,
        fis_oko_login: input.fis_oko_login,
        is_small: input.is_small,
    };
    let updated = state
        .capabilities
        .territory
        .update_organization(&actor, OrganizationId::from_uuid(id), &patch, expected)
        .await?;
    Tagged::of(&state, "organization", id, OrganizationView::from(updated)).await
}

/// Deletes an organization that nothing refers to.
#[utoipa::path(delete, path = "/api/v1/organizations/{id}", tag = "territory", params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Other records refer to it", body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn delete_organization(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
) -> Result<StatusCode, ApiError> {
    state.capabilities.territory.delete_organization(&actor, OrganizationId::from_uuid(id), expected).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Resolves a human reference, as the municipality's documents write it, to one organization
/// of the municipality or one body of its region.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/organizations/resolve", tag = "territory",
    params(("id" = Uuid, Path), ResolveQuery),
    responses((status = 200, body = Resolved),
        (status = 404, description = "No such municipality, or nothing matches (`reference_not_found`)", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "Several organizations match; `candidates` lists them", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, description = "Not a single reference (a list, a range, a generic term)", body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn resolve_organization(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<ResolveQuery>,
) -> Result<Json<Resolved>, ApiError> {
    let resolved =
        state.capabilities.territory.resolve_reference(&actor, MunicipalityId::from_uuid(id), &query.reference).await?;
    let reference = resolved.reference.as_ref().map(Into::into);
    let view = ResolutionView::from(resolved);
    Ok(Json(Resolved {
        reference,
        organization: view.organization,
        reading: view.reading,
        differences: view.differences,
        note: view.note,
    }))
}

/// Organizations and the resolution of written references: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organizations, create_organization))
        .routes(routes!(get_organization, update_organization, delete_organization))
        .routes(routes!(resolve_organization))
}
