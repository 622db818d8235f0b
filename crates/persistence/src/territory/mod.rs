//! The territory registry's repository over sea-orm.

mod memo;
mod rows;

use std::collections::HashSet;

use async_trait::async_trait;
use opora_domain::audit::AuditEvent;
use opora_domain::schools::ports::TerritoryRepository;
use opora_domain::schools::{
    Municipality, MunicipalityFilter, MunicipalityId, Organization, OrganizationFilter, OrganizationId,
    OrganizationKind, Region, RegionFilter, RegionId,
};
use opora_domain::{Page, PageRequest, StoreError};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};

pub use self::memo::with_request_memo;
use self::rows::*;
use crate::Database;
use crate::audit_trail::record;
use crate::entities::{municipality, organization, region};
use crate::errors::store_error;

/// Implements [`TerritoryRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaTerritoryRepository {
    db: Database,
}

impl SeaTerritoryRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

/// A LIKE pattern that finds `text` anywhere, with the wildcards of the text itself escaped.
fn contains(text: &str) -> LikeExpr {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

fn page_of<T>(rows: Vec<T>, page: PageRequest, id: impl Fn(&T) -> uuid::Uuid) -> Page<T> {
    Page::from_overfetch(rows, page.limit(), id)
}

fn convert<R, T>(rows: Vec<R>, f: impl Fn(R) -> Result<T, StoreError>) -> Result<Vec<T>, StoreError> {
    rows.into_iter().map(f).collect()
}

#[async_trait]
impl TerritoryRepository for SeaTerritoryRepository {
    async fn insert_region(&self, r: &Region, event: &AuditEvent) -> Result<(), StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        region::Entity::insert(region_row(r, true)).exec_without_returning(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn update_region(&self, r: &Region, event: &AuditEvent) -> Result<(), StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        region::Entity::update(region_row(r, false)).exec(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn delete_region(&self, id: RegionId, event: &AuditEvent) -> Result<bool, StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        // The event first: a stale revision is refused before the references are.
        record(&txn, event).await?;
        let result = region::Entity::delete_by_id(id.as_uuid()).exec(&txn).await.map_err(store_error)?;
        if result.rows_affected == 0 {
            return Ok(false);
        }
        txn.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn region(&self, id: RegionId) -> Result<Option<Region>, StoreError> {
        memo::read(|m| &mut m.regions, id, async {
            let row = region::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?;
            row.map(region_from_row).transpose()
        })
        .await
    }

    async fn regions(&self, filter: &RegionFilter, page: PageRequest) -> Result<Page<Region>, StoreError> {
        let mut query = region::Entity::find().order_by_asc(region::Column::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(region::Column::Id.gt(after));
        }
        if let Some(region) = filter.reach.region {
            query = query.filter(region::Column::Id.eq(region.as_uuid()));
        }
        if let Some(search) = &filter.search {
            query = query.filter(
                Condition::any()
                    .add(Expr::col(region::Column::NameKey).like(contains(search)))
                    .add(region::Column::Code.eq(search.as_str())),
            );
        }
        let rows = convert(query.all(&self.db).await.map_err(store_error)?, region_from_row)?;
        Ok(page_of(rows, page, |r| r.id.as_uuid()))
    }

    async fn regions_by_ids(&self, ids: &[RegionId]) -> Result<Vec<Region>, StoreError> {
        let rows = region::Entity::find()
            .filter(region::Column::Id.is_in(ids.iter().map(RegionId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(store_error)?;
        convert(rows, region_from_row)
    }

    async fn insert_municipality(&self, m: &Municipality, event: &AuditEvent) -> Result<(), StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        municipality::Entity::insert(municipality_row(m, true))
            .exec_without_returning(&txn)
            .await
            .map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn update_municipality(&self, m: &Municipality, event: &AuditEvent) -> Result<(), StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        municipality::Entity::update(municipality_row(m, false)).exec(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn delete_municipality(&self, id: MunicipalityId, event: &AuditEvent) -> Result<bool, StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        // The event first: a stale revision is refused before the references are.
        record(&txn, event).await?;
        let result = municipality::Entity::delete_by_id(id.as_uuid()).exec(&txn).await.map_err(store_error)?;
        if result.rows_affected == 0 {
            return Ok(false);
        }
        txn.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn municipality(&self, id: MunicipalityId) -> Result<Option<Municipality>, StoreError> {
        memo::read(|m| &mut m.municipalities, id, async {
            let row = municipality::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?;
            row.map(municipality_from_row).transpose()
        })
        .await
    }

    async fn municipalities(
        &self,
        filter: &MunicipalityFilter,
        page: PageRequest,
    ) -> Result<Page<Municipality>, StoreError> {
        let mut query =
            municipality::Entity::find().order_by_asc(municipality::Column::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(municipality::Column::Id.gt(after));
        }
        if let Some(region) = filter.region_id {
            query = query.filter(municipality::Column::RegionId.eq(region.as_uuid()));
        }
        if let Some(region) = filter.reach.region {
            query = query.filter(municipality::Column::RegionId.eq(region.as_uuid()));
        }
        if let Some(municipality) = filter.reach.municipality {
            query = query.filter(municipality::Column::Id.eq(municipality.as_uuid()));
        }
        if let Some(search) = &filter.search {
            query = query.filter(Expr::col(municipality::Column::NameKey).like(contains(search)));
        }
        let rows = convert(query.all(&self.db).await.map_err(store_error)?, municipality_from_row)?;
        Ok(page_of(rows, page, |m| m.id.as_uuid()))
    }

    async fn municipalities_by_ids(&self, ids: &[MunicipalityId]) -> Result<Vec<Municipality>, StoreError> {
        let rows = municipality::Entity::find()
            .filter(municipality::Column::Id.is_in(ids.iter().map(MunicipalityId::as_uuid)))
            .all(&self.db)
            .await
            .map_err(store_error)?;
        convert(rows, municipality_from_row)
    }

    async fn municipalities_of_regions(&self, ids: &[RegionId]) -> Result<Vec<Municipality>, StoreError> {
        let rows = municipality::Entity::find()
            .filter(municipality::Column::RegionId.is_in(ids.iter().map(RegionId::as_uuid)))
            .order_by_asc(municipality::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        convert(rows, municipality_from_row)
    }

    async fn insert_organization(&self, o: &Organization, event: &AuditEvent) -> Result<(), StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        organization::Entity::insert(organization_row(o, true))
            .exec_without_returning(&txn)
            .await
            .map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn update_organization(&self, o: &Organization, event: &AuditEvent) -> Result<(), StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        organization::Entity::update(organization_row(o, false)).exec(&txn).await.map_err(store_error)?;
        record(&txn, event).await?;
        txn.commit().await.map_err(store_error)
    }

    async fn delete_organization(&self, id: OrganizationId, event: &AuditEvent) -> Result<bool, StoreError> {
        memo::forget();
        let txn = self.db.begin().await.map_err(store_error)?;
        // The event first: a stale revision is refused before the references are.
        record(&txn, event).await?;
        let result = organization::Entity::delete_by_id(id.as_uuid()).exec(&txn).await.map_err(store_error)?;
        if result.rows_affected == 0 {
            return Ok(false);
        }
        txn.commit().await.map_err(store_error)?;
        Ok(true)
    }

    async fn organization(&self, id: OrganizationId) -> Result<Option<Organization>, StoreError> {
        memo::read(|m| &mut m.organizations, id, async {
            let row = organization::Entity::find_by_id(id.as_uuid()).one(&self.db).await.map_err(store_error)?;
            row.map(organization_from_row).transpose()
        })
        .await
    }

    async fn organizations(
        &self,
        filter: &OrganizationFilter,
        page: PageRequest,
    ) -> Result<Page<Organization>, StoreError> {
        use organization::Column as C;
        let mut query = organization::Entity::find().order_by_asc(C::Id).limit(u64::from(page.limit()) + 1);
        if let Some(after) = page.after() {
            query = query.filter(C::Id.gt(after));
        }
        if let Some(region) = filter.region_id {
            query = query.filter(C::RegionId.eq(region.as_uuid()));
        }
        if let Some(municipality) = filter.municipality_id {
            query = query.filter(C::MunicipalityId.eq(municipality.as_uuid()));
        }
        // Regional bodies (no municipality) are in reach of everybody in their region.
        if let Some(region) = filter.reach.region {
            query = query.filter(C::RegionId.eq(region.as_uuid()));
        }
        if let Some(municipality) = filter.reach.municipality {
            query = query.filter(
                Condition::any().add(C::MunicipalityId.eq(municipality.as_uuid())).add(C::MunicipalityId.is_null()),
            );
        }
        if let Some(organization) = filter.reach.organization {
            query =
                query.filter(Condition::any().add(C::Id.eq(organization.as_uuid())).add(C::MunicipalityId.is_null()));
        }
        if let Some(kind) = filter.kind {
            query = query.filter(C::Kind.eq(kind.code()));
        }
        if let Some(search) = &filter.search {
            query = query.filter(Expr::col(C::SearchText).like(contains(search)));
        }
        let rows = convert(query.all(&self.db).await.map_err(store_error)?, organization_from_row)?;
        Ok(page_of(rows, page, |o| o.id.as_uuid()))
    }

    async fn organizations_by_ids(&self, ids: &[OrganizationId]) -> Result<Vec<Organization>, StoreError> {
        if let Some(known) = memo::organizations(ids) {
            return Ok(known);
        }
        let rows = organization::Entity::find()
            .filter(organization::Column::Id.is_in(ids.iter().map(OrganizationId::as_uuid)))
            .order_by_asc(organization::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        convert(rows, organization_from_row)
    }

    async fn organizations_of_municipalities(&self, ids: &[MunicipalityId]) -> Result<Vec<Organization>, StoreError> {
        let rows = organization::Entity::find()
            .filter(organization::Column::MunicipalityId.is_in(ids.iter().map(MunicipalityId::as_uuid)))
            .order_by_asc(organization::Column::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        convert(rows, organization_from_row)
    }

    async fn school_counts(&self, ids: &[MunicipalityId]) -> Result<Vec<(MunicipalityId, u32)>, StoreError> {
        use organization::Column as C;
        let schools = OrganizationKind::ALL.iter().filter(|k| k.is_school()).map(|k| k.code());
        let rows: Vec<(uuid::Uuid, i64)> = organization::Entity::find()
            .select_only()
            .column(C::MunicipalityId)
            .column_as(C::Id.count(), "schools")
            .filter(C::MunicipalityId.is_in(ids.iter().map(MunicipalityId::as_uuid)))
            .filter(C::Kind.is_in(schools))
            .group_by(C::MunicipalityId)
            .into_tuple()
            .all(&self.db)
            .await
            .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(|(m, n)| (MunicipalityId::from_uuid(m), u32::try_from(n).unwrap_or(u32::MAX)))
            .collect())
    }

    async fn candidates_of_municipalities(&self, ms: &[Municipality]) -> Result<Vec<Organization>, StoreError> {
        use organization::Column as C;
        let regions: HashSet<uuid::Uuid> = ms.iter().map(|m| m.region_id.as_uuid()).collect();
        let rows = organization::Entity::find()
            .filter(
                Condition::any()
                    .add(C::MunicipalityId.is_in(ms.iter().map(|m| m.id.as_uuid())))
                    .add(Condition::all().add(C::MunicipalityId.is_null()).add(C::RegionId.is_in(regions))),
            )
            .order_by_asc(C::Id)
            .all(&self.db)
            .await
            .map_err(store_error)?;
        convert(rows, organization_from_row)
    }

    async fn resolution_candidates(&self, m: &Municipality) -> Result<Vec<Organization>, StoreError> {
        use organization::Column as C;
        memo::read(|memo| &mut memo.candidates, m.id, async {
            let rows =
                organization::Entity::find()
                    .filter(Condition::any().add(C::MunicipalityId.eq(m.id.as_uuid())).add(
                        Condition::all().add(C::MunicipalityId.is_null()).add(C::RegionId.eq(m.region_id.as_uuid())),
                    ))
                    .all(&self.db)
                    .await
                    .map_err(store_error)?;
            let candidates = convert(rows, organization_from_row)?;
            memo::remember(&candidates);
            Ok(candidates)
        })
        .await
    }
}
