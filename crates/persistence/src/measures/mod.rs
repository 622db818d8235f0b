//! The repository of programmes and roadmaps, and the read model of an audit a roadmap answers.

mod execution;
pub(crate) mod rows;

use std::collections::HashSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use opora_domain::access::Reach;
use opora_domain::audit::AuditEvent;
use opora_domain::factors::ParameterCode;
use opora_domain::measures::ports::{AuditCodes, AuditFacts, MeasuresRepository};
use opora_domain::measures::{ExecutionReport, Programme, ProgrammeId, ProgrammeStatus, Roadmap, RoadmapId};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use opora_domain::{Page, PageRequest, StoreError};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

use self::rows::{measure_row, programme_from_row, programme_row, roadmap_from_row, roadmap_row};
use crate::Database;
use crate::audit_trail::record;
use crate::entities::factors::{audit, catalogue, finding, parameter_count};
use crate::entities::measures::{measure, programme, roadmap};
use crate::entities::monitoring::{campaign, recommendation};
use crate::errors::store_error;
use crate::factors::rows::catalogue_from_row;
use crate::joined::grouped;
use crate::scoped::{MunicipalColumns, municipal_page};
use crate::stored::fingerprint_key;
use crate::versions::{self, VersionColumns};

/// Implements [`MeasuresRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaMeasuresRepository {
    db: Database,
}

impl SeaMeasuresRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// The roadmaps `query` selects, each with its measures, in one statement: the measures are
    /// joined, so that a roadmap's columns repeat once per measure instead of a second round trip.
    async fn with_measures(&self, query: sea_orm::Select<roadmap::Entity>) -> Result<Vec<Roadmap>, StoreError> {
        let measures_of_roadmap: sea_orm::RelationDef = measure::Entity::belongs_to(roadmap::Entity)
            .from(measure::Column::RoadmapId)
            .to(roadmap::Column::Id)
            .into();
        let rows = query
            .select_also(measure::Entity)
            .join(JoinType::LeftJoin, measures_of_roadmap.rev())
            .order_by_asc(roadmap::Column::Id)
            .order_by_asc(measure::Column::Position)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        grouped(rows, |a, b| a.id == b.id).into_iter().map(|(row, own)| roadmap_from_row(row, own)).collect()
    }

    async fn successors(&self, ids: &[uuid::Uuid]) -> Result<Vec<(uuid::Uuid, uuid::Uuid)>, StoreError> {
        let rows: Vec<(uuid::Uuid, Option<uuid::Uuid>)> = programme::Entity::find()
            .select_only()
            .column(programme::Column::Id)
            .column(programme::Column::Supersedes)
            .filter(programme::Column::Supersedes.is_in(ids.iter().copied()))
            .order_by_asc(programme::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows.into_iter().filter_map(|(id, previous)| previous.map(|p| (p, id))).collect())
    }
}

const ROADMAP_VERSIONS: VersionColumns<roadmap::Column> = VersionColumns {
    id: roadmap::Column::Id,
    ended_at: roadmap::Column::EndedAt,
    document_key: roadmap::Column::DocumentKey,
    withdrawal_reason: roadmap::Column::WithdrawalReason,
};

/// The versions in force: the current ones, or those current at `as_of`.
fn in_force(query: sea_orm::Select<roadmap::Entity>, as_of: Option<DateTime<Utc>>) -> sea_orm::Select<roadmap::Entity> {
    versions::in_force(query, (roadmap::Column::RecordedAt, roadmap::Column::EndedAt), as_of)
}

#[async_trait]
impl MeasuresRepository for SeaMeasuresRepository {
    async fn audit_facts(&self, id: uuid::Uuid) -> Result<Option<AuditFacts>, StoreError> {
        // A roadmap answers its audit as corrected: a replaced version leads to its successor.
        let mut id = id;
        for _ in 0..64 {
            let successor: Option<uuid::Uuid> = audit::Entity::find()
                .select_only()
                .column(audit::Column::Id)
                .filter(audit::Column::Supersedes.eq(id))
                .into_tuple()
                .one(&self.db)
                .await
                .map_err(store_error)?;
            match successor {
                Some(next) => id = next,
                None => break,
            }
        }
        let Some(row) = audit::Entity::find_by_id(id).one(&self.db).await.map_err(store_error)? else {
            return Ok(None);
        };
        // The last version withdrawn: the audit is no longer held.
        if row.ended_at.is_some() {
            return Ok(None);
        }
        let catalogue_row = catalogue::Entity::find_by_id(row.catalogue_id)
            .one(&self.db)
            .await
            .map_err(store_error)?
            .ok_or_else(|| StoreError::Internal(format!("audit {id} refers to a missing catalogue")))?;
        let catalogue = catalogue_from_row(catalogue_row)?;
        let findings: Vec<(uuid::Uuid, i16, i16, bool, bool)> = finding::Entity::find()
            .select_only()
            .column(finding::Column::OrganizationId)
            .column(finding::Column::Factor)
            .column(finding::Column::Parameter)
            .column(finding::Column::Present)
            .column(finding::Column::InPopulation)
            .filter(finding::Column::AuditId.eq(id))
            .order_by_asc(finding::Column::OrganizationId)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut seen = HashSet::new();
        let mut population = Vec::new();
        let mut present = Vec::new();
        for (organization, factor, parameter, is_present, in_population) in findings {
            let organization = OrganizationId::from_uuid(organization);
            if in_population && seen.insert(organization) {
                population.push(organization);
            }
            if is_present {
                let code = ParameterCode::new(
                    u16::try_from(factor).map_err(|_| StoreError::Internal(format!("audit {id}: factor {factor}")))?,
                    u16::try_from(parameter)
                        .map_err(|_| StoreError::Internal(format!("audit {id}: parameter {parameter}")))?,
                );
                present.push((organization, code));
            }
        }
        Ok(Some(AuditFacts {
            id,
            region_id: RegionId::from_uuid(row.region_id),
            municipality_id: MunicipalityId::from_uuid(row.municipality_id),
            date: row.audit_date,
            catalogue_id: row.catalogue_id,
            parameters: catalogue.parameters.iter().map(|p| (p.code, p.name.to_string())).collect(),
            population,
            present,
        }))
    }

    async fn audit_codes(&self, ids: &[uuid::Uuid]) -> Result<Vec<(uuid::Uuid, AuditCodes)>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let audits: Vec<(uuid::Uuid, uuid::Uuid)> = audit::Entity::find()
            .select_only()
            .column(audit::Column::Id)
            .column(audit::Column::CatalogueId)
            .filter(audit::Column::Id.is_in(ids.to_vec()))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let catalogue_ids: HashSet<uuid::Uuid> = audits.iter().map(|(_, c)| *c).collect();
        let mut catalogues = std::collections::HashMap::new();
        for row in catalogue::Entity::find()
            .filter(catalogue::Column::Id.is_in(catalogue_ids))
            .all(&self.db)
            .await
            .map_err(store_error)?
        {
            let id = row.id;
            let c = catalogue_from_row(row)?;
            catalogues.insert(id, c.parameters.iter().map(|p| p.code).collect::<Vec<_>>());
        }
        // Every parameter present anywhere has its row of counts.
        let found: Vec<(uuid::Uuid, i16, i16)> = parameter_count::Entity::find()
            .select_only()
            .column(parameter_count::Column::AuditId)
            .column(parameter_count::Column::Factor)
            .column(parameter_count::Column::Parameter)
            .filter(parameter_count::Column::AuditId.is_in(ids.to_vec()))
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let mut by_audit: std::collections::HashMap<uuid::Uuid, Vec<ParameterCode>> = std::collections::HashMap::new();
        for (a, f, p) in found {
            let (Ok(f), Ok(p)) = (u16::try_from(f), u16::try_from(p)) else {
                return Err(StoreError::Internal(format!("audit {a}: code {f}.{p}")));
            };
            by_audit.entry(a).or_default().push(ParameterCode::new(f, p));
        }
        Ok(audits
            .into_iter()
            .map(|(a, c)| {
                let mut found = by_audit.remove(&a).unwrap_or_default();
                found.sort_unstable();
                (a, AuditCodes { catalogue: catalogues.get(&c).cloned().unwrap_or_default(), found })
            })
            .collect())
    }

    async fn programme(&self, id: ProgrammeId) -> Result<Option<Programme>, StoreError> {
        let Some(row) = programme::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)? else {
            return Ok(None);
        };
        let successor = self.successors(&[row.id]).await?.first().map(|(_, s)| *s);
        programme_from_row(row, successor).map(Some)
    }

    async fn programmes(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        page: PageRequest,
    ) -> Result<Page<Programme>, StoreError> {
        use programme::Column as C;
        let columns = MunicipalColumns { id: C::Id, region: C::RegionId, municipality: C::MunicipalityId };
        let rows = municipal_page::<programme::Entity>(columns, reach, municipality, page)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
        let successors = self.successors(&ids).await?;
        let items = rows
            .into_iter()
            .map(|r| {
                let successor = successors.iter().find(|(p, _)| *p == r.id).map(|(_, s)| *s);
                programme_from_row(r, successor)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, page.limit(), |p| p.id.as_uuid()))
    }

    async fn insert_programme(
        &self,
        programme: &Programme,
        supersede: Option<ProgrammeId>,
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        programme::Entity::insert(programme_row(programme)).exec_without_returning(&txn).await.map_err(store_error)?;
        if let Some(previous) = supersede {
            programme::Entity::update_many()
                .col_expr(
                    programme::Column::Status,
                    sea_orm::sea_query::Expr::value(ProgrammeStatus::Superseded.code()),
                )
                .filter(programme::Column::Id.eq(previous.as_uuid()))
                .exec(&txn)
                .await
                .map_err(store_error)?;
        }
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }

    async fn update_programme(
        &self,
        p: &Programme,
        was: Option<ProgrammeStatus>,
        supersede: Option<ProgrammeId>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        use programme::Column as C;
        use sea_orm::sea_query::Expr;
        let txn = self.db.begin().await.map_err(store_error)?;
        let status = match was {
            Some(s) => C::Status.eq(s.code()),
            None => C::Status.is_null(),
        };
        let changed = programme::Entity::update_many()
            .col_expr(C::Status, Expr::value(p.status.map(|s| s.code().to_owned())))
            .col_expr(C::Approval, Expr::value(crate::stored::source_json(p.approval.as_ref())))
            .filter(C::Id.eq(p.id.as_uuid()))
            .filter(status)
            .exec(&txn)
            .await
            .map_err(store_error)?;
        if changed.rows_affected == 0 {
            return Ok(false);
        }
        if let Some(previous) = supersede {
            programme::Entity::update_many()
                .col_expr(C::Status, Expr::value(ProgrammeStatus::Superseded.code()))
                .filter(C::Id.eq(previous.as_uuid()))
                .exec(&txn)
                .await
                .map_err(store_error)?;
        }
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn roadmap(&self, id: RoadmapId) -> Result<Option<Roadmap>, StoreError> {
        let Some(mut roadmap) = self.with_measures(roadmap::Entity::find_by_id(id.as_uuid())).await?.pop() else {
            return Ok(None);
        };
        let successor: Option<uuid::Uuid> = roadmap::Entity::find()
            .select_only()
            .column(roadmap::Column::Id)
            .filter(roadmap::Column::Supersedes.eq(id.as_uuid()))
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_error)?;
        roadmap.versioning.superseded_by = successor.map(RoadmapId::from_uuid);
        Ok(Some(roadmap))
    }

    async fn roadmaps(
        &self,
        reach: &Reach,
        municipality: Option<MunicipalityId>,
        as_of: Option<DateTime<Utc>>,
        page: PageRequest,
    ) -> Result<Page<Roadmap>, StoreError> {
        use roadmap::Column as C;
        let columns = MunicipalColumns { id: C::Id, region: C::RegionId, municipality: C::MunicipalityId };
        let rows = in_force(municipal_page::<roadmap::Entity>(columns, reach, municipality, page), as_of)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        let items = rows.into_iter().map(|r| roadmap_from_row(r, Vec::new())).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, page.limit(), |r| r.id.as_uuid()))
    }

    async fn find_roadmap(
        &self,
        municipality: MunicipalityId,
        fingerprint: &str,
    ) -> Result<Option<RoadmapId>, StoreError> {
        let found: Option<uuid::Uuid> = roadmap::Entity::find()
            .select_only()
            .column(roadmap::Column::Id)
            .filter(roadmap::Column::MunicipalityId.eq(municipality.as_uuid()))
            .filter(roadmap::Column::Fingerprint.eq(fingerprint_key(fingerprint)))
            .into_tuple()
            .one(&self.db)
            .await
            .map_err(store_error)?;
        Ok(found.map(RoadmapId::from_uuid))
    }

    async fn current_roadmap(
        &self,
        municipality: MunicipalityId,
        document: &str,
    ) -> Result<Option<Roadmap>, StoreError> {
        let query = roadmap::Entity::find()
            .filter(roadmap::Column::MunicipalityId.eq(municipality.as_uuid()))
            .filter(roadmap::Column::DocumentKey.eq(fingerprint_key(document)));
        Ok(self.with_measures(query).await?.pop())
    }

    async fn insert_roadmap(
        &self,
        roadmap: &Roadmap,
        carried: &[ExecutionReport],
        events: &[AuditEvent],
    ) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        if let Some(replaced) = roadmap.versioning.supersedes {
            // Only a current version is replaced: a correction that lost a race to another
            // finds it ended, and tries again against the winner.
            let at = roadmap.recorded_at;
            if !versions::end::<roadmap::Entity>(&txn, ROADMAP_VERSIONS, replaced.as_uuid(), at, None).await? {
                return Err(StoreError::Duplicate { field: "supersedes" });
            }
        }
        roadmap::Entity::insert(roadmap_row(roadmap)).exec_without_returning(&txn).await.map_err(store_error)?;
        let rows = roadmap.measures.iter().map(|m| measure_row(roadmap.id, m));
        crate::batch::insert_all(&txn, rows.collect()).await.map_err(store_error)?;
        for report in carried {
            execution::insert(&txn, report).await?;
        }
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }

    async fn withdraw_roadmap(
        &self,
        id: RoadmapId,
        reason: &str,
        at: DateTime<Utc>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        versions::withdraw::<roadmap::Entity>(&self.db, ROADMAP_VERSIONS, id.as_uuid(), reason, at, events).await
    }

    async fn full_roadmaps(
        &self,
        region: Option<RegionId>,
        municipality: Option<MunicipalityId>,
    ) -> Result<Vec<Roadmap>, StoreError> {
        let mut query = in_force(roadmap::Entity::find(), None);
        if let Some(r) = region {
            query = query.filter(roadmap::Column::RegionId.eq(r.as_uuid()));
        }
        if let Some(m) = municipality {
            query = query.filter(roadmap::Column::MunicipalityId.eq(m.as_uuid()));
        }
        self.with_measures(query).await
    }

    async fn measure_recommendations(&self, roadmap: RoadmapId) -> Result<Vec<(u16, uuid::Uuid)>, StoreError> {
        let rows: Vec<(Option<i32>, uuid::Uuid)> = recommendation::Entity::find()
            .select_only()
            .column(recommendation::Column::MeasurePosition)
            .column(recommendation::Column::Id)
            .filter(recommendation::Column::MeasureRoadmapId.eq(roadmap.as_uuid()))
            // The current version of each report: a replaced one's links were carried over.
            .filter(
                recommendation::Column::CampaignId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(campaign::Column::Id)
                        .from(campaign::Entity)
                        .and_where(campaign::Column::EndedAt.is_null())
                        .to_owned(),
                ),
            )
            .order_by_asc(recommendation::Column::Id)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows.into_iter().filter_map(|(p, id)| Some((u16::try_from(p?).ok()?, id))).collect())
    }

    async fn latest_revision(&self, report: &ExecutionReport) -> Result<u32, StoreError> {
        execution::latest_revision(&self.db, report).await
    }

    async fn insert_report(&self, report: &ExecutionReport, events: &[AuditEvent]) -> Result<(), StoreError> {
        let txn = self.db.begin().await.map_err(store_error)?;
        execution::insert(&txn, report).await?;
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)
    }

    async fn reports(&self, roadmaps: &[RoadmapId]) -> Result<Vec<ExecutionReport>, StoreError> {
        execution::reports(&self.db, roadmaps).await
    }

    async fn report_history(&self, roadmap: RoadmapId, page: PageRequest) -> Result<Page<ExecutionReport>, StoreError> {
        execution::history(&self.db, roadmap, page).await
    }
}
