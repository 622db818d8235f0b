//! Catalogue, audit and import use cases.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::draft::{CatalogueDraft, OwnerRef};
use super::model::{Audit, AuditId, Catalogue, CatalogueId, CatalogueOwner};
use super::ports::FactorsRepository;
use super::views::{OrganizationDiff, Prevalence, diff, prevalence};
use crate::access::{Actor, Kept, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::code::ParameterCode;
use crate::core::error::ServiceError;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::ValidationErrors;
use crate::core::version::Revision;
use crate::schools::{
    Municipality, MunicipalityId, Organization, OrganizationId, RegionId, TerritoryService, organization_target,
};

type Result<T> = std::result::Result<T, ServiceError>;

/// One municipality's prevalence in a region view.
#[derive(Debug, Clone)]
pub struct MunicipalPrevalence {
    /// The municipality's latest audit against the catalogue, or against one with a crosswalk
    /// onto it (its `catalogue_id` tells which), without findings.
    pub audit: Audit,
    pub organizations: u32,
    pub parameters: Vec<(crate::core::code::ParameterCode, u32)>,
}

/// A school's risk profile at an audit.
#[derive(Debug, Clone)]
pub struct RiskProfile {
    pub audit: Audit,
    pub catalogue: Catalogue,
    pub organization: Organization,
    pub factors: Vec<super::views::FactorProfile>,
}

/// The organizations × parameters matrix of an audit and its prevalence.
#[derive(Debug, Clone)]
pub struct AuditMatrix {
    pub audit: Audit,
    pub catalogue: Catalogue,
    /// The schools the audit covers, as far as the caller sees them: the prevalence's
    /// denominator.
    pub organizations: Vec<Organization>,
    /// Other organizations the table named, with what it named about them.
    pub bodies: Vec<Organization>,
    pub prevalence: Prevalence,
}

impl Audited for Catalogue {
    const ENTITY: &'static str = "catalogue";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        match self.owner {
            CatalogueOwner::Federal => (None, None),
            CatalogueOwner::Region(r) => (Some(r), None),
            CatalogueOwner::Municipality { region, municipality } => (Some(region), Some(municipality)),
        }
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("name", AuditValue::Text(self.name.to_string())),
            ("factors", AuditValue::Integer(self.factors.len() as i64)),
            ("parameters", AuditValue::List(self.parameters.iter().map(|p| p.code.to_string()).collect())),
        ]
    }
}

impl Audited for Audit {
    const ENTITY: &'static str = "audit";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("date", AuditValue::Text(self.date.to_string())),
            ("catalogueId", AuditValue::Text(self.catalogue_id.to_string())),
            ("organizations", AuditValue::Integer(self.organizations().len() as i64)),
            ("present", AuditValue::Integer(self.findings.iter().filter(|f| f.present).count() as i64)),
            ("supersedes", AuditValue::text(self.version.supersedes.as_ref())),
            ("withdrawal", AuditValue::text(self.version.withdrawal.as_ref())),
        ]
    }
}

#[derive(Clone)]
pub struct FactorsService {
    pub(super) repo: Arc<dyn FactorsRepository>,
    pub(super) territory: TerritoryService,
}

impl std::fmt::Debug for FactorsService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FactorsService").finish_non_exhaustive()
    }
}

pub(super) fn data_target(m: &Municipality) -> Target {
    Target::MunicipalData { region: m.region_id, municipality: m.id }
}

impl FactorsService {
    pub fn new(repo: Arc<dyn FactorsRepository>, territory: TerritoryService) -> Self {
        Self { repo, territory }
    }

    /// Whether the caller may import an audit table for the municipality: decided before the
    /// upload is read, so that nobody else's file is ever parsed.
    pub async fn may_import(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Municipality> {
        let municipality = self.territory.municipality(actor, municipality).await?;
        actor
            .may_write(Write::Create, data_target(&municipality))
            .map_err(ServiceError::denied("municipality", municipality.id))?;
        Ok(municipality)
    }

    fn may_read_catalogue(actor: &Actor, catalogue: &Catalogue) -> Result<()> {
        let target = match catalogue.owner {
            CatalogueOwner::Federal => {
                return actor.reach().map(|_| ()).map_err(ServiceError::denied("catalogue", catalogue.id));
            }
            CatalogueOwner::Region(r) => Target::Region(r),
            CatalogueOwner::Municipality { region, municipality } => Target::Municipality { region, municipality },
        };
        actor.may_read(target).map_err(ServiceError::denied("catalogue", catalogue.id))
    }

    pub async fn catalogue(&self, actor: &Actor, id: CatalogueId) -> Result<Catalogue> {
        let catalogue = self.repo.catalogue(id).await?.ok_or_else(|| not_found("catalogue", id))?;
        Self::may_read_catalogue(actor, &catalogue)?;
        Ok(catalogue)
    }

    pub async fn catalogues(&self, actor: &Actor, page: PageRequest) -> Result<Page<Catalogue>> {
        let reach = actor.reach().map_err(ServiceError::denied("catalogue", "list"))?;
        Ok(self.repo.catalogues(&reach, page).await?)
    }

    /// Adds a catalogue: federal ones by administrators, regional ones by the region's users,
    /// municipal ones by those who write the municipality's data.
    pub async fn create_catalogue(&self, actor: &Actor, draft: &CatalogueDraft) -> Result<Catalogue> {
        let content = draft.parse()?;
        let owner = match content.owner {
            OwnerRef::Federal => {
                actor
                    .may_write(Write::Create, Target::ReferenceData { region: None })
                    .map_err(ServiceError::denied("catalogue", "federal"))?;
                CatalogueOwner::Federal
            }
            OwnerRef::Region(id) => {
                let region = self.territory.region(actor, id).await.map_err(|e| owner_error(e, "region"))?;
                actor
                    .may_write(Write::Create, Target::ReferenceData { region: Some(region.id) })
                    .map_err(ServiceError::denied("region", region.id))?;
                CatalogueOwner::Region(region.id)
            }
            OwnerRef::Municipality(id) => {
                let m = self.territory.municipality(actor, id).await.map_err(|e| owner_error(e, "municipality"))?;
                actor.may_write(Write::Create, data_target(&m)).map_err(ServiceError::denied("municipality", m.id))?;
                CatalogueOwner::Municipality { region: m.region_id, municipality: m.id }
            }
        };
        let catalogue = Catalogue {
            id: CatalogueId::generate(),
            name: content.name,
            owner,
            version: content.version,
            source: content.source,
            factors: content.factors,
            parameters: content.parameters,
        };
        self.repo.insert_catalogue(&catalogue, &AuditEvent::created(actor, &catalogue)).await?;
        Ok(catalogue)
    }

    /// How the parameters of `from` map onto those of `to` (a municipal parameter onto a federal
    /// risk profile, say).
    pub async fn crosswalk(
        &self,
        actor: &Actor,
        from: CatalogueId,
        to: CatalogueId,
    ) -> Result<Vec<(ParameterCode, ParameterCode)>> {
        self.catalogue(actor, from).await?;
        self.catalogue(actor, to).await?;
        Ok(self.repo.crosswalk(from, to).await?)
    }

    /// Replaces the crosswalk from `from` onto `to`. Every code must exist in its catalogue;
    /// every problem is reported at once. Writing it takes the right to add `from`'s catalogues.
    pub async fn set_crosswalk(
        &self,
        actor: &Actor,
        from: CatalogueId,
        to: CatalogueId,
        pairs: &[(String, String)],
    ) -> Result<Vec<(ParameterCode, ParameterCode)>> {
        let source = self.catalogue(actor, from).await?;
        let target = self.catalogue(actor, to).await?;
        self.may_write_catalogue_of(actor, source.owner).await?;
        let mut errors = ValidationErrors::new();
        let mut parsed = Vec::new();
        for (i, (a, b)) in pairs.iter().enumerate() {
            let code_in = |errors: &mut ValidationErrors, field: String, text: &str, catalogue: &Catalogue| {
                match ParameterCode::parse(text) {
                    Ok(code) if catalogue.parameters.iter().any(|p| p.code == code) => Some(code),
                    Ok(code) => {
                        errors.push(
                            field,
                            "unknown_parameter",
                            format!("{code} is not a parameter of «{}»", catalogue.name),
                        );
                        None
                    }
                    Err(e) => {
                        errors.push(field, crate::core::validation::Coded::code(&e), e.to_string());
                        None
                    }
                }
            };
            let a = code_in(&mut errors, format!("entries[{i}].from"), a, &source);
            let b = code_in(&mut errors, format!("entries[{i}].to"), b, &target);
            if let (Some(a), Some(b)) = (a, b)
                && !parsed.contains(&(a, b))
            {
                parsed.push((a, b));
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let old = self.repo.crosswalk(from, to).await?;
        let text = |pairs: &[(ParameterCode, ParameterCode)]| {
            pairs.iter().map(|(a, b)| format!("{a}→{b}")).collect::<Vec<_>>()
        };
        let mut event = AuditEvent::updated(actor, &source, &source, Vec::new());
        event.changes.push(crate::audit::Change {
            field: format!("crosswalk:{to}").into(),
            old: AuditValue::List(text(&old)),
            new: AuditValue::List(text(&parsed)),
        });
        self.repo.replace_crosswalk(from, to, &parsed, &event).await?;
        Ok(parsed)
    }

    async fn may_write_catalogue_of(&self, actor: &Actor, owner: CatalogueOwner) -> Result<()> {
        let target = match owner {
            CatalogueOwner::Federal => Target::ReferenceData { region: None },
            CatalogueOwner::Region(region) => Target::ReferenceData { region: Some(region) },
            CatalogueOwner::Municipality { region, municipality } => Target::MunicipalData { region, municipality },
        };
        actor.may_write(Write::Update, target).map_err(ServiceError::denied("catalogue", "owner"))
    }

    /// An audit with its findings. Findings name schools, so anonymous callers never read them,
    /// even with public read on: they see the region's prevalence, an aggregate.
    pub async fn audit(&self, actor: &Actor, id: AuditId) -> Result<Audit> {
        actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("audit", id))?;
        let audit = self.repo.audit(id).await?.ok_or_else(|| not_found("audit", id))?;
        actor
            .may_read(Target::MunicipalData { region: audit.region_id, municipality: audit.municipality_id })
            .map_err(ServiceError::denied("audit", id))?;
        Ok(audit)
    }

    /// Withdraws the current version of an audit with a reason: it leaves every view and stays
    /// readable by its id and in its history. Authorized as its import is.
    pub async fn withdraw_audit(
        &self,
        actor: &Actor,
        id: AuditId,
        reason: &str,
        expected: Option<Revision>,
    ) -> Result<Audit> {
        let audit = self.audit(actor, id).await?;
        let municipality = self.territory.municipality(actor, audit.municipality_id).await?;
        actor.may_write(Write::Delete, data_target(&municipality)).map_err(ServiceError::denied("audit", id))?;
        let reason = crate::core::version::reason(reason)?;
        if !audit.is_current() {
            return Err(ServiceError::Conflict(format!("audit {id} is no longer current: it cannot be withdrawn")));
        }
        let at = crate::core::clock::now();
        let mut withdrawn = Audit { findings: Vec::new(), ..audit.clone() };
        withdrawn.version.ended_at = Some(at);
        withdrawn.version.withdrawal = Some(reason.clone());
        let before = Audit { findings: Vec::new(), ..audit };
        let event = AuditEvent::updated(actor, &before, &withdrawn, Vec::new()).expecting(expected);
        let stored = self.repo.withdraw_audit(id, &reason, at, &[event]).await;
        if !stored.map_err(ServiceError::store("audit", id))? {
            return Err(ServiceError::Conflict(format!("audit {id} was ended by another request meanwhile")));
        }
        Ok(withdrawn)
    }

    /// The current audits, or those current at `as_of`.
    pub async fn audits(
        &self,
        actor: &Actor,
        municipality: Option<MunicipalityId>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
        page: PageRequest,
    ) -> Result<Page<Audit>> {
        let reach = actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("audit", "list"))?;
        Ok(self.repo.audits(&reach, municipality, as_of, page).await?)
    }

    /// The organizations of an audit the caller may see, in the audit's order.
    async fn visible_organizations(&self, actor: &Actor, audit: &Audit) -> Result<Vec<Organization>> {
        self.visible(actor, audit, audit.organizations()).await
    }

    /// Those of `named`, organizations of the audit's municipality, whose findings the caller
    /// may see: what a matrix, a diff or a dashboard shows of an audit.
    async fn visible(&self, actor: &Actor, audit: &Audit, named: Vec<OrganizationId>) -> Result<Vec<Organization>> {
        let municipality = self.territory.municipality(actor, audit.municipality_id).await?;
        let known = self.territory.resolution_candidates(actor, &municipality).await?;
        let by_id: HashMap<OrganizationId, &Organization> = known
            .iter()
            .filter(|o| actor.may_read_findings(organization_target(o)).is_ok())
            .map(|o| (o.id, o))
            .collect();
        Ok(named.into_iter().filter_map(|id| by_id.get(&id).map(|o| (*o).clone())).collect())
    }

    pub async fn risk_profile(
        &self,
        actor: &Actor,
        audit: AuditId,
        organization: OrganizationId,
    ) -> Result<RiskProfile> {
        actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("audit", audit))?;
        // The school's findings only: a profile never reads the whole municipality's audit.
        let audit =
            self.repo.audit_of_organization(audit, organization).await?.ok_or_else(|| not_found("audit", audit))?;
        actor
            .may_read(Target::MunicipalData { region: audit.region_id, municipality: audit.municipality_id })
            .map_err(ServiceError::denied("audit", audit.id))?;
        let organization = self.territory.organization(actor, organization).await?;
        actor
            .may_read_findings(organization_target(&organization))
            .map_err(ServiceError::denied("organization", organization.id))?;
        if !audit.organizations().contains(&organization.id) {
            return Err(ServiceError::NotFound {
                entity: "organization in the audit",
                id: organization.id.to_string(),
            });
        }
        let catalogue =
            self.repo.catalogue(audit.catalogue_id).await?.ok_or_else(|| not_found("catalogue", audit.catalogue_id))?;
        let factors = super::views::risk_profile(&catalogue, &audit, organization.id);
        Ok(RiskProfile { audit, catalogue, organization, factors })
    }

    /// The risk profile of `organization` in an audit read for it by [`Self::audits_of_school`],
    /// which has checked the caller: only the catalogue is read.
    pub async fn profile_from(&self, audit: Audit, organization: Organization) -> Result<RiskProfile> {
        let catalogue =
            self.repo.catalogue(audit.catalogue_id).await?.ok_or_else(|| not_found("catalogue", audit.catalogue_id))?;
        let factors = super::views::risk_profile(&catalogue, &audit, organization.id);
        Ok(RiskProfile { audit, catalogue, organization, factors })
    }

    pub async fn matrix(&self, actor: &Actor, audit: AuditId) -> Result<AuditMatrix> {
        let audit = self.audit(actor, audit).await?;
        let population: HashSet<OrganizationId> = audit.population().into_iter().collect();
        let named = audit.organizations();
        self.matrix_of(actor, audit, named, population).await
    }

    /// [`Self::matrix`] of an audit the caller has listed, without its absent findings:
    /// `audit.findings` holds the present ones only, without their evidence. The organizations,
    /// the prevalence and each organization's present parameters equal the full matrix's; a
    /// dashboard reads this, at about a quarter of the rows.
    pub async fn present_matrix(&self, actor: &Actor, listed: Audit) -> Result<AuditMatrix> {
        actor
            .may_read(Target::MunicipalData { region: listed.region_id, municipality: listed.municipality_id })
            .map_err(ServiceError::denied("audit", listed.id))?;
        let (findings, named) = self.repo.audit_presence(listed.id).await?;
        let population = named.iter().filter(|(_, audited)| *audited).map(|(o, _)| *o).collect();
        let named = named.into_iter().map(|(o, _)| o).collect();
        self.matrix_of(actor, Audit { findings, ..listed }, named, population).await
    }

    async fn matrix_of(
        &self,
        actor: &Actor,
        audit: Audit,
        named: Vec<OrganizationId>,
        population: HashSet<OrganizationId>,
    ) -> Result<AuditMatrix> {
        let catalogue =
            self.repo.catalogue(audit.catalogue_id).await?.ok_or_else(|| not_found("catalogue", audit.catalogue_id))?;
        let visible = self.visible(actor, &audit, named).await?;
        let (organizations, bodies): (Vec<Organization>, Vec<Organization>) =
            visible.into_iter().partition(|o| population.contains(&o.id));
        let ids: Vec<OrganizationId> = organizations.iter().map(|o| o.id).collect();
        let body_ids: Vec<OrganizationId> = bodies.iter().map(|o| o.id).collect();
        let prevalence = prevalence(&catalogue, &audit, &ids, &body_ids);
        Ok(AuditMatrix { audit, catalogue, organizations, bodies, prevalence })
    }

    /// Prevalence per municipality of a region for one catalogue, from each municipality's
    /// latest audit against it or against a catalogue with a crosswalk onto it (a municipal
    /// catalogue mapped onto the regional or federal one), so that municipalities whose audits
    /// use catalogues of their own are compared on one. Through a crosswalk, a school counts for
    /// a parameter when any parameter mapped onto it is present there. Municipalities the caller
    /// cannot see are left out.
    pub async fn region_prevalence(
        &self,
        actor: &Actor,
        region: RegionId,
        catalogue: CatalogueId,
    ) -> Result<(Catalogue, Vec<MunicipalPrevalence>)> {
        self.territory.region(actor, region).await?;
        let catalogue = self.catalogue(actor, catalogue).await?;
        let crosswalks: HashMap<CatalogueId, Vec<(ParameterCode, ParameterCode)>> =
            self.repo.crosswalks_onto(catalogue.id).await?.into_iter().collect();
        let catalogues: Vec<CatalogueId> = std::iter::once(catalogue.id).chain(crosswalks.keys().copied()).collect();
        let latest: Vec<Audit> = self
            .repo
            .latest_audits_in_region(region, &catalogues)
            .await?
            .into_iter()
            // Prevalence counts schools and names none: it is published.
            .filter(|a| {
                actor.may_read(Target::PublicRecord { region: a.region_id, municipality: a.municipality_id }).is_ok()
            })
            .collect();
        let ids: Vec<AuditId> = latest.iter().map(|a| a.id).collect();
        let counts = self.repo.prevalence_counts(&ids).await?;
        let mut present: HashMap<(AuditId, ParameterCode), u32> =
            counts.present.iter().map(|(a, code, n)| ((*a, *code), *n)).collect();
        // Audits against another catalogue: their schools' findings, mapped.
        let mapped: Vec<AuditId> = latest.iter().filter(|a| a.catalogue_id != catalogue.id).map(|a| a.id).collect();
        let mut reached: HashMap<(AuditId, ParameterCode), HashSet<OrganizationId>> = HashMap::new();
        let by_audit: HashMap<AuditId, CatalogueId> = latest.iter().map(|a| (a.id, a.catalogue_id)).collect();
        for (audit, school, code) in self.repo.present_at_schools(&mapped).await? {
            let pairs = by_audit.get(&audit).and_then(|c| crosswalks.get(c)).map_or(&[][..], Vec::as_slice);
            for (_, to) in pairs.iter().filter(|(from, _)| *from == code) {
                reached.entry((audit, *to)).or_default().insert(school);
            }
        }
        // Their own counts are of their own catalogue's codes.
        let own: HashSet<AuditId> = mapped.iter().copied().collect();
        present.retain(|(a, _), _| !own.contains(a));
        present
            .extend(reached.into_iter().map(|(key, schools)| (key, u32::try_from(schools.len()).unwrap_or(u32::MAX))));
        let audited: HashMap<AuditId, u32> = counts.organizations.into_iter().collect();
        let rows = latest
            .into_iter()
            .map(|audit| MunicipalPrevalence {
                organizations: audited.get(&audit.id).copied().unwrap_or(0),
                parameters: catalogue
                    .parameters
                    .iter()
                    .map(|p| (p.code, present.get(&(audit.id, p.code)).copied().unwrap_or(0)))
                    .collect(),
                audit,
            })
            .collect();
        Ok((catalogue, rows))
    }

    /// The latest `limit` audits of the school's municipality that found about it, newest
    /// first, each with the school's findings only (a card does not read the municipality's).
    pub async fn audits_of_school(&self, actor: &Actor, school: &Organization, limit: usize) -> Result<Vec<Audit>> {
        actor
            .may_read_findings(organization_target(school))
            .map_err(ServiceError::denied("organization", school.id))?;
        let Some(municipality) = school.municipality_id else { return Ok(Vec::new()) };
        Ok(self.repo.audits_of_organization(municipality, school.id, limit).await?)
    }

    /// What changed for one school between two audits read by [`Self::audits_of_school`].
    pub fn school_diff(earlier: &Audit, later: &Audit, organization: OrganizationId) -> Option<OrganizationDiff> {
        diff(earlier, later).into_iter().find(|d| d.organization == organization)
    }

    /// What changed between two audits of one municipality.
    pub async fn diff(&self, actor: &Actor, earlier: AuditId, later: AuditId) -> Result<Vec<OrganizationDiff>> {
        let (earlier, later) = (self.audit(actor, earlier).await?, self.audit(actor, later).await?);
        if earlier.municipality_id != later.municipality_id {
            return Err(ValidationErrors::single(
                "to",
                "other_municipality",
                "both audits must be of one municipality",
            )
            .into());
        }
        let visible: HashSet<OrganizationId> =
            self.visible_organizations(actor, &later).await?.iter().map(|o| o.id).collect();
        let earlier_visible: HashSet<OrganizationId> =
            self.visible_organizations(actor, &earlier).await?.iter().map(|o| o.id).collect();
        Ok(diff(&earlier, &later)
            .into_iter()
            .filter(|d| visible.contains(&d.organization) || earlier_visible.contains(&d.organization))
            .collect())
    }
}

/// An owner the caller cannot see is a field error, like one that does not exist.
fn owner_error(error: ServiceError, entity: &str) -> ServiceError {
    match error {
        ServiceError::NotFound { id, .. } => {
            ValidationErrors::single("owner.id", "unknown_reference", format!("no {entity} with id {id}")).into()
        }
        other => other,
    }
}

fn not_found(entity: &'static str, id: impl std::fmt::Display) -> ServiceError {
    ServiceError::not_found(entity, id)
}
