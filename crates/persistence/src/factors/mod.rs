//! The repository of catalogues and audits.

pub(crate) mod rows;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use opora_domain::access::Reach;
use opora_domain::audit::AuditEvent;
use opora_domain::factors::ports::{FactorCounts, FactorsRepository, PrevalenceCounts};
use opora_domain::factors::{Audit, AuditId, Catalogue, CatalogueId, Finding, ParameterCode};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use opora_domain::{Page, PageRequest, StoreError};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationDef, TransactionTrait,
};

use self::rows::*;
use crate::Database;
use crate::audit_trail::record;
use crate::bulk::BulkTransaction;
use crate::entities::factors::{
    audit, audit_organization, catalogue, crosswalk, factor_count, finding, parameter_count,
};
use crate::errors::store_error;
use crate::scoped::{MunicipalColumns, municipal_page};
use crate::versions::{self, VersionColumns};

/// How many catalogues an instance keeps in memory: a country has a few thousand, some
/// kilobytes each.
const CACHED_CATALOGUES: usize = 4_096;

/// Implements [`FactorsRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaFactorsRepository {
    db: Database,
    /// Catalogues never change once stored (an import that differs creates another), so those
    /// read are kept: every risk profile, matrix and card reads its audit's catalogue.
    catalogues: Arc<Mutex<HashMap<CatalogueId, Catalogue>>>,
}

impl SeaFactorsRepository {
    pub fn new(db: Database) -> Self {
        Self { db, catalogues: Arc::default() }
    }

    fn cached(&self, id: CatalogueId) -> Option<Catalogue> {
        self.catalogues.lock().ok()?.get(&id).cloned()
    }

    fn keep(&self, catalogue: &Catalogue) {
        if let Ok(mut kept) = self.catalogues.lock() {
            if kept.len() >= CACHED_CATALOGUES {
                kept.clear();
            }
            kept.insert(catalogue.id, catalogue.clone());
        }
    }

    /// The schools each audit covered, as counted when it was stored.
    async fn audited(&self, ids: Vec<uuid::Uuid>) -> Result<Vec<(AuditId, u32)>, StoreError> {
        let rows: Vec<(uuid::Uuid, i32)> = audit::Entity::find()
            .select_only()
            .column(audit::Column::Id)
            .column(audit::Column::Population)
            .filter(audit::Column::Id.is_in(ids))
            .filter(audit::Column::Population.gt(0))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows.into_iter().map(|(a, n)| (AuditId::from_uuid(a), u32::try_from(n).unwrap_or_default())).collect())
    }

    /// The findings about one organization in an audit.
    async fn findings_of_organization(
        &self,
        audit: AuditId,
        organization: OrganizationId,
    ) -> Result<Vec<Finding>, StoreError> {
        // The primary key (audit, organization, factor, parameter) serves this range.
        Ok(finding::Entity::find()
            .filter(finding::Column::AuditId.eq(audit.as_uuid()))
            .filter(finding::Column::OrganizationId.eq(organization.as_uuid()))
            .order_by_asc(finding::Column::Factor)
            .order_by_asc(finding::Column::Parameter)
            .all(&self.db)
            .await
            .map_err(store_error)?
            .into_iter()
            .map(finding_from_row)
            .collect())
    }

    /// An audit's findings, or its present ones only, by organization and code.
    async fn findings(&self, audit: uuid::Uuid, present_only: bool) -> Result<Vec<finding::Model>, StoreError> {
        let mut query = finding::Entity::find().filter(finding::Column::AuditId.eq(audit));
        if present_only {
            query = query.filter(finding::Column::Present.eq(true));
        }
        query
            .order_by_asc(finding::Column::OrganizationId)
            .order_by_asc(finding::Column::Factor)
            .order_by_asc(finding::Column::Parameter)
            .all(&self.db)
            .await
            .map_err(store_error)
    }
}

const AUDIT_VERSIONS: VersionColumns<audit::Column> = VersionColumns {
    id: audit::Column::Id,
    ended_at: audit::Column::EndedAt,
    document_key: audit::Column::DocumentKey,
    withdrawal_reason: audit::Column::WithdrawalReason,
};

/// The alias of the audit compared against in [`later_audit`].
const LATER: &str = "later";

/// `SELECT 1` from another audit of the same municipality that is later (by date, then id) and
/// meets `also`: an audit without one is the latest of its municipality.
fn later_audit(also: sea_orm::sea_query::SimpleExpr) -> sea_orm::sea_query::SelectStatement {
    use audit::Column as C;
    let later = Alias::new(LATER);
    let mut query = Query::select();
    query
        .expr(Expr::val(1))
        .from_as(audit::Entity, later.clone())
        .and_where(Expr::col((later.clone(), C::MunicipalityId)).equals((audit::Entity, C::MunicipalityId)))
        .and_where(Expr::col((later.clone(), C::EndedAt)).is_null())
        .cond_where(
            Condition::any()
                .add(Expr::col((later.clone(), C::AuditDate)).gt(Expr::col((audit::Entity, C::AuditDate))))
                .add(
                    Condition::all()
                        .add(Expr::col((later.clone(), C::AuditDate)).eq(Expr::col((audit::Entity, C::AuditDate))))
                        .add(Expr::col((later, C::Id)).gt(Expr::col((audit::Entity, C::Id)))),
                ),
        )
        .and_where(also);
    query.to_owned()
}

#[async_trait]
impl FactorsRepository for SeaFactorsRepository {
    async fn catalogue(&self, id: CatalogueId) -> Result<Option<Catalogue>, StoreError> {
        if let Some(known) = self.cached(id) {
            return Ok(Some(known));
        }
        let row = catalogue::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?;
        let catalogue = row.map(catalogue_from_row).transpose()?;
        if let Some(c) = &catalogue {
            self.keep(c);
        }
        Ok(catalogue)
    }

    async fn catalogues(&self, reach: &Reach, page: PageRequest) -> Result<Page<Catalogue>, StoreError> {
        use catalogue::Column as C;
        let mut query = catalogue::Entity::find().order_by_asc(C::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(C::Id.gt(after));
        }
        if let Some(region) = reach.region {
            let mut owned = Condition::all().add(C::RegionId.eq(region.as_uuid()));
            if let Some(municipality) = reach.municipality {
                owned = owned.add(
                    Condition::any().add(C::MunicipalityId.is_null()).add(C::MunicipalityId.eq(municipality.as_uuid())),
                );
            }
            query = query.filter(Condition::any().add(C::OwnerLevel.eq("federal")).add(owned));
        }
        let rows = query.all(&self.db).await.map_err(store_error)?;
        let items = rows.into_iter().map(catalogue_from_row).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, page.limit(), |c| c.id.as_uuid()))
    }

    async fn catalogues_of_municipality(&self, municipality: MunicipalityId) -> Result<Vec<Catalogue>, StoreError> {
        let rows = catalogue::Entity::find()
            .filter(catalogue::Column::MunicipalityId.eq(municipality.as_uuid()))
            .order_by_asc(catalogue::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        rows.into_iter().map(catalogue_from_row).collect()
    }

    async fn insert_catalogue(&self, c: &Catalogue, event: &AuditEvent) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        catalogue::Entity::insert(catalogue_row(c)).exec_without_returning(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn audit(&self, id: AuditId) -> Result<Option<Audit>, StoreError> {
        let Some(row) = audit::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)? else {
            return Ok(None);
        };
        let findings = self.findings(row.id, false).await?;
        Ok(Some(audit_from_rows(row, findings)))
    }

    async fn audit_presence(&self, id: AuditId) -> Result<(Vec<Finding>, Vec<(OrganizationId, bool)>), StoreError> {
        use audit_organization::Column as O;
        use finding::Column as C;
        // The organizations the audit names, each with what counting needs of its present
        // findings (none for a school where nothing was found); the evidence stays in the store.
        let present_findings: RelationDef = audit_organization::Entity::belongs_to(finding::Entity)
            .from((O::AuditId, O::OrganizationId))
            .to((C::AuditId, C::OrganizationId))
            .on_condition(|_, findings| Condition::all().add(Expr::col((findings, C::Present)).eq(true)))
            .into();
        type Row = (uuid::Uuid, bool, Option<i16>, Option<i16>, Option<f64>, Option<bool>);
        let rows: Vec<Row> = audit_organization::Entity::find()
            .select_only()
            .columns([O::OrganizationId, O::InPopulation])
            .join(JoinType::LeftJoin, present_findings)
            .columns([C::Factor, C::Parameter, C::Value, C::InPopulation])
            .filter(O::AuditId.eq(id.as_uuid()))
            .order_by_asc(O::OrganizationId)
            .order_by_asc(C::Factor)
            .order_by_asc(C::Parameter)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut present = Vec::new();
        let mut named: Vec<(OrganizationId, bool)> = Vec::new();
        for (organization, named_in_population, factor, parameter, value, in_population) in rows {
            let organization_id = OrganizationId::from_uuid(organization);
            if named.last().is_none_or(|(o, _)| *o != organization_id) {
                named.push((organization_id, named_in_population));
            }
            if let (Some(factor), Some(parameter)) = (factor, parameter) {
                present.push(Finding {
                    organization_id,
                    parameter: stored_code(factor, parameter),
                    present: true,
                    value,
                    evidence: None,
                    source_row: None,
                    in_population: in_population.unwrap_or(named_in_population),
                });
            }
        }
        Ok((present, named))
    }

    async fn audit_of_organization(
        &self,
        id: AuditId,
        organization: OrganizationId,
    ) -> Result<Option<Audit>, StoreError> {
        let Some(row) = audit::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)? else {
            return Ok(None);
        };
        let findings = self.findings_of_organization(id, organization).await?;
        Ok(Some(Audit { findings, ..audit_from_rows(row, Vec::new()) }))
    }

    async fn audits_of_organization(
        &self,
        municipality: MunicipalityId,
        organization: OrganizationId,
        limit: usize,
    ) -> Result<Vec<Audit>, StoreError> {
        use finding::Column as F;
        // One read, from the findings' organization index: the school's findings with their
        // audits, newest audit first; a municipality holds a few audits, each 20-odd findings.
        let joined = finding::Entity::belongs_to(audit::Entity).from(F::AuditId).to(audit::Column::Id).into();
        let rows = finding::Entity::find()
            .select_only()
            .columns([F::AuditId, F::Factor, F::Parameter, F::Present, F::Value, F::Evidence, F::SourceRow])
            .column(F::InPopulation)
            .columns([audit::Column::RegionId, audit::Column::MunicipalityId, audit::Column::AuditDate])
            .columns([audit::Column::CatalogueId, audit::Column::Source])
            .join(JoinType::InnerJoin, joined)
            .filter(F::OrganizationId.eq(organization.as_uuid()))
            .filter(audit::Column::MunicipalityId.eq(municipality.as_uuid()))
            .filter(audit::Column::EndedAt.is_null())
            .order_by_desc(audit::Column::AuditDate)
            .order_by_desc(F::AuditId)
            .order_by_asc(F::Factor)
            .order_by_asc(F::Parameter)
            .into_model::<CoveringRow>()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut audits: Vec<Audit> = Vec::new();
        for row in rows {
            if audits.last().is_none_or(|a| a.id.as_uuid() != row.audit_id) {
                if audits.len() == limit {
                    break;
                }
                audits.push(row.audit());
            }
            if let Some(audit) = audits.last_mut() {
                audit.findings.push(row.finding(organization));
            }
        }
        Ok(audits)
    }

    async fn audits(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<Audit>, StoreError> {
        use audit::Column as C;
        let columns = MunicipalColumns { id: C::Id, region: C::RegionId, municipality: C::MunicipalityId };
        let query = municipal_page::<audit::Entity>(columns, reach, municipality, page);
        let query = crate::versions::in_force(query, (C::CreatedAt, C::EndedAt), as_of);
        let rows = query.all(&self.db).await.map_err(store_error)?;
        let items: Vec<Audit> = rows.into_iter().map(|r| audit_from_rows(r, Vec::new())).collect();
        Ok(Page::from_overfetch(items, page.limit(), |a| a.id.as_uuid()))
    }

    async fn current_audit(&self, municipality: MunicipalityId, date: NaiveDate) -> Result<Option<Audit>, StoreError> {
        let row = audit::Entity::find()
            .filter(audit::Column::MunicipalityId.eq(municipality.as_uuid()))
            .filter(audit::Column::AuditDate.eq(date))
            .filter(audit::Column::EndedAt.is_null())
            .one(&self.db)
            .await
            .map_err(store_error)?;
        match row {
            Some(row) => {
                let findings = self.findings(row.id, false).await?;
                Ok(Some(audit_from_rows(row, findings)))
            }
            None => Ok(None),
        }
    }

    async fn latest_audits_in_region(
        &self,
        region: RegionId,
        catalogues: &[CatalogueId],
    ) -> Result<Vec<Audit>, StoreError> {
        use audit::Column as C;
        let ids: Vec<uuid::Uuid> = catalogues.iter().map(CatalogueId::as_uuid).collect();
        // The latest of its municipality against any of the catalogues.
        let newer = later_audit(Expr::col((LATER, C::CatalogueId)).is_in(ids.clone()));
        let rows = audit::Entity::find()
            .filter(C::RegionId.eq(region.as_uuid()))
            .filter(C::EndedAt.is_null())
            .filter(C::CatalogueId.is_in(ids))
            .filter(Expr::exists(newer).not())
            .order_by_asc(C::MunicipalityId)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows.into_iter().map(|r| audit_from_rows(r, Vec::new())).collect())
    }

    async fn latest_audits_until(&self, region: RegionId, until: NaiveDate) -> Result<Vec<Audit>, StoreError> {
        use audit::Column as C;
        // The latest of its municipality up to the day, whatever the catalogue.
        let newer = later_audit(Expr::col((LATER, C::AuditDate)).lte(until));
        let rows = audit::Entity::find()
            .filter(C::RegionId.eq(region.as_uuid()))
            .filter(C::EndedAt.is_null())
            .filter(C::AuditDate.lte(until))
            .filter(Expr::exists(newer).not())
            .order_by_asc(C::MunicipalityId)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows.into_iter().map(|r| audit_from_rows(r, Vec::new())).collect())
    }

    async fn factor_counts(&self, audits: &[AuditId]) -> Result<FactorCounts, StoreError> {
        use factor_count::Column as C;
        if audits.is_empty() {
            return Ok(FactorCounts { present: Vec::new(), organizations: Vec::new() });
        }
        let ids: Vec<uuid::Uuid> = audits.iter().map(AuditId::as_uuid).collect();
        let present: Vec<(uuid::Uuid, i16, i32)> = factor_count::Entity::find()
            .select_only()
            .column(C::AuditId)
            .column(C::Factor)
            .column(C::Organizations)
            .filter(C::AuditId.is_in(ids.clone()))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let organizations = self.audited(ids).await?;
        let count = |n: i32| u32::try_from(n).unwrap_or_default();
        Ok(FactorCounts {
            present: present
                .into_iter()
                .map(|(a, f, n)| (AuditId::from_uuid(a), u16::try_from(f).unwrap_or_default(), count(n)))
                .collect(),
            organizations,
        })
    }

    async fn prevalence_counts(&self, audits: &[AuditId]) -> Result<PrevalenceCounts, StoreError> {
        use parameter_count::Column as C;
        if audits.is_empty() {
            return Ok(PrevalenceCounts { present: Vec::new(), organizations: Vec::new() });
        }
        let ids: Vec<uuid::Uuid> = audits.iter().map(AuditId::as_uuid).collect();
        let present: Vec<(uuid::Uuid, i16, i16, i32)> = parameter_count::Entity::find()
            .select_only()
            .column(C::AuditId)
            .column(C::Factor)
            .column(C::Parameter)
            .column(C::Organizations)
            .filter(C::AuditId.is_in(ids.clone()))
            .filter(C::Organizations.gt(0))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let organizations = self.audited(ids).await?;
        let small = |n: i16| u16::try_from(n).unwrap_or_default();
        let count = |n: i32| u32::try_from(n).unwrap_or_default();
        Ok(PrevalenceCounts {
            present: present
                .into_iter()
                .map(|(a, f, p, n)| (AuditId::from_uuid(a), ParameterCode::new(small(f), small(p)), count(n)))
                .collect(),
            organizations,
        })
    }

    async fn present_at_schools(
        &self,
        audits: &[AuditId],
    ) -> Result<Vec<(AuditId, OrganizationId, ParameterCode)>, StoreError> {
        use finding::Column as C;
        if audits.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(uuid::Uuid, uuid::Uuid, i16, i16)> = finding::Entity::find()
            .select_only()
            .columns([C::AuditId, C::OrganizationId, C::Factor, C::Parameter])
            .filter(C::AuditId.is_in(audits.iter().map(AuditId::as_uuid)))
            .filter(C::Present.eq(true))
            .filter(C::InPopulation.eq(true))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(a, o, f, p)| (AuditId::from_uuid(a), OrganizationId::from_uuid(o), stored_code(f, p)))
            .collect())
    }

    async fn crosswalks_onto(
        &self,
        to: CatalogueId,
    ) -> Result<Vec<(CatalogueId, Vec<(ParameterCode, ParameterCode)>)>, StoreError> {
        use crosswalk::Column as C;
        let rows = crosswalk::Entity::find()
            .filter(C::ToCatalogue.eq(to.as_uuid()))
            .order_by_asc(C::FromCatalogue)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut onto: Vec<(CatalogueId, Vec<(ParameterCode, ParameterCode)>)> = Vec::new();
        for r in rows {
            let from = CatalogueId::from_uuid(r.from_catalogue);
            let pair = (stored_code(r.from_factor, r.from_parameter), stored_code(r.to_factor, r.to_parameter));
            match onto.last_mut() {
                Some((c, pairs)) if *c == from => pairs.push(pair),
                _ => onto.push((from, vec![pair])),
            }
        }
        Ok(onto)
    }

    async fn crosswalk(
        &self,
        from: CatalogueId,
        to: CatalogueId,
    ) -> Result<Vec<(ParameterCode, ParameterCode)>, StoreError> {
        use crosswalk::Column as C;
        let rows = crosswalk::Entity::find()
            .filter(C::FromCatalogue.eq(from.as_uuid()))
            .filter(C::ToCatalogue.eq(to.as_uuid()))
            .order_by_asc(C::FromFactor)
            .order_by_asc(C::FromParameter)
            .order_by_asc(C::ToFactor)
            .order_by_asc(C::ToParameter)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|r| (stored_code(r.from_factor, r.from_parameter), stored_code(r.to_factor, r.to_parameter)))
            .collect())
    }

    async fn replace_crosswalk(
        &self,
        from: CatalogueId,
        to: CatalogueId,
        pairs: &[(ParameterCode, ParameterCode)],
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        use crosswalk::Column as C;
        let small = |n: u16| i16::try_from(n).unwrap_or(i16::MAX);
        let txn = self.db.begin().await.map_err(store_error)?;
        crosswalk::Entity::delete_many()
            .filter(C::FromCatalogue.eq(from.as_uuid()))
            .filter(C::ToCatalogue.eq(to.as_uuid()))
            .exec(&txn)
            .await
            .map_err(store_error)?;
        if !pairs.is_empty() {
            let rows = pairs.iter().map(|(a, b)| crosswalk::ActiveModel {
                from_catalogue: Set(from.as_uuid()),
                from_factor: Set(small(a.factor())),
                from_parameter: Set(small(a.index())),
                to_catalogue: Set(to.as_uuid()),
                to_factor: Set(small(b.factor())),
                to_parameter: Set(small(b.index())),
            });
            crate::batch::insert_all(&txn, rows.collect()).await.map_err(store_error)?;
        }
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn withdraw_audit(
        &self,
        id: AuditId,
        reason: &str,
        at: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        versions::withdraw::<audit::Entity>(&self.db, AUDIT_VERSIONS, id.as_uuid(), reason, at, events).await
    }

    async fn save_import(
        &self,
        new_catalogue: Option<&Catalogue>,
        a: &Audit,
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        let txn = BulkTransaction::begin(&self.db).await.map_err(store_error)?;
        if let Some(c) = new_catalogue {
            let mut row = catalogue_row(c);
            row.content_key = Set(content_key(&row));
            catalogue::Entity::insert(row).exec_without_returning(&txn).await.map_err(store_error)?;
        }
        if let Some(replaced) = a.version.supersedes {
            // Only a current version is replaced: a correction that lost a race finds it ended
            // and tries again against the winner.
            if !versions::end::<audit::Entity>(&txn, AUDIT_VERSIONS, replaced.as_uuid(), Utc::now(), None).await? {
                return Err(StoreError::Duplicate { field: "supersedes" });
            }
        }
        audit::Entity::insert(audit_row(a)).exec_without_returning(&txn).await.map_err(store_error)?;
        if txn.copies() {
            txn.copy_in(FINDINGS_COPY, findings_copy(a)).await.map_err(store_error)?;
        } else {
            crate::batch::insert_all(&txn, a.findings.iter().map(|f| finding_row(a.id, f)).collect())
                .await
                .map_err(store_error)?;
        }
        crate::batch::insert_all(&txn, organization_rows(a)).await.map_err(store_error)?;
        let (factors, parameters) = count_rows(a);
        crate::batch::insert_all(&txn, factors).await.map_err(store_error)?;
        crate::batch::insert_all(&txn, parameters).await.map_err(store_error)?;
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }
}
