//! Builds the application from settings: the only place where adapters are chosen.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use opora_api::{AppState, Argon2Credentials, router};
use opora_domain::access::AccessService;
use opora_domain::factors::FactorsService;
use opora_domain::lists::ListsService;
use opora_domain::schools::TerritoryService;
use opora_persistence::{
    Database, SeaAccessRepository, SeaFactorsRepository, SeaListsRepository, SeaTerritoryRepository, SetupError,
    connect, migrate,
};
use readiness::DbReadiness;
use tokio::net::TcpListener;

use crate::keys::auth_config;
use crate::settings::{Settings, SettingsError};

mod readiness {
    //! The readiness probe on the database pool.

    use opora_api::Readiness;
    use opora_persistence::Database;

    pub(super) struct DbReadiness(pub(super) Database);

    #[async_trait::async_trait]
    impl Readiness for DbReadiness {
        async fn check(&self) -> Result<(), String> {
            self.0.ping().await.map_err(|e| e.to_string())
        }
    }
}

/// The services over a migrated database.
#[derive(Debug, Clone)]
pub struct Services {
    pub territory: TerritoryService,
    pub access: AccessService,
    pub factors: FactorsService,
    pub lists: ListsService,
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
    let territory = TerritoryService::new(Arc::new(SeaTerritoryRepository::new(db.clone())));
    let access = AccessService::new(
        Arc::new(SeaAccessRepository::new(db.clone())),
        Arc::new(Argon2Credentials),
        territory.clone(),
    );
    let factors = FactorsService::new(Arc::new(SeaFactorsRepository::new(db.clone())), territory.clone());
    let lists = ListsService::new(Arc::new(SeaListsRepository::new(db.clone())), territory.clone());
    Ok(Services { territory, access, factors, lists, db })
}

/// Migrates the database, opens the pool, reads the keys and builds the router.
pub async fn build(settings: &Settings) -> Result<Router, BuildError> {
    let auth = auth_config(settings)?;
    let services = services(settings).await?;
    let readiness = Arc::new(DbReadiness(services.db.clone()));
    let state = AppState::new(
        services.territory,
        services.access,
        services.factors,
        services.lists,
        auth,
        readiness,
        settings.api,
    );
    Ok(router(state))
}

/// Serves until `shutdown` resolves, then lets in-flight requests finish for at most `grace`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let (stopping_tx, mut stopping_rx) = tokio::sync::watch::channel(false);
    // The peer address feeds the token endpoint's per-address rate limit.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing in-flight requests");
        let _ = stopping_tx.send(true);
    });
    let deadline = async move {
        let _ = stopping_rx.wait_for(|stopping| *stopping).await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        result = server => result,
        () = deadline => {
            tracing::warn!(?grace, "in-flight requests did not finish in time; stopping anyway");
            Ok(())
        }
    }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
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
