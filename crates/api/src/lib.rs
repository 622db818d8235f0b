//! The HTTP face of Opora: REST under `/api/v1` (axum, described by utoipa), GraphQL at
//! `/graphql` (async-graphql), health and metrics. Both protocols call the same domain services
//! and share the views, the error mapping and the caller extraction.

mod auth;
mod contracts;
mod cursor;
mod dashboards;
mod extract;
mod graphql;
mod idempotency;
pub mod imports;
mod problem;
mod rest;
mod router;
mod security;
mod state;
mod telemetry;
mod views;

pub use auth::{
    Argon2Credentials, AuthConfig, ExternalIssuer, KeyError, MIN_SECRET_BYTES, SigningKey, VerifyingKey,
    parse_algorithm, verifying_key,
};
pub use contracts::{graphql_sdl, openapi_json};
pub use jsonwebtoken::Algorithm as TokenAlgorithm;
pub use problem::{ApiError, ErrorCode};
pub use router::router;
pub use state::{ApiConfig, AppState, GraphqlLimits, NotReady, Readiness, Services};
