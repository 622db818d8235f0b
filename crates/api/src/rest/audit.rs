//! `/api/v1/audit-events`: the audit trail, for administrators and (their region's) regional
//! users.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use opora_domain::ValidationErrors;
use opora_domain::audit::{AuditAction, AuditFilter};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::cursor::page_request;
use crate::extract::{ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::AuditEventView;

/// What an audited write did, as the `action` filter names it.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
#[expect(dead_code, reason = "documents the values of `action`, which is read as text")]
pub(crate) enum ActionParam {
    Create,
    Update,
    Delete,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditQuery {
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
    /// region, municipality, organization, user, client, token.
    entity_type: Option<String>,
    entity_id: Option<Uuid>,
    /// `user:<id>`, `client:<id>`, …
    actor: Option<String>,
    /// create, update or delete.
    #[param(value_type = Option<ActionParam>, inline)]
    action: Option<String>,
    /// Events at or after this instant (RFC 3339).
    from: Option<DateTime<Utc>>,
    /// Events before this instant.
    to: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuditEventPage {
    items: Vec<AuditEventView>,
    next_cursor: Option<String>,
}

impl AuditEventPage {
    pub(super) fn of(events: opora_domain::Page<opora_domain::audit::AuditEvent>) -> Self {
        Self {
            next_cursor: events.next.map(crate::cursor::encode),
            items: events.items.into_iter().map(Into::into).collect(),
        }
    }
}

/// Lists audit events, oldest first.
#[utoipa::path(get, path = "/api/v1/audit-events", tag = "access", params(AuditQuery),
    responses((status = 200, body = AuditEventPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_audit_events(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> Result<Json<AuditEventPage>, ApiError> {
    let page = page_request(query.limit, query.cursor.as_deref())?;
    let action = match query.action.as_deref() {
        None => None,
        Some(text) => Some(AuditAction::from_code(text).ok_or_else(|| {
            ValidationErrors::single("action", "invalid_format", format!("'{text}' is not create, update or delete"))
        })?),
    };
    let filter = AuditFilter {
        entity_type: query.entity_type,
        entity_id: query.entity_id,
        actor: query.actor,
        action,
        from: query.from,
        to: query.to,
        region: None,
    };
    Ok(Json(AuditEventPage::of(state.capabilities.access.audit_events(&actor, &filter, page).await?)))
}

/// The audit trail: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit_events))
}
