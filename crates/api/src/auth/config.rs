//! Keys and token settings. Tokens are signed with one key and verified with any configured
//! key, chosen by the `kid` header, so keys rotate without invalidating issued tokens.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};

/// A key problem found at start-up.
#[derive(Debug)]
pub struct KeyError(pub String);

impl std::fmt::Display for KeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

/// The key that signs new tokens.
#[derive(Clone)]
pub struct SigningKey {
    pub kid: String,
    pub algorithm: Algorithm,
    pub key: EncodingKey,
}

/// A key that verifies tokens carrying its `kid`.
#[derive(Clone)]
pub struct VerifyingKey {
    pub kid: String,
    pub algorithm: Algorithm,
    pub key: DecodingKey,
}

// Key material is never printed.
impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey").field("kid", &self.kid).field("algorithm", &self.algorithm).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("kid", &self.kid)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// An external identity provider whose tokens are accepted. Its tokens carry the role in
/// `role_claim` and the scope (`region:<uuid>`, …) in `scope_claim`.
#[derive(Clone, Debug)]
pub struct ExternalIssuer {
    pub issuer: String,
    pub audience: String,
    pub keys: Vec<VerifyingKey>,
    pub role_claim: String,
    pub scope_claim: String,
}

/// Everything the service needs to issue and check tokens.
#[derive(Clone)]
pub struct AuthConfig {
    pub issuer: String,
    pub audience: String,
    pub token_ttl: Duration,
    /// Whether anonymous callers may read public data.
    pub public_read: bool,
    pub signing: SigningKey,
    /// Includes the signing key's own verifying half.
    pub verifying: Vec<VerifyingKey>,
    pub external: Option<ExternalIssuer>,
    /// Token requests allowed per minute from one address, and for one principal.
    pub token_requests_per_minute: u32,
}

impl std::fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material.
        f.debug_struct("AuthConfig")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("token_ttl", &self.token_ttl)
            .field("signing_kid", &self.signing.kid)
            .finish_non_exhaustive()
    }
}

/// The shortest HS256 secret accepted: 256 bits.
pub const MIN_SECRET_BYTES: usize = 32;

/// Reads `HS256`, `RS256` or `EdDSA`; the others are not offered.
pub fn parse_algorithm(text: &str) -> Result<Algorithm, KeyError> {
    match text {
        "HS256" => Ok(Algorithm::HS256),
        "RS256" => Ok(Algorithm::RS256),
        "EdDSA" => Ok(Algorithm::EdDSA),
        other => Err(KeyError(format!("'{other}' is not one of HS256, RS256, EdDSA"))),
    }
}

/// A verifying key from a PEM public key.
pub fn verifying_key(kid: &str, algorithm: Algorithm, public_pem: &[u8]) -> Result<VerifyingKey, KeyError> {
    let key = match algorithm {
        Algorithm::RS256 => DecodingKey::from_rsa_pem(public_pem),
        Algorithm::EdDSA => DecodingKey::from_ed_pem(public_pem),
        other => return Err(KeyError(format!("{other:?} keys are not read from PEM"))),
    }
    .map_err(|e| KeyError(format!("the public key of '{kid}' is not a valid PEM key: {e}")))?;
    Ok(VerifyingKey { kid: kid.to_owned(), algorithm, key })
}

impl AuthConfig {
    /// HS256 with a shared secret of at least 32 bytes.
    pub fn hs256(secret: &[u8], kid: &str) -> Result<(SigningKey, VerifyingKey), KeyError> {
        if secret.len() < MIN_SECRET_BYTES {
            return Err(KeyError(format!(
                "the secret has {} bytes; at least {MIN_SECRET_BYTES} are required",
                secret.len()
            )));
        }
        Ok((
            SigningKey { kid: kid.to_owned(), algorithm: Algorithm::HS256, key: EncodingKey::from_secret(secret) },
            VerifyingKey { kid: kid.to_owned(), algorithm: Algorithm::HS256, key: DecodingKey::from_secret(secret) },
        ))
    }

    /// RS256 or EdDSA with a PEM key pair.
    pub fn key_pair(
        kid: &str,
        algorithm: Algorithm,
        private_pem: &[u8],
        public_pem: &[u8],
    ) -> Result<(SigningKey, VerifyingKey), KeyError> {
        let key = match algorithm {
            Algorithm::RS256 => EncodingKey::from_rsa_pem(private_pem),
            Algorithm::EdDSA => EncodingKey::from_ed_pem(private_pem),
            other => return Err(KeyError(format!("{other:?} keys are not read from PEM"))),
        }
        .map_err(|e| KeyError(format!("the private key of '{kid}' is not a valid PEM key: {e}")))?;
        Ok((SigningKey { kid: kid.to_owned(), algorithm, key }, verifying_key(kid, algorithm, public_pem)?))
    }

    /// Settings with defaults around a key.
    pub fn new(signing: SigningKey, verifying: VerifyingKey) -> Self {
        Self {
            issuer: "opora".to_owned(),
            audience: "opora-api".to_owned(),
            token_ttl: Duration::from_secs(15 * 60),
            public_read: false,
            signing,
            verifying: vec![verifying],
            external: None,
            token_requests_per_minute: 20,
        }
    }
}
