//! Storing audit events next to the writes they record.

use std::borrow::Cow;

use opora_domain::StoreError;
use opora_domain::audit::{AuditAction, AuditEvent, AuditValue, Change};
use opora_domain::schools::{MunicipalityId, RegionId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::{Value, json};

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

/// Writes `event` on `conn`, which is the transaction of the change it records.
pub(crate) async fn record(conn: &impl ConnectionTrait, event: &AuditEvent) -> Result<(), StoreError> {
    let changes: Vec<Value> = event
        .changes
        .iter()
        .map(|c| json!({ "field": c.field, "old": to_json(&c.old), "new": to_json(&c.new) }))
        .collect();
    let row = event::ActiveModel {
        id: Set(event.id),
        occurred_at: Set(event.at),
        actor: Set(event.actor.clone()),
        action: Set(event.action.code().to_owned()),
        entity_type: Set(event.entity_type.to_string()),
        entity_id: Set(event.entity_id),
        region_id: Set(event.region.map(|r| r.as_uuid())),
        municipality_id: Set(event.municipality.map(|m| m.as_uuid())),
        changes: Set(Value::Array(changes).to_string()),
    };
    event::Entity::insert(row).exec_without_returning(conn).await.map_err(store_error)?;
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
    })
}
