//! Issuing and verifying access tokens. Verification pins the algorithm to the key's, requires
//! `exp`, `nbf`, `iss`, `aud` and `sub` to be present and right, and allows 60 s of clock skew.

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use jsonwebtoken::{Header, Validation, decode, decode_header, encode};
use opora_domain::access::{Role, Scope};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::config::{AuthConfig, VerifyingKey};

/// Clock skew tolerated between this service and the token's issuer.
const LEEWAY_SECS: u64 = 60;

/// Whose token it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TokenKind {
    User,
    Client,
    /// Printed by `opora token` for an operator with access to the host.
    Operator,
}

/// The claims of tokens this service issues.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Claims {
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub exp: u64,
    pub iat: u64,
    pub nbf: u64,
    pub jti: String,
    pub kind: TokenKind,
    pub role: String,
    /// `everywhere`, `region:<uuid>`, `municipality:<uuid>` or `organization:<uuid>`.
    pub scope: String,
}

/// A token whose signature and claims checked out.
#[derive(Debug, Clone)]
pub(crate) enum Verified {
    Local(Claims),
    External { sub: String, role: Option<String>, scope: Option<String>, jti: Option<String>, exp: u64 },
}

impl Verified {
    pub(crate) fn jti(&self) -> Option<Uuid> {
        match self {
            Self::Local(claims) => claims.jti.parse().ok(),
            Self::External { jti, .. } => jti.as_deref().and_then(|j| j.parse().ok()),
        }
    }

    pub(crate) fn expires(&self) -> u64 {
        match self {
            Self::Local(claims) => claims.exp,
            Self::External { exp, .. } => *exp,
        }
    }
}

/// Why a token was refused. Kept for the log; the client hears only that it is not valid.
#[derive(Debug)]
pub(crate) struct TokenError(pub String);

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn validation(key: &VerifyingKey, issuer: &str, audience: &str) -> Validation {
    let mut validation = Validation::new(key.algorithm);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[audience]);
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    validation.leeway = LEEWAY_SECS;
    validation.validate_nbf = true;
    validation
}

fn pick<'a>(keys: &'a [VerifyingKey], kid: Option<&str>) -> Result<&'a VerifyingKey, TokenError> {
    match kid {
        // A key configured without a kid (an external provider's single key) takes any kid.
        Some(kid) => keys
            .iter()
            .find(|k| k.kid == kid || k.kid.is_empty())
            .ok_or_else(|| TokenError(format!("unknown kid '{kid}'"))),
        None if keys.len() == 1 => Ok(&keys[0]),
        None => Err(TokenError("no kid, and several keys are configured".into())),
    }
}

/// The issuer a token claims, read before its signature is checked: only to choose the keys,
/// which then must verify it.
fn claimed_issuer(token: &str) -> Option<String> {
    use base64::Engine;
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).ok()?;
    let claims: HashMap<String, serde_json::Value> = serde_json::from_slice(&bytes).ok()?;
    claims.get("iss")?.as_str().map(str::to_owned)
}

impl AuthConfig {
    /// Signs a token for a principal.
    pub(crate) fn issue(&self, kind: TokenKind, sub: &str, role: Role, scope: &Scope) -> (String, Claims) {
        let issued_at = now();
        let claims = Claims {
            sub: sub.to_owned(),
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            exp: issued_at + self.token_ttl.as_secs(),
            iat: issued_at,
            nbf: issued_at,
            jti: Uuid::now_v7().to_string(),
            kind,
            role: role.code().to_owned(),
            scope: scope.label(),
        };
        let mut header = Header::new(self.signing.algorithm);
        header.kid = Some(self.signing.kid.clone());
        let token = encode(&header, &claims, &self.signing.key).expect("signing with a checked key");
        (token, claims)
    }

    /// Signs a token from raw claims; the operator CLI uses it for tokens with no stored
    /// principal behind them.
    pub fn issue_operator_token(&self, name: &str, role: Role, scope: &Scope) -> String {
        self.issue(TokenKind::Operator, name, role, scope).0
    }

    /// Checks a token's signature and claims.
    pub(crate) fn verify(&self, token: &str) -> Result<Verified, TokenError> {
        let header = decode_header(token).map_err(|e| TokenError(format!("malformed header: {e}")))?;
        if let Some(external) = &self.external
            && claimed_issuer(token).as_deref() == Some(external.issuer.as_str())
        {
            let key = pick(&external.keys, header.kid.as_deref())?;
            let data = decode::<HashMap<String, serde_json::Value>>(
                token,
                &key.key,
                &validation(key, &external.issuer, &external.audience),
            )
            .map_err(|e| TokenError(format!("external token: {e}")))?;
            let claims = data.claims;
            let text = |name: &str| claims.get(name).and_then(|v| v.as_str()).map(str::to_owned);
            return Ok(Verified::External {
                sub: text("sub").unwrap_or_default(),
                role: text(&external.role_claim),
                scope: text(&external.scope_claim),
                jti: text("jti"),
                exp: claims.get("exp").and_then(serde_json::Value::as_u64).unwrap_or_default(),
            });
        }
        let key = pick(&self.verifying, header.kid.as_deref())?;
        let mut validation = validation(key, &self.issuer, &self.audience);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        let data = decode::<Claims>(token, &key.key, &validation).map_err(|e| TokenError(e.to_string()))?;
        Ok(Verified::Local(data.claims))
    }
}
