//! The registry's use cases. REST, GraphQL, imports and the CLI all come through here: every
//! method takes the caller first and decides there what it may see and do.

use std::collections::HashMap;
use std::sync::Arc;

use super::ids::{MunicipalityId, OrganizationId, RegionId};
use super::municipality::{Municipality, MunicipalityFilter, MunicipalityPatch, NewMunicipality};
use super::organization::{NewOrganization, Organization, OrganizationFilter, OrganizationPatch};
use super::ports::TerritoryRepository;
use super::reference::SchoolRef;
use super::region::{NewRegion, Region, RegionFilter, RegionPatch};
use super::resolve::{Candidates, Reading, Resolution, resolve_text};
use crate::access::{Actor, Denied, Target, Write};
use crate::audit::AuditEvent;
use crate::core::error::ServiceError;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::ValidationErrors;
use crate::core::version::Revision;

/// Territory registry operations.
#[derive(Clone)]
pub struct TerritoryService {
    repo: Arc<dyn TerritoryRepository>,
}

impl std::fmt::Debug for TerritoryService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TerritoryService").finish_non_exhaustive()
    }
}

type Result<T> = std::result::Result<T, ServiceError>;

fn region_target(r: &Region) -> Target {
    Target::Region(r.id)
}

fn municipality_target(m: &Municipality) -> Target {
    Target::Municipality { region: m.region_id, municipality: m.id }
}

pub(crate) fn organization_target(o: &Organization) -> Target {
    Target::Organization { region: o.region_id, municipality: o.municipality_id, organization: o.id }
}

fn unauthenticated(denied: Denied) -> ServiceError {
    match denied {
        Denied::Unauthenticated => ServiceError::Unauthenticated,
        Denied::NotFound | Denied::Forbidden(_) => ServiceError::Internal("a list was refused".into()),
    }
}

/// A reference resolved: what it parses as (when it does), the organization, and how it was
/// read, with what was assumed in words.
#[derive(Debug, Clone)]
pub struct ResolvedReference {
    pub reference: Option<SchoolRef>,
    pub organization: Organization,
    pub reading: Reading,
    pub note: Option<String>,
}

impl TerritoryService {
    pub fn new(repo: Arc<dyn TerritoryRepository>) -> Self {
        Self { repo }
    }

    // Regions.

    pub async fn create_region(&self, actor: &Actor, new: NewRegion) -> Result<Region> {
        let region = Region { id: RegionId::generate(), code: new.code, name: new.name };
        actor.may_write(Write::Create, region_target(&region)).map_err(ServiceError::denied("region", region.id))?;
        let event = AuditEvent::created(actor, &region);
        self.repo.insert_region(&region, &event).await.map_err(ServiceError::store("region", region.id))?;
        Ok(region)
    }

    pub async fn region(&self, actor: &Actor, id: RegionId) -> Result<Region> {
        let region = self.repo.region(id).await?.ok_or_else(|| ServiceError::not_found("region", id))?;
        actor.may_read(region_target(&region)).map_err(ServiceError::denied("region", id))?;
        Ok(region)
    }

    /// A region whose municipalities' kept data the caller may read, as a region-wide view reads
    /// it before cutting it to the municipalities the caller reaches.
    pub async fn region_kept(&self, actor: &Actor, id: RegionId) -> Result<Region> {
        let region = self.region(actor, id).await?;
        actor.may_read_kept_in(id).map_err(ServiceError::denied("region", id))?;
        Ok(region)
    }

    pub async fn regions(&self, actor: &Actor, filter: &RegionFilter, page: PageRequest) -> Result<Page<Region>> {
        let filter = RegionFilter { reach: actor.reach().map_err(unauthenticated)?, ..filter.clone() };
        Ok(self.repo.regions(&filter, page).await?)
    }

    pub async fn regions_by_ids(&self, actor: &Actor, ids: &[RegionId]) -> Result<Vec<Region>> {
        let rows = self.repo.regions_by_ids(ids).await?;
        Ok(rows.into_iter().filter(|r| actor.may_read(region_target(r)).is_ok()).collect())
    }

    pub async fn update_region(
        &self,
        actor: &Actor,
        id: RegionId,
        patch: &RegionPatch,
        expected: Option<Revision>,
    ) -> Result<Region> {
        let current = self.region(actor, id).await?;
        actor.may_write(Write::Update, region_target(&current)).map_err(ServiceError::denied("region", id))?;
        let updated = current.patched(patch)?;
        let event = AuditEvent::updated(actor, &current, &updated, Vec::new()).expecting(expected);
        self.repo.update_region(&updated, &event).await.map_err(ServiceError::store("region", id))?;
        Ok(updated)
    }

    pub async fn delete_region(&self, actor: &Actor, id: RegionId, expected: Option<Revision>) -> Result<()> {
        let current = self.region(actor, id).await?;
        actor.may_write(Write::Delete, region_target(&current)).map_err(ServiceError::denied("region", id))?;
        let event = AuditEvent::deleted(actor, &current).expecting(expected);
        let deleted = self.repo.delete_region(id, &event).await.map_err(ServiceError::store("region", id))?;
        if deleted { Ok(()) } else { Err(ServiceError::not_found("region", id)) }
    }

    // Municipalities.

    pub async fn create_municipality(&self, actor: &Actor, new: NewMunicipality) -> Result<Municipality> {
        self.visible_region(actor, new.region_id).await?;
        let municipality = Municipality {
            id: MunicipalityId::generate(),
            region_id: new.region_id,
            name: new.name,
            kind: new.kind,
            oktmo: new.oktmo,
        };
        actor
            .may_write(Write::Create, municipality_target(&municipality))
            .map_err(ServiceError::denied("municipality", municipality.id))?;
        let event = AuditEvent::created(actor, &municipality);
        self.repo
            .insert_municipality(&municipality, &event)
            .await
            .map_err(ServiceError::store("municipality", municipality.id))?;
        Ok(municipality)
    }

    pub async fn municipality(&self, actor: &Actor, id: MunicipalityId) -> Result<Municipality> {
        let m = self.repo.municipality(id).await?.ok_or_else(|| ServiceError::not_found("municipality", id))?;
        actor.may_read(municipality_target(&m)).map_err(ServiceError::denied("municipality", id))?;
        Ok(m)
    }

    /// A municipality whose kept data (audits, roadmaps, campaigns…) the caller may read.
    pub async fn municipality_kept(&self, actor: &Actor, id: MunicipalityId) -> Result<Municipality> {
        let m = self.municipality(actor, id).await?;
        actor
            .may_read(Target::MunicipalData { region: m.region_id, municipality: id })
            .map_err(ServiceError::denied("municipality", id))?;
        Ok(m)
    }

    pub async fn municipalities(
        &self,
        actor: &Actor,
        filter: &MunicipalityFilter,
        page: PageRequest,
    ) -> Result<Page<Municipality>> {
        let filter = MunicipalityFilter { reach: actor.reach().map_err(unauthenticated)?, ..filter.clone() };
        Ok(self.repo.municipalities(&filter, page).await?)
    }

    pub async fn municipalities_by_ids(&self, actor: &Actor, ids: &[MunicipalityId]) -> Result<Vec<Municipality>> {
        let rows = self.repo.municipalities_by_ids(ids).await?;
        Ok(rows.into_iter().filter(|m| actor.may_read(municipality_target(m)).is_ok()).collect())
    }

    pub async fn municipalities_of_regions(&self, actor: &Actor, ids: &[RegionId]) -> Result<Vec<Municipality>> {
        let rows = self.repo.municipalities_of_regions(ids).await?;
        Ok(rows.into_iter().filter(|m| actor.may_read(municipality_target(m)).is_ok()).collect())
    }

    pub async fn update_municipality(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        patch: &MunicipalityPatch,
        expected: Option<Revision>,
    ) -> Result<Municipality> {
        let current = self.municipality(actor, id).await?;
        actor
            .may_write(Write::Update, municipality_target(&current))
            .map_err(ServiceError::denied("municipality", id))?;
        let updated = current.patched(patch)?;
        let event = AuditEvent::updated(actor, &current, &updated, Vec::new()).expecting(expected);
        self.repo.update_municipality(&updated, &event).await.map_err(ServiceError::store("municipality", id))?;
        Ok(updated)
    }

    pub async fn delete_municipality(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        expected: Option<Revision>,
    ) -> Result<()> {
        let current = self.municipality(actor, id).await?;
        actor
            .may_write(Write::Delete, municipality_target(&current))
            .map_err(ServiceError::denied("municipality", id))?;
        let event = AuditEvent::deleted(actor, &current).expecting(expected);
        let deleted =
            self.repo.delete_municipality(id, &event).await.map_err(ServiceError::store("municipality", id))?;
        if deleted { Ok(()) } else { Err(ServiceError::not_found("municipality", id)) }
    }

    // Organizations.

    pub async fn create_organization(&self, actor: &Actor, new: NewOrganization) -> Result<Organization> {
        let region_id = self.placement(actor, new.region_id, new.municipality_id).await?;
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
        actor
            .may_write(Write::Create, organization_target(&organization))
            .map_err(ServiceError::denied("organization", organization.id))?;
        let event = AuditEvent::created(actor, &organization);
        self.repo
            .insert_organization(&organization, &event)
            .await
            .map_err(ServiceError::store("organization", organization.id))?;
        Ok(organization)
    }

    pub async fn organization(&self, actor: &Actor, id: OrganizationId) -> Result<Organization> {
        let o = self.repo.organization(id).await?.ok_or_else(|| ServiceError::not_found("organization", id))?;
        actor.may_read(organization_target(&o)).map_err(ServiceError::denied("organization", id))?;
        Ok(o)
    }

    pub async fn organizations(
        &self,
        actor: &Actor,
        filter: &OrganizationFilter,
        page: PageRequest,
    ) -> Result<Page<Organization>> {
        let filter = OrganizationFilter { reach: actor.reach().map_err(unauthenticated)?, ..filter.clone() };
        Ok(self.repo.organizations(&filter, page).await?)
    }

    /// The organizations with these ids the caller may see, in one read.
    pub async fn organizations_by_ids(&self, actor: &Actor, ids: &[OrganizationId]) -> Result<Vec<Organization>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.repo.organizations_by_ids(ids).await?;
        Ok(rows.into_iter().filter(|o| actor.may_read(organization_target(o)).is_ok()).collect())
    }

    pub async fn organizations_of_municipalities(
        &self,
        actor: &Actor,
        ids: &[MunicipalityId],
    ) -> Result<Vec<Organization>> {
        let rows = self.repo.organizations_of_municipalities(ids).await?;
        Ok(rows.into_iter().filter(|o| actor.may_read(organization_target(o)).is_ok()).collect())
    }

    /// How many schools each municipality has, as the caller sees them, counted without reading
    /// the schools: a region's overview would otherwise read every organization of the region.
    pub async fn school_counts(
        &self,
        actor: &Actor,
        municipalities: &[Municipality],
    ) -> Result<HashMap<MunicipalityId, u32>> {
        let ids: Vec<MunicipalityId> = municipalities.iter().map(|m| m.id).collect();
        if actor.scope.organization().is_some() {
            // A caller scoped to one school sees that school only: counted from the rows.
            let mut counts = HashMap::new();
            for o in self.organizations_of_municipalities(actor, &ids).await? {
                if let Some(m) = o.municipality_id.filter(|_| o.kind.is_school()) {
                    *counts.entry(m).or_default() += 1;
                }
            }
            return Ok(counts);
        }
        // Anyone else sees every organization of a municipality, or none of it.
        let visible: Vec<MunicipalityId> = municipalities
            .iter()
            .filter(|m| {
                let any = OrganizationId::from_uuid(uuid::Uuid::nil());
                actor
                    .may_read(Target::Organization { region: m.region_id, municipality: Some(m.id), organization: any })
                    .is_ok()
            })
            .map(|m| m.id)
            .collect();
        if visible.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(self.repo.school_counts(&visible).await?.into_iter().collect())
    }

    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: OrganizationId,
        patch: &OrganizationPatch,
        expected: Option<Revision>,
    ) -> Result<Organization> {
        let current = self.organization(actor, id).await?;
        actor
            .may_write(Write::Update, organization_target(&current))
            .map_err(ServiceError::denied("organization", id))?;
        let fields = actor.fields_not_allowed(&patch.fields());
        if !fields.is_empty() {
            let message = format!("your role may not change {}", fields.join(", "));
            return Err(ServiceError::Forbidden { message, fields });
        }
        let mut updated = current.patched(patch)?;
        if let Some(Some(municipality)) = patch.municipality_id {
            updated.region_id = self.placement(actor, None, Some(municipality)).await?;
        }
        // The record as it would be must be the caller's to write too, whatever moved it: an
        // importer of one municipality may not move a school to the region level or elsewhere.
        if let Err(denied) = actor.may_write(Write::Update, organization_target(&updated)) {
            return Err(match denied {
                Denied::Unauthenticated => ServiceError::Unauthenticated,
                Denied::NotFound | Denied::Forbidden(_) => ServiceError::Forbidden {
                    message: "the organization would leave the territory you may write".into(),
                    fields: vec!["municipalityId"],
                },
            });
        }
        let event = AuditEvent::updated(actor, &current, &updated, Vec::new()).expecting(expected);
        self.repo.update_organization(&updated, &event).await.map_err(ServiceError::store("organization", id))?;
        Ok(updated)
    }

    pub async fn delete_organization(
        &self,
        actor: &Actor,
        id: OrganizationId,
        expected: Option<Revision>,
    ) -> Result<()> {
        let current = self.organization(actor, id).await?;
        actor
            .may_write(Write::Delete, organization_target(&current))
            .map_err(ServiceError::denied("organization", id))?;
        let event = AuditEvent::deleted(actor, &current).expecting(expected);
        let deleted =
            self.repo.delete_organization(id, &event).await.map_err(ServiceError::store("organization", id))?;
        if deleted { Ok(()) } else { Err(ServiceError::not_found("organization", id)) }
    }

    /// What a reference written in `municipality` can mean: its organizations and the bodies
    /// of its region, as far as the caller may see them.
    pub async fn resolution_candidates(&self, actor: &Actor, municipality: &Municipality) -> Result<Vec<Organization>> {
        Ok(self
            .repo
            .resolution_candidates(municipality)
            .await?
            .into_iter()
            .filter(|o| actor.may_read(organization_target(o)).is_ok())
            .collect())
    }

    /// [`Self::resolution_candidates`] of several municipalities, read at once.
    pub async fn candidates_of_municipalities(
        &self,
        actor: &Actor,
        municipalities: &[Municipality],
    ) -> Result<Vec<Organization>> {
        if municipalities.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .repo
            .candidates_of_municipalities(municipalities)
            .await?
            .into_iter()
            .filter(|o| actor.may_read(organization_target(o)).is_ok())
            .collect())
    }

    /// Resolves a human reference written in a municipality's documents to one organization.
    pub async fn resolve_reference(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        text: &str,
    ) -> Result<ResolvedReference> {
        let municipality = self.municipality(actor, municipality).await?;
        let candidates: Vec<Organization> = self
            .repo
            .resolution_candidates(&municipality)
            .await?
            .into_iter()
            .filter(|o| actor.may_read(organization_target(o)).is_ok())
            .collect();
        // What the text parses as, when it does: a registered name need not.
        let parsed = SchoolRef::parse(text);
        match resolve_text(text, &Candidates::new(&candidates), municipality.id)? {
            Resolution::Resolved { id, note, reading } => {
                let organization = candidates.into_iter().find(|o| o.id == id).expect("resolved among the candidates");
                Ok(ResolvedReference { reference: parsed.ok(), organization, reading, note })
            }
            Resolution::Ambiguous(ids) => Err(ServiceError::AmbiguousReference {
                text: text.trim().to_owned(),
                candidates: candidates.into_iter().filter(|o| ids.contains(&o.id)).collect(),
            }),
            Resolution::NotFound => Err(ServiceError::ReferenceNotFound { text: text.trim().to_owned() }),
        }
    }

    /// The region an organization sits in: the municipality's when one is given (and it must
    /// agree with an explicit region), else the explicit region. Either must exist and be
    /// visible to the caller; one it cannot see is reported like one that does not exist.
    async fn placement(
        &self,
        actor: &Actor,
        region: Option<RegionId>,
        municipality: Option<MunicipalityId>,
    ) -> Result<RegionId> {
        if let Some(mid) = municipality {
            let m = match self.municipality(actor, mid).await {
                Err(ServiceError::NotFound { .. }) => return Err(unknown("municipalityId", "municipality", mid)),
                other => other?,
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
        self.visible_region(actor, rid).await?;
        Ok(rid)
    }

    /// A region named in the input: absent or invisible is a field error.
    async fn visible_region(&self, actor: &Actor, id: RegionId) -> Result<Region> {
        match self.region(actor, id).await {
            Err(ServiceError::NotFound { .. }) => Err(unknown("regionId", "region", id)),
            other => other,
        }
    }
}

/// An id in the input that points at nothing the caller can see: a field error, not a 404 of
/// the request itself.
fn unknown(field: &str, entity: &str, id: impl std::fmt::Display) -> ServiceError {
    ValidationErrors::single(field, "unknown_reference", format!("no {entity} with id {id}")).into()
}
