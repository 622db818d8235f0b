//! Municipalities (районы, округа). Identity is the id, never the name: seeds 001 and 002 are
//! both «Калининский район», one in Краснодарский край and one in Тверская область.

use super::ids::{MunicipalityId, RegionId};
use super::kinds::MunicipalityKind;
use super::values::{Name, Oktmo};
use crate::core::validation::ValidationErrors;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub id: MunicipalityId,
    pub region_id: RegionId,
    pub name: Name,
    pub kind: MunicipalityKind,
    pub oktmo: Option<Oktmo>,
}

/// A municipality as a client writes it, before parsing.
#[derive(Debug, Clone)]
pub struct MunicipalityDraft {
    pub region_id: RegionId,
    pub name: String,
    pub kind: MunicipalityKind,
    pub oktmo: Option<String>,
}

/// A checked request to create a municipality.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMunicipality {
    pub region_id: RegionId,
    pub name: Name,
    pub kind: MunicipalityKind,
    pub oktmo: Option<Oktmo>,
}

impl NewMunicipality {
    pub fn parse(draft: &MunicipalityDraft) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = errors.check("name", Name::parse(&draft.name));
        let oktmo = draft.oktmo.as_deref().map(|o| errors.check("oktmo", Oktmo::parse(o)));
        errors.finish(|| Self {
            region_id: draft.region_id,
            name: name.expect("checked"),
            kind: draft.kind,
            oktmo: oktmo.flatten(),
        })
    }
}

/// Changes to a municipality; `None` leaves a field, `Some(None)` clears an optional one. A
/// municipality never moves to another region: that would silently move its schools too.
#[derive(Debug, Clone, Default)]
pub struct MunicipalityPatch {
    pub name: Option<String>,
    pub kind: Option<MunicipalityKind>,
    pub oktmo: Option<Option<String>>,
}

impl Municipality {
    pub fn patched(&self, patch: &MunicipalityPatch) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let name = patch.name.as_deref().map(|n| errors.check("name", Name::parse(n)));
        let oktmo = match &patch.oktmo {
            None => self.oktmo.clone(),
            Some(None) => None,
            Some(Some(o)) => errors.check("oktmo", Oktmo::parse(o)),
        };
        errors.finish(|| Self {
            id: self.id,
            region_id: self.region_id,
            name: name.flatten().unwrap_or_else(|| self.name.clone()),
            kind: patch.kind.unwrap_or(self.kind),
            oktmo,
        })
    }
}

/// Which municipalities a list returns.
#[derive(Debug, Clone, Default)]
pub struct MunicipalityFilter {
    pub region_id: Option<RegionId>,
    /// The caller's reach; set by the service, never by the client.
    pub reach: crate::access::Reach,
    /// Folded text that the name must contain.
    pub search: Option<String>,
}
