//! `/api/v1/users` and `/api/v1/clients`: the principals of the service. Administrators manage
//! all of them, regional users those inside their region. Reading them is logged, because user
//! accounts are the only personal data Opora holds.

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use opora_domain::access::{Actor, ClientDraft, ClientPatch, PrincipalId, UserDraft, UserPatch};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::conditional::{IfMatch, Tagged};
use super::input::{nullable, present};
use crate::cursor::page_request;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentActor};
use crate::problem::{ApiError, ProblemDetails};
use crate::state::AppState;
use crate::views::NameText;
use crate::views::{ClientView, Role, ScopeView, UserView};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    /// Page size, 1 to 500 (default 50).
    #[param(minimum = 1, maximum = 500, example = 50)]
    limit: Option<i64>,
    /// `nextCursor` of the previous page.
    #[param(pattern = "^c1_[0-9a-f]{32}$")]
    cursor: Option<String>,
}

/// A new user. The password needs at least 12 characters.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateUserIn {
    #[schema(format = Email, max_length = 254, example = "ivanova@edu.example")]
    email: String,
    #[schema(value_type = NameText)]
    display_name: String,
    role: Role,
    scope: ScopeView,
    #[schema(min_length = 12)]
    password: String,
}

/// Changes to a user; `active: false` deactivates it and every token it holds.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateUserIn {
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = NameText)]
    display_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Role)]
    role: Option<Role>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = ScopeView)]
    scope: Option<ScopeView>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    active: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = String)]
    #[schema(min_length = 12)]
    password: Option<String>,
}

/// A new API client; its secret is returned once, in the response.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CreateClientIn {
    #[schema(value_type = Option<NameText>)]
    description: Option<String>,
    role: Role,
    scope: ScopeView,
}

/// Changes to an API client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct UpdateClientIn {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NameText>)]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Role)]
    role: Option<Role>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = ScopeView)]
    scope: Option<ScopeView>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = bool)]
    active: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserPage {
    items: Vec<UserView>,
    next_cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClientPage {
    items: Vec<ClientView>,
    next_cursor: Option<String>,
}

/// A created client with its secret: store it now, it is not shown again.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CreatedClient {
    client: ClientView,
    client_secret: String,
}

fn logged_access(actor: &Actor, what: &str) {
    tracing::info!(actor = %actor.subject(), %what, "principal data read");
}

/// Lists users.
#[utoipa::path(get, path = "/api/v1/users", tag = "access", params(PageQuery),
    responses((status = 200, body = UserPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_users(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<UserPage>, ApiError> {
    let page = state.capabilities.access.users(&actor, page_request(query.limit, query.cursor.as_deref())?).await?;
    logged_access(&actor, "users");
    Ok(Json(UserPage {
        next_cursor: page.next.map(crate::cursor::encode),
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Creates a user.
#[utoipa::path(post, path = "/api/v1/users", tag = "access", request_body = CreateUserIn,
    responses((status = 201, body = UserView), (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is taken", body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_user(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateUserIn>,
) -> Result<impl IntoResponse, ApiError> {
    let draft = UserDraft {
        email: input.email,
        display_name: input.display_name,
        role: input.role.into(),
        scope: input.scope.to_ref()?,
        password: input.password,
    };
    let user = UserView::from(state.capabilities.access.create_user(&actor, &draft).await?);
    let location = format!("/api/v1/users/{}", user.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(user)))
}

/// Reads a user.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "access", params(("id" = Uuid, Path)),
    responses((status = 200, body = UserView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_user(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<UserView>, ApiError> {
    let user = state.capabilities.access.user(&actor, PrincipalId::from_uuid(id)).await?;
    logged_access(&actor, &format!("user:{id}"));
    Tagged::of(&state, "user", id, UserView::from(user)).await
}

/// Changes a user: name, role, scope, password, or `active`.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "access", params(("id" = Uuid, Path)), request_body = UpdateUserIn,
    responses((status = 200, body = UserView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn update_user(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<UpdateUserIn>,
) -> Result<Tagged<UserView>, ApiError> {
    let patch = UserPatch {
        display_name: input.display_name,
        role: input.role.map(Into::into),
        scope: input.scope.as_ref().map(ScopeView::to_ref).transpose()?,
        active: input.active,
        password: input.password,
    };
    let updated = state.capabilities.access.update_user(&actor, PrincipalId::from_uuid(id), &patch, expected).await?;
    Tagged::of(&state, "user", id, UserView::from(updated)).await
}

/// Lists API clients.
#[utoipa::path(get, path = "/api/v1/clients", tag = "access", params(PageQuery),
    responses((status = 200, body = ClientPage), (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn list_clients(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<ClientPage>, ApiError> {
    let page = state.capabilities.access.clients(&actor, page_request(query.limit, query.cursor.as_deref())?).await?;
    Ok(Json(ClientPage {
        next_cursor: page.next.map(crate::cursor::encode),
        items: page.items.into_iter().map(Into::into).collect(),
    }))
}

/// Creates an API client and returns its secret once.
#[utoipa::path(post, path = "/api/v1/clients", tag = "access", request_body = CreateClientIn,
    responses((status = 201, body = CreatedClient), (status = 401, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 403, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn create_client(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiJson(input): ApiJson<CreateClientIn>,
) -> Result<impl IntoResponse, ApiError> {
    let draft = ClientDraft { description: input.description, role: input.role.into(), scope: input.scope.to_ref()? };
    let (client, secret) = state.capabilities.access.create_client(&actor, &draft).await?;
    let location = format!("/api/v1/clients/{}", client.id);
    let body = CreatedClient { client: client.into(), client_secret: secret };
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location), (header::CACHE_CONTROL, "no-store".to_owned())],
        Json(body),
    ))
}

/// Reads an API client.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "access", params(("id" = Uuid, Path)),
    responses((status = 200, body = ClientView), (status = 404, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn get_client(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Tagged<ClientView>, ApiError> {
    let view = ClientView::from(state.capabilities.access.client(&actor, PrincipalId::from_uuid(id)).await?);
    Tagged::of(&state, "client", id, view).await
}

/// Changes an API client; `active: false` deactivates it and its tokens.
#[utoipa::path(patch, path = "/api/v1/clients/{id}", tag = "access", params(("id" = Uuid, Path)), request_body = UpdateClientIn,
    responses((status = 200, body = ClientView), (status = 404, body = ProblemDetails, content_type = "application/problem+json"),
        (status = 422, body = ProblemDetails, content_type = "application/problem+json")))]
pub(crate) async fn update_client(
    State(state): State<AppState>,
    CurrentActor(actor): CurrentActor,
    ApiPath(id): ApiPath<Uuid>,
    IfMatch(expected): IfMatch,
    ApiJson(input): ApiJson<UpdateClientIn>,
) -> Result<Tagged<ClientView>, ApiError> {
    let patch = ClientPatch {
        description: input.description,
        role: input.role.map(Into::into),
        scope: input.scope.as_ref().map(ScopeView::to_ref).transpose()?,
        active: input.active,
    };
    let updated = state.capabilities.access.update_client(&actor, PrincipalId::from_uuid(id), &patch, expected).await?;
    Tagged::of(&state, "client", id, ClientView::from(updated)).await
}

/// Users and API clients: the routes with their OpenAPI paths, in one place.
pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user))
        .routes(routes!(list_clients, create_client))
        .routes(routes!(get_client, update_client))
}
