//! The repository of note signatures.

use async_trait::async_trait;
use opora_domain::StoreError;
use opora_domain::audit::AuditEvent;
use opora_domain::notes::ports::NotesRepository;
use opora_domain::notes::{Signatory, Signature};
use opora_domain::schools::{MunicipalityId, RegionId};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, TransactionTrait};

use crate::Database;
use crate::audit_trail::record;
use crate::entities::notes::signature;
use crate::errors::store_error;

/// Implements [`NotesRepository`] on the shared pool.
#[derive(Debug, Clone)]
pub struct SeaNotesRepository {
    db: Database,
}

impl SeaNotesRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

fn signatory(position: Option<String>, name: Option<String>) -> Option<Signatory> {
    Some(Signatory { position: position?, name: name? })
}

#[async_trait]
impl NotesRepository for SeaNotesRepository {
    async fn signature(&self, municipality: MunicipalityId) -> Result<Option<Signature>, StoreError> {
        let row = signature::Entity::find_by_id(municipality.as_uuid()).one(&self.db).await.map_err(store_error)?;
        Ok(row.map(|r| Signature {
            municipality_id: MunicipalityId::from_uuid(r.municipality_id),
            region_id: RegionId::from_uuid(r.region_id),
            approval: signatory(r.approval_position, r.approval_name),
            signer: signatory(r.signer_position, r.signer_name),
            place: r.place,
            updated_at: r.updated_at,
            updated_by: r.updated_by,
        }))
    }

    async fn put_signature(
        &self,
        s: &Signature,
        replacing: Option<&Signature>,
        events: &[AuditEvent],
    ) -> Result<bool, StoreError> {
        use signature::Column as C;
        let part = |s: Option<&Signatory>, f: fn(&Signatory) -> &String| Set(s.map(|s| f(s).clone()));
        let row = signature::ActiveModel {
            municipality_id: Set(s.municipality_id.as_uuid()),
            region_id: Set(s.region_id.as_uuid()),
            approval_position: part(s.approval.as_ref(), |s| &s.position),
            approval_name: part(s.approval.as_ref(), |s| &s.name),
            signer_position: part(s.signer.as_ref(), |s| &s.position),
            signer_name: part(s.signer.as_ref(), |s| &s.name),
            place: Set(s.place.clone()),
            updated_at: Set(s.updated_at),
            updated_by: Set(s.updated_by.clone()),
        };
        let txn = self.db.begin().await.map_err(store_error)?;
        let written = match replacing {
            None => {
                let first = OnConflict::column(C::MunicipalityId).do_nothing().to_owned();
                match signature::Entity::insert(row).on_conflict(first).exec_without_returning(&txn).await {
                    Ok(n) => n,
                    Err(DbErr::RecordNotInserted) => 0,
                    Err(e) => return Err(store_error(e)),
                }
            }
            // Replaced only while it is still the version that was read.
            Some(old) => {
                signature::Entity::update_many()
                    .set(row)
                    .filter(C::MunicipalityId.eq(old.municipality_id.as_uuid()))
                    .filter(C::UpdatedAt.eq(old.updated_at))
                    .filter(C::UpdatedBy.eq(old.updated_by.clone()))
                    .exec(&txn)
                    .await
                    .map_err(store_error)?
                    .rows_affected
            }
        };
        if written != 1 {
            txn.rollback().await.map_err(store_error)?;
            return Ok(false);
        }
        for event in events {
            record(&txn, event).await?;
        }
        txn.commit().await.map_err(store_error)?;
        Ok(true)
    }
}
