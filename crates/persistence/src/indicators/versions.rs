//! Indicator tables as versions: the import record, the history of replaced values, and the
//! withdrawal that puts back what a withdrawn import had replaced.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use opora_domain::StoreError;
use opora_domain::access::Reach;
use opora_domain::audit::AuditEvent;
use opora_domain::indicators::{Observation, ObservationImport, ObservationImportRead, Replaced, ReplacedValue};
use opora_domain::schools::{MunicipalityId, RegionId};
use opora_domain::{Page, PageRequest};
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::Uuid;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use crate::Database;
use crate::audit_trail::record;
use crate::entities::indicators::observation;
use crate::entities::indicators::{history, import};
use crate::errors::store_error;
use crate::indicators::{OBSERVATION_COLUMNS, ObservationColumns};
use crate::scoped::{MunicipalColumns, municipal_page};

/// The columns a history row copies from the value it keeps.
const KEPT: [observation::Column; 13] = [
    observation::Column::IndicatorCode,
    observation::Column::SubjectId,
    observation::Column::PeriodKey,
    observation::Column::PeriodKind,
    observation::Column::PeriodStart,
    observation::Column::RegionId,
    observation::Column::MunicipalityId,
    observation::Column::OrganizationId,
    observation::Column::MethodVersion,
    observation::Column::Value,
    observation::Column::Source,
    observation::Column::ImportId,
    observation::Column::RecordedAt,
];

const HISTORY: [history::Column; 15] = [
    history::Column::IndicatorCode,
    history::Column::SubjectId,
    history::Column::PeriodKey,
    history::Column::PeriodKind,
    history::Column::PeriodStart,
    history::Column::RegionId,
    history::Column::MunicipalityId,
    history::Column::OrganizationId,
    history::Column::MethodVersion,
    history::Column::Value,
    history::Column::Source,
    history::Column::ImportId,
    history::Column::RecordedAt,
    history::Column::ReplacedAt,
    history::Column::ReplacedBy,
];

type Key = (String, Uuid, String);

fn key_of(row: &observation::ActiveModel) -> Key {
    let text = |v: &sea_orm::ActiveValue<String>| match v {
        Set(t) | sea_orm::ActiveValue::Unchanged(t) => t.clone(),
        sea_orm::ActiveValue::NotSet => String::new(),
    };
    let subject = match &row.subject_id {
        Set(id) | sea_orm::ActiveValue::Unchanged(id) => *id,
        sea_orm::ActiveValue::NotSet => Uuid::nil(),
    };
    (text(&row.indicator_code), subject, text(&row.period_key))
}

fn keyed(keys: &[Key]) -> sea_orm::sea_query::SimpleExpr {
    use observation::Column as C;
    Expr::tuple([Expr::col(C::IndicatorCode), Expr::col(C::SubjectId), Expr::col(C::PeriodKey)])
        .in_tuples(keys.iter().cloned())
}

/// Copies the stored values of `keys` into the history, replaced at `at` by `by`.
async fn keep(db: &impl ConnectionTrait, keys: &[Key], at: DateTime<Utc>, by: Option<Uuid>) -> Result<(), StoreError> {
    let mut kept = Query::select();
    kept.columns(KEPT).expr(Expr::val(at)).expr(Expr::val(by)).from(observation::Entity).and_where(keyed(keys));
    let insert = Query::insert()
        .into_table(history::Entity)
        .columns(HISTORY)
        .select_from(kept)
        .map_err(|e| StoreError::Internal(e.to_string()))?
        .to_owned();
    db.execute(&insert).await.map_err(store_error)?;
    Ok(())
}

fn import_row(i: &ObservationImport) -> import::ActiveModel {
    import::ActiveModel {
        id: Set(i.id),
        region_id: Set(i.region_id.as_uuid()),
        municipality_id: Set(i.municipality_id.as_uuid()),
        observations: Set(i32::try_from(i.observations).unwrap_or(i32::MAX)),
        recorded_at: Set(i.recorded_at),
        ended_at: Set(i.ended_at),
        withdrawal_reason: Set(i.withdrawal.clone()),
    }
}

fn import_from_row(row: import::Model) -> ObservationImport {
    ObservationImport {
        id: row.id,
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        observations: usize::try_from(row.observations).unwrap_or_default(),
        recorded_at: row.recorded_at,
        ended_at: row.ended_at,
        withdrawal: row.withdrawal_reason,
    }
}

/// Makes the municipality's imports and withdrawals one at a time on PostgreSQL, so that each
/// reads the values it replaces as the one before left them. Taken after the transaction's first
/// write: SQLite has already serialized writers by then (and has no row locks), and `NO KEY`
/// leaves the key-share locks of rows inserted with the municipality as their parent alone.
async fn serialize(txn: &impl ConnectionTrait, municipality: Uuid) -> Result<(), StoreError> {
    crate::entities::municipality::Entity::find_by_id(municipality)
        .select_only()
        .column(crate::entities::municipality::Column::Id)
        .lock(sea_orm::sea_query::LockType::NoKeyUpdate)
        .into_tuple::<Uuid>()
        .one(txn)
        .await
        .map_err(store_error)?;
    Ok(())
}

/// Records the import and writes its rows (each naming it), keeping the values they replace.
pub(crate) async fn write(
    db: &Database,
    i: &ObservationImport,
    rows: Vec<observation::ActiveModel>,
    chunk: usize,
    events: &[AuditEvent],
) -> Result<Replaced, StoreError> {
    use observation::Column as C;
    let txn = db.begin().await.map_err(store_error)?;
    import::Entity::insert(import_row(i)).exec_without_returning(&txn).await.map_err(store_error)?;
    serialize(&txn, i.municipality_id.as_uuid()).await?;
    let mut replaced: BTreeMap<Option<Uuid>, usize> = BTreeMap::new();
    for part in rows.chunks(chunk) {
        let keys: Vec<Key> = part.iter().map(key_of).collect();
        let held: Vec<(Option<Uuid>, i64)> = observation::Entity::find()
            .select_only()
            .column(C::ImportId)
            .column_as(C::Value.count(), "held")
            .filter(keyed(&keys))
            .group_by(C::ImportId)
            .into_tuple()
            .all(&txn)
            .await
            .map_err(store_error)?;
        if !held.is_empty() {
            keep(&txn, &keys, i.recorded_at, Some(i.id)).await?;
        }
        for (earlier, count) in held {
            *replaced.entry(earlier).or_default() += usize::try_from(count).unwrap_or_default();
        }
        let conflict = OnConflict::columns([C::IndicatorCode, C::SubjectId, C::PeriodKey])
            .update_columns([C::Value, C::MethodVersion, C::Source, C::RecordedAt, C::ImportId])
            .to_owned();
        observation::Entity::insert_many(part.to_vec())
            .on_conflict(conflict)
            .exec_without_returning(&txn)
            .await
            .map_err(store_error)?;
    }
    for event in events {
        record(&txn, event).await?;
    }
    txn.commit().await.map_err(store_error)?;
    Ok(replaced.into_iter().collect())
}

fn observation_of(row: ObservationColumns) -> Result<Observation, StoreError> {
    crate::indicators::observation_from_row(row)
}

/// The stored value of one key.
fn at_key((code, subject, period): &Key) -> sea_orm::Condition {
    use observation::Column as C;
    sea_orm::Condition::all()
        .add(C::IndicatorCode.eq(code.as_str()))
        .add(C::SubjectId.eq(*subject))
        .add(C::PeriodKey.eq(period.as_str()))
}

/// An import with the values it holds and those replaced since.
pub(crate) async fn read(db: &Database, id: Uuid) -> Result<Option<ObservationImportRead>, StoreError> {
    let Some(row) = import::Entity::find_by_id(id).one(db).await.map_err(store_error)? else {
        return Ok(None);
    };
    use observation::Column as C;
    let held = observation::Entity::find()
        .select_only()
        .columns(OBSERVATION_COLUMNS)
        .filter(C::ImportId.eq(id))
        .order_by_asc(C::IndicatorCode)
        .order_by_asc(C::PeriodStart)
        .order_by_asc(C::SubjectId)
        .into_tuple()
        .all(db)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(observation_of)
        .collect::<Result<Vec<_>, _>>()?;
    let replaced = history::Entity::find()
        .filter(history::Column::ImportId.eq(id))
        .order_by_asc(history::Column::ReplacedAt)
        .order_by_asc(history::Column::Id)
        .all(db)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(|h| {
            let observation = observation_of((
                h.indicator_code,
                h.period_kind,
                h.period_start,
                h.region_id,
                h.municipality_id,
                h.organization_id,
                h.method_version,
                h.value,
                h.source,
            ))?;
            Ok(ReplacedValue {
                observation,
                import_id: h.import_id,
                recorded_at: h.recorded_at,
                replaced_at: h.replaced_at,
                replaced_by: h.replaced_by,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Some(ObservationImportRead { import: import_from_row(row), held, replaced }))
}

/// The imports in `reach`, in force or in force at `as_of`.
pub(crate) async fn list(
    db: &Database,
    reach: &Reach,
    municipality: Option<MunicipalityId>,
    as_of: Option<DateTime<Utc>>,
    page: PageRequest,
) -> Result<Page<ObservationImport>, StoreError> {
    use import::Column as C;
    let columns = MunicipalColumns { id: C::Id, region: C::RegionId, municipality: C::MunicipalityId };
    let query = municipal_page::<import::Entity>(columns, reach, municipality, page);
    let rows =
        crate::versions::in_force(query, (C::RecordedAt, C::EndedAt), as_of).all(db).await.map_err(store_error)?;
    let items: Vec<ObservationImport> = rows.into_iter().map(import_from_row).collect();
    Ok(Page::from_overfetch(items, page.limit(), |i| i.id))
}

/// The value `by` replaced for `key`, or, when that value's import was withdrawn too, the one
/// that import replaced, and so on back: the chain is the order the imports were stored in,
/// which racing imports do not share with the order they were read in.
async fn replaced_in_force(
    txn: &impl ConnectionTrait,
    key: &Key,
    by: Uuid,
) -> Result<Option<history::Model>, StoreError> {
    let (code, subject, period) = key;
    let mut by = by;
    // Each step goes back one import of the chain, which ends at the first value of the key.
    loop {
        let replaced = history::Entity::find()
            .filter(history::Column::IndicatorCode.eq(code.as_str()))
            .filter(history::Column::SubjectId.eq(*subject))
            .filter(history::Column::PeriodKey.eq(period.as_str()))
            .filter(history::Column::ReplacedBy.eq(by))
            .order_by_desc(history::Column::Id)
            .one(txn)
            .await
            .map_err(store_error)?;
        let Some(h) = replaced else { return Ok(None) };
        let Some(import_id) = h.import_id else { return Ok(Some(h)) };
        let ended: Option<Option<DateTime<Utc>>> = import::Entity::find_by_id(import_id)
            .select_only()
            .column(import::Column::EndedAt)
            .into_tuple()
            .one(txn)
            .await
            .map_err(store_error)?;
        match ended {
            Some(None) => return Ok(Some(h)),
            _ if import_id == by => return Ok(None),
            _ => by = import_id,
        }
    }
}

/// Ends the import and puts back, for each value it holds, the latest value it replaced from an
/// import in force (or from before imports were recorded), or removes the value.
pub(crate) async fn withdraw(
    db: &Database,
    id: Uuid,
    reason: &str,
    at: DateTime<Utc>,
    events: &[AuditEvent],
) -> Result<bool, StoreError> {
    use observation::Column as C;
    let txn = db.begin().await.map_err(store_error)?;
    let ended = import::Entity::update_many()
        .col_expr(import::Column::EndedAt, Expr::value(at))
        .col_expr(import::Column::WithdrawalReason, Expr::value(reason))
        .filter(import::Column::Id.eq(id))
        .filter(import::Column::EndedAt.is_null())
        .exec(&txn)
        .await
        .map_err(store_error)?;
    if ended.rows_affected == 0 {
        return Ok(false);
    }
    let municipality: Option<Uuid> = import::Entity::find_by_id(id)
        .select_only()
        .column(import::Column::MunicipalityId)
        .into_tuple()
        .one(&txn)
        .await
        .map_err(store_error)?;
    if let Some(m) = municipality {
        serialize(&txn, m).await?;
    }
    let held: Vec<Key> = observation::Entity::find()
        .select_only()
        .columns([C::IndicatorCode, C::SubjectId, C::PeriodKey])
        .filter(C::ImportId.eq(id))
        .into_tuple()
        .all(&txn)
        .await
        .map_err(store_error)?;
    for part in held.chunks(500) {
        keep(&txn, part, at, None).await?;
    }
    for key in held {
        let earlier = replaced_in_force(&txn, &key, id).await?;
        match earlier {
            Some(h) => {
                observation::Entity::update_many()
                    .col_expr(C::Value, Expr::value(h.value))
                    .col_expr(C::Source, Expr::value(h.source))
                    .col_expr(C::MethodVersion, Expr::value(h.method_version))
                    .col_expr(C::ImportId, Expr::value(h.import_id))
                    .col_expr(C::RecordedAt, Expr::value(h.recorded_at))
                    .filter(at_key(&key))
                    .exec(&txn)
                    .await
                    .map_err(store_error)?;
            }
            None => {
                observation::Entity::delete_many().filter(at_key(&key)).exec(&txn).await.map_err(store_error)?;
            }
        }
    }
    for event in events {
        record(&txn, event).await?;
    }
    txn.commit().await.map_err(store_error)?;
    Ok(true)
}
