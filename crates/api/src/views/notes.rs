//! A municipality's note signature, as clients read it.

use opora_domain::notes::{Signatory, Signature};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::scalars::DateTime;

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "NoteSignatory")]
pub(crate) struct SignatoryView {
    /// «Руководитель МКУ МО Северский район «ИМЦ»».
    pub position: String,
    /// «Ганина Е.В.».
    pub name: String,
}

impl From<&Signatory> for SignatoryView {
    fn from(s: &Signatory) -> Self {
        Self { position: s.position.clone(), name: s.name.clone() }
    }
}

/// How the municipality's notes are approved and signed.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "NoteSignature")]
pub(crate) struct SignatureView {
    pub municipality_id: Uuid,
    /// «Утверждаю» at the top right of a note.
    pub approval: Option<SignatoryView>,
    /// The signature at the end of a note.
    pub signer: Option<SignatoryView>,
    /// The place written under the title.
    pub place: Option<String>,
    pub updated_at: DateTime,
    pub updated_by: String,
}

impl From<&Signature> for SignatureView {
    fn from(s: &Signature) -> Self {
        Self {
            municipality_id: s.municipality_id.as_uuid(),
            approval: s.approval.as_ref().map(Into::into),
            signer: s.signer.as_ref().map(Into::into),
            place: s.place.clone(),
            updated_at: DateTime(s.updated_at),
            updated_by: s.updated_by.clone(),
        }
    }
}
