//! `/api/v1/municipalities/{id}/notes/…`: the analytical note of a municipality in Markdown,
//! HTML or Word, and the signature its notes carry.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use opora_domain::notes::SignatureDraft;
use opora_domain::schools::MunicipalityId;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::dashboards::Dashboards;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::rest::note_format::NoteFormat;
use crate::state::AppState;
use crate::views::{NameText, SignatureView};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct NoteQuery {
    #[param(minimum = 1990, maximum = 2100)]
    from: i32,
    #[param(minimum = 1990, maximum = 2100)]
    to: i32,
    /// `md` (default), `html` or `docx`.
    #[param(pattern = "^(md|html|docx)$")]
    format: Option<String>,
}

/// «Аналитическая справка» of the municipality for `from`–`to`, in Russian: context, the ШНОР
/// list's dynamics and seed 004's table of listed schools by year, the risk factors at the
/// latest audit, the roadmaps' execution and coverage gaps, staff development, monitoring
/// conclusions and recommendations, and the findings the data supports («сократилось с 8 до 1»).
/// The figures of the Markdown and HTML versions link to the API calls that give them; `docx` is
/// a Word document with real tables, approved and signed as the municipality configured.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/notes/analytical", tag = "dashboards", params(("id" = Uuid, Path), NoteQuery),
    responses((status = 200, description = "The note", content((String = "text/markdown"), (String = "text/html"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn analytical_note(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(query): ApiQuery<NoteQuery>,
) -> Result<Response, ApiError> {
    let format = NoteFormat::parse(query.format.as_deref())?;
    let dashboards = Dashboards::new(&state);
    let note = dashboards.analytical_note(&actor, MunicipalityId::from_uuid(id), query.from, query.to).await?;
    let file = format!("analytical-note-{}-{}", query.from, query.to);
    format.respond(&state, note.markdown, note.charts, "Аналитическая справка", &file).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct ChartQuery {
    #[param(minimum = 1990, maximum = 2100)]
    from: i32,
    #[param(minimum = 1990, maximum = 2100)]
    to: i32,
}

/// One chart of the analytical note for `from`–`to` as SVG, for a portal to embed: `lists.svg`
/// (the list's size per year), `prevalence.svg` (schools per risk factor at the latest audit),
/// `execution.svg` (held, not held, no report) and `indicator-{code}.svg` (a highlighted
/// indicator's series, a partial sum marked «по данным N из M ОО»). Each bar is drawn with the
/// figure the note prints beside it.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/charts/{file}", tag = "dashboards",
    params(("id" = Uuid, Path), ("file" = String, Path, description = "`lists.svg`, `prevalence.svg`, `execution.svg` or `indicator-{code}.svg`"), ChartQuery),
    responses((status = 200, description = "The chart", content_type = "image/svg+xml", body = String),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn note_chart(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath((id, file)): ApiPath<(Uuid, String)>,
    ApiQuery(query): ApiQuery<ChartQuery>,
) -> Result<Response, ApiError> {
    let Some(name) = file.strip_suffix(".svg") else {
        return Err(opora_domain::ServiceError::not_found("chart", opora_domain::text::excerpt(&file, 60)).into());
    };
    let dashboards = Dashboards::new(&state);
    let chart = dashboards.note_chart(&actor, MunicipalityId::from_uuid(id), query.from, query.to, name).await?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'")),
    ];
    Ok((headers, chart.svg()).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SignatoryIn {
    #[schema(value_type = NameText)]
    position: String,
    #[schema(value_type = NameText)]
    name: String,
}

/// How the municipality's notes are approved and signed; a part left out is not printed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SignatureIn {
    /// «Утверждаю» at the top right.
    approval: Option<SignatoryIn>,
    /// The signature at the end.
    signer: Option<SignatoryIn>,
    /// The place under the title («пгт. Хотынец»).
    #[schema(value_type = Option<NameText>)]
    place: Option<String>,
}

/// The signature the municipality's notes carry; 404 until one is set.
#[utoipa::path(get, path = "/api/v1/municipalities/{id}/notes/signature", tag = "dashboards", params(("id" = Uuid, Path)),
    responses((status = 200, body = SignatureView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn note_signature(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SignatureView>, ApiError> {
    let id = MunicipalityId::from_uuid(id);
    match state.capabilities.notes.signature(&actor, id).await? {
        Some(s) => Ok(Json((&s).into())),
        None => Err(opora_domain::ServiceError::not_found("note_signature", id).into()),
    }
}

/// Sets the signature the municipality's notes carry (its operators and those above them);
/// the whole of it is replaced.
#[utoipa::path(put, path = "/api/v1/municipalities/{id}/notes/signature", tag = "dashboards", params(("id" = Uuid, Path)), request_body = SignatureIn,
    responses((status = 200, body = SignatureView), (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn set_note_signature(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(input): ApiJson<SignatureIn>,
) -> Result<Json<SignatureView>, ApiError> {
    let draft = SignatureDraft {
        approval: input.approval.map(|s| (s.position, s.name)),
        signer: input.signer.map(|s| (s.position, s.name)),
        place: input.place,
    };
    let signature = state.capabilities.notes.set_signature(&actor, MunicipalityId::from_uuid(id), draft).await?;
    Ok(Json((&signature).into()))
}

/// Notes: the routes with their OpenAPI paths.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(analytical_note))
        .routes(routes!(note_chart))
        .routes(routes!(note_signature, set_note_signature))
}
