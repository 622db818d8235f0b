//! Extractors whose rejections are problem documents, and the caller of a request.

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use opora_domain::{Actor, ValidationErrors};

use crate::auth::authenticate;
use crate::problem::{ApiError, ErrorCode};
use crate::state::AppState;

/// A JSON object body: a body that is not JSON answers `malformed_request` with serde's
/// position, JSON of the wrong shape a field error. Only an object is read as an object:
/// serde would take `[null, null]` for a struct of two absent fields.
#[derive(Debug)]
pub(crate) struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request.headers().get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
        let mime = content_type.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !(mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))) {
            return Err(ApiError::new(
                ErrorCode::UnsupportedMediaType,
                "Expected request with `Content-Type: application/json`",
            ));
        }
        let bytes = match axum::body::Bytes::from_request(request, state).await {
            Ok(bytes) => bytes,
            Err(rejection) => return Err(ApiError::new(ErrorCode::PayloadTooLarge, rejection.body_text())),
        };
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|b| *b != b'{') {
            return Err(ValidationErrors::single("body", "invalid_type", "the body must be a JSON object").into());
        }
        Ok(Self(axum::Json::<T>::from_bytes(&bytes)?.0))
    }
}

/// A form-encoded body.
#[derive(Debug, FromRequest)]
#[from_request(via(axum::Form), rejection(ApiError))]
pub(crate) struct ApiForm<T>(pub T);

/// A query string.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub(crate) struct ApiQuery<T>(pub T);

/// Path parameters.
#[derive(Debug, FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub(crate) struct ApiPath<T>(pub T);

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => {
                ApiError::new(ErrorCode::UnsupportedMediaType, rejection.body_text())
            }
            JsonRejection::BytesRejection(_) => ApiError::new(ErrorCode::PayloadTooLarge, rejection.body_text()),
            // Well-formed JSON of the wrong shape: a field error, with the field's path.
            JsonRejection::JsonDataError(_) => field_error(&rejection.body_text(), "body"),
            _ => ApiError::new(ErrorCode::MalformedRequest, rejection.body_text()),
        }
    }
}

/// A deserialization failure as a validation error on the field it names: serde writes
/// `owner.level: invalid type …` for a wrong type and «missing field `date`» for an absent one.
fn field_error(text: &str, fallback: &str) -> ApiError {
    let reason = text.split_once(": ").map_or(text, |(_, rest)| rest);
    // The message leaves out the path it names, which the error carries as its field.
    let (field, message) =
        if let Some(name) = reason.split("missing field `").nth(1).and_then(|rest| rest.split('`').next()) {
            (name.to_owned(), reason)
        } else if let Some(name) = reason.split("unknown field `").nth(1).and_then(|rest| rest.split('`').next()) {
            (name.to_owned(), reason)
        } else {
            match reason.split_once(": ") {
                Some((path, rest)) if !path.contains(' ') && !path.is_empty() => (path.to_owned(), rest),
                _ => (fallback.to_owned(), reason),
            }
        };
    let code = if reason.contains("missing field") { "required" } else { "invalid_format" };
    ValidationErrors::single(field, code, message.to_owned()).into()
}

impl From<FormRejection> for ApiError {
    fn from(rejection: FormRejection) -> Self {
        let code = match rejection {
            FormRejection::InvalidFormContentType(_) => ErrorCode::UnsupportedMediaType,
            _ => ErrorCode::MalformedRequest,
        };
        ApiError::new(code, rejection.body_text())
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        match rejection {
            QueryRejection::FailedToDeserializeQueryString(_) => field_error(&rejection.body_text(), "query"),
            _ => ApiError::new(ErrorCode::MalformedRequest, rejection.body_text()),
        }
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        ApiError::new(ErrorCode::MalformedRequest, rejection.body_text())
    }
}

/// The caller of the request, authenticated from its `Authorization` header.
#[derive(Debug, Clone)]
pub(crate) struct CurrentActor(pub Actor);

impl FromRequestParts<AppState> for CurrentActor {
    type Rejection = ApiError;

    /// Decided before anything is looked up: an anonymous caller gets 401 for every operation
    /// it may not call at all, whether the record it names exists or not, so that the answer
    /// never tells which ids exist. Anonymous reads pass only when public read is on.
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let actor = authenticate(state, &parts.headers).await?;
        let reading = matches!(parts.method, axum::http::Method::GET | axum::http::Method::HEAD);
        if actor.may_call(reading).is_err() {
            return Err(ApiError::new(
                ErrorCode::Unauthorized,
                "This operation needs an access token: POST /api/v1/auth/token.",
            ));
        }
        Ok(Self(actor))
    }
}

/// The peer address of the connection, when the server was started with connection info.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ClientAddress(pub Option<std::net::IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let info = parts.extensions.get::<axum::extract::ConnectInfo<std::net::SocketAddr>>();
        Ok(Self(info.map(|c| c.0.ip())))
    }
}
