//! Risk-factor catalogues, entry audits and risk profiles, and the reading of the audit table
//! as municipalities write it.

mod draft;
mod import;
mod model;
mod overview;
pub mod ports;
mod school_list;
mod service;
mod table;
mod views;

pub use crate::core::code::{CodeError, CodeExpr, CodeItem, CodeNote, ParameterCode};
pub use crate::core::document::SourceDocument;
pub use draft::{CatalogueContent, CatalogueDraft, OwnerRef};
pub use import::{AuditImport, ImportOutcome, ImportReport};
pub use model::{
    Audit, AuditId, AuditVersion, Catalogue, CatalogueId, CatalogueOwner, Factor, Finding, Parameter, Presence,
};
pub use overview::FactorPrevalence;
pub use school_list::{ListError, ListItem, format_school_list, parse_school_list};
pub use service::{AuditMatrix, FactorsService, MunicipalPrevalence, RiskProfile};
pub use table::{AuditTable, COLUMNS, TableParameter, read_audit_table};
pub use views::{FactorProfile, OrganizationDiff, Prevalence};
