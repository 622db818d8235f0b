//! `POST /api/v1/imports/monitoring`: a monitoring report read from its Word document.

use axum::Json;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use opora_domain::monitoring::{CampaignId, ReportImport, ReportImported};
use opora_domain::schools::MunicipalityId;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::extract::{ApiQuery, CurrentActor};
use crate::idempotency::once;
use crate::imports::{TableFile, decode_upload_blocks, read_body, upload_file_name};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::{CampaignView, IssueView};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct MonitoringImportQuery {
    /// The municipality whose report it is.
    municipality_id: Uuid,
    /// Read and check without recording.
    #[serde(default)]
    dry_run: bool,
    /// The version this report corrects, when it is not the current version of the same
    /// document (municipality, period, order).
    replaces: Option<Uuid>,
}

/// The campaign a report reads as, whether it was recorded, and every doubt with its paragraph.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MonitoringImportView {
    /// The campaign recorded, or that a dry run would record.
    pub campaign_id: Uuid,
    pub campaign: CampaignView,
    /// False for a dry run.
    pub recorded: bool,
    /// Each doubt: its paragraph (`row`), the text and what was read.
    pub warnings: Vec<IssueView>,
}

impl From<ReportImported> for MonitoringImportView {
    fn from(r: ReportImported) -> Self {
        Self {
            campaign_id: r.campaign.id.as_uuid(),
            campaign: r.campaign.into(),
            recorded: r.recorded,
            warnings: r.warnings.into_iter().map(Into::into).collect(),
        }
    }
}

/// Imports a monitoring report from its Word document: the order that started it, the window,
/// the period, the report's date and place, the signatory, the schools, the conclusions by level
/// with the codes they name, the recommendations with their addressee and due (a date, or a due
/// text read by the schedule grammar and kept as written), the documents and figures it cites.
/// Each doubt is a warning with its paragraph. A corrected report replaces the current version
/// of its document.
#[utoipa::path(post, path = "/api/v1/imports/monitoring", tag = "monitoring", params(MonitoringImportQuery),
    request_body(description = "The report as a Word document (DOCX); a client that cannot name its type sends it as application/octet-stream",
        content((TableFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (TableFile = "application/octet-stream"))),
    responses((status = 201, description = "Imported", body = MonitoringImportView),
        (status = 200, description = "Checked (dry run) or already imported", body = MonitoringImportView),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 413, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 415, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn import_monitoring(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<MonitoringImportQuery>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let municipality = MunicipalityId::from_uuid(query.municipality_id);
    state.capabilities.monitoring.may_record(&actor, municipality).await?;
    let bytes = read_body(&state, body).await?;
    once(&state, &actor, &headers, &uri, &bytes.clone(), || async {
        let imported = async {
            let blocks = decode_upload_blocks(&state, &headers, bytes).await?;
            let import = ReportImport {
                municipality,
                blocks,
                file_name: upload_file_name(&headers),
                dry_run: query.dry_run,
                replaces: query.replaces.map(CampaignId::from_uuid),
            };
            let report = state.capabilities.monitoring.import_report(&actor, import).await?;
            let status = if report.recorded { StatusCode::CREATED } else { StatusCode::OK };
            Ok::<_, ApiError>((status, Json(MonitoringImportView::from(report))))
        };
        imported.await.into_response()
    })
    .await
}

/// The monitoring report import: its route with its OpenAPI path.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import_monitoring))
}
