//! What the registry needs from storage. Persistence implements it; services use it as
//! `Arc<dyn TerritoryRepository>`.

use async_trait::async_trait;

use super::ids::{MunicipalityId, OrganizationId, RegionId};
use super::municipality::{Municipality, MunicipalityFilter};
use super::organization::{Organization, OrganizationFilter};
use super::region::{Region, RegionFilter};
use crate::audit::AuditEvent;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::StoreError;

/// Every write takes the audit event that records it and stores both in one transaction.
#[async_trait]
pub trait TerritoryRepository: Send + Sync {
    async fn insert_region(&self, region: &Region, event: &AuditEvent) -> Result<(), StoreError>;
    async fn update_region(&self, region: &Region, event: &AuditEvent) -> Result<(), StoreError>;
    /// `false` when no such region existed.
    async fn delete_region(&self, id: RegionId, event: &AuditEvent) -> Result<bool, StoreError>;
    async fn region(&self, id: RegionId) -> Result<Option<Region>, StoreError>;
    async fn regions(&self, filter: &RegionFilter, page: PageRequest) -> Result<Page<Region>, StoreError>;
    async fn regions_by_ids(&self, ids: &[RegionId]) -> Result<Vec<Region>, StoreError>;

    async fn insert_municipality(&self, municipality: &Municipality, event: &AuditEvent) -> Result<(), StoreError>;
    async fn update_municipality(&self, municipality: &Municipality, event: &AuditEvent) -> Result<(), StoreError>;
    async fn delete_municipality(&self, id: MunicipalityId, event: &AuditEvent) -> Result<bool, StoreError>;
    async fn municipality(&self, id: MunicipalityId) -> Result<Option<Municipality>, StoreError>;
    async fn municipalities(
        &self,
        filter: &MunicipalityFilter,
        page: PageRequest,
    ) -> Result<Page<Municipality>, StoreError>;
    async fn municipalities_by_ids(&self, ids: &[MunicipalityId]) -> Result<Vec<Municipality>, StoreError>;
    /// All municipalities of the given regions, for nested views.
    async fn municipalities_of_regions(&self, ids: &[RegionId]) -> Result<Vec<Municipality>, StoreError>;

    async fn insert_organization(&self, organization: &Organization, event: &AuditEvent) -> Result<(), StoreError>;
    async fn update_organization(&self, organization: &Organization, event: &AuditEvent) -> Result<(), StoreError>;
    async fn delete_organization(&self, id: OrganizationId, event: &AuditEvent) -> Result<bool, StoreError>;
    async fn organization(&self, id: OrganizationId) -> Result<Option<Organization>, StoreError>;
    async fn organizations(
        &self,
        filter: &OrganizationFilter,
        page: PageRequest,
    ) -> Result<Page<Organization>, StoreError>;
    /// The organizations with these ids that exist.
    async fn organizations_by_ids(&self, ids: &[OrganizationId]) -> Result<Vec<Organization>, StoreError>;
    /// All organizations of the given municipalities, for nested views.
    async fn organizations_of_municipalities(&self, ids: &[MunicipalityId]) -> Result<Vec<Organization>, StoreError>;
    /// How many schools each of the municipalities has, counted by the database; a municipality
    /// without schools is left out.
    async fn school_counts(&self, ids: &[MunicipalityId]) -> Result<Vec<(MunicipalityId, u32)>, StoreError>;
    /// What a reference written in `municipality` can mean: its organizations and the bodies of
    /// its region that belong to no municipality.
    async fn resolution_candidates(&self, municipality: &Municipality) -> Result<Vec<Organization>, StoreError>;
    /// The same for several municipalities at once, in one query.
    async fn candidates_of_municipalities(
        &self,
        municipalities: &[Municipality],
    ) -> Result<Vec<Organization>, StoreError>;
}
