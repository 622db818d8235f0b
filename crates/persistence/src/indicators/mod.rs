//! The repository of indicators and their observations.

mod versions;

use async_trait::async_trait;
use opora_domain::StoreError;
use opora_domain::access::Reach;
use opora_domain::audit::AuditEvent;
use opora_domain::core::headers::header_key;
use opora_domain::indicators::ports::{IndicatorsRepository, ObservationScope};
use opora_domain::indicators::{
    Aggregation, Indicator, IndicatorAlias, IndicatorCode, IndicatorLevel, Observation, ObservationImport,
    ObservationImportRead, ObservationPeriod, PeriodSum, Replaced, Subject,
};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use opora_domain::{Page, PageRequest};
use sea_orm::ActiveValue::Set;
use sea_orm::prelude::Uuid;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use crate::Database;
use crate::entities::indicators::{indicator, indicator_alias, observation};
use crate::errors::store_error;

/// Rows per INSERT: within SQLite's and PostgreSQL's limits on bound parameters.
const CHUNK: usize = 1_000;

/// Implements [`IndicatorsRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaIndicatorsRepository {
    db: Database,
}

impl SeaIndicatorsRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn corrupt(table: &str, key: &str, what: &str) -> StoreError {
    StoreError::Internal(format!("{table} row {key} holds an invalid {what}"))
}

fn indicator_from_row(row: indicator::Model) -> Result<Indicator, StoreError> {
    let bad = |what: &str| corrupt("indicators", &row.code, what);
    let code = |text: Option<&String>| text.and_then(|t| IndicatorCode::parse(t).ok());
    let aggregation = match row.aggregation.as_str() {
        "sum" => Aggregation::Sum,
        "weighted_mean" => Aggregation::WeightedMean { base: code(row.base_code.as_ref()).ok_or_else(|| bad("base"))? },
        "share" => Aggregation::Share {
            numerator: code(row.numerator_code.as_ref()).ok_or_else(|| bad("numerator"))?,
            denominator: code(row.denominator_code.as_ref()).ok_or_else(|| bad("denominator"))?,
        },
        _ => return Err(bad("aggregation")),
    };
    Ok(Indicator {
        code: IndicatorCode::parse(&row.code).map_err(|_| bad("code"))?,
        version: u32::try_from(row.version).map_err(|_| bad("version"))?,
        level: IndicatorLevel::from_code(&row.level).ok_or_else(|| bad("level"))?,
        aggregation,
        name: row.name,
        unit: row.unit,
        method: row.method,
        recorded_at: row.recorded_at,
        aliases: Vec::new(),
    })
}

fn indicator_row(i: &Indicator) -> indicator::ActiveModel {
    let (base, numerator, denominator) = match &i.aggregation {
        Aggregation::Sum => (None, None, None),
        Aggregation::WeightedMean { base } => (Some(base.to_string()), None, None),
        Aggregation::Share { numerator, denominator } => {
            (None, Some(numerator.to_string()), Some(denominator.to_string()))
        }
    };
    indicator::ActiveModel {
        code: Set(i.code.to_string()),
        version: Set(i32::try_from(i.version).unwrap_or(i32::MAX)),
        name: Set(i.name.clone()),
        unit: Set(i.unit.clone()),
        level: Set(i.level.code().to_owned()),
        aggregation: Set(i.aggregation.code().to_owned()),
        base_code: Set(base),
        numerator_code: Set(numerator),
        denominator_code: Set(denominator),
        method: Set(i.method.clone()),
        recorded_at: Set(i.recorded_at),
    }
}

fn observation_row(o: &Observation, now: chrono::DateTime<chrono::Utc>) -> observation::ActiveModel {
    let (subject, organization) = match o.subject {
        Subject::Organization(id) => (id.as_uuid(), Some(id.as_uuid())),
        Subject::Municipality(id) => (id.as_uuid(), None),
    };
    observation::ActiveModel {
        indicator_code: Set(o.indicator.to_string()),
        subject_id: Set(subject),
        period_key: Set(o.period.key()),
        period_kind: Set(o.period.kind().to_owned()),
        period_start: Set(o.period.start()),
        region_id: Set(o.region_id.as_uuid()),
        municipality_id: Set(o.municipality_id.as_uuid()),
        organization_id: Set(organization),
        method_version: Set(i32::try_from(o.method_version).unwrap_or(i32::MAX)),
        value: Set(o.value),
        source: Set(o.source.clone()),
        recorded_at: Set(now),
        import_id: Set(None),
    }
}

/// The columns an [`Observation`] is read from, in the order of [`ObservationColumns`].
pub(crate) const OBSERVATION_COLUMNS: [observation::Column; 9] = [
    observation::Column::IndicatorCode,
    observation::Column::PeriodKind,
    observation::Column::PeriodStart,
    observation::Column::RegionId,
    observation::Column::MunicipalityId,
    observation::Column::OrganizationId,
    observation::Column::MethodVersion,
    observation::Column::Value,
    observation::Column::Source,
];

/// The columns an [`Observation`] is read from; the key columns repeat what these hold.
pub(crate) type ObservationColumns =
    (String, String, chrono::NaiveDate, Uuid, Uuid, Option<Uuid>, i32, f64, Option<String>);

pub(crate) fn observation_from_row(row: ObservationColumns) -> Result<Observation, StoreError> {
    let (code, kind, start, region, municipality, organization, version, value, source) = row;
    let bad = |what: &str| {
        let subject = organization.unwrap_or(municipality);
        corrupt("observations", &format!("{code}/{subject}/{kind} {start}"), what)
    };
    Ok(Observation {
        indicator: IndicatorCode::parse(&code).map_err(|_| bad("indicator"))?,
        subject: match organization {
            Some(id) => Subject::Organization(OrganizationId::from_uuid(id)),
            None => Subject::Municipality(MunicipalityId::from_uuid(municipality)),
        },
        region_id: RegionId::from_uuid(region),
        municipality_id: MunicipalityId::from_uuid(municipality),
        period: ObservationPeriod::stored(&kind, start).ok_or_else(|| bad("period"))?,
        method_version: u32::try_from(version).map_err(|_| bad("method version"))?,
        value,
        source,
    })
}

/// The observations `scope` names.
fn scoped(
    query: sea_orm::Select<observation::Entity>,
    scope: ObservationScope,
) -> sea_orm::Select<observation::Entity> {
    use observation::Column as C;
    match scope {
        ObservationScope::Organization(o) => query.filter(C::OrganizationId.eq(o.as_uuid())),
        ObservationScope::Municipality(m) => query.filter(C::MunicipalityId.eq(m.as_uuid())),
        ObservationScope::Region(r) => {
            query.filter(C::RegionId.eq(r.as_uuid())).filter(C::OrganizationId.is_not_null())
        }
        ObservationScope::RegionWithMunicipal(r) => query.filter(C::RegionId.eq(r.as_uuid())),
    }
}

/// Indicator, period kind and start, whether the territory's own figure, sum, count, newest
/// method version.
type SumRow = (String, String, chrono::NaiveDate, bool, f64, i64, i32);

/// The observations of `codes` in `scope` added up per indicator and period, the territory's
/// own figure in a group of its own; the columns of a [`SumRow`], in order.
fn sum_query(codes: &[IndicatorCode], scope: ObservationScope) -> sea_orm::Select<observation::Entity> {
    use observation::Column as C;
    let own = Expr::col(C::OrganizationId).is_null();
    let query = observation::Entity::find()
        .select_only()
        .columns([C::IndicatorCode, C::PeriodKind, C::PeriodStart])
        .column_as(own.clone(), "own")
        .column_as(Expr::col(C::Value).sum(), "sum")
        .column_as(Expr::col(C::Value).count(), "observations")
        .column_as(Expr::col(C::MethodVersion).max(), "method_version")
        .filter(C::IndicatorCode.is_in(codes.iter().map(ToString::to_string)));
    scoped(query, scope).group_by(C::IndicatorCode).group_by(C::PeriodKind).group_by(C::PeriodStart).group_by(own)
}

fn period_sum((code, kind, start, own, sum, count, version): SumRow) -> Result<PeriodSum, StoreError> {
    let bad = |what: &str| corrupt("observations", &format!("{code}/{kind} {start}"), what);
    Ok(PeriodSum {
        indicator: IndicatorCode::parse(&code).map_err(|_| bad("indicator"))?,
        period: ObservationPeriod::stored(&kind, start).ok_or_else(|| bad("period"))?,
        own,
        sum,
        observations: u32::try_from(count).map_err(|_| bad("count"))?,
        method_version: u32::try_from(version).map_err(|_| bad("method version"))?,
    })
}

#[async_trait]
impl IndicatorsRepository for SeaIndicatorsRepository {
    async fn indicators(&self) -> Result<Vec<Indicator>, StoreError> {
        let kept = self.db.reference();
        if let Some(indicators) = kept.get(|s| &mut s.indicators) {
            return Ok(indicators);
        }
        let generation = kept.generation();
        let indicators = indicator::Entity::find()
            .order_by_asc(indicator::Column::Code)
            .order_by_asc(indicator::Column::Version)
            .all(&self.db)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(indicator_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let aliases = indicator_alias::Entity::find()
            .order_by_asc(indicator_alias::Column::IndicatorCode)
            .order_by_asc(indicator_alias::Column::Alias)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut indicators = indicators;
        for row in aliases {
            let alias = IndicatorAlias {
                code: IndicatorCode::parse(&row.indicator_code)
                    .map_err(|_| corrupt("indicator_aliases", &row.alias, "code"))?,
                region: row.region_id.map(RegionId::from_uuid),
                alias: row.alias,
            };
            for indicator in indicators.iter_mut().filter(|i| i.code == alias.code) {
                indicator.aliases.push(alias.clone());
            }
        }
        kept.keep(|s| &mut s.indicators, generation, &indicators);
        Ok(indicators)
    }

    async fn replace_aliases(
        &self,
        code: &IndicatorCode,
        region: Option<RegionId>,
        aliases: &[IndicatorAlias],
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        let scope = region.map_or_else(|| "*".to_owned(), |r| r.as_uuid().to_string());
        let txn = self.db.begin().await.map_err(store_error)?;
        indicator_alias::Entity::delete_many()
            .filter(indicator_alias::Column::IndicatorCode.eq(code.as_str()))
            .filter(indicator_alias::Column::Scope.eq(scope.clone()))
            .exec(&txn)
            .await
            .map_err(store_error)?;
        let now = chrono::Utc::now();
        let rows: Vec<indicator_alias::ActiveModel> = aliases
            .iter()
            .map(|a| indicator_alias::ActiveModel {
                id: Set(Uuid::now_v7()),
                indicator_code: Set(code.to_string()),
                region_id: Set(region.map(|r| r.as_uuid())),
                scope: Set(scope.clone()),
                alias: Set(a.alias.clone()),
                alias_key: Set(header_key(&a.alias)),
                recorded_at: Set(now),
            })
            .collect();
        if !rows.is_empty() {
            indicator_alias::Entity::insert_many(rows).exec_without_returning(&txn).await.map_err(store_error)?;
        }
        crate::reference::commit(&self.db, txn, events).await
    }

    async fn insert_indicator(&self, i: &Indicator, events: &[AuditEvent]) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        indicator::Entity::insert(indicator_row(i)).exec_without_returning(&txn).await.map_err(store_error)?;
        crate::reference::commit(&self.db, txn, events).await
    }

    async fn observations(
        &self,
        codes: &[IndicatorCode],
        scope: ObservationScope,
    ) -> Result<Vec<Observation>, StoreError> {
        use observation::Column as C;
        let query = observation::Entity::find()
            .select_only()
            .columns(OBSERVATION_COLUMNS)
            .filter(C::IndicatorCode.is_in(codes.iter().map(ToString::to_string)));
        scoped(query, scope)
            .order_by_asc(C::PeriodStart)
            .order_by_asc(C::IndicatorCode)
            .order_by_asc(C::SubjectId)
            .into_tuple::<ObservationColumns>()
            .all(&self.db)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(observation_from_row)
            .collect()
    }

    async fn sums(&self, codes: &[IndicatorCode], scope: ObservationScope) -> Result<Vec<PeriodSum>, StoreError> {
        let rows: Vec<SumRow> = sum_query(codes, scope).into_tuple().all(&self.db).await.map_err(store_error)?;
        rows.into_iter().map(period_sum).collect()
    }

    async fn sums_by_municipality(
        &self,
        codes: &[IndicatorCode],
        region: RegionId,
    ) -> Result<Vec<(MunicipalityId, PeriodSum)>, StoreError> {
        use observation::Column as C;
        let rows: Vec<(String, String, chrono::NaiveDate, bool, f64, i64, i32, Uuid)> =
            sum_query(codes, ObservationScope::RegionWithMunicipal(region))
                .column(C::MunicipalityId)
                .group_by(C::MunicipalityId)
                .into_tuple()
                .all(&self.db)
                .await
                .map_err(store_error)?;
        rows.into_iter()
            .map(|(code, kind, start, own, sum, count, version, municipality)| {
                Ok((
                    MunicipalityId::from_uuid(municipality),
                    period_sum((code, kind, start, own, sum, count, version))?,
                ))
            })
            .collect()
    }

    async fn upsert_observations(
        &self,
        import: &ObservationImport,
        observations: &[Observation],
        events: &[AuditEvent],
    ) -> Result<Replaced, StoreError> {
        let rows = observations
            .iter()
            .map(|o| observation::ActiveModel {
                import_id: Set(Some(import.id)),
                ..observation_row(o, import.recorded_at)
            })
            .collect();
        versions::write(&self.db, import, rows, CHUNK, events).await
    }

    async fn observation_import(&self, id: Uuid) -> Result<Option<ObservationImportRead>, StoreError> {
        versions::read(&self.db, id).await
    }

    async fn observation_imports(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
        page: PageRequest,
    ) -> Result<Page<ObservationImport>, StoreError> {
        versions::list(&self.db, reach, municipality, as_of, page).await
    }

    async fn withdraw_observation_import(
        &self,
        id: Uuid,
        reason: &str,
        at: chrono::DateTime<chrono::Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        versions::withdraw(&self.db, id, reason, at, events).await
    }
}
