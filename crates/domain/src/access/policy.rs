//! The access policy. Reads outside the caller's scope are answered as if the record did not
//! exist, so that existence never leaks; a write the caller's role does not allow inside its
//! scope is forbidden.

use super::actor::Actor;
use super::role::Role;
use super::scope::Scope;
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
    /// What a municipality records about its schools: audits, lists, roadmaps.
    MunicipalData {
        region: RegionId,
        municipality: MunicipalityId,
    },
}

impl Target {
    fn as_scope(self) -> Scope {
        match self {
            Self::Region(r) => Scope::Region(r),
            Self::Municipality { region, municipality } | Self::MunicipalData { region, municipality } => {
                Scope::Municipality { region, municipality }
            }
            Self::Organization { region, municipality, organization } => {
                Scope::Organization { region, municipality, organization }
            }
        }
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denied {
    /// No credentials, and the action is not public.
    Unauthenticated,
    /// Outside the caller's scope: answered like a record that does not exist.
    NotFound,
    /// Inside the scope, but the role may not do it.
    Forbidden(String),
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

    /// Whether the caller may read `target`.
    pub fn may_read(&self, target: Target) -> Result<(), Denied> {
        let reach = self.reach()?;
        let visible = match target {
            Target::Region(region) => reach.region.is_none_or(|r| r == region),
            Target::Municipality { region, municipality } | Target::MunicipalData { region, municipality } => {
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
