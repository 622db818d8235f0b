//! Territorial scopes. A scope carries its ancestors (a municipality's region, a school's
//! municipality and region) so that a decision never needs another lookup.

use crate::schools::{MunicipalityId, OrganizationId, RegionId};

/// Where a principal acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    Everywhere,
    Region(RegionId),
    Municipality {
        region: RegionId,
        municipality: MunicipalityId,
    },
    /// `municipality` is absent for a regional body.
    Organization {
        region: RegionId,
        municipality: Option<MunicipalityId>,
        organization: OrganizationId,
    },
}

/// A scope as clients name it: the level and the id, before the ancestors are looked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeRef {
    Everywhere,
    Region(RegionId),
    Municipality(MunicipalityId),
    Organization(OrganizationId),
}

impl Scope {
    pub fn reference(&self) -> ScopeRef {
        match *self {
            Self::Everywhere => ScopeRef::Everywhere,
            Self::Region(r) => ScopeRef::Region(r),
            Self::Municipality { municipality, .. } => ScopeRef::Municipality(municipality),
            Self::Organization { organization, .. } => ScopeRef::Organization(organization),
        }
    }

    pub fn region(&self) -> Option<RegionId> {
        match *self {
            Self::Everywhere => None,
            Self::Region(region) | Self::Municipality { region, .. } | Self::Organization { region, .. } => {
                Some(region)
            }
        }
    }

    pub fn municipality(&self) -> Option<MunicipalityId> {
        match *self {
            Self::Municipality { municipality, .. } => Some(municipality),
            Self::Organization { municipality, .. } => municipality,
            _ => None,
        }
    }

    pub fn organization(&self) -> Option<OrganizationId> {
        match *self {
            Self::Organization { organization, .. } => Some(organization),
            _ => None,
        }
    }

    /// True when `inner` lies within this scope (a scope contains itself).
    pub fn contains(&self, inner: &Scope) -> bool {
        match *self {
            Self::Everywhere => true,
            Self::Region(r) => inner.region() == Some(r),
            Self::Municipality { municipality, .. } => inner.municipality() == Some(municipality),
            Self::Organization { organization, .. } => inner.organization() == Some(organization),
        }
    }

    /// `level:id`, as tokens and logs write it.
    pub fn label(&self) -> String {
        match self.reference() {
            ScopeRef::Everywhere => "everywhere".to_owned(),
            ScopeRef::Region(id) => format!("region:{id}"),
            ScopeRef::Municipality(id) => format!("municipality:{id}"),
            ScopeRef::Organization(id) => format!("organization:{id}"),
        }
    }
}

impl ScopeRef {
    /// Reads `everywhere`, `region:<uuid>`, `municipality:<uuid>` or `organization:<uuid>`.
    pub fn parse(text: &str) -> Option<Self> {
        if text == "everywhere" {
            return Some(Self::Everywhere);
        }
        let (level, id) = text.split_once(':')?;
        let id = uuid::Uuid::parse_str(id).ok()?;
        Some(match level {
            "region" => Self::Region(RegionId::from_uuid(id)),
            "municipality" => Self::Municipality(MunicipalityId::from_uuid(id)),
            "organization" => Self::Organization(OrganizationId::from_uuid(id)),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_contains_its_municipalities_and_schools_but_not_another_region() {
        let (r, other) = (RegionId::generate(), RegionId::generate());
        let m = MunicipalityId::generate();
        let region = Scope::Region(r);
        assert!(region.contains(&Scope::Municipality { region: r, municipality: m }));
        assert!(!region.contains(&Scope::Region(other)));
        assert!(!Scope::Municipality { region: r, municipality: m }.contains(&region));
        assert!(Scope::Everywhere.contains(&region));
    }

    #[test]
    fn scope_labels_parse_back() {
        let r = RegionId::generate();
        assert_eq!(ScopeRef::parse(&Scope::Region(r).label()), Some(ScopeRef::Region(r)));
        assert_eq!(ScopeRef::parse("everywhere"), Some(ScopeRef::Everywhere));
        assert_eq!(ScopeRef::parse("district:1"), None);
    }
}
