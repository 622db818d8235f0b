//! Builds the application from settings: the only place where adapters are chosen.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::Method;
use axum::middleware::{self, Next};
use opora_api::{AppState, Argon2Credentials, router};
use opora_domain::Capabilities;
use opora_domain::access::AccessService;
use opora_domain::factors::FactorsService;
use opora_domain::indicators::IndicatorsService;
use opora_domain::insights::InsightsService;
use opora_domain::lists::ListsService;
use opora_domain::measures::MeasuresService;
use opora_domain::monitoring::MonitoringService;
use opora_domain::notes::NotesService;
use opora_domain::schools::TerritoryService;
use opora_domain::warning::WarningService;
use opora_persistence::{
    Database, SeaAccessRepository, SeaFactorsRepository, SeaIdempotencyStore, SeaIndicatorsRepository,
    SeaInsightsReads, SeaListsRepository, SeaMeasuresRepository, SeaMonitoringRepository, SeaNotesRepository,
    SeaTerritoryRepository, SeaWarningRepository, SetupError, connect, migrate, pin_connections, with_request_memo,
};
use readiness::DbReadiness;
use tokio::net::TcpListener;

use crate::keys::auth_config;
use crate::settings::{Settings, SettingsError};

mod readiness {
    //! The readiness probe on the database pool.

    use std::time::Duration;

    use opora_api::{NotReady, Readiness};
    use opora_persistence::{Database, Health};

    pub(super) struct DbReadiness(pub(super) Database);

    /// Within the probe's own 3 seconds, so that a busy pool is told from a silent database.
    const DEADLINE: Duration = Duration::from_secs(2);

    #[async_trait::async_trait]
    impl Readiness for DbReadiness {
        async fn check(&self) -> Result<(), NotReady> {
            match self.0.health(DEADLINE).await {
                Health::Ready => Ok(()),
                Health::Busy { max } => Err(NotReady::Busy { max }),
                Health::Unreachable(reason) => Err(NotReady::Unreachable(reason)),
            }
        }
    }
}

/// The services over a migrated database, and the database for what only the server does
/// (readiness, idempotency keys, the CLI's own reads).
#[derive(Debug, Clone)]
pub struct Services {
    pub capabilities: Capabilities,
    pub db: Database,
}

/// Why the application could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("OPORA_DATABASE_URL: {0}")]
    Database(#[from] SetupError),
    #[error(transparent)]
    Settings(#[from] SettingsError),
}

/// Migrates the database and wires the services to it.
pub async fn services(settings: &Settings) -> Result<Services, SetupError> {
    migrate(&settings.database).await?;
    let db = connect(&settings.database).await?;
    let access = SeaAccessRepository::start(db.clone()).await?;
    Ok(wire(db, access))
}

/// The services dashboards read through when `OPORA_DATABASE_READ_URL` names a replica.
async fn replica_reads(settings: &Settings) -> Result<Option<Services>, SetupError> {
    let Some(read) = &settings.read_database else { return Ok(None) };
    let db = connect(read).await?;
    Ok(Some(wire(db.clone(), SeaAccessRepository::reader(db))))
}

/// The combined views over the services and the read models of one database.
fn insights(services: &Services) -> InsightsService {
    InsightsService::new(services.capabilities.clone(), Arc::new(SeaInsightsReads::new(services.db.clone())))
}

fn wire(db: Database, access: SeaAccessRepository) -> Services {
    let territory = TerritoryService::new(Arc::new(SeaTerritoryRepository::new(db.clone())));
    let access = AccessService::new(Arc::new(access), Arc::new(Argon2Credentials), territory.clone());
    let factors = FactorsService::new(Arc::new(SeaFactorsRepository::new(db.clone())), territory.clone());
    let lists = ListsService::new(Arc::new(SeaListsRepository::new(db.clone())), territory.clone());
    let measures = MeasuresService::new(Arc::new(SeaMeasuresRepository::new(db.clone())), territory.clone());
    let monitoring = MonitoringService::new(Arc::new(SeaMonitoringRepository::new(db.clone())), territory.clone());
    let indicators = IndicatorsService::new(Arc::new(SeaIndicatorsRepository::new(db.clone())), territory.clone());
    let warning = WarningService::new(Arc::new(SeaWarningRepository::new(db.clone())));
    let notes = NotesService::new(Arc::new(SeaNotesRepository::new(db.clone())), territory.clone());
    let capabilities =
        Capabilities { territory, access, factors, lists, measures, monitoring, indicators, warning, notes };
    Services { capabilities, db }
}

/// Migrates the database, opens the pool, reads the keys and builds the router.
pub async fn build(settings: &Settings) -> Result<Router, BuildError> {
    let auth = auth_config(settings)?;
    let services = services(settings).await?;
    let reads = replica_reads(settings).await?;
    let readiness = Arc::new(DbReadiness(services.db.clone()));
    let insights = insights(reads.as_ref().unwrap_or(&services));
    let wired = opora_api::Services {
        capabilities: services.capabilities,
        idempotency: Arc::new(SeaIdempotencyStore::new(services.db)),
        reads: reads.map(|r| r.capabilities),
        insights,
    };
    let state = AppState::new(wired, auth, readiness, settings.api);
    Ok(router(state).layer(middleware::from_fn(request_scope)))
}

/// Each request reads a territory row once, however many capabilities authorize against it, and
/// a REST read runs its statements on one pooled connection. GraphQL does not: its data loader
/// reads in tasks of its own, which would wait for a second connection while the request held
/// one, and a small pool (SQLite's) would run out; imports do not hold one while they parse.
async fn request_scope(request: Request, next: Next) -> axum::response::Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        with_request_memo(pin_connections(next.run(request))).await
    } else {
        with_request_memo(next.run(request)).await
    }
}

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may sit idle before its next request: a slow or silent client never holds a
/// connection for long.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves until `shutdown` resolves, then lets in-flight requests finish for at most `grace`.
/// Each connection has [`HEADER_READ_TIMEOUT`] to send its headers, which also closes idle
/// kept-alive connections.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::server::graceful::GracefulShutdown;
    use tower::ServiceExt;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .keep_alive(true)
        .max_buf_size(64 * 1024);
    builder.http2().timer(TokioTimer::new()).keep_alive_interval(Some(HEADER_READ_TIMEOUT));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors and the like: wait rather than spin.
                Err(error) => {
                    tracing::warn!(%error, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer address feeds the token endpoint's per-address rate limit.
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service);
        let connection = graceful.watch(connection.into_owned());
        tokio::spawn(async move {
            // A client that hangs up or times out is no server error.
            let _ = connection.await;
        });
    }
    tracing::info!("shutting down: finishing in-flight requests");
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(grace) => {
            tracing::warn!(?grace, "in-flight requests did not finish in time; stopping anyway");
        }
    }
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C, heard on a thread and runtime of its own, so that busy
/// workers cannot keep the signal from being noticed. From the signal on, the process has
/// `grace` and half a second: then it exits, whatever its handlers are still doing.
pub fn shutdown_with_deadline(grace: Duration) -> impl Future<Output = ()> + Send + 'static {
    let (signalled, heard) = tokio::sync::oneshot::channel::<()>();
    let watcher = std::thread::Builder::new().name("opora-signals".into()).spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
        let Ok(runtime) = runtime else {
            tracing::error!("no runtime for the signal watcher; SIGTERM will not be heard");
            return;
        };
        runtime.block_on(shutdown_signal());
        let _ = signalled.send(());
        std::thread::sleep(grace + Duration::from_millis(500));
        tracing::error!(?grace, "still running after the shutdown grace period; exiting now");
        std::process::exit(1);
    });
    if let Err(error) = watcher {
        tracing::error!(%error, "could not start the signal watcher");
    }
    async move {
        let _ = heard.await;
    }
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
