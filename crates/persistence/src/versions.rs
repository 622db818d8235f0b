//! Ending the current version of a document (a roadmap, an audit): one conditional update, so
//! that of two racing endings, or a correction racing a withdrawal, exactly one wins.

use chrono::{DateTime, Utc};
use opora_domain::StoreError;
use opora_domain::audit::AuditEvent;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait};

use crate::audit_trail::record;
use crate::errors::store_error;

/// The columns a versioned table keeps its versions in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VersionColumns<C> {
    pub(crate) id: C,
    pub(crate) ended_at: C,
    pub(crate) document_key: C,
    pub(crate) withdrawal_reason: C,
}

/// The versions in force: the current ones, or those recorded by `as_of` and not ended then.
pub(crate) fn in_force<E: EntityTrait>(
    query: sea_orm::Select<E>,
    (recorded_at, ended_at): (E::Column, E::Column),
    as_of: Option<DateTime<Utc>>,
) -> sea_orm::Select<E> {
    match as_of {
        None => query.filter(ended_at.is_null()),
        Some(at) => query
            .filter(recorded_at.lte(at))
            .filter(sea_orm::Condition::any().add(ended_at.is_null()).add(ended_at.gt(at))),
    }
}

/// Ends the version `id` if it is still current, freeing its document's key; with a reason, as
/// a withdrawal. False when it had ended already.
pub(crate) async fn end<E: EntityTrait>(
    db: &impl ConnectionTrait,
    columns: VersionColumns<E::Column>,
    id: uuid::Uuid,
    at: DateTime<Utc>,
    reason: Option<&str>,
) -> Result<bool, StoreError> {
    let mut update = E::update_many()
        .col_expr(columns.ended_at, Expr::value(at))
        .col_expr(columns.document_key, Expr::value(Option::<String>::None));
    if let Some(reason) = reason {
        update = update.col_expr(columns.withdrawal_reason, Expr::value(reason));
    }
    let ended =
        update.filter(columns.id.eq(id)).filter(columns.ended_at.is_null()).exec(db).await.map_err(store_error)?;
    Ok(ended.rows_affected > 0)
}

/// Withdraws the version `id` with its audit events, in one transaction.
pub(crate) async fn withdraw<E: EntityTrait>(
    db: &crate::Database,
    columns: VersionColumns<E::Column>,
    id: uuid::Uuid,
    reason: &str,
    at: DateTime<Utc>,
    events: &[AuditEvent],
) -> Result<bool, StoreError> {
    let txn = db.begin().await.map_err(store_error)?;
    if !end::<E>(&txn, columns, id, at, Some(reason)).await? {
        return Ok(false);
    }
    for event in events {
        record(&txn, event).await?;
    }
    txn.commit().await.map_err(store_error)?;
    Ok(true)
}
