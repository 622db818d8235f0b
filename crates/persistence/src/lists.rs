//! The repository of list decisions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use opora_domain::StoreError;
use opora_domain::audit::AuditEvent;
use opora_domain::lists::ports::ListsRepository;
use opora_domain::lists::{Decision, DecisionId, ListEntry, ListKind, ListLevel};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationDef, TransactionTrait,
};

use crate::Database;
use crate::audit_trail::record;
use crate::entities::lists::{decision, entry};
use crate::errors::store_error;
use crate::joined::grouped;

/// The join from a decision to its entries.
fn entries_of_decision() -> RelationDef {
    let entry_to_decision: RelationDef =
        entry::Entity::belongs_to(decision::Entity).from(entry::Column::DecisionId).to(decision::Column::Id).into();
    entry_to_decision.rev()
}

/// Implements [`ListsRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaListsRepository {
    db: Database,
}

impl SeaListsRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// The decisions `query` selects, each with its entries, in one statement: the entries are
    /// joined (a decision's columns repeat once per entry, a handful of schools each).
    async fn with_entries(&self, query: sea_orm::Select<decision::Entity>) -> Result<Vec<Decision>, StoreError> {
        let rows = query
            .select_also(entry::Entity)
            .join(JoinType::LeftJoin, entries_of_decision())
            .order_by_asc(decision::Column::Id)
            .order_by_asc(entry::Column::OrganizationId)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        grouped(rows, |a, b| a.id == b.id)
            .into_iter()
            .map(|(row, entries)| {
                let mut d = decision_from_row(row)?;
                d.entries = entries
                    .into_iter()
                    .map(|e| ListEntry {
                        organization_id: OrganizationId::from_uuid(e.organization_id),
                        reason: e.reason,
                    })
                    .collect();
                Ok(d)
            })
            .collect()
    }
}

/// A decision row, without its entries.
fn decision_from_row(row: decision::Model) -> Result<Decision, StoreError> {
    let bad = |what: &str| StoreError::Internal(format!("list decision {} holds an invalid {what}", row.id));
    Ok(Decision {
        id: DecisionId::from_uuid(row.id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        // An unstated level is kept as '' rather than NULL: the unique index of originals
        // treats NULLs as distinct, and one original per list must stay one.
        level: match row.level.as_str() {
            "" => None,
            code => Some(ListLevel::from_code(code).ok_or_else(|| bad("level"))?),
        },
        kind: ListKind::from_code(&row.kind).ok_or_else(|| bad("kind"))?,
        year: row.list_year,
        assessment_year: row.assessment_year,
        issuer_id: row.issuer_id.map(OrganizationId::from_uuid),
        number: row.number,
        date: row.decision_date,
        entries: Vec::new(),
        recorded_at: row.recorded_at,
        supersedes: row.supersedes.map(DecisionId::from_uuid),
        withdrawal: row.withdrawal_reason,
    })
}

#[async_trait]
impl ListsRepository for SeaListsRepository {
    async fn decisions(&self, municipality: MunicipalityId, kind: ListKind) -> Result<Vec<Decision>, StoreError> {
        self.with_entries(
            decision::Entity::find()
                .filter(decision::Column::MunicipalityId.eq(municipality.as_uuid()))
                .filter(decision::Column::Kind.eq(kind.code())),
        )
        .await
    }

    async fn series_naming(&self, organization: OrganizationId) -> Result<Vec<Decision>, StoreError> {
        use decision::Column as D;
        // The municipalities of the decisions that ever named the school: an uncorrelated
        // subquery, which both databases answer from the entries' organization index and then
        // look up by the decisions' (municipality, kind) index.
        let naming = Alias::new("naming");
        let municipalities = Query::select()
            .column((naming.clone(), D::MunicipalityId))
            .from_as(decision::Entity, naming.clone())
            .inner_join(entry::Entity, Expr::col((entry::Entity, entry::Column::DecisionId)).equals((naming, D::Id)))
            .and_where(Expr::col((entry::Entity, entry::Column::OrganizationId)).eq(organization.as_uuid()))
            .to_owned();
        let mut all =
            self.with_entries(decision::Entity::find().filter(D::MunicipalityId.in_subquery(municipalities))).await?;
        // Of those municipalities' lists, the series that named it.
        let named: Vec<(MunicipalityId, ListKind)> = all
            .iter()
            .filter(|d| d.entries.iter().any(|e| e.organization_id == organization))
            .map(|d| (d.municipality_id, d.kind))
            .collect();
        all.retain(|d| named.contains(&(d.municipality_id, d.kind)));
        Ok(all)
    }

    async fn decision(&self, id: DecisionId) -> Result<Option<Decision>, StoreError> {
        Ok(self.with_entries(decision::Entity::find().filter(decision::Column::Id.eq(id.as_uuid()))).await?.pop())
    }

    async fn region_counts(
        &self,
        region: RegionId,
        kind: ListKind,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<Vec<(MunicipalityId, i32, u32)>, StoreError> {
        use decision::Column as D;
        // A decision is in force unless a correction known at `as_of` supersedes it; a
        // withdrawal in force leaves its year without a decision, not with an empty one.
        let correction = Alias::new("correction");
        let mut superseded = Query::select()
            .expr(Expr::val(1))
            .from_as(decision::Entity, correction.clone())
            .and_where(Expr::col((correction.clone(), D::Supersedes)).equals((decision::Entity, D::Id)))
            .to_owned();
        let mut query = decision::Entity::find()
            .select_only()
            .column(D::MunicipalityId)
            .column(D::ListYear)
            .column_as(Expr::col((entry::Entity, entry::Column::OrganizationId)).count_distinct(), "organizations")
            .join(JoinType::LeftJoin, entries_of_decision())
            .filter(D::RegionId.eq(region.as_uuid()))
            .filter(D::Kind.eq(kind.code()))
            .filter(D::WithdrawalReason.is_null());
        if let Some(as_of) = as_of {
            superseded.and_where(Expr::col((correction, D::RecordedAt)).lte(as_of));
            query = query.filter(D::RecordedAt.lte(as_of));
        }
        let rows: Vec<(uuid::Uuid, i32, i64)> = query
            .filter(Expr::exists(superseded).not())
            .group_by(D::MunicipalityId)
            .group_by(D::ListYear)
            .order_by_asc(D::ListYear)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(m, year, n)| (MunicipalityId::from_uuid(m), year, u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    async fn insert_decisions(&self, decisions: &[Decision], events: &[AuditEvent]) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        for d in decisions {
            let row = decision::ActiveModel {
                id: Set(d.id.as_uuid()),
                region_id: Set(d.region_id.as_uuid()),
                municipality_id: Set(d.municipality_id.as_uuid()),
                level: Set(d.level.map_or("", ListLevel::code).to_owned()),
                kind: Set(d.kind.code().to_owned()),
                list_year: Set(d.year),
                assessment_year: Set(d.assessment_year),
                issuer_id: Set(d.issuer_id.map(|i| i.as_uuid())),
                number: Set(d.number.clone()),
                decision_date: Set(d.date),
                recorded_at: Set(d.recorded_at),
                supersedes: Set(d.supersedes.map(|s| s.as_uuid())),
                withdrawal_reason: Set(d.withdrawal.clone()),
            };
            decision::Entity::insert(row).exec_without_returning(&txn).await.map_err(store_error)?;
            let entries = d.entries.iter().map(|e| entry::ActiveModel {
                decision_id: Set(d.id.as_uuid()),
                organization_id: Set(e.organization_id.as_uuid()),
                reason: Set(e.reason.clone()),
            });
            crate::batch::insert_all(&txn, entries.collect()).await.map_err(store_error)?;
        }
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }
}
