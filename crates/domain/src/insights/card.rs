//! A school as a card shows it: who it is, its risk profile at the latest audit that covered it
//! with the evidence of each finding and what changed since the audit before, its ШНОР history,
//! the measures that reach it and their execution, its indicators, and the recommendations
//! addressed to it.

use chrono::Utc;

use super::service::{HIGHLIGHTS, InsightsService};
use crate::factors::{FactorsService, OrganizationDiff, RiskProfile};
use crate::indicators::{Series, SeriesSubject};
use crate::lists::Decision;
use crate::measures::{RoadmapId, Tally};
use crate::monitoring::Recommendation;
use crate::schools::{Organization, OrganizationId};
use crate::{Actor, ServiceError};

/// A measure of its municipality's roadmaps that reaches a school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolMeasure {
    pub roadmap_id: RoadmapId,
    pub roadmap_title: String,
    pub position: u16,
    pub number: String,
    pub title: String,
}

/// A school's card.
#[derive(Debug, Clone)]
pub struct SchoolCard {
    pub organization: Organization,
    /// At the latest audit that covered it.
    pub risk_profile: Option<RiskProfile>,
    pub changes_since_previous_audit: Option<OrganizationDiff>,
    /// The ШНОР decisions in force that name it.
    pub list_history: Vec<Decision>,
    pub measures: Vec<SchoolMeasure>,
    /// Their occurrences at the school as of today.
    pub execution: Option<Tally>,
    /// The highlighted indicators it has figures for.
    pub indicators: Vec<Series>,
    pub recommendations: Vec<Recommendation>,
}

impl InsightsService {
    pub async fn school(&self, actor: &Actor, id: OrganizationId) -> Result<SchoolCard, ServiceError> {
        let organization = self.s.territory.organization(actor, id).await?;
        let list_history = self.s.lists.history(actor, id).await?;
        let codes: Vec<String> = HIGHLIGHTS.iter().map(|c| (*c).to_owned()).collect();
        let series = self.s.indicators.series(actor, SeriesSubject::Organization(id), &codes).await?;
        let mut card = SchoolCard {
            organization: organization.clone(),
            risk_profile: None,
            changes_since_previous_audit: None,
            list_history,
            measures: Vec::new(),
            execution: None,
            indicators: series.into_iter().filter(|s| !s.points.is_empty()).collect(),
            recommendations: Vec::new(),
        };
        if organization.municipality_id.is_none() {
            return Ok(card);
        }
        // The two latest audits that covered the school, each with the school's findings only.
        let mut covering = self.s.factors.audits_of_school(actor, &organization, 2).await?.into_iter();
        if let Some(latest) = covering.next() {
            if let Some(previous) = covering.next() {
                card.changes_since_previous_audit = FactorsService::school_diff(&previous, &latest, id);
            }
            card.risk_profile = Some(self.s.factors.profile_from(latest, organization).await?);
        }
        let today = Utc::now().date_naive();
        let execution = self.s.measures.at_school(actor, id, today).await?;
        for (roadmap, positions) in &execution.reaching {
            for m in roadmap.measures.iter().filter(|m| positions.contains(&m.position)) {
                card.measures.push(SchoolMeasure {
                    roadmap_id: roadmap.id,
                    roadmap_title: roadmap.title.clone(),
                    position: m.position,
                    number: m.number.clone(),
                    title: m.title.clone(),
                });
            }
        }
        card.execution = execution.tally;
        card.recommendations = self.s.monitoring.addressed_to(actor, id).await?;
        Ok(card)
    }
}
