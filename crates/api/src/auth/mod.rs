//! Authentication: signing and verifying access tokens, hashing credentials, limiting the
//! token endpoint, and turning a request's `Authorization` header into the caller.

mod caller;
mod config;
mod credentials;
mod limiter;
mod tokens;

pub(crate) use caller::authenticate;
pub use config::{
    AuthConfig, ExternalIssuer, KeyError, MIN_SECRET_BYTES, SigningKey, VerifyingKey, parse_algorithm, verifying_key,
};
pub use credentials::Argon2Credentials;
pub(crate) use limiter::{TokenLimiter, Verdict};
pub(crate) use tokens::{TokenKind, Verified};
