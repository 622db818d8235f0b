//! Reading and setting a municipality's note signature.

use std::sync::Arc;

use super::model::{Signatory, Signature};
use super::ports::NotesRepository;
use crate::access::{Actor, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::error::ServiceError;
use crate::core::validation::ValidationErrors;
use crate::schools::{MunicipalityId, Name, RegionId, TerritoryService};

type Result<T> = std::result::Result<T, ServiceError>;

/// How often a signature write that lost a race reads again before it gives up.
const WRITE_ATTEMPTS: usize = 32;

impl Audited for Signature {
    const ENTITY: &'static str = "note_signature";

    fn entity_id(&self) -> uuid::Uuid {
        self.municipality_id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        let text = |s: Option<&Signatory>| {
            s.map_or(AuditValue::Null, |s| AuditValue::Text(format!("{} {}", s.position, s.name)))
        };
        vec![
            ("approval", text(self.approval.as_ref())),
            ("signer", text(self.signer.as_ref())),
            ("place", self.place.clone().map_or(AuditValue::Null, AuditValue::Text)),
        ]
    }
}

/// A signature as a client states it: `(position, name)` pairs.
#[derive(Debug, Clone, Default)]
pub struct SignatureDraft {
    pub approval: Option<(String, String)>,
    pub signer: Option<(String, String)>,
    pub place: Option<String>,
}

#[derive(Clone)]
pub struct NotesService {
    repo: Arc<dyn NotesRepository>,
    territory: TerritoryService,
}

impl std::fmt::Debug for NotesService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NotesService").finish_non_exhaustive()
    }
}

fn signatory(field: &str, pair: Option<&(String, String)>, errors: &mut ValidationErrors) -> Option<Signatory> {
    let (position, name) = pair?;
    let position = errors.check(&format!("{field}.position"), Name::parse(position)).map(|n| n.to_string());
    let name = errors.check(&format!("{field}.name"), Name::parse(name)).map(|n| n.to_string());
    Some(Signatory { position: position?, name: name? })
}

impl NotesService {
    pub fn new(repo: Arc<dyn NotesRepository>, territory: TerritoryService) -> Self {
        Self { repo, territory }
    }

    /// The municipality's signature; `None` until one is set. Anyone who may read the
    /// municipality's data may read it.
    pub async fn signature(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Option<Signature>> {
        let m = self.territory.municipality(actor, municipality).await?;
        actor
            .may_read(Target::MunicipalData { region: m.region_id, municipality })
            .map_err(ServiceError::denied("municipality", municipality))?;
        Ok(self.repo.signature(municipality).await?)
    }

    /// Sets the signature (the municipality's operators, and those above them); every part is
    /// checked, or nothing changes.
    pub async fn set_signature(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        draft: SignatureDraft,
    ) -> Result<Signature> {
        let m = self.territory.municipality(actor, municipality).await?;
        actor
            .may_write(Write::Update, Target::MunicipalData { region: m.region_id, municipality })
            .map_err(ServiceError::denied("municipality", municipality))?;
        let mut errors = ValidationErrors::new();
        let approval = signatory("approval", draft.approval.as_ref(), &mut errors);
        let signer = signatory("signer", draft.signer.as_ref(), &mut errors);
        let place = draft.place.as_deref().and_then(|p| errors.check("place", Name::parse(p)).map(|n| n.to_string()));
        let signature = errors.finish(|| Signature {
            municipality_id: municipality,
            region_id: m.region_id,
            approval,
            signer,
            place,
            updated_at: crate::core::clock::now(),
            updated_by: actor.subject(),
        })?;
        // Each write replaces the signature it read, so that its audit event records what it
        // really replaced; a write that lost a race reads again.
        for _ in 0..WRITE_ATTEMPTS {
            let old = self.repo.signature(municipality).await?;
            let event = match &old {
                Some(old) => AuditEvent::updated(actor, old, &signature, Vec::new()),
                None => AuditEvent::created(actor, &signature),
            };
            if self.repo.put_signature(&signature, old.as_ref(), &[event]).await? {
                return Ok(signature);
            }
        }
        Err(ServiceError::Conflict("the signature was being changed by other requests; try again".into()))
    }
}
