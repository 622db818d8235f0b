//! What every handler can reach: the services, the readiness probe and the limits.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use opora_domain::Capabilities;
use opora_domain::core::idempotency::IdempotencyStore;
use opora_domain::insights::InsightsService;

use crate::auth::{AuthConfig, TokenLimiter};
use crate::telemetry::Metrics;

/// Tells whether the application's dependencies answer. The server implements it on the
/// database pool; the API crate never sees the database itself.
#[async_trait]
pub trait Readiness: Send + Sync {
    async fn check(&self) -> Result<(), NotReady>;
}

/// Why the service cannot serve now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    /// The database refused or did not answer; the reason is for the log, never for the client.
    Unreachable(String),
    /// The database answers, but every one of the pool's `max` connections is in use.
    Busy { max: u32 },
}

/// Limits of the GraphQL endpoint.
#[derive(Debug, Clone, Copy)]
pub struct GraphqlLimits {
    pub max_depth: usize,
    /// The cost budget of one operation: every field costs one, and a list field multiplies
    /// its selection by the number of items it may return (`first`, or its default).
    pub max_complexity: usize,
    /// How many operations one batched request may carry.
    pub max_batch: usize,
    /// How deep brackets may nest in the document text, checked before it is parsed.
    pub max_nesting: usize,
    /// Selections of one operation once every fragment spread is expanded.
    pub max_selections: usize,
    /// The largest response body; a larger one is replaced by an error.
    pub max_response_bytes: usize,
}

impl Default for GraphqlLimits {
    fn default() -> Self {
        // 10,000 resolved values is about a megabyte of JSON: a dashboard's page, not a dump.
        Self {
            max_depth: 12,
            max_complexity: 50_000,
            max_batch: 10,
            max_nesting: 64,
            max_selections: 5_000,
            max_response_bytes: 8 * 1024 * 1024,
        }
    }
}

/// Limits that protect the service from oversized or slow requests.
#[derive(Debug, Clone, Copy)]
pub struct ApiConfig {
    pub max_body_bytes: usize,
    pub request_timeout: Duration,
    pub graphql: GraphqlLimits,
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            max_body_bytes: 10 * 1024 * 1024,
            request_timeout: Duration::from_secs(30),
            graphql: GraphqlLimits::default(),
        }
    }
}

/// Shared state of the router. axum clones it for every extractor and middleware of every
/// request, so it is one reference-counted allocation: a clone costs one increment, not one
/// per service and repository (a tenth of the CPU of a request refused for want of a token).
#[derive(Clone, Debug)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// What every request shares: the use-case services and the router's own machinery.
pub struct Shared {
    /// The capabilities' services over the primary database.
    pub capabilities: Capabilities,
    /// Where dashboards, overviews and notes read: a replica's services when one is configured,
    /// else the primary's.
    pub reads: Capabilities,
    /// The combined views, over the same database as `reads`.
    pub insights: InsightsService,
    /// Keeps the first answer to each `Idempotency-Key`.
    pub idempotency: Arc<dyn IdempotencyStore>,
    pub auth: Arc<AuthConfig>,
    pub readiness: Arc<dyn Readiness>,
    pub config: ApiConfig,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) limiter: Arc<TokenLimiter>,
    /// Region overviews and municipality dashboards of unchanged data.
    pub(crate) views: Arc<crate::dashboards::Views>,
}

/// The use-case services and stores the API calls, wired by the server.
#[derive(Clone)]
pub struct Services {
    pub capabilities: Capabilities,
    pub idempotency: Arc<dyn IdempotencyStore>,
    /// Where dashboards read when a replica is configured.
    pub reads: Option<Capabilities>,
    /// The combined views, over the replica when one is configured.
    pub insights: InsightsService,
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").finish_non_exhaustive()
    }
}

impl AppState {
    pub fn new(services: Services, auth: AuthConfig, readiness: Arc<dyn Readiness>, config: ApiConfig) -> Self {
        let limiter = Arc::new(TokenLimiter::new(auth.token_requests_per_minute));
        let Services { capabilities, idempotency, reads, insights } = services;
        let reads = reads.unwrap_or_else(|| capabilities.clone());
        Self(Arc::new(Shared {
            capabilities,
            reads,
            insights,
            idempotency,
            auth: Arc::new(auth),
            readiness,
            config,
            metrics: Arc::new(Metrics::new()),
            limiter,
            views: Arc::default(),
        }))
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("config", &self.config).finish_non_exhaustive()
    }
}
