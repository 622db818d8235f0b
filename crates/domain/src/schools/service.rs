//! The registry's use cases. REST, GraphQL, imports and the CLI all come through here.

use std::sync::Arc;

use super::error::TerritoryError;
use super::ids::{MunicipalityId, OrganizationId, RegionId};
use super::municipality::{Municipality, MunicipalityFilter, MunicipalityPatch, NewMunicipality};
use super::organization::{NewOrganization, Organization, OrganizationFilter, OrganizationPatch};
use super::ports::TerritoryRepository;
use super::reference::SchoolRef;
use super::region::{NewRegion, Region, RegionFilter, RegionPatch};
use super::resolve::{Resolution, resolve};
use crate::actor::Actor;
use crate::error::ValidationErrors;
use crate::page::{Page, PageRequest};

/// Territory registry operations. Every method takes the caller first: access rules by
/// territory are decided here, once, for every protocol.
#[derive(Clone)]
pub struct TerritoryService {
    repo: Arc<dyn TerritoryRepository>,
}

impl std::fmt::Debug for TerritoryService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerritoryService").finish_non_exhaustive()
    }
}

type Result<T> = std::result::Result<T, TerritoryError>;

impl TerritoryService {
    pub fn new(repo: Arc<dyn TerritoryRepository>) -> Self {
        Self { repo }
    }

    // Regions.

    pub async fn create_region(&self, _actor: &Actor, new: NewRegion) -> Result<Region> {
        let region = Region { id: RegionId::generate(), code: new.code, name: new.name };
        self.repo.insert_region(&region).await.map_err(TerritoryError::store("region", region.id))?;
        Ok(region)
    }

    pub async fn region(&self, _actor: &Actor, id: RegionId) -> Result<Region> {
        self.repo.region(id).await?.ok_or_else(|| TerritoryError::not_found("region", id))
    }

    pub async fn regions(&self, _actor: &Actor, filter: &RegionFilter, page: PageRequest) -> Result<Page<Region>> {
        Ok(self.repo.regions(filter, page).await?)
    }

    pub async fn regions_by_ids(&self, _actor: &Actor, ids: &[RegionId]) -> Result<Vec<Region>> {
        Ok(self.repo.regions_by_ids(ids).await?)
    }

    pub async fn update_region(&self, actor: &Actor, id: RegionId, patch: &RegionPatch) -> Result<Region> {
        let updated = self.region(actor, id).await?.patched(patch)?;
        self.repo.update_region(&updated).await.map_err(TerritoryError::store("region", id))?;
        Ok(updated)
    }

    pub async fn delete_region(&self, _actor: &Actor, id: RegionId) -> Result<()> {
        let deleted = self.repo.delete_region(id).await.map_err(TerritoryError::store("region", id))?;
        if deleted { Ok(()) } else { Err(TerritoryError::not_found("region", id)) }
    }

    // Municipalities.

    pub async fn create_municipality(&self, _actor: &Actor, new: NewMunicipality) -> Result<Municipality> {
        if self.repo.region(new.region_id).await?.is_none() {
            return Err(unknown("regionId", "region", new.region_id));
        }
        let municipality = Municipality {
            id: MunicipalityId::generate(),
            region_id: new.region_id,
            name: new.name,
            kind: new.kind,
            oktmo: new.oktmo,
        };
        self.repo
            .insert_municipality(&municipality)
            .await
            .map_err(TerritoryError::store("municipality", municipality.id))?;
        Ok(municipality)
    }

    pub async fn municipality(&self, _actor: &Actor, id: MunicipalityId) -> Result<Municipality> {
        self.repo.municipality(id).await?.ok_or_else(|| TerritoryError::not_found("municipality", id))
    }

    pub async fn municipalities(
        &self,
        _actor: &Actor,
        filter: &MunicipalityFilter,
        page: PageRequest,
    ) -> Result<Page<Municipality>> {
        Ok(self.repo.municipalities(filter, page).await?)
    }

    pub async fn municipalities_by_ids(&self, _actor: &Actor, ids: &[MunicipalityId]) -> Result<Vec<Municipality>> {
        Ok(self.repo.municipalities_by_ids(ids).await?)
    }

    pub async fn municipalities_of_regions(&self, _actor: &Actor, ids: &[RegionId]) -> Result<Vec<Municipality>> {
        Ok(self.repo.municipalities_of_regions(ids).await?)
    }

    pub async fn update_municipality(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        patch: &MunicipalityPatch,
    ) -> Result<Municipality> {
        let updated = self.municipality(actor, id).await?.patched(patch)?;
        self.repo.update_municipality(&updated).await.map_err(TerritoryError::store("municipality", id))?;
        Ok(updated)
    }

    pub async fn delete_municipality(&self, _actor: &Actor, id: MunicipalityId) -> Result<()> {
        let deleted = self.repo.delete_municipality(id).await.map_err(TerritoryError::store("municipality", id))?;
        if deleted { Ok(()) } else { Err(TerritoryError::not_found("municipality", id)) }
    }

    // Organizations.

    pub async fn create_organization(&self, _actor: &Actor, new: NewOrganization) -> Result<Organization> {
        let region_id = self.placement(new.region_id, new.municipality_id).await?;
        let f = new.fields;
        let organization = Organization {
            id: OrganizationId::generate(),
            region_id,
            municipality_id: new.municipality_id,
            kind: f.kind,
            legal_form: f.legal_form,
            number: f.number,
            name: f.name,
            short_name: f.short_name,
            honorary_name: f.honorary_name,
            aliases: f.aliases,
            inn: f.inn,
            ogrn: f.ogrn,
            fis_oko_login: f.fis_oko_login,
            is_small: f.is_small,
        };
        self.repo
            .insert_organization(&organization)
            .await
            .map_err(TerritoryError::store("organization", organization.id))?;
        Ok(organization)
    }

    pub async fn organization(&self, _actor: &Actor, id: OrganizationId) -> Result<Organization> {
        self.repo.organization(id).await?.ok_or_else(|| TerritoryError::not_found("organization", id))
    }

    pub async fn organizations(
        &self,
        _actor: &Actor,
        filter: &OrganizationFilter,
        page: PageRequest,
    ) -> Result<Page<Organization>> {
        Ok(self.repo.organizations(filter, page).await?)
    }

    pub async fn organizations_of_municipalities(
        &self,
        _actor: &Actor,
        ids: &[MunicipalityId],
    ) -> Result<Vec<Organization>> {
        Ok(self.repo.organizations_of_municipalities(ids).await?)
    }

    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: OrganizationId,
        patch: &OrganizationPatch,
    ) -> Result<Organization> {
        let current = self.organization(actor, id).await?;
        let mut updated = current.patched(patch)?;
        if let Some(Some(municipality)) = patch.municipality_id {
            updated.region_id = self.placement(None, Some(municipality)).await?;
        }
        self.repo.update_organization(&updated).await.map_err(TerritoryError::store("organization", id))?;
        Ok(updated)
    }

    pub async fn delete_organization(&self, _actor: &Actor, id: OrganizationId) -> Result<()> {
        let deleted = self.repo.delete_organization(id).await.map_err(TerritoryError::store("organization", id))?;
        if deleted { Ok(()) } else { Err(TerritoryError::not_found("organization", id)) }
    }

    /// Resolves a human reference written in a municipality's documents to one organization.
    pub async fn resolve_reference(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        text: &str,
    ) -> Result<(SchoolRef, Organization)> {
        let municipality = self.municipality(actor, municipality).await?;
        let reference = SchoolRef::parse(text)?;
        let candidates = self.repo.resolution_candidates(&municipality).await?;
        match resolve(&reference, &candidates, municipality.id) {
            Resolution::Resolved(id) => {
                let found = candidates.into_iter().find(|o| o.id == id).expect("resolved among the candidates");
                Ok((reference, found))
            }
            Resolution::Ambiguous(ids) => Err(TerritoryError::AmbiguousReference {
                text: reference.original().to_owned(),
                candidates: candidates.into_iter().filter(|o| ids.contains(&o.id)).collect(),
            }),
            Resolution::NotFound => Err(TerritoryError::ReferenceNotFound { text: reference.original().to_owned() }),
        }
    }

    /// The region an organization sits in: the municipality's when one is given (and it must
    /// agree with an explicit region), else the explicit region, which must exist.
    async fn placement(&self, region: Option<RegionId>, municipality: Option<MunicipalityId>) -> Result<RegionId> {
        if let Some(mid) = municipality {
            let Some(m) = self.repo.municipality(mid).await? else {
                return Err(unknown("municipalityId", "municipality", mid));
            };
            if region.is_some_and(|r| r != m.region_id) {
                return Err(ValidationErrors::single(
                    "regionId",
                    "region_mismatch",
                    format!("municipality {mid} belongs to region {}, not to the region given", m.region_id),
                )
                .into());
            }
            return Ok(m.region_id);
        }
        let rid = region.ok_or_else(|| unknown("regionId", "region", "(none)"))?;
        if self.repo.region(rid).await?.is_none() {
            return Err(unknown("regionId", "region", rid));
        }
        Ok(rid)
    }
}

/// An id in the input that points at nothing: a field error, not a 404 of the request itself.
fn unknown(field: &str, entity: &str, id: impl std::fmt::Display) -> TerritoryError {
    ValidationErrors::single(field, "unknown_reference", format!("no {entity} with id {id}")).into()
}
