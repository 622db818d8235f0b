//! Revoked tokens held in memory, so that authenticating a request costs no round trip to the
//! database. The table stays the record; on PostgreSQL every revocation is announced with
//! `NOTIFY` in the revoking transaction, and each instance listens, so a token revoked on one
//! instance is refused by every other as soon as the commit is delivered. A listener that loses
//! its connection reloads the whole set before it listens again, so no revocation is missed.
//! The listener's connection is its own, not one of the pool's.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, EntityTrait};
use uuid::Uuid;

use crate::entities::audit::revoked;
use crate::errors::store_error;
use crate::{Database, reference};

/// The channel revocations are announced on.
pub(crate) const CHANNEL: &str = "opora_revocations";

/// Revoked token ids with their expiry.
#[derive(Debug, Clone, Default)]
pub(crate) struct Revocations {
    set: Arc<RwLock<HashMap<Uuid, DateTime<Utc>>>>,
}

impl Revocations {
    pub(crate) fn contains(&self, jti: Uuid) -> bool {
        self.set.read().map(|s| s.contains_key(&jti)).unwrap_or(true)
    }

    pub(crate) fn insert(&self, jti: Uuid, expires_at: DateTime<Utc>) {
        if let Ok(mut s) = self.set.write() {
            // Expired tokens are refused by their signature check; their entries go.
            let now = Utc::now();
            s.retain(|_, e| *e >= now);
            s.insert(jti, expires_at);
        }
    }

    /// Replaces the set with what the table holds.
    pub(crate) async fn reload(&self, db: &Database) -> Result<(), opora_domain::StoreError> {
        let rows = revoked::Entity::find().all(db).await.map_err(store_error)?;
        let fresh: HashMap<Uuid, DateTime<Utc>> = rows.into_iter().map(|r| (r.jti, r.expires_at)).collect();
        if let Ok(mut s) = self.set.write() {
            *s = fresh;
        }
        Ok(())
    }

    /// Loads the set and, on PostgreSQL, keeps it current from other instances' revocations
    /// for as long as the process runs.
    pub(crate) async fn start(db: &Database) -> Result<Self, opora_domain::StoreError> {
        let revocations = Self::default();
        revocations.reload(db).await?;
        if db.get_database_backend() == DatabaseBackend::Postgres {
            let (db, set) = (db.clone(), revocations.clone());
            let (heard, listening) = tokio::sync::oneshot::channel();
            tokio::spawn(async move { set.listen(db, Some(heard)).await });
            // Serving starts once changes are heard; a listener that cannot connect yet keeps
            // trying, and until it does every read goes to the database.
            let _ = tokio::time::timeout(Duration::from_secs(5), listening).await;
        }
        Ok(revocations)
    }

    /// Listens for revocations and for changes of reference data (see [`crate::reference`]).
    async fn listen(self, db: Database, mut started: Option<tokio::sync::oneshot::Sender<()>>) {
        use sea_orm::sqlx::postgres::{PgListener, PgPoolOptions};
        // A connection of its own, outside the pool: a listener holds its connection for as long
        // as the process runs, and taken from the pool it would leave a pool of one with none.
        let options = db.connection().get_postgres_connection_pool().connect_options();
        let own = PgPoolOptions::new().max_connections(1).min_connections(0).connect_lazy_with((*options).clone());
        loop {
            let listening: Result<std::convert::Infallible, sea_orm::sqlx::Error> = async {
                let mut listener = PgListener::connect_with(&own).await?;
                listener.listen_all([CHANNEL, reference::CHANNEL]).await?;
                // What was revoked or changed while no one listened.
                if let Err(e) = self.reload(&db).await {
                    tracing::warn!(error = %e, "reloading revoked tokens");
                }
                db.reference().listening(true);
                if let Some(started) = started.take() {
                    let _ = started.send(());
                }
                loop {
                    // `None`: the connection dropped, and what was announced meanwhile is lost;
                    // listening again from the start reloads it.
                    let Some(notification) = listener.try_recv().await? else {
                        return Err(sea_orm::sqlx::Error::Protocol("the listening connection was lost".into()));
                    };
                    if notification.channel() == reference::CHANNEL {
                        db.reference().changed();
                        continue;
                    }
                    let mut parts = notification.payload().split(' ');
                    let jti = parts.next().and_then(|j| j.parse::<Uuid>().ok());
                    let expires = parts.next().and_then(|e| e.parse::<DateTime<Utc>>().ok());
                    if let (Some(jti), Some(expires)) = (jti, expires) {
                        self.insert(jti, expires);
                    }
                }
            }
            .await;
            db.reference().listening(false);
            let Err(e) = listening;
            tracing::warn!(error = %e, "listening for revoked tokens and reference data; reconnecting");
            if db.connection().get_postgres_connection_pool().is_closed() {
                own.close().await;
                return;
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    }
}
