//! The access policy. Reads outside the caller's scope are answered as if the record did not
//! exist, so that existence never leaks; a write the caller's role does not allow inside its
//! scope is forbidden.

use super::actor::Actor;
use super::role::Role;
use super::scope::Scope;
pub use crate::core::error::Denied;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

/// A record an operation touches, with its place in the territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Region(RegionId),
    Municipality {
        region: RegionId,
        municipality: MunicipalityId,
    },
    Organization {
        region: RegionId,
        municipality: Option<MunicipalityId>,
        organization: OrganizationId,
    },
    /// What a municipality records about its schools: audits, roadmaps, programmes, their
    /// execution, campaigns, indicators, notes. Never public.
    MunicipalData {
        region: RegionId,
        municipality: MunicipalityId,
    },
    /// What a municipality publishes: its ШНОР list decisions (orders), and aggregates over its
    /// audits that name no school (prevalence). Public read opens these to anonymous callers.
    PublicRecord {
        region: RegionId,
        municipality: MunicipalityId,
    },
    /// Reference data of a region (its catalogues), or federal reference data with no region.
    ReferenceData {
        region: Option<RegionId>,
    },
}

impl Target {
    fn as_scope(self) -> Scope {
        match self {
            Self::Region(r) | Self::ReferenceData { region: Some(r) } => Scope::Region(r),
            Self::ReferenceData { region: None } => Scope::Everywhere,
            Self::Municipality { region, municipality }
            | Self::MunicipalData { region, municipality }
            | Self::PublicRecord { region, municipality } => Scope::Municipality { region, municipality },
            Self::Organization { region, municipality, organization } => {
                Scope::Organization { region, municipality, organization }
            }
        }
    }
}

/// The part of the territory a caller's lists are cut to; `None` at a level means all of it.
/// Organizations without a municipality (regional bodies) are in reach of everybody in their
/// region: municipalities and schools read the decisions those bodies issue.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reach {
    pub region: Option<RegionId>,
    pub municipality: Option<MunicipalityId>,
    pub organization: Option<OrganizationId>,
}

/// What a caller may do, in the words of `GET /auth/me`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    Read,
    /// Create and change organizations (and, by role, municipalities) in its scope.
    WriteTerritory,
    /// Change its own organization's short name and aliases only.
    UpdateOwnOrganization,
    /// Record audits, lists and other municipal data: imports included.
    WriteData,
    ManagePrincipals,
    ReadAudit,
}

impl Capability {
    pub fn code(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::WriteTerritory => "write_territory",
            Self::UpdateOwnOrganization => "update_own_organization",
            Self::WriteData => "write_data",
            Self::ManagePrincipals => "manage_principals",
            Self::ReadAudit => "read_audit",
        }
    }
}

/// What a municipality keeps, and the authority's own working material: never public, whatever
/// public read says. A service asks before it looks a record up, so that an anonymous caller
/// learns nothing of what exists (401 for everything, never 404 for some).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kept {
    /// Audits and their findings, roadmaps, programmes, campaigns and recommendations, indicator
    /// imports: what a municipality records about its schools.
    MunicipalData,
    /// The indicator catalogue and the watchlist's rule sets.
    WorkingReference,
    /// Who changed a record: even a public record's history names people.
    ChangeHistory,
}

/// Organization fields a role may change: a school keeps its own short name and aliases, a
/// municipality everything but the school's placement (moving a school to another municipality
/// is the region's decision), the region and above everything.
const SCHOOL_FIELDS: &[&str] = &["shortName", "aliases"];
const MUNICIPAL_FIELDS: &[&str] = &[
    "kind",
    "legalForm",
    "number",
    "name",
    "shortName",
    "honoraryName",
    "aliases",
    "inn",
    "ogrn",
    "fisOkoLogin",
    "isSmall",
];

/// What a write does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Write {
    Create,
    Update,
    Delete,
}

impl Actor {
    /// The reach of the caller's lists.
    pub fn reach(&self) -> Result<Reach, Denied> {
        if self.is_anonymous() {
            return if self.public_read { Ok(Reach::default()) } else { Err(Denied::Unauthenticated) };
        }
        Ok(Reach {
            region: self.scope.region(),
            municipality: self.scope.municipality(),
            organization: self.scope.organization(),
        })
    }

    /// Whether the caller may call an operation at all, before anything is looked up: an
    /// anonymous caller only reads, and only when public read is on. Answering 401 to every
    /// other call, whether the record it names exists or not, tells nothing of which ids exist.
    pub fn may_call(&self, reading: bool) -> Result<(), Denied> {
        if self.is_anonymous() && !(reading && self.public_read) {
            return Err(Denied::Unauthenticated);
        }
        Ok(())
    }

    /// Whether the caller may read `target`.
    pub fn may_read(&self, target: Target) -> Result<(), Denied> {
        let reach = self.reach()?;
        if self.is_anonymous() && matches!(target, Target::MunicipalData { .. }) {
            return Err(Denied::Unauthenticated);
        }
        let visible = match target {
            Target::Region(region) => reach.region.is_none_or(|r| r == region),
            Target::ReferenceData { region } => region.is_none_or(|region| reach.region.is_none_or(|r| r == region)),
            Target::Municipality { region, municipality }
            | Target::MunicipalData { region, municipality }
            | Target::PublicRecord { region, municipality } => {
                reach.region.is_none_or(|r| r == region) && reach.municipality.is_none_or(|m| m == municipality)
            }
            Target::Organization { region, municipality, organization } => {
                let regional_body = municipality.is_none();
                reach.region.is_none_or(|r| r == region)
                    && (regional_body || reach.municipality.is_none_or(|m| Some(m) == municipality))
                    && (regional_body || reach.organization.is_none_or(|o| o == organization))
            }
        };
        if visible { Ok(()) } else { Err(Denied::NotFound) }
    }

    /// Whether the caller may read what the municipalities of `region` keep, as a region-wide
    /// view does before it cuts the region to the municipalities the caller reaches: an
    /// anonymous caller is refused rather than answered an empty view.
    pub fn may_read_kept_in(&self, region: RegionId) -> Result<(), Denied> {
        if self.is_anonymous() {
            return Err(Denied::Unauthenticated);
        }
        self.may_read(Target::Region(region))
    }

    /// Whether the caller may see an organization's audit data: its findings, the parameters
    /// present there, its risk profile. The one decision every view that carries such data asks,
    /// whatever else the view shows: a caller sees the findings of the organizations it may read,
    /// never an anonymous caller, and a view answering a narrower caller leaves the others out.
    /// Aggregates that name no organization (counts, shares, prevalence) are not audit data.
    pub fn may_read_findings(&self, organization: Target) -> Result<(), Denied> {
        if self.is_anonymous() {
            return Err(Denied::Unauthenticated);
        }
        match organization {
            Target::Organization { .. } => self.may_read(organization),
            _ => Err(Denied::NotFound),
        }
    }

    /// The reach of the caller's lists of what is [`Kept`], and whether it may read such a record
    /// at all: an anonymous caller never does, public read or not.
    pub fn reach_of(&self, kept: Kept) -> Result<Reach, Denied> {
        match kept {
            Kept::MunicipalData | Kept::WorkingReference | Kept::ChangeHistory if self.is_anonymous() => {
                Err(Denied::Unauthenticated)
            }
            Kept::MunicipalData | Kept::WorkingReference | Kept::ChangeHistory => self.reach(),
        }
    }

    /// Which of an organization's `fields` (as the API names them) the caller's role may not
    /// change, once [`Actor::may_write`] has let it change the organization at all.
    pub fn fields_not_allowed(&self, fields: &[&'static str]) -> Vec<&'static str> {
        let allowed = match self.role {
            Some(Role::School) => SCHOOL_FIELDS,
            Some(Role::Municipal) => MUNICIPAL_FIELDS,
            Some(Role::Admin | Role::Regional | Role::Importer | Role::Analyst) => return Vec::new(),
            None => return fields.to_vec(),
        };
        fields.iter().filter(|f| !allowed.contains(f)).copied().collect()
    }

    /// Whether the caller may revoke a token held by `holder` (a subject as
    /// [`Actor::subject`] writes it): its holder may, and an administrator any.
    pub fn may_revoke(&self, holder: &str) -> Result<(), Denied> {
        match self.role {
            None => Err(Denied::Unauthenticated),
            Some(Role::Admin) => Ok(()),
            Some(_) if self.subject() == holder => Ok(()),
            Some(_) => Err(Denied::Forbidden("only the token's holder or an administrator may revoke it".into())),
        }
    }

    /// Whether the caller may create, change or delete `target` in the territory registry. A
    /// target to be created does not exist yet: the caller checks that its parent is visible.
    pub fn may_write(&self, write: Write, target: Target) -> Result<(), Denied> {
        let Some(role) = self.role else { return Err(Denied::Unauthenticated) };
        if write != Write::Create {
            self.may_read(target)?;
        }
        let within = self.scope.contains(&target.as_scope());
        let allowed = match (role, target) {
            (Role::Admin, _) => true,
            (Role::Analyst, _) => return Err(Denied::Forbidden("analysts have read-only access".into())),
            (Role::Regional, Target::Region(_)) => write == Write::Update && within,
            (_, Target::Region(_)) => false,
            (Role::Regional | Role::Importer, Target::Municipality { .. }) => within,
            (_, Target::Municipality { .. }) => false,
            (Role::Regional | Role::Importer | Role::Municipal, Target::Organization { .. }) => within,
            (Role::School, Target::Organization { .. }) => write == Write::Update && within,
            (Role::Regional | Role::Importer | Role::Municipal, Target::MunicipalData { .. }) => within,
            (Role::School, Target::MunicipalData { .. }) => false,
            (Role::Regional | Role::Importer | Role::Municipal, Target::PublicRecord { .. }) => within,
            (Role::School, Target::PublicRecord { .. }) => false,
            (Role::Regional, Target::ReferenceData { region: Some(_) }) => within,
            (_, Target::ReferenceData { .. }) => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(Denied::Forbidden(format!("the {} role may not {} this record", role.code(), verb(write))))
        }
    }

    /// Whether the caller may see and manage a principal with `role` in `scope`: administrators
    /// manage everybody, regional users the non-administrators inside their region.
    pub fn may_manage_principal(&self, role: Role, scope: &Scope) -> Result<(), Denied> {
        match self.role {
            None => Err(Denied::Unauthenticated),
            Some(Role::Admin) => Ok(()),
            Some(Role::Regional) if role == Role::Admin || *scope == Scope::Everywhere => {
                Err(Denied::Forbidden("regional users manage non-administrators inside their region".into()))
            }
            Some(Role::Regional) if self.scope.contains(scope) => Ok(()),
            Some(Role::Regional) => Err(Denied::NotFound),
            Some(other) => {
                Err(Denied::Forbidden(format!("the {} role does not manage users or clients", other.code())))
            }
        }
    }

    /// Whether the caller may manage users and clients at all, and in which region: `None`
    /// for everywhere. Which principals exactly is [`Actor::may_manage_principal`]'s answer.
    pub fn may_manage_principals(&self) -> Result<Option<RegionId>, Denied> {
        match self.role {
            None => Err(Denied::Unauthenticated),
            Some(Role::Admin) => Ok(None),
            Some(Role::Regional) => Ok(self.scope.region()),
            Some(other) => {
                Err(Denied::Forbidden(format!("the {} role does not manage users or clients", other.code())))
            }
        }
    }

    /// What the caller may do, as `GET /auth/me` reports it: each capability is the policy's
    /// own answer for a record inside the caller's scope, so the report cannot drift from
    /// what is enforced.
    pub fn capabilities(&self) -> Vec<Capability> {
        if self.is_anonymous() {
            return Vec::new();
        }
        // Placeholders for the ids the scope leaves open: the decisions depend on the scope
        // and the role, and a scope contains every record under it.
        let any = uuid::Uuid::nil();
        let region = self.scope.region().unwrap_or(RegionId::from_uuid(any));
        let municipality = self.scope.municipality().unwrap_or(MunicipalityId::from_uuid(any));
        let organization = Target::Organization {
            region,
            municipality: Some(municipality),
            organization: self.scope.organization().unwrap_or(OrganizationId::from_uuid(any)),
        };
        let mut capabilities = vec![Capability::Read];
        if self.may_write(Write::Create, organization).is_ok() {
            capabilities.push(Capability::WriteTerritory);
        } else if self.may_write(Write::Update, organization).is_ok() {
            capabilities.push(Capability::UpdateOwnOrganization);
        }
        if self.may_write(Write::Create, Target::MunicipalData { region, municipality }).is_ok() {
            capabilities.push(Capability::WriteData);
        }
        if self.may_manage_principals().is_ok() {
            capabilities.push(Capability::ManagePrincipals);
        }
        if self.may_read_audit().is_ok() {
            capabilities.push(Capability::ReadAudit);
        }
        capabilities
    }

    /// Whether the caller may read the audit trail at all; what it sees is cut to its region.
    pub fn may_read_audit(&self) -> Result<Option<RegionId>, Denied> {
        match self.role {
            None => Err(Denied::Unauthenticated),
            Some(Role::Admin) => Ok(self.scope.region()),
            Some(Role::Regional) => Ok(self.scope.region()),
            Some(other) => Err(Denied::Forbidden(format!("the {} role does not read the audit trail", other.code()))),
        }
    }
}

fn verb(write: Write) -> &'static str {
    match write {
        Write::Create => "create",
        Write::Update => "change",
        Write::Delete => "delete",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Principal;

    struct World {
        krasnodar: RegionId,
        tver: RegionId,
        kalininsky_kuban: MunicipalityId,
        seversky: MunicipalityId,
        school_1: OrganizationId,
    }

    fn world() -> World {
        World {
            krasnodar: RegionId::generate(),
            tver: RegionId::generate(),
            kalininsky_kuban: MunicipalityId::generate(),
            seversky: MunicipalityId::generate(),
            school_1: OrganizationId::generate(),
        }
    }

    fn actor(role: Role, scope: Scope) -> Actor {
        Actor::new(Principal::Operator("test".into()), role, scope)
    }

    #[test]
    fn each_role_reports_the_capabilities_the_policy_grants_it() {
        let w = world();
        let municipality = Scope::Municipality { region: w.krasnodar, municipality: w.kalininsky_kuban };
        let school = Scope::Organization {
            region: w.krasnodar,
            municipality: Some(w.kalininsky_kuban),
            organization: w.school_1,
        };
        let codes =
            |role, scope| actor(role, scope).capabilities().into_iter().map(Capability::code).collect::<Vec<_>>();
        assert_eq!(
            codes(Role::Admin, Scope::Everywhere),
            ["read", "write_territory", "write_data", "manage_principals", "read_audit"]
        );
        assert_eq!(
            codes(Role::Regional, Scope::Region(w.krasnodar)),
            ["read", "write_territory", "write_data", "manage_principals", "read_audit"]
        );
        assert_eq!(codes(Role::Municipal, municipality), ["read", "write_territory", "write_data"]);
        assert_eq!(codes(Role::Importer, municipality), ["read", "write_territory", "write_data"]);
        assert_eq!(codes(Role::School, school), ["read", "update_own_organization"], "a school writes no territory");
        assert_eq!(codes(Role::Analyst, Scope::Everywhere), ["read"]);
        assert!(Actor::anonymous(true).capabilities().is_empty());
    }

    #[test]
    fn only_administrators_write_federal_reference_data_and_regional_users_their_regions() {
        let w = world();
        let federal = Target::ReferenceData { region: None };
        let krasnodar = Target::ReferenceData { region: Some(w.krasnodar) };
        let tver = Target::ReferenceData { region: Some(w.tver) };
        assert_eq!(actor(Role::Admin, Scope::Everywhere).may_write(Write::Create, federal), Ok(()));
        let regional = actor(Role::Regional, Scope::Region(w.krasnodar));
        assert!(matches!(regional.may_write(Write::Create, federal), Err(Denied::Forbidden(_))));
        assert_eq!(regional.may_write(Write::Create, krasnodar), Ok(()));
        assert!(regional.may_write(Write::Update, tver).is_err());
        let municipal =
            actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.kalininsky_kuban });
        assert!(matches!(municipal.may_write(Write::Create, krasnodar), Err(Denied::Forbidden(_))));
    }

    #[test]
    fn a_municipal_operator_sees_its_municipality_its_region_and_the_regional_bodies_only() {
        let w = world();
        let municipal =
            actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.kalininsky_kuban });
        let own_school = Target::Organization {
            region: w.krasnodar,
            municipality: Some(w.kalininsky_kuban),
            organization: w.school_1,
        };
        let neighbour = Target::Organization {
            region: w.krasnodar,
            municipality: Some(w.seversky),
            organization: OrganizationId::generate(),
        };
        let regional_body =
            Target::Organization { region: w.krasnodar, municipality: None, organization: OrganizationId::generate() };
        assert_eq!(municipal.may_read(own_school), Ok(()));
        assert_eq!(municipal.may_read(regional_body), Ok(()));
        assert_eq!(municipal.may_read(Target::Region(w.krasnodar)), Ok(()));
        assert_eq!(municipal.may_read(neighbour), Err(Denied::NotFound));
        assert_eq!(municipal.may_read(Target::Region(w.tver)), Err(Denied::NotFound));
        assert_eq!(municipal.may_write(Write::Update, own_school), Ok(()));
        assert!(matches!(municipal.may_write(Write::Update, regional_body), Err(Denied::Forbidden(_))));
        assert_eq!(municipal.may_write(Write::Update, neighbour), Err(Denied::NotFound));
    }

    #[test]
    fn an_analyst_reads_but_never_writes() {
        let w = world();
        let analyst = actor(Role::Analyst, Scope::Region(w.krasnodar));
        let target = Target::Municipality { region: w.krasnodar, municipality: w.seversky };
        assert_eq!(analyst.may_read(target), Ok(()));
        assert!(matches!(analyst.may_write(Write::Update, target), Err(Denied::Forbidden(_))));
    }

    #[test]
    fn a_school_changes_only_its_own_record() {
        let w = world();
        let scope = Scope::Organization {
            region: w.krasnodar,
            municipality: Some(w.kalininsky_kuban),
            organization: w.school_1,
        };
        let school = actor(Role::School, scope);
        let own = Target::Organization {
            region: w.krasnodar,
            municipality: Some(w.kalininsky_kuban),
            organization: w.school_1,
        };
        assert_eq!(school.may_write(Write::Update, own), Ok(()));
        assert!(matches!(school.may_write(Write::Delete, own), Err(Denied::Forbidden(_))));
        let sibling = Target::Organization {
            region: w.krasnodar,
            municipality: Some(w.kalininsky_kuban),
            organization: OrganizationId::generate(),
        };
        assert_eq!(school.may_read(sibling), Err(Denied::NotFound));
    }

    #[test]
    fn anonymous_callers_read_only_when_public_read_is_on() {
        let w = world();
        assert_eq!(Actor::anonymous(false).may_read(Target::Region(w.tver)), Err(Denied::Unauthenticated));
        assert_eq!(Actor::anonymous(true).may_read(Target::Region(w.tver)), Ok(()));
        assert_eq!(
            Actor::anonymous(true).may_write(Write::Update, Target::Region(w.tver)),
            Err(Denied::Unauthenticated)
        );
    }

    #[test]
    fn public_read_opens_published_records_but_never_what_a_municipality_keeps_or_a_schools_findings() {
        let w = world();
        let published = Target::PublicRecord { region: w.krasnodar, municipality: w.seversky };
        let kept = Target::MunicipalData { region: w.krasnodar, municipality: w.seversky };
        let school =
            Target::Organization { region: w.krasnodar, municipality: Some(w.seversky), organization: w.school_1 };
        let public = Actor::anonymous(true);
        assert_eq!(public.may_read(published), Ok(()));
        assert_eq!(public.may_read(school), Ok(()), "the registry is public");
        assert_eq!(public.may_read(kept), Err(Denied::Unauthenticated));
        assert_eq!(public.may_read_findings(school), Err(Denied::Unauthenticated));
        assert_eq!(Actor::anonymous(false).may_read(published), Err(Denied::Unauthenticated));
        assert_eq!(public.may_read_kept_in(w.krasnodar), Err(Denied::Unauthenticated));
        let regional = actor(Role::Regional, Scope::Region(w.krasnodar));
        assert_eq!(regional.may_read_kept_in(w.krasnodar), Ok(()));
        assert_eq!(regional.may_read_kept_in(w.tver), Err(Denied::NotFound));
    }

    #[test]
    fn a_school_sees_its_own_findings_and_no_siblings() {
        let w = world();
        let own =
            Target::Organization { region: w.krasnodar, municipality: Some(w.seversky), organization: w.school_1 };
        let sibling = Target::Organization {
            region: w.krasnodar,
            municipality: Some(w.seversky),
            organization: OrganizationId::generate(),
        };
        let Target::Organization { region, municipality, organization } = own else { unreachable!() };
        let school = actor(Role::School, Scope::Organization { region, municipality, organization });
        assert_eq!(school.may_read_findings(own), Ok(()));
        assert_eq!(school.may_read_findings(sibling), Err(Denied::NotFound));
        let municipal = actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.seversky });
        assert_eq!(municipal.may_read_findings(sibling), Ok(()));
        let elsewhere =
            actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.kalininsky_kuban });
        assert_eq!(elsewhere.may_read_findings(own), Err(Denied::NotFound));
    }

    #[test]
    fn an_anonymous_caller_only_reads_and_only_with_public_read() {
        assert_eq!(Actor::anonymous(true).may_call(true), Ok(()));
        assert_eq!(Actor::anonymous(true).may_call(false), Err(Denied::Unauthenticated));
        assert_eq!(Actor::anonymous(false).may_call(true), Err(Denied::Unauthenticated));
        assert_eq!(actor(Role::Analyst, Scope::Everywhere).may_call(false), Ok(()), "the role decides later");
    }

    #[test]
    fn what_a_municipality_keeps_is_never_public() {
        let w = world();
        for kept in [Kept::MunicipalData, Kept::WorkingReference, Kept::ChangeHistory] {
            assert_eq!(Actor::anonymous(true).reach_of(kept), Err(Denied::Unauthenticated));
            let municipal =
                actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.seversky });
            assert_eq!(
                municipal.reach_of(kept),
                Ok(Reach { region: Some(w.krasnodar), municipality: Some(w.seversky), organization: None })
            );
        }
    }

    #[test]
    fn a_school_changes_its_short_name_and_aliases_and_a_municipality_never_moves_a_school() {
        let w = world();
        let fields = ["municipalityId", "name", "shortName", "aliases", "inn"];
        let school = actor(
            Role::School,
            Scope::Organization { region: w.krasnodar, municipality: Some(w.seversky), organization: w.school_1 },
        );
        assert_eq!(school.fields_not_allowed(&fields), ["municipalityId", "name", "inn"]);
        let municipal = actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.seversky });
        assert_eq!(municipal.fields_not_allowed(&fields), ["municipalityId"]);
        assert!(actor(Role::Regional, Scope::Region(w.krasnodar)).fields_not_allowed(&fields).is_empty());
        assert_eq!(Actor::anonymous(true).fields_not_allowed(&fields), fields);
    }

    #[test]
    fn a_token_is_revoked_by_its_holder_or_an_administrator() {
        let w = world();
        let municipal = actor(Role::Municipal, Scope::Municipality { region: w.krasnodar, municipality: w.seversky });
        assert_eq!(municipal.may_revoke(&municipal.subject()), Ok(()));
        assert!(matches!(municipal.may_revoke("user:someone-else"), Err(Denied::Forbidden(_))));
        assert_eq!(actor(Role::Admin, Scope::Everywhere).may_revoke("user:someone-else"), Ok(()));
        assert_eq!(Actor::anonymous(true).may_revoke("anonymous"), Err(Denied::Unauthenticated));
    }

    #[test]
    fn regional_users_manage_principals_inside_their_region_only() {
        let w = world();
        let regional = actor(Role::Regional, Scope::Region(w.krasnodar));
        let inside = Scope::Municipality { region: w.krasnodar, municipality: w.seversky };
        assert_eq!(regional.may_manage_principal(Role::Municipal, &inside), Ok(()));
        assert!(matches!(regional.may_manage_principal(Role::Admin, &inside), Err(Denied::Forbidden(_))));
        assert_eq!(regional.may_manage_principal(Role::Regional, &Scope::Region(w.tver)), Err(Denied::NotFound));
        let municipal = actor(Role::Municipal, inside);
        assert!(matches!(municipal.may_manage_principal(Role::School, &inside), Err(Denied::Forbidden(_))));
    }
}
