//! Storing audit events next to the writes they record.

use std::borrow::Cow;

use opora_domain::StoreError;
use opora_domain::audit::{AuditAction, AuditEvent, AuditValue, Change};
use opora_domain::core::version::Revision;
use opora_domain::schools::{MunicipalityId, RegionId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::entities::audit::{data_version, event};
use crate::errors::store_error;

fn to_json(value: &AuditValue) -> Value {
    match value {
        AuditValue::Null => Value::Null,
        AuditValue::Text(t) => json!(t),
        AuditValue::Integer(n) => json!(n),
        AuditValue::Bool(b) => json!(b),
        AuditValue::List(l) => json!(l),
    }
}

fn from_json(value: &Value) -> AuditValue {
    match value {
        Value::Null => AuditValue::Null,
        Value::Bool(b) => AuditValue::Bool(*b),
        Value::Number(n) => n.as_i64().map_or_else(|| AuditValue::Text(n.to_string()), AuditValue::Integer),
        Value::String(s) => AuditValue::Text(s.clone()),
        Value::Array(items) => {
            AuditValue::List(items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect())
        }
        Value::Object(_) => AuditValue::Text(value.to_string()),
    }
}

/// How many events the trail holds of one entity.
pub(crate) async fn revision(conn: &impl ConnectionTrait, entity_type: &str, id: Uuid) -> Result<Revision, StoreError> {
    use event::Column as C;
    let latest: Option<Option<i64>> = event::Entity::find()
        .select_only()
        .expr(C::Revision.max())
        .filter(C::EntityType.eq(entity_type))
        .filter(C::EntityId.eq(id))
        .into_tuple()
        .one(conn)
        .await
        .map_err(store_error)?;
    let latest = latest.flatten().unwrap_or(0);
    Ok(Revision::new(u64::try_from(latest).unwrap_or(0)))
}

/// Writes `event` on `conn`, which is the transaction of the change it records, as its
/// entity's next revision. The number is taken in the statement that inserts it, so that the
/// statement takes the write lock before anything is read. An event that expected another
/// revision than the entity's is refused as stale; so is one that loses the race for its number
/// to a concurrent write (the unique index). Either way the change rolls back with it.
pub(crate) async fn record(conn: &impl ConnectionTrait, event: &AuditEvent) -> Result<(), StoreError> {
    use event::Column as C;
    let changes: Vec<Value> = event
        .changes
        .iter()
        .map(|c| json!({ "field": c.field, "old": to_json(&c.old), "new": to_json(&c.new) }))
        .collect();
    let next = Expr::expr(Func::coalesce([Expr::col(C::Revision).max(), Expr::val(0_i64)])).add(1);
    let values = Query::select()
        .expr(Expr::val(event.id))
        .expr(Expr::val(event.at))
        .expr(Expr::val(event.actor.clone()))
        .expr(Expr::val(event.action.code()))
        .expr(Expr::val(event.entity_type.to_string()))
        .expr(Expr::val(event.entity_id))
        .expr(Expr::val(event.region.map(|r| r.as_uuid())))
        .expr(Expr::val(event.municipality.map(|m| m.as_uuid())))
        .expr(Expr::val(Value::Array(changes).to_string()))
        .expr(next)
        .from(event::Entity)
        .and_where(Expr::col(C::EntityType).eq(event.entity_type.as_ref()))
        .and_where(Expr::col(C::EntityId).eq(event.entity_id))
        .to_owned();
    let columns = [
        C::Id,
        C::OccurredAt,
        C::Actor,
        C::Action,
        C::EntityType,
        C::EntityId,
        C::RegionId,
        C::MunicipalityId,
        C::Changes,
        C::Revision,
    ];
    let insert = Query::insert()
        .into_table(event::Entity)
        .columns(columns)
        .select_from(values)
        .map_err(|e| StoreError::Internal(e.to_string()))?
        .to_owned();
    conn.execute(&insert).await.map_err(store_error)?;
    if let Some(expected) = event.expected {
        // Ours is the latest now: a concurrent write's number waits on ours in the unique index.
        if revision(conn, &event.entity_type, event.entity_id).await? != expected.next() {
            return Err(StoreError::Stale);
        }
    }
    // The region's version moves in the transaction that changes its data.
    let scope = event.region.map_or(uuid::Uuid::nil(), |r| r.as_uuid());
    let bump = data_version::ActiveModel { scope: Set(scope), version: Set(1) };
    data_version::Entity::insert(bump)
        .on_conflict(
            OnConflict::column(data_version::Column::Scope)
                .value(
                    data_version::Column::Version,
                    Expr::col((data_version::Entity, data_version::Column::Version)).add(1),
                )
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await
        .map_err(store_error)?;
    Ok(())
}

pub(crate) fn event_from_row(row: event::Model) -> Result<AuditEvent, StoreError> {
    let bad = |what: String| StoreError::Internal(format!("audit event {} holds invalid data: {what}", row.id));
    let action = AuditAction::from_code(&row.action).ok_or_else(|| bad(format!("action '{}'", row.action)))?;
    let changes: Vec<Value> = serde_json::from_str(&row.changes).map_err(|e| bad(e.to_string()))?;
    let changes = changes
        .iter()
        .map(|c| Change {
            field: Cow::Owned(c["field"].as_str().unwrap_or_default().to_owned()),
            old: from_json(&c["old"]),
            new: from_json(&c["new"]),
        })
        .collect();
    Ok(AuditEvent {
        id: row.id,
        at: row.occurred_at,
        actor: row.actor,
        action,
        entity_type: Cow::Owned(row.entity_type),
        entity_id: row.entity_id,
        region: row.region_id.map(RegionId::from_uuid),
        municipality: row.municipality_id.map(MunicipalityId::from_uuid),
        changes,
        revision: u64::try_from(row.revision).ok().map(Revision::new),
        expected: None,
    })
}
