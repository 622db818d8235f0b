//! Versions of a monitoring report: a corrected report of the same document (municipality,
//! period, the order that started it) replaces the current version, the follow-up of its
//! recommendations carried over by number; a withdrawal ends it. Ended versions stay readable by
//! id and `asOf`.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::model::{Campaign, CampaignId, RecommendationStatus};
use super::service::MonitoringService;
use crate::access::{Actor, Write};
use crate::audit::AuditEvent;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::core::version::{Revision, replaces_version};

type Result<T> = std::result::Result<T, ServiceError>;

/// A recorded campaign and what its recording says: the version it replaced, the follow-ups that
/// could not be carried over.
#[derive(Debug, Clone)]
pub struct CampaignRecorded {
    pub campaign: Campaign,
    pub warnings: Vec<Issue>,
}

fn number_key(number: &str) -> String {
    number.trim().trim_end_matches('.').to_owned()
}

impl MonitoringService {
    /// Stores `campaign` as the current version of its document, or of the version `replaces`
    /// names explicitly.
    pub(super) async fn store_version(
        &self,
        actor: &Actor,
        campaign: Campaign,
        replaces: Option<CampaignId>,
        read_as: Vec<Issue>,
    ) -> Result<CampaignRecorded> {
        for _ in 0..crate::core::version::CORRECTION_ATTEMPTS {
            let current = match replaces {
                Some(named) => {
                    let named =
                        self.repo.campaign(named).await?.filter(|c| c.municipality_id == campaign.municipality_id);
                    let Some(named) = named else {
                        let message =
                            format!("no monitoring report {} of this municipality", replaces.unwrap_or(campaign.id));
                        return Err(ValidationErrors::single("replaces", "unknown_reference", message).into());
                    };
                    if !named.is_current() {
                        return Err(ServiceError::Conflict(format!(
                            "monitoring report {} was replaced or withdrawn: correct the current version",
                            named.id
                        )));
                    }
                    Some(named)
                }
                None => self.repo.current_campaign(campaign.municipality_id, &campaign.document_key()).await?,
            };
            let mut version = campaign.clone();
            version.lineage.supersedes = current.as_ref().map(|c| c.id);
            let mut warnings = read_as.clone();
            let mut events = vec![AuditEvent::created(actor, &version)];
            if let Some(previous) = &current {
                warnings.push(replaces_version(&previous.title, previous.id, previous.recorded_at));
                carry_over(previous, &mut version, &mut warnings);
                let mut ended = previous.clone();
                ended.lineage.superseded_by = Some(version.id);
                ended.lineage.ended_at = Some(version.recorded_at);
                events.push(AuditEvent::updated(actor, previous, &ended, Vec::new()));
            }
            match self.repo.insert_campaign(&version, &events).await {
                Err(StoreError::Duplicate { .. }) => continue,
                Err(other) => return Err(ServiceError::store("monitoring_campaign", version.id)(other)),
                Ok(()) => return Ok(CampaignRecorded { campaign: version, warnings }),
            }
        }
        Err(ServiceError::Conflict("the monitoring report was being corrected by other requests; try again".into()))
    }

    /// Withdraws the current version of a monitoring report, with a reason.
    pub async fn withdraw_campaign(
        &self,
        actor: &Actor,
        id: CampaignId,
        reason: &str,
        expected: Option<Revision>,
    ) -> Result<Campaign> {
        let campaign = self.campaign(actor, id).await?;
        let municipality = self.territory.municipality(actor, campaign.municipality_id).await?;
        actor
            .may_write(Write::Delete, super::service::target(&municipality))
            .map_err(ServiceError::denied("monitoring_campaign", id))?;
        let reason = crate::core::version::reason(reason)?;
        if !campaign.is_current() {
            return Err(ServiceError::Conflict(format!(
                "monitoring report {id} is no longer current: it cannot be withdrawn"
            )));
        }
        let at: DateTime<Utc> = crate::core::clock::now();
        let mut withdrawn = campaign.clone();
        withdrawn.lineage.ended_at = Some(at);
        withdrawn.lineage.withdrawal = Some(reason.clone());
        let event = AuditEvent::updated(actor, &campaign, &withdrawn, Vec::new()).expecting(expected);
        let stored = self.repo.withdraw_campaign(id, &reason, at, &[event]).await;
        if !stored.map_err(ServiceError::store("monitoring_campaign", id))? {
            return Err(ServiceError::Conflict(format!(
                "monitoring report {id} was ended by another request meanwhile"
            )));
        }
        Ok(withdrawn)
    }
}

/// The follow-up of the previous version's recommendations (status, the measure each became)
/// moved onto the recommendations of the same number; each that finds none is a warning.
fn carry_over(previous: &Campaign, next: &mut Campaign, warnings: &mut Vec<Issue>) {
    let mut by_number: HashMap<String, usize> = HashMap::new();
    for (i, r) in next.recommendations.iter().enumerate() {
        by_number.entry(number_key(&r.number)).or_insert(i);
    }
    for old in &previous.recommendations {
        if old.status == RecommendationStatus::Open && old.measure.is_none() {
            continue;
        }
        match by_number.get(&number_key(&old.number)) {
            Some(&i) => {
                let new = &mut next.recommendations[i];
                new.status = old.status;
                new.measure = old.measure;
            }
            None => warnings.push(Issue::document(
                &old.number,
                "recommendation_not_carried",
                format!(
                    "recommendation {} of the replaced version is {}; the correction has no recommendation {}, so it stays with the replaced version",
                    old.number,
                    old.status.code(),
                    old.number
                ),
            )),
        }
    }
}
