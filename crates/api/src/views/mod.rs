//! Output views shared by REST and GraphQL: one type, camelCase on both protocols.

mod kinds;
mod territory;

pub(crate) use kinds::{MunicipalityKind, OrganizationKind};
pub(crate) use territory::{MunicipalityView, OrganizationView, RegionView};
