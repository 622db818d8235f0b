//! Configuration: command-line flags, `OPORA_*` environment variables and an optional TOML file,
//! in that order of precedence, parsed once at start-up into typed settings. A bad value stops
//! the process with a message that names the setting.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use opora_api::{ApiConfig, GraphqlLimits};
use opora_persistence::DatabaseSettings;
use serde::Deserialize;

/// Every setting, as flags with environment variables. All are optional here; defaults are
/// applied in [`Settings::load`].
#[derive(Debug, Clone, Default, Args, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettings {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "OPORA_BIND", global = true)]
    pub bind: Option<String>,
    /// Database URL: sqlite://PATH?mode=rwc or postgres://USER@HOST:PORT/DB [default: SQLite in the data folder]
    #[arg(long, env = "OPORA_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// A PostgreSQL read replica for dashboards, overviews and notes [default: the primary]
    #[arg(long, env = "OPORA_DATABASE_READ_URL", global = true)]
    pub database_read_url: Option<String>,
    /// Folder for the embedded database and generated keys [default: ./data]
    #[arg(long, env = "OPORA_DATA_DIR", global = true)]
    pub data_dir: Option<String>,
    /// Log format: text or json [default: text]
    #[arg(long, env = "OPORA_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Log filter in tracing's syntax [default: info]
    #[arg(long, env = "OPORA_LOG", global = true)]
    pub log: Option<String>,
    /// Largest accepted request body in bytes, GraphQL included [default: 10485760]
    #[arg(long, env = "OPORA_MAX_BODY_BYTES", global = true)]
    pub max_body_bytes: Option<String>,
    /// Seconds a request may run before it is answered 503 [default: 30]
    #[arg(long, env = "OPORA_REQUEST_TIMEOUT_SECS", global = true)]
    pub request_timeout_secs: Option<String>,
    /// Seconds in-flight requests get to finish after SIGTERM [default: 30]
    #[arg(long, env = "OPORA_SHUTDOWN_TIMEOUT_SECS", global = true)]
    pub shutdown_timeout_secs: Option<String>,
    /// Largest database pool [default: 10]
    #[arg(long, env = "OPORA_DB_MAX_CONNECTIONS", global = true)]
    pub db_max_connections: Option<String>,
    /// Seconds to wait for a database connection [default: 5]
    #[arg(long, env = "OPORA_DB_TIMEOUT_SECS", global = true)]
    pub db_timeout_secs: Option<String>,
    /// Deepest GraphQL query accepted [default: 12]
    #[arg(long, env = "OPORA_GRAPHQL_MAX_DEPTH", global = true)]
    pub graphql_max_depth: Option<String>,
    /// Highest GraphQL query cost accepted; list fields multiply by their page size [default: 10000]
    #[arg(long, env = "OPORA_GRAPHQL_MAX_COMPLEXITY", global = true)]
    pub graphql_max_complexity: Option<String>,
    /// Most operations in one batched GraphQL request [default: 10]
    #[arg(long, env = "OPORA_GRAPHQL_MAX_BATCH", global = true)]
    pub graphql_max_batch: Option<String>,
    /// HS256 secret of at least 32 bytes [default: generated and kept in the data folder]
    #[arg(long, env = "OPORA_JWT_SECRET", global = true, hide_env_values = true)]
    pub jwt_secret: Option<Secret>,
    /// Signing algorithm: HS256, RS256 or EdDSA [default: HS256]
    #[arg(long, env = "OPORA_JWT_ALGORITHM", global = true)]
    pub jwt_algorithm: Option<String>,
    /// PEM file of the private signing key (RS256, EdDSA)
    #[arg(long, env = "OPORA_JWT_PRIVATE_KEY", global = true)]
    pub jwt_private_key: Option<String>,
    /// PEM file of the matching public key (RS256, EdDSA)
    #[arg(long, env = "OPORA_JWT_PUBLIC_KEY", global = true)]
    pub jwt_public_key: Option<String>,
    /// Key id written into new tokens [default: opora-1]
    #[arg(long, env = "OPORA_JWT_KID", global = true)]
    pub jwt_kid: Option<String>,
    /// Retired keys still accepted: kid:ALGORITHM:public-key.pem, comma-separated
    #[arg(long, env = "OPORA_JWT_PREVIOUS_KEYS", global = true)]
    pub jwt_previous_keys: Option<String>,
    /// Token issuer [default: opora]
    #[arg(long, env = "OPORA_JWT_ISSUER", global = true)]
    pub jwt_issuer: Option<String>,
    /// Token audience [default: opora-api]
    #[arg(long, env = "OPORA_JWT_AUDIENCE", global = true)]
    pub jwt_audience: Option<String>,
    /// Access token lifetime in seconds [default: 900]
    #[arg(long, env = "OPORA_TOKEN_TTL_SECS", global = true)]
    pub token_ttl_secs: Option<String>,
    /// Token requests per minute from one address and for one principal [default: 20]
    #[arg(long, env = "OPORA_TOKEN_RATE_PER_MINUTE", global = true)]
    pub token_rate_per_minute: Option<String>,
    /// Let anonymous callers read public data: true or false [default: false]
    #[arg(long, env = "OPORA_PUBLIC_READ", global = true)]
    pub public_read: Option<String>,
    /// Issuer of an external identity provider whose tokens are accepted
    #[arg(long, env = "OPORA_OIDC_ISSUER", global = true)]
    pub oidc_issuer: Option<String>,
    /// Audience the external tokens must carry [default: opora-api]
    #[arg(long, env = "OPORA_OIDC_AUDIENCE", global = true)]
    pub oidc_audience: Option<String>,
    /// PEM file of the external provider's public key
    #[arg(long, env = "OPORA_OIDC_PUBLIC_KEY", global = true)]
    pub oidc_public_key: Option<String>,
    /// The external provider's algorithm: RS256 or EdDSA [default: RS256]
    #[arg(long, env = "OPORA_OIDC_ALGORITHM", global = true)]
    pub oidc_algorithm: Option<String>,
    /// The external key's kid, if its tokens carry one
    #[arg(long, env = "OPORA_OIDC_KID", global = true)]
    pub oidc_kid: Option<String>,
    /// Claim holding the Opora role in external tokens [default: opora_role]
    #[arg(long, env = "OPORA_OIDC_ROLE_CLAIM", global = true)]
    pub oidc_role_claim: Option<String>,
    /// Claim holding the Opora scope in external tokens [default: opora_scope]
    #[arg(long, env = "OPORA_OIDC_SCOPE_CLAIM", global = true)]
    pub oidc_scope_claim: Option<String>,
}

/// A secret setting: usable, but never printed by `Debug`, so a logged configuration cannot
/// leak it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl std::str::FromStr for Secret {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self(s.to_owned()))
    }
}

/// The log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Parsed, checked settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The token settings as given; keys are read by [`crate::keys::auth_config`].
    pub auth: RawSettings,
    pub bind: SocketAddr,
    pub database: DatabaseSettings,
    /// Where dashboards read, when not from the primary.
    pub read_database: Option<DatabaseSettings>,
    pub data_dir: PathBuf,
    pub log_format: LogFormat,
    pub log_filter: String,
    pub shutdown_timeout: Duration,
    pub api: ApiConfig,
}

/// A setting that could not be used; the message names it by its variable.
#[derive(Debug, thiserror::Error)]
#[error("{setting}: {message}")]
pub struct SettingsError {
    pub setting: &'static str,
    pub message: String,
}

pub(crate) fn invalid(setting: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError { setting, message: message.into() }
}

pub(crate) fn number<T: std::str::FromStr + PartialOrd + std::fmt::Display>(
    setting: &'static str,
    value: Option<&str>,
    default: T,
    min: T,
) -> Result<T, SettingsError> {
    let Some(text) = value else { return Ok(default) };
    match text.trim().parse::<T>() {
        Ok(n) if n >= min => Ok(n),
        Ok(_) => Err(invalid(setting, format!("'{text}' is below the minimum of {min}"))),
        Err(_) => Err(invalid(setting, format!("'{text}' is not a whole number"))),
    }
}

fn seconds(setting: &'static str, value: Option<&str>, default: u64) -> Result<Duration, SettingsError> {
    number(setting, value, default, 1).map(Duration::from_secs)
}

impl RawSettings {
    /// Fills every setting missing here from `other`.
    fn or(self, other: RawSettings) -> RawSettings {
        macro_rules! merge {
            ($($field:ident),+) => { RawSettings { $($field: self.$field.or(other.$field)),+ } };
        }
        merge!(
            bind,
            database_url,
            database_read_url,
            data_dir,
            log_format,
            log,
            max_body_bytes,
            request_timeout_secs,
            shutdown_timeout_secs,
            db_max_connections,
            db_timeout_secs,
            graphql_max_depth,
            graphql_max_complexity,
            graphql_max_batch,
            jwt_secret,
            jwt_algorithm,
            jwt_private_key,
            jwt_public_key,
            jwt_kid,
            jwt_previous_keys,
            jwt_issuer,
            jwt_audience,
            token_ttl_secs,
            token_rate_per_minute,
            public_read,
            oidc_issuer,
            oidc_audience,
            oidc_public_key,
            oidc_algorithm,
            oidc_kid,
            oidc_role_claim,
            oidc_scope_claim
        )
    }
}

impl Settings {
    /// Merges flags and environment (`cli`) over the TOML file, if one is given, and parses.
    pub fn load(cli: RawSettings, file: Option<&Path>) -> Result<Self, SettingsError> {
        let raw = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| invalid("OPORA_CONFIG", format!("cannot read {}: {e}", path.display())))?;
                let from_file: RawSettings = toml::from_str(&text)
                    .map_err(|e| invalid("OPORA_CONFIG", format!("{} is not valid: {e}", path.display())))?;
                cli.or(from_file)
            }
            None => cli,
        };
        Self::parse(raw)
    }

    fn parse(raw: RawSettings) -> Result<Self, SettingsError> {
        let raw_auth = raw.clone();
        let bind_text = raw.bind.as_deref().unwrap_or("127.0.0.1:8080");
        let bind = bind_text
            .parse()
            .map_err(|_| invalid("OPORA_BIND", format!("'{bind_text}' is not an address like 127.0.0.1:8080")))?;
        let data_dir = PathBuf::from(raw.data_dir.as_deref().unwrap_or("./data"));
        let url = match raw.database_url {
            Some(url)
                if url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://") =>
            {
                url
            }
            Some(url) => {
                return Err(invalid(
                    "OPORA_DATABASE_URL",
                    format!("'{}' must start with sqlite: or postgres://", redact(&url)),
                ));
            }
            None => format!("sqlite://{}?mode=rwc", data_dir.join("opora.db").display()),
        };
        let log_format = match raw.log_format.as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(invalid("OPORA_LOG_FORMAT", format!("'{other}' is neither text nor json"))),
        };
        let db_timeout = seconds("OPORA_DB_TIMEOUT_SECS", raw.db_timeout_secs.as_deref(), 5)?;
        let database = DatabaseSettings {
            max_connections: number("OPORA_DB_MAX_CONNECTIONS", raw.db_max_connections.as_deref(), 10, 1)?,
            connect_timeout: db_timeout,
            acquire_timeout: db_timeout,
            ..DatabaseSettings::new(url)
        };
        let read_database = match raw.database_read_url.as_deref() {
            None => None,
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                if !database.url.starts_with("postgres") {
                    return Err(invalid("OPORA_DATABASE_READ_URL", "a read replica needs a PostgreSQL primary"));
                }
                Some(DatabaseSettings { url: url.to_owned(), ..database })
            }
            Some(url) => {
                return Err(invalid(
                    "OPORA_DATABASE_READ_URL",
                    format!("'{}' must start with postgres://", redact(url)),
                ));
            }
        };
        let api = ApiConfig {
            max_body_bytes: number("OPORA_MAX_BODY_BYTES", raw.max_body_bytes.as_deref(), 10 * 1024 * 1024, 1024)?,
            request_timeout: seconds("OPORA_REQUEST_TIMEOUT_SECS", raw.request_timeout_secs.as_deref(), 30)?,
            graphql: GraphqlLimits {
                max_depth: number("OPORA_GRAPHQL_MAX_DEPTH", raw.graphql_max_depth.as_deref(), 12, 2)?,
                max_complexity: number(
                    "OPORA_GRAPHQL_MAX_COMPLEXITY",
                    raw.graphql_max_complexity.as_deref(),
                    GraphqlLimits::default().max_complexity,
                    10,
                )?,
                max_batch: number("OPORA_GRAPHQL_MAX_BATCH", raw.graphql_max_batch.as_deref(), 10, 1)?,
                ..GraphqlLimits::default()
            },
        };
        Ok(Self {
            auth: raw_auth,
            bind,
            database,
            read_database,
            data_dir,
            log_format,
            log_filter: raw.log.unwrap_or_else(|| "info".to_owned()),
            shutdown_timeout: seconds("OPORA_SHUTDOWN_TIMEOUT_SECS", raw.shutdown_timeout_secs.as_deref(), 30)?,
            api,
        })
    }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_configuration_means_sqlite_in_the_data_folder_on_localhost() {
        let settings = Settings::parse(RawSettings::default()).unwrap();
        assert_eq!(settings.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(settings.database.url, "sqlite://./data/opora.db?mode=rwc");
        assert_eq!(settings.log_format, LogFormat::Text);
    }

    #[test]
    fn a_read_replica_takes_the_primarys_pool_settings() {
        let raw = RawSettings {
            database_url: Some("postgres://primary/opora".into()),
            database_read_url: Some("postgres://replica/opora".into()),
            db_max_connections: Some("32".into()),
            ..Default::default()
        };
        let settings = Settings::parse(raw).unwrap();
        let read = settings.read_database.unwrap();
        assert_eq!((read.url.as_str(), read.max_connections), ("postgres://replica/opora", 32));
    }

    #[test]
    fn a_bad_setting_is_named_in_the_error() {
        let cases = [
            (RawSettings { bind: Some("localhost".into()), ..Default::default() }, "OPORA_BIND"),
            (RawSettings { database_url: Some("mysql://x".into()), ..Default::default() }, "OPORA_DATABASE_URL"),
            (
                RawSettings { database_read_url: Some("postgres://replica/opora".into()), ..Default::default() },
                "OPORA_DATABASE_READ_URL",
            ),
            (
                RawSettings {
                    database_url: Some("postgres://primary/opora".into()),
                    database_read_url: Some("sqlite://replica.db".into()),
                    ..Default::default()
                },
                "OPORA_DATABASE_READ_URL",
            ),
            (RawSettings { max_body_bytes: Some("lots".into()), ..Default::default() }, "OPORA_MAX_BODY_BYTES"),
            (RawSettings { log_format: Some("xml".into()), ..Default::default() }, "OPORA_LOG_FORMAT"),
            (
                RawSettings { request_timeout_secs: Some("0".into()), ..Default::default() },
                "OPORA_REQUEST_TIMEOUT_SECS",
            ),
        ];
        for (raw, setting) in cases {
            let error = Settings::parse(raw).unwrap_err();
            assert_eq!(error.setting, setting);
            assert!(error.to_string().starts_with(setting));
        }
    }

    #[test]
    fn flags_and_environment_win_over_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("opora.toml");
        std::fs::write(&path, "bind = \"0.0.0.0:9000\"\nlog_format = \"json\"\n").unwrap();
        let cli = RawSettings { bind: Some("127.0.0.1:7000".into()), ..Default::default() };
        let settings = Settings::load(cli, Some(&path)).unwrap();
        assert_eq!(settings.bind.to_string(), "127.0.0.1:7000");
        assert_eq!(settings.log_format, LogFormat::Json);
    }

    #[test]
    fn an_unknown_key_in_the_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("opora.toml");
        std::fs::write(&path, "bnd = \"0.0.0.0:9000\"\n").unwrap();
        let error = Settings::load(RawSettings::default(), Some(&path)).unwrap_err();
        assert_eq!(error.setting, "OPORA_CONFIG");
    }

    #[test]
    fn the_token_secret_never_shows_in_debug_output() {
        let raw =
            RawSettings { jwt_secret: Some("0123456789abcdef0123456789abcdef".parse().unwrap()), ..Default::default() };
        let settings = Settings::parse(raw).unwrap();
        assert!(!format!("{settings:?}").contains("0123456789abcdef"));
    }

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(redact("postgres://opora:secret@db:5432/opora"), "postgres://opora:***@db:5432/opora");
        assert_eq!(redact("postgres://opora@db/opora"), "postgres://opora@db/opora");
    }
}
