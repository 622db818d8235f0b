//! A programme's course: draft → approved → finished. Approval takes the act that approved it,
//! and a successor approved supersedes the programme it replaces.

use super::model::{Programme, ProgrammeId, ProgrammeStatus};
use super::service::MeasuresService;
use crate::access::{Actor, Write};
use crate::audit::AuditEvent;
use crate::core::document::SourceDocument;
use crate::core::error::ServiceError;
use crate::core::validation::ValidationErrors;
use crate::core::version::Revision;

type Result<T> = std::result::Result<T, ServiceError>;

/// Whether a programme may move from `from` to `to`: forward only, and never by hand to
/// superseded, which only an approved successor makes it.
fn may_move(from: Option<ProgrammeStatus>, to: ProgrammeStatus) -> bool {
    use ProgrammeStatus::{Approved, Draft, Finished};
    matches!(
        (from, to),
        (None, Draft | Approved | Finished) | (Some(Draft), Approved | Finished) | (Some(Approved), Finished)
    )
}

impl MeasuresService {
    /// Moves a programme to `status` («approved» with the act that approved it, unless it holds
    /// one already). Authorized as its recording is; audited with what changed.
    pub async fn advance_programme(
        &self,
        actor: &Actor,
        id: ProgrammeId,
        status: &str,
        approval: Option<SourceDocument>,
        expected: Option<Revision>,
    ) -> Result<Programme> {
        let programme = self.repo.programme(id).await?.ok_or_else(|| ServiceError::not_found("programme", id))?;
        self.readable(actor, programme.municipality_id, "programme", id.as_uuid()).await?;
        self.writable(actor, programme.municipality_id, Write::Update).await?;
        let Some(next) = ProgrammeStatus::from_code(status).filter(|s| *s != ProgrammeStatus::Superseded) else {
            let message = format!("'{}' is not draft, approved or finished", crate::text::excerpt(status, 40));
            return Err(ValidationErrors::single("status", "invalid_format", message).into());
        };
        let approval = approval.or_else(|| programme.approval.clone());
        if next == ProgrammeStatus::Approved && approval.is_none() {
            let message = "an approved programme names the act that approved it (issuer, number, date)";
            return Err(ValidationErrors::single("approval", "required", message).into());
        }
        // Nothing to change; but a change made from a revision is checked against it, and
        // recorded, so that a stale read never passes for a current one.
        if programme.status == Some(next) && programme.approval == approval && expected.is_none() {
            return Ok(programme);
        }
        if programme.status != Some(next) && !may_move(programme.status, next) {
            return Err(ServiceError::Conflict(format!(
                "programme {id} is {}: it cannot become {}",
                programme.status.map_or("of no stated status", ProgrammeStatus::code),
                next.code()
            )));
        }
        let moved = Programme { status: Some(next), approval, ..programme.clone() };
        let supersede = moved.supersedes.filter(|_| next == ProgrammeStatus::Approved);
        let event = AuditEvent::updated(actor, &programme, &moved, Vec::new()).expecting(expected);
        let stored = self.repo.update_programme(&moved, programme.status, supersede, &[event]).await;
        if !stored.map_err(ServiceError::store("programme", id))? {
            return Err(ServiceError::Conflict(format!("programme {id} was changed by another request meanwhile")));
        }
        Ok(moved)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ProgrammeStatus::{Approved, Draft, Finished, Superseded};

    #[test]
    fn a_programme_moves_forward_only() {
        assert!(may_move(Some(Draft), Approved) && may_move(Some(Approved), Finished) && may_move(None, Approved));
        assert!(
            !may_move(Some(Finished), Draft)
                && !may_move(Some(Approved), Draft)
                && !may_move(Some(Superseded), Approved)
        );
        assert!(!may_move(Some(Draft), Superseded));
    }
}
