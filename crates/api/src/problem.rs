//! The one mapping from domain errors to HTTP status and stable machine codes. It feeds the
//! REST `application/problem+json` body (RFC 9457) and the GraphQL `extensions.code` alike.

use async_graphql::ErrorExtensions;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use opora_domain::Coded;
use opora_domain::ServiceError;
use opora_domain::ValidationErrors;
use serde::Serialize;
use utoipa::ToSchema;

use crate::views::{IssueView, OrganizationView};

/// Stable machine-readable error codes. Clients branch on these, never on the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields broke a rule; `errors` lists every one.
    ValidationFailed,
    /// No valid access token, and the operation is not public.
    Unauthorized,
    /// The caller's role may not do this here; `errors` lists fields it may not write.
    Forbidden,
    /// Wrong e-mail and password, or client id and secret.
    InvalidCredentials,
    /// The token endpoint knows `password` and `client_credentials` only.
    UnsupportedGrantType,
    /// Too many token requests; retry after `Retry-After` seconds.
    TooManyRequests,
    /// The body, query string or path could not be read (bad JSON, a malformed id).
    MalformedRequest,
    NotFound,
    RouteNotFound,
    MethodNotAllowed,
    /// Another record already holds a unique value.
    Duplicate,
    /// The request contradicts what is stored (an audit of that date with other findings).
    Conflict,
    /// A PATCH or DELETE came without `If-Match`: send the `ETag` of your last read (or `*`).
    PreconditionRequired,
    /// The record is not at the revision `If-Match` names (it changed since, or the tag is none of its): read it again.
    StaleVersion,
    /// An imported table has errors; `issues` lists each with its row and column.
    ImportRejected,
    /// The record is referred to by others and cannot be deleted.
    InUse,
    /// The text is not a reference to one organization (a list, a range, a generic term).
    InvalidReference,
    ReferenceNotFound,
    /// Several organizations match; `candidates` lists them.
    AmbiguousReference,
    PayloadTooLarge,
    /// A GraphQL document nests too deep or expands to too many selections.
    QueryTooComplex,
    /// A GraphQL response over the size cap; ask for fewer items or fields.
    ResponseTooLarge,
    /// An `Idempotency-Key` was sent before with a different request.
    IdempotencyKeyReused,
    UnsupportedMediaType,
    RequestTimeout,
    DatabaseUnavailable,
    Internal,
}

impl ErrorCode {
    /// Every code, for the OpenAPI document's declared responses.
    pub(crate) const ALL: [ErrorCode; 27] = [
        Self::ValidationFailed,
        Self::Unauthorized,
        Self::Forbidden,
        Self::InvalidCredentials,
        Self::UnsupportedGrantType,
        Self::TooManyRequests,
        Self::MalformedRequest,
        Self::NotFound,
        Self::RouteNotFound,
        Self::MethodNotAllowed,
        Self::Duplicate,
        Self::Conflict,
        Self::PreconditionRequired,
        Self::StaleVersion,
        Self::ImportRejected,
        Self::InUse,
        Self::InvalidReference,
        Self::ReferenceNotFound,
        Self::AmbiguousReference,
        Self::PayloadTooLarge,
        Self::QueryTooComplex,
        Self::ResponseTooLarge,
        Self::IdempotencyKeyReused,
        Self::UnsupportedMediaType,
        Self::RequestTimeout,
        Self::DatabaseUnavailable,
        Self::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ValidationFailed => "validation_failed",
            Self::Unauthorized => "unauthorized",
            Self::Forbidden => "forbidden",
            Self::InvalidCredentials => "invalid_credentials",
            Self::UnsupportedGrantType => "unsupported_grant_type",
            Self::TooManyRequests => "too_many_requests",
            Self::MalformedRequest => "malformed_request",
            Self::NotFound => "not_found",
            Self::RouteNotFound => "route_not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Duplicate => "duplicate",
            Self::Conflict => "conflict",
            Self::PreconditionRequired => "precondition_required",
            Self::StaleVersion => "stale_version",
            Self::ImportRejected => "import_rejected",
            Self::InUse => "in_use",
            Self::InvalidReference => "invalid_reference",
            Self::ReferenceNotFound => "reference_not_found",
            Self::AmbiguousReference => "ambiguous_reference",
            Self::PayloadTooLarge => "payload_too_large",
            Self::QueryTooComplex => "query_too_complex",
            Self::ResponseTooLarge => "response_too_large",
            Self::IdempotencyKeyReused => "idempotency_key_reused",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::RequestTimeout => "request_timeout",
            Self::DatabaseUnavailable => "database_unavailable",
            Self::Internal => "internal",
        }
    }

    pub(crate) fn status(self) -> StatusCode {
        match self {
            Self::ValidationFailed | Self::InvalidReference => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MalformedRequest | Self::UnsupportedGrantType => StatusCode::BAD_REQUEST,
            Self::Unauthorized | Self::InvalidCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            Self::NotFound | Self::RouteNotFound | Self::ReferenceNotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Duplicate | Self::InUse | Self::AmbiguousReference | Self::Conflict => StatusCode::CONFLICT,
            Self::ImportRejected => StatusCode::UNPROCESSABLE_ENTITY,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::StaleVersion => StatusCode::PRECONDITION_FAILED,
            Self::PayloadTooLarge | Self::ResponseTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::QueryTooComplex => StatusCode::BAD_REQUEST,
            Self::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::RequestTimeout | Self::DatabaseUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Self::ValidationFailed => "The input breaks one or more rules",
            Self::Unauthorized => "Authentication required",
            Self::Forbidden => "Not allowed",
            Self::InvalidCredentials => "Invalid credentials",
            Self::UnsupportedGrantType => "Unsupported grant type",
            Self::TooManyRequests => "Too many requests",
            Self::MalformedRequest => "The request could not be read",
            Self::NotFound => "No such record",
            Self::RouteNotFound => "No such endpoint",
            Self::MethodNotAllowed => "Method not allowed on this endpoint",
            Self::Duplicate => "A record with this value exists",
            Self::Conflict => "Conflicts with stored data",
            Self::PreconditionRequired => "The change must name the revision it was made to",
            Self::StaleVersion => "The record changed since it was read",
            Self::ImportRejected => "The table was not imported",
            Self::InUse => "The record is still referred to",
            Self::InvalidReference => "Not a reference to one organization",
            Self::ReferenceNotFound => "The reference matches no organization",
            Self::AmbiguousReference => "The reference matches several organizations",
            Self::PayloadTooLarge => "The request body is too large",
            Self::QueryTooComplex => "The query is too complex",
            Self::ResponseTooLarge => "The response would be too large",
            Self::IdempotencyKeyReused => "The idempotency key was used for another request",
            Self::UnsupportedMediaType => "Unsupported content type",
            Self::RequestTimeout => "The request took too long",
            Self::DatabaseUnavailable => "The database is unavailable",
            Self::Internal => "Internal error",
        }
    }
}

/// One rejected field.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FieldProblem {
    /// The field as the client wrote it (camelCase; `aliases[2]` for a list item).
    pub field: String,
    pub code: String,
    pub message: String,
}

/// An RFC 9457 problem document.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProblemDetails {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: ErrorCode,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// For `ambiguous_reference`: the organizations the reference could mean.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) candidates: Vec<OrganizationView>,
    /// For `import_rejected`: each error (the first 1,000), with its row, column and text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) issues: Vec<IssueView>,
    /// For `import_rejected`: the warnings found on the way (the first 1,000).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) warnings: Vec<IssueView>,
    /// On the token endpoint: the RFC 6749 §5.2 error (`invalid_request`, `invalid_client`,
    /// `invalid_grant`, `unsupported_grant_type`), for OAuth2 clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error: Option<&'static str>,
    /// On the token endpoint: the RFC 6749 `error_description`, the same text as `detail`.
    #[serde(rename = "error_description", skip_serializing_if = "Option::is_none")]
    pub(crate) error_description: Option<String>,
}

/// Issues of each kind a rejected table's answer lists.
const MAX_LISTED_ISSUES: usize = 1_000;

/// An error answered to the client.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: ErrorCode,
    pub detail: String,
    pub errors: Vec<FieldProblem>,
    /// What few errors carry, boxed so that every `Result` stays small.
    extra: Option<Box<Extra>>,
}

#[derive(Debug, Clone, Default)]
struct Extra {
    candidates: Vec<OrganizationView>,
    issues: Vec<IssueView>,
    warnings: Vec<IssueView>,
    /// For server faults: what went wrong, for the log only.
    cause: Option<String>,
    /// Seconds after which a rate-limited client may retry.
    retry_after: Option<u64>,
    /// The RFC 6749 error of a token request.
    oauth_error: Option<&'static str>,
}

/// The cause of a 5xx, handed to the middleware that logs it once with the request id.
#[derive(Debug, Clone)]
pub(crate) struct InternalCause(pub String);

impl ApiError {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self { code, detail: detail.into(), errors: Vec::new(), extra: None }
    }

    fn extra(&mut self) -> &mut Extra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// A server fault, answered with a generic text; the cause goes to the log, never the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        let mut error = Self::new(
            ErrorCode::Internal,
            "An internal error occurred; quote the X-Request-Id header when reporting it.",
        );
        error.extra().cause = Some(cause.to_string());
        error
    }

    /// The error as the token endpoint answers it: with the RFC 6749 `error` as well.
    pub(crate) fn with_oauth_error(mut self, error: &'static str) -> Self {
        self.extra().oauth_error = Some(error);
        self
    }

    pub(crate) fn with_retry_after(mut self, seconds: u64) -> Self {
        self.extra().retry_after = Some(seconds);
        self
    }

    fn with_candidates(mut self, candidates: Vec<OrganizationView>) -> Self {
        self.extra().candidates = candidates;
        self
    }

    /// A table's issues, the first [`MAX_LISTED_ISSUES`] of each kind: a table of 19,000 bad
    /// rows answers what is wrong and where it starts, and `detail` states the total.
    fn with_issues(mut self, mut issues: Vec<IssueView>, mut warnings: Vec<IssueView>) -> Self {
        if issues.len() > MAX_LISTED_ISSUES || warnings.len() > MAX_LISTED_ISSUES {
            self.detail = format!(
                "{} (the first {MAX_LISTED_ISSUES} of {} errors and {} warnings are listed)",
                self.detail,
                issues.len(),
                warnings.len()
            );
        }
        issues.truncate(MAX_LISTED_ISSUES);
        warnings.truncate(MAX_LISTED_ISSUES);
        let extra = self.extra();
        extra.issues = issues;
        extra.warnings = warnings;
        self
    }

    pub fn status(&self) -> StatusCode {
        self.code.status()
    }

    pub fn problem(&self) -> ProblemDetails {
        ProblemDetails {
            kind: format!("urn:opora:problem:{}", self.code.as_str()),
            title: self.code.title().to_owned(),
            status: self.status().as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
            candidates: self.extra.as_ref().map(|e| e.candidates.clone()).unwrap_or_default(),
            issues: self.extra.as_ref().map(|e| e.issues.clone()).unwrap_or_default(),
            warnings: self.extra.as_ref().map(|e| e.warnings.clone()).unwrap_or_default(),
            error: self.extra.as_ref().and_then(|e| e.oauth_error),
            error_description: self.extra.as_ref().and_then(|e| e.oauth_error).map(|_| self.detail.clone()),
        }
    }

    /// The error as a GraphQL error: the same code and field list in `extensions`.
    pub fn into_graphql(self) -> async_graphql::Error {
        // A GraphQL response is 200 even when a field fails, so the HTTP middleware never sees
        // this fault: it is logged here.
        if let Some(cause) = self.extra.as_ref().and_then(|e| e.cause.as_ref()) {
            tracing::error!(%cause, "internal error in a GraphQL resolver");
        }
        let errors = self.errors.clone();
        let candidates: Vec<String> =
            self.extra.iter().flat_map(|e| e.candidates.iter().map(|c| c.id.to_string())).collect();
        async_graphql::Error::new(self.detail).extend_with(|_, ext| {
            ext.set("code", self.code.as_str());
            ext.set("status", self.code.status().as_u16());
            if !errors.is_empty() {
                let list: Vec<async_graphql::Value> = errors
                    .iter()
                    .map(|e| {
                        let mut map = async_graphql::indexmap::IndexMap::new();
                        map.insert(async_graphql::Name::new("field"), async_graphql::Value::from(e.field.clone()));
                        map.insert(async_graphql::Name::new("code"), async_graphql::Value::from(e.code.clone()));
                        map.insert(async_graphql::Name::new("message"), async_graphql::Value::from(e.message.clone()));
                        async_graphql::Value::Object(map)
                    })
                    .collect();
                ext.set("errors", list);
            }
            if !candidates.is_empty() {
                ext.set("candidates", candidates);
            }
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.problem()).expect("problem documents serialise");
        let mut response = (self.status(), [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        if self.code == ErrorCode::Unauthorized {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        let extra = self.extra.map(|e| *e).unwrap_or_default();
        if let Some(seconds) = extra.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if let Some(cause) = extra.cause {
            response.extensions_mut().insert(InternalCause(cause));
        }
        response
    }
}

impl From<opora_domain::StoreError> for ApiError {
    fn from(error: opora_domain::StoreError) -> Self {
        match error {
            opora_domain::StoreError::Unavailable => {
                ApiError::new(ErrorCode::DatabaseUnavailable, "The database is unavailable.")
            }
            other => ApiError::internal(other),
        }
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(errors: ValidationErrors) -> Self {
        let detail = errors.to_string();
        Self {
            errors: errors
                .errors()
                .iter()
                .map(|e| FieldProblem { field: e.field.clone(), code: e.code.to_owned(), message: e.message.clone() })
                .collect(),
            ..Self::new(ErrorCode::ValidationFailed, detail)
        }
    }
}

/// The one mapping from the services' error to what a client is told, for REST and GraphQL.
impl From<ServiceError> for ApiError {
    fn from(error: ServiceError) -> Self {
        let detail = error.to_string();
        match error {
            ServiceError::Invalid(errors) => errors.into(),
            ServiceError::Unauthenticated => unauthenticated(),
            ServiceError::InvalidCredentials => Self::new(ErrorCode::InvalidCredentials, detail),
            ServiceError::Forbidden { message, fields } => Self {
                errors: fields
                    .iter()
                    .map(|f| FieldProblem {
                        field: (*f).to_owned(),
                        code: "forbidden".into(),
                        message: message.clone(),
                    })
                    .collect(),
                ..Self::new(ErrorCode::Forbidden, message)
            },
            ServiceError::NotFound { .. } => Self::new(ErrorCode::NotFound, detail),
            ServiceError::Duplicate { field, .. } => Self {
                errors: vec![FieldProblem {
                    field: field.to_owned(),
                    code: "duplicate".into(),
                    message: detail.clone(),
                }],
                ..Self::new(ErrorCode::Duplicate, detail)
            },
            ServiceError::InUse { .. } => Self::new(ErrorCode::InUse, detail),
            ServiceError::Conflict(message) => Self::new(ErrorCode::Conflict, message),
            ServiceError::Stale { .. } => Self::new(ErrorCode::StaleVersion, detail),
            ServiceError::Rejected { errors, warnings } => Self::new(ErrorCode::ImportRejected, detail).with_issues(
                errors.into_iter().map(Into::into).collect(),
                warnings.into_iter().map(Into::into).collect(),
            ),
            ServiceError::Reference(reference) => Self {
                errors: vec![FieldProblem {
                    field: "ref".into(),
                    code: reference.code().into(),
                    message: detail.clone(),
                }],
                ..Self::new(ErrorCode::InvalidReference, detail)
            },
            ServiceError::ReferenceNotFound { .. } => Self::new(ErrorCode::ReferenceNotFound, detail),
            ServiceError::AmbiguousReference { candidates, .. } => Self::new(ErrorCode::AmbiguousReference, detail)
                .with_candidates(candidates.into_iter().map(OrganizationView::from).collect()),
            ServiceError::Unavailable => {
                Self::new(ErrorCode::DatabaseUnavailable, "The database is unavailable; retry shortly.")
            }
            ServiceError::Internal(cause) => Self::internal(cause),
        }
    }
}

fn unauthenticated() -> ApiError {
    ApiError::new(ErrorCode::Unauthorized, "This operation needs an access token: POST /api/v1/auth/token.")
}
