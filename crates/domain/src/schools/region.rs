//! Regions (субъекты РФ).

use super::ids::RegionId;
use super::values::{Name, RegionCode};
use crate::core::validation::ValidationErrors;

/// A region: its two-digit subject code and name («Тверская область», 69).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub id: RegionId,
    pub code: RegionCode,
    pub name: Name,
}

/// A region as a client writes it, before parsing.
#[derive(Debug, Clone, Default)]
pub struct RegionDraft {
    pub code: String,
    pub name: String,
}

/// A checked request to create a region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegion {
    pub code: RegionCode,
    pub name: Name,
}

impl NewRegion {
    pub fn parse(draft: &RegionDraft) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let code = errors.check("code", RegionCode::parse(&draft.code));
        let name = errors.check("name", Name::parse(&draft.name));
        errors.finish(|| Self { code: code.expect("checked"), name: name.expect("checked") })
    }
}

/// Changes to a region; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct RegionPatch {
    pub code: Option<String>,
    pub name: Option<String>,
}

impl Region {
    /// The region with the patch applied, or every field error of the patch.
    pub fn patched(&self, patch: &RegionPatch) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let code = patch.code.as_deref().map(|c| errors.check("code", RegionCode::parse(c)));
        let name = patch.name.as_deref().map(|n| errors.check("name", Name::parse(n)));
        errors.finish(|| Self {
            id: self.id,
            code: code.flatten().unwrap_or(self.code),
            name: name.flatten().unwrap_or_else(|| self.name.clone()),
        })
    }
}

/// Which regions a list returns.
#[derive(Debug, Clone, Default)]
pub struct RegionFilter {
    /// The caller's reach; set by the service, never by the client.
    pub reach: crate::access::Reach,
    /// Folded text that the name or code must contain.
    pub search: Option<String>,
}
