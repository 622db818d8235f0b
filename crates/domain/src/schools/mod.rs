//! The territory registry: regions, municipalities and educational organizations, and the
//! resolution of the human references («МБОУ СОШ № 7», «РВСОШ») that tables use for them.

mod audit;
pub(crate) mod ids;
pub(crate) mod kinds;
mod municipality;
mod organization;
pub mod ports;
mod reference;
mod region;
mod resolve;
mod resolver;
mod service;
mod values;

pub use ids::{MunicipalityId, OrganizationId, RegionId};
pub use kinds::{MunicipalityKind, OrganizationKind};
pub use municipality::{Municipality, MunicipalityDraft, MunicipalityFilter, MunicipalityPatch, NewMunicipality};
pub use organization::{NewOrganization, Organization, OrganizationDraft, OrganizationFilter, OrganizationPatch};
pub use reference::{ReferenceError, SchoolRef};
pub use region::{NewRegion, Region, RegionDraft, RegionFilter, RegionPatch};
pub use resolve::{Candidates, Difference, Reading, Resolution, resolve, resolve_text};
pub use resolver::{CellReference, ReferenceResolver};
pub(crate) use service::organization_target;
pub use service::{ResolvedReference, TerritoryService};
pub use values::{FisOkoLogin, Inn, LegalForm, Name, Ogrn, Oktmo, RegionCode, SchoolNumber, ValueError};
