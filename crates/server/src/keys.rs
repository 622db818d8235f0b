//! Token keys from the settings: an HS256 secret (given, or generated once and kept in the data
//! folder), or an RS256/EdDSA key pair from PEM files, plus retired keys and an external
//! identity provider. A key that cannot be used stops start-up with the setting's name.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use opora_api::{AuthConfig, ExternalIssuer, MIN_SECRET_BYTES, TokenAlgorithm, parse_algorithm, verifying_key};

use crate::settings::{Settings, SettingsError, invalid, number};

fn read(setting: &'static str, path: &str) -> Result<Vec<u8>, SettingsError> {
    std::fs::read(path).map_err(|e| invalid(setting, format!("cannot read {path}: {e}")))
}

/// The secret kept in `<data>/jwt-secret`, created with owner-only permissions on first use.
fn generated_secret(data_dir: &Path) -> Result<Vec<u8>, SettingsError> {
    let path = data_dir.join("jwt-secret");
    if let Ok(secret) = std::fs::read(&path) {
        return Ok(secret);
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| invalid("OPORA_DATA_DIR", format!("cannot create {}: {e}", data_dir.display())))?;
    let secret = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&path).and_then(|mut file| file.write_all(secret.as_bytes()));
    match written {
        Ok(()) => Ok(secret.into_bytes()),
        // Another instance created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::read(&path).map_err(|e| invalid("OPORA_DATA_DIR", format!("cannot read {}: {e}", path.display())))
        }
        Err(e) => Err(invalid("OPORA_DATA_DIR", format!("cannot write {}: {e}", path.display()))),
    }
}

/// Builds the token settings.
pub fn auth_config(settings: &Settings) -> Result<AuthConfig, SettingsError> {
    let raw = &settings.auth;
    let kid = raw.jwt_kid.clone().unwrap_or_else(|| "opora-1".to_owned());
    let algorithm = parse_algorithm(raw.jwt_algorithm.as_deref().unwrap_or("HS256"))
        .map_err(|e| invalid("OPORA_JWT_ALGORITHM", e.0))?;
    let (signing, verifying) = if algorithm == TokenAlgorithm::HS256 {
        let secret = match &raw.jwt_secret {
            Some(secret) => secret.expose().as_bytes().to_vec(),
            None => generated_secret(&settings.data_dir)?,
        };
        if secret.len() < MIN_SECRET_BYTES {
            return Err(invalid(
                "OPORA_JWT_SECRET",
                format!("the secret has {} bytes; at least {MIN_SECRET_BYTES} are required", secret.len()),
            ));
        }
        AuthConfig::hs256(&secret, &kid).map_err(|e| invalid("OPORA_JWT_SECRET", e.0))?
    } else {
        let private = raw
            .jwt_private_key
            .as_deref()
            .ok_or_else(|| invalid("OPORA_JWT_PRIVATE_KEY", "is required with RS256 and EdDSA"))?;
        let public = raw
            .jwt_public_key
            .as_deref()
            .ok_or_else(|| invalid("OPORA_JWT_PUBLIC_KEY", "is required with RS256 and EdDSA"))?;
        let private = read("OPORA_JWT_PRIVATE_KEY", private)?;
        let public = read("OPORA_JWT_PUBLIC_KEY", public)?;
        AuthConfig::key_pair(&kid, algorithm, &private, &public).map_err(|e| invalid("OPORA_JWT_PRIVATE_KEY", e.0))?
    };
    let mut config = AuthConfig::new(signing, verifying);
    if let Some(previous) = &raw.jwt_previous_keys {
        for entry in previous.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let mut parts = entry.splitn(3, ':');
            let (Some(kid), Some(alg), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
                return Err(invalid("OPORA_JWT_PREVIOUS_KEYS", format!("'{entry}' is not kid:ALGORITHM:path")));
            };
            let alg = parse_algorithm(alg).map_err(|e| invalid("OPORA_JWT_PREVIOUS_KEYS", e.0))?;
            let key = verifying_key(kid, alg, &read("OPORA_JWT_PREVIOUS_KEYS", path)?)
                .map_err(|e| invalid("OPORA_JWT_PREVIOUS_KEYS", e.0))?;
            config.verifying.push(key);
        }
    }
    if let Some(issuer) = &raw.jwt_issuer {
        config.issuer.clone_from(issuer);
    }
    if let Some(audience) = &raw.jwt_audience {
        config.audience.clone_from(audience);
    }
    config.token_ttl = Duration::from_secs(number("OPORA_TOKEN_TTL_SECS", raw.token_ttl_secs.as_deref(), 900, 30)?);
    config.token_requests_per_minute =
        number("OPORA_TOKEN_RATE_PER_MINUTE", raw.token_rate_per_minute.as_deref(), 20, 1)?;
    config.public_read = match raw.public_read.as_deref().map(str::trim) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(invalid("OPORA_PUBLIC_READ", format!("'{other}' is neither true nor false"))),
    };
    if let Some(issuer) = &raw.oidc_issuer {
        let path = raw
            .oidc_public_key
            .as_deref()
            .ok_or_else(|| invalid("OPORA_OIDC_PUBLIC_KEY", "is required with OPORA_OIDC_ISSUER"))?;
        let alg = parse_algorithm(raw.oidc_algorithm.as_deref().unwrap_or("RS256"))
            .map_err(|e| invalid("OPORA_OIDC_ALGORITHM", e.0))?;
        let kid = raw.oidc_kid.clone().unwrap_or_default();
        let key = verifying_key(&kid, alg, &read("OPORA_OIDC_PUBLIC_KEY", path)?)
            .map_err(|e| invalid("OPORA_OIDC_PUBLIC_KEY", e.0))?;
        config.external = Some(ExternalIssuer {
            issuer: issuer.clone(),
            audience: raw.oidc_audience.clone().unwrap_or_else(|| config.audience.clone()),
            keys: vec![key],
            role_claim: raw.oidc_role_claim.clone().unwrap_or_else(|| "opora_role".to_owned()),
            scope_claim: raw.oidc_scope_claim.clone().unwrap_or_else(|| "opora_scope".to_owned()),
        });
    }
    Ok(config)
}
