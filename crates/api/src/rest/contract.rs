//! Parts of the OpenAPI document that come from tables rather than from one operation: the
//! security schemes, and every error status each operation can answer, derived from the same
//! table of codes and statuses that answers them, so that declaration and behaviour cannot drift.

use std::collections::BTreeMap;

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{
    ClientCredentials, Flow, HttpAuthScheme, HttpBuilder, OAuth2, Password, Scopes, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{ContentBuilder, HttpMethod, Ref, RefOr, Required, ResponseBuilder, ServerBuilder};

use crate::problem::ErrorCode;

const TOKEN_URL: &str = "/api/v1/auth/token";

/// OAuth2 (the password and client-credentials grants of `POST /api/v1/auth/token`) and a plain
/// bearer token for tokens obtained otherwise; the server this document was served from.
pub(super) struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "oauth2",
            SecurityScheme::OAuth2(OAuth2::with_description(
                [
                    Flow::Password(Password::new(TOKEN_URL, Scopes::new())),
                    Flow::ClientCredentials(ClientCredentials::new(TOKEN_URL, Scopes::new())),
                ],
                "Users sign in with the password grant, API clients with client credentials.",
            )),
        );
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).bearer_format("JWT").build()),
        );
        openapi.servers = Some(vec![
            ServerBuilder::new().url("/").description(Some("the server this document was read from")).build(),
        ]);
    }
}

/// Whether an operation takes `Idempotency-Key`: every `POST` but the OAuth endpoints'.
fn idempotent(path: &str, method: &HttpMethod) -> bool {
    matches!(method, HttpMethod::Post) && !path.starts_with("/api/v1/auth/")
}

/// Whether an operation changes a record that others share, and so takes `If-Match`.
fn conditional(method: &HttpMethod) -> bool {
    matches!(method, HttpMethod::Patch | HttpMethod::Delete)
}

fn text_schema(min: usize, max: usize, pattern: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).min_length(Some(min)).max_length(Some(max)).pattern(Some(pattern))
}

/// Declares the headers the API reads and sends beyond its operations' own: `Idempotency-Key`
/// on every write that keeps its first answer, and on the views that carry an entity tag,
/// `If-None-Match` (compared weakly) and the `ETag` of the 200 and 304 answers.
pub(super) struct DeclaredHeaders;

impl utoipa::Modify for DeclaredHeaders {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let key = ParameterBuilder::new()
            .name("Idempotency-Key")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "1–255 visible ASCII characters, kept for 24 hours per caller: a repeated request with the same \
                 key gets the first answer again, byte for byte; the same key with another request is 422 \
                 `idempotency_key_reused`.",
            ))
            .schema(Some(text_schema(1, 255, "^[!-~]+$")))
            .build();
        let validator = ParameterBuilder::new()
            .name("If-None-Match")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Entity tags the caller holds (weak or strong, compared weakly): 304 without a body while \
                 the region's data is unchanged.",
            ))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
            .build();
        let etag = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::String))
            .description(Some("The view's entity tag, to send back in If-None-Match"))
            .build();
        // Declared optional so that its absence reads as RFC 6585 means it, 428, rather than
        // as a malformed request; every PATCH and DELETE answers 428 without it.
        let if_match = ParameterBuilder::new()
            .name("If-Match")
            .parameter_in(ParameterIn::Header)
            .required(Required::False)
            .description(Some(
                "Needed: the ETag of your last read of the record, or `*` for whatever its revision: without it 428 \
                 `precondition_required`; a record that changed since (or a tag that is none of its revisions) \
                 is 412 `stale_version`; a value that is not RFC 9110's syntax is 400 `malformed_request`.",
            ))
            .schema(Some(text_schema(1, super::conditional::MAX_IF_MATCH, super::conditional::IF_MATCH_PATTERN)))
            .build();
        let revision = HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::String))
            .description(Some("The record's revision, to send back in If-Match"))
            .build();
        for (path, item) in openapi.paths.paths.iter_mut() {
            if let Some(post) = item.post.as_mut().filter(|_| idempotent(path, &HttpMethod::Post)) {
                post.parameters.get_or_insert_with(Vec::new).push(key.clone());
            }
            let writable = item.patch.is_some() || item.delete.is_some();
            for write in [item.patch.as_mut(), item.delete.as_mut()].into_iter().flatten() {
                write.parameters.get_or_insert_with(Vec::new).push(if_match.clone());
            }
            // The reads that give a revision: the record's own, and the answer of its change.
            for read in [item.get.as_mut().filter(|_| writable), item.patch.as_mut()].into_iter().flatten() {
                if let Some(RefOr::T(response)) = read.responses.responses.get_mut("200") {
                    response.headers.insert("ETag".to_owned(), revision.clone());
                }
            }
            let Some(get) = item.get.as_mut() else { continue };
            if !get.responses.responses.contains_key("304") {
                continue;
            }
            get.parameters.get_or_insert_with(Vec::new).push(validator.clone());
            for status in ["200", "304"] {
                if let Some(RefOr::T(response)) = get.responses.responses.get_mut(status) {
                    response.headers.insert("ETag".to_owned(), etag.clone());
                }
            }
        }
    }
}

/// What an operation is, as far as the errors it can answer go.
struct Shape<'a> {
    path: &'a str,
    method: HttpMethod,
    public: bool,
    has_body: bool,
}

/// Whether an operation of `shape` can answer `code`.
fn answers(code: ErrorCode, shape: &Shape<'_>) -> bool {
    let write = !matches!(shape.method, HttpMethod::Get | HttpMethod::Head);
    let token = shape.path == TOKEN_URL;
    let import = shape.path.contains("/imports/");
    match code {
        ErrorCode::MalformedRequest
        | ErrorCode::ValidationFailed
        | ErrorCode::RequestTimeout
        | ErrorCode::DatabaseUnavailable
        | ErrorCode::Internal => !shape.path.starts_with("/health/"),
        ErrorCode::Unauthorized | ErrorCode::Forbidden => !shape.public,
        ErrorCode::NotFound => shape.path.contains('{') || import,
        ErrorCode::InvalidCredentials | ErrorCode::UnsupportedGrantType | ErrorCode::TooManyRequests => token,
        ErrorCode::Duplicate | ErrorCode::Conflict | ErrorCode::InUse => write && !token,
        ErrorCode::PayloadTooLarge | ErrorCode::UnsupportedMediaType => shape.has_body,
        ErrorCode::ImportRejected => import,
        ErrorCode::PreconditionRequired | ErrorCode::StaleVersion => conditional(&shape.method),
        ErrorCode::IdempotencyKeyReused => idempotent(shape.path, &shape.method),
        ErrorCode::InvalidReference | ErrorCode::ReferenceNotFound | ErrorCode::AmbiguousReference => {
            shape.path.ends_with("/resolve")
        }
        // GraphQL's own, and the router's: never an operation's.
        ErrorCode::QueryTooComplex
        | ErrorCode::ResponseTooLarge
        | ErrorCode::RouteNotFound
        | ErrorCode::MethodNotAllowed => false,
    }
}

/// Adds, to every operation, each error status it can answer that it does not declare yet,
/// with the problem document's schema and the codes that status carries.
pub(super) struct DeclaredErrors;

impl utoipa::Modify for DeclaredErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let public = SecurityRequirement::default();
        for (path, item) in openapi.paths.paths.iter_mut() {
            let operations = [
                (HttpMethod::Get, &mut item.get),
                (HttpMethod::Post, &mut item.post),
                (HttpMethod::Put, &mut item.put),
                (HttpMethod::Patch, &mut item.patch),
                (HttpMethod::Delete, &mut item.delete),
            ];
            for (method, operation) in operations {
                let Some(operation) = operation.as_mut() else { continue };
                // A one-sentence doc comment is both the summary and the description.
                if operation.description.is_none() {
                    operation.description.clone_from(&operation.summary);
                }
                let shape = Shape {
                    path,
                    method,
                    public: operation.security.as_ref().is_some_and(|s| s.contains(&public)),
                    has_body: operation.request_body.is_some(),
                };
                let mut by_status: BTreeMap<u16, Vec<ErrorCode>> = BTreeMap::new();
                for code in ErrorCode::ALL.into_iter().filter(|code| answers(*code, &shape)) {
                    by_status.entry(code.status().as_u16()).or_default().push(code);
                }
                for (status, codes) in by_status {
                    let key = status.to_string();
                    if operation.responses.responses.contains_key(&key) {
                        continue;
                    }
                    let list: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
                    let response = ResponseBuilder::new()
                        .description(format!("A problem document; `code` is {}", list.join(", ")))
                        .content(
                            "application/problem+json",
                            ContentBuilder::new().schema(Some(Ref::from_schema_name("ProblemDetails"))).build(),
                        )
                        .build();
                    operation.responses.responses.insert(key, response.into());
                }
            }
        }
    }
}
