//! A municipality's note signature.

use chrono::{DateTime, Utc};

use crate::schools::{MunicipalityId, RegionId};

/// A position and a name, as a note prints them: «Руководитель МКУ МО Северский район «ИМЦ»»,
/// «Ганина Е.В.».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    pub position: String,
    pub name: String,
}

/// How the municipality's notes are approved and signed. Officials' names are public in the
/// documents they sign; no other personal data is held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub municipality_id: MunicipalityId,
    pub region_id: RegionId,
    /// «Утверждаю» at the top right.
    pub approval: Option<Signatory>,
    /// The signature at the end.
    pub signer: Option<Signatory>,
    /// «пгт. Хотынец», under the title.
    pub place: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// The principal's subject.
    pub updated_by: String,
}
