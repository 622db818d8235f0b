//! Monitoring use cases: recording a campaign with its conclusions and recommendations, reading
//! them, and following a recommendation to the measure it became.

use std::collections::HashSet;
use std::sync::Arc;

use chrono::NaiveDate;

use super::model::{
    Addressee, Campaign, CampaignId, CitedDocument, CitedFigure, Conclusion, MeasureLink, Recommendation,
    RecommendationId, RecommendationStatus, Signatory, Window, Wording,
};
use super::parts::{codes, conclusions, due, recommendation_number};
use super::ports::{MeasureFacts, MonitoringRepository};
use super::versions::CampaignRecorded;
use crate::access::{Actor, Kept, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::document::SourceDocument;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::ValidationErrors;
use crate::core::version::Revision;
use crate::core::year::Year;
use crate::schools::{Municipality, MunicipalityId, Name, OrganizationId, RegionId, TerritoryService};

type Result<T> = std::result::Result<T, ServiceError>;

impl Audited for Campaign {
    const ENTITY: &'static str = "monitoring_campaign";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("title", AuditValue::Text(self.title.clone())),
            ("conclusions", AuditValue::Integer(self.conclusions.len() as i64)),
            ("recommendations", AuditValue::Integer(self.recommendations.len() as i64)),
        ]
    }
}

/// A recommendation's audit record carries its campaign's place.
struct Placed<'a>(&'a Campaign, &'a Recommendation);

impl Audited for Placed<'_> {
    const ENTITY: &'static str = "recommendation";

    fn entity_id(&self) -> uuid::Uuid {
        self.1.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        self.0.place()
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        let measure = self.1.measure.map(|m| format!("{}#{}", m.roadmap_id, m.position));
        vec![
            ("status", AuditValue::Text(self.1.status.code().to_owned())),
            ("measure", AuditValue::text(measure.as_ref())),
        ]
    }
}

#[derive(Debug, Clone)]
pub struct ConclusionDraft {
    pub number: String,
    pub level: String,
    pub text: String,
    /// The parameter codes it names: «1.1–5.3».
    pub parameters: Option<String>,
}

#[derive(Debug, Clone)]
pub struct RecommendationDraft {
    pub number: String,
    pub addressee_role: Option<String>,
    pub addressees: Vec<OrganizationId>,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    /// A due written as text: «ежеквартально», «до 01.09.2024».
    pub due_text: Option<String>,
    pub parameters: Option<String>,
}

#[derive(Debug, Clone)]
pub struct CampaignDraft {
    pub municipality: MunicipalityId,
    pub title: String,
    pub order: Option<SourceDocument>,
    pub scope: Vec<OrganizationId>,
    pub period_from: i32,
    pub period_to: i32,
    pub roadmap: Option<uuid::Uuid>,
    pub report_date: Option<NaiveDate>,
    pub place: Option<String>,
    pub signatory: Option<Signatory>,
    pub window: Option<Window>,
    pub academic_year: Option<i32>,
    pub plan: Option<SourceDocument>,
    pub cited_documents: Vec<CitedDocument>,
    /// The figures the report cites; without them, those its conclusions and recommendations
    /// state are found in their texts.
    pub cited_figures: Option<Vec<CitedFigure>>,
    pub wording: Wording,
    pub conclusions: Vec<ConclusionDraft>,
    pub recommendations: Vec<RecommendationDraft>,
    /// The version this report corrects, named explicitly; without it, the current version of
    /// the same document (municipality, period, order) is replaced.
    pub replaces: Option<CampaignId>,
}

/// A change to a recommendation: absent fields stay; `measure: Some(None)` unlinks.
#[derive(Debug, Clone, Default)]
pub struct RecommendationUpdate {
    pub status: Option<String>,
    pub measure: Option<Option<(uuid::Uuid, i64)>>,
}

#[derive(Clone)]
pub struct MonitoringService {
    pub(super) repo: Arc<dyn MonitoringRepository>,
    pub(super) territory: TerritoryService,
}

impl std::fmt::Debug for MonitoringService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MonitoringService").finish_non_exhaustive()
    }
}

pub(super) fn target(m: &Municipality) -> Target {
    Target::MunicipalData { region: m.region_id, municipality: m.id }
}

/// A recommendation of a campaign the caller may not read does not exist for it; an
/// anonymous caller is told to authenticate.
fn hidden(id: RecommendationId) -> impl FnOnce(ServiceError) -> ServiceError {
    move |e| match e {
        ServiceError::Unauthenticated => e,
        _ => ServiceError::not_found("recommendation", id),
    }
}

impl MonitoringService {
    pub const MAX_CONCLUSIONS: usize = 200;
    pub const MAX_RECOMMENDATIONS: usize = 200;
    pub const MAX_SCOPE: usize = 2_000;

    pub fn new(repo: Arc<dyn MonitoringRepository>, territory: TerritoryService) -> Self {
        Self { repo, territory }
    }

    async fn readable(&self, actor: &Actor, campaign: &Campaign) -> Result<Municipality> {
        let id = campaign.id.as_uuid();
        let municipality = self.territory.municipality(actor, campaign.municipality_id).await.map_err(|e| match e {
            ServiceError::NotFound { .. } => ServiceError::not_found("monitoring_campaign", id),
            other => other,
        })?;
        actor.may_read(target(&municipality)).map_err(ServiceError::denied("monitoring_campaign", id))?;
        Ok(municipality)
    }

    /// Records a campaign; every part must be valid, or nothing is recorded. A report of a
    /// document already held replaces its current version.
    pub async fn create_campaign(&self, actor: &Actor, draft: CampaignDraft) -> Result<CampaignRecorded> {
        let municipality = self.may_record(actor, draft.municipality).await?;
        let replaces = draft.replaces;
        let (campaign, read_as) = self.build(actor, &municipality, draft).await?;
        self.store_version(actor, campaign, replaces, read_as).await
    }

    /// The municipality, once the caller is known to be allowed to record its reports.
    pub async fn may_record(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Municipality> {
        let municipality = self.territory.municipality(actor, municipality).await?;
        actor
            .may_write(Write::Create, target(&municipality))
            .map_err(ServiceError::denied("municipality", municipality.id))?;
        Ok(municipality)
    }

    /// A campaign from its draft, every part checked, with how its texts were read.
    pub(super) async fn build(
        &self,
        actor: &Actor,
        municipality: &Municipality,
        draft: CampaignDraft,
    ) -> Result<(Campaign, Vec<Issue>)> {
        let mut errors = ValidationErrors::new();
        let title = errors.check("title", Name::parse(&draft.title)).map(|n| n.to_string());
        if Year::parse(draft.period_from).is_err()
            || draft.period_to < draft.period_from
            || Year::parse(draft.period_to).is_err()
        {
            errors.push(
                "periodTo",
                "invalid_period",
                format!("{}–{} is not a period", draft.period_from, draft.period_to),
            );
        }
        let place = draft.place.as_deref().and_then(|p| errors.check("place", Name::parse(p)).map(|n| n.to_string()));
        let mut text_of = |field: &str, value: Option<&str>| {
            value
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .and_then(|v| errors.check(field, Name::parse(v)).map(|n| n.to_string()))
        };
        let signatory = draft.signatory.as_ref().map(|s| Signatory {
            position: text_of("signatory.position", s.position.as_deref()),
            name: text_of("signatory.name", s.name.as_deref()),
        });
        let signatory = signatory.filter(|s| s.position.is_some() || s.name.is_some());
        if let Some(w) = draft.window
            && w.from > w.to
        {
            errors.push(
                "monitoringWindow.to",
                "invalid_period",
                format!("the window ends ({}) before it starts ({})", w.to, w.from),
            );
        }
        if let Some(year) = draft.academic_year
            && Year::parse(year).is_err()
        {
            errors.push("academicYear", "invalid_period", format!("{year} is not a school year's first year"));
        }
        let period = crate::core::period::Period::new(draft.period_from, draft.period_to).ok();
        let candidates = self.territory.resolution_candidates(actor, municipality).await?;
        let known: HashSet<OrganizationId> = candidates.iter().map(|o| o.id).collect();
        if draft.scope.len() > Self::MAX_SCOPE {
            errors.push("scope", "too_long", format!("names more than {} organizations", Self::MAX_SCOPE));
        }
        for (i, o) in draft.scope.iter().enumerate().take(Self::MAX_SCOPE) {
            if !known.contains(o) {
                errors.push(
                    format!("scope[{i}]"),
                    "unknown_reference",
                    format!("no organization {o} in {}", municipality.name),
                );
            }
        }
        if let Some(roadmap) = draft.roadmap
            && self.repo.roadmap_municipality(roadmap).await? != Some(municipality.id)
        {
            errors.push("roadmapId", "unknown_reference", format!("no roadmap {roadmap} of {}", municipality.name));
        }
        // How codes and dues were read: a range across factors, a dropped dot, a due kept as written.
        let mut read_as = Vec::new();
        let conclusions = conclusions(&draft.conclusions, &mut errors, &mut read_as);
        let campaign_id = CampaignId::generate();
        let now = crate::core::clock::now();
        if draft.recommendations.len() > Self::MAX_RECOMMENDATIONS {
            errors.push("recommendations", "too_long", format!("lists more than {}", Self::MAX_RECOMMENDATIONS));
        }
        let mut numbers = HashSet::new();
        let mut recommendations = Vec::new();
        for (i, r) in draft.recommendations.iter().enumerate().take(Self::MAX_RECOMMENDATIONS) {
            let field = |part: &str| format!("recommendations[{i}].{part}");
            let number = recommendation_number(&r.number);
            match &number {
                None => errors.push(
                    field("number"),
                    "invalid_format",
                    format!("'{}' is not a number such as «1»", r.number),
                ),
                Some(n) if !numbers.insert(n.clone()) => {
                    errors.push(field("number"), "duplicate", format!("recommendation {n} is listed twice"));
                }
                Some(_) => {}
            }
            let role = r
                .addressee_role
                .as_deref()
                .and_then(|t| errors.check(&field("addresseeRole"), Name::parse(t)).map(|n| n.to_string()));
            if r.addressee_role.is_none() && r.addressees.is_empty() {
                errors.push(
                    field("addresseeRole"),
                    "required",
                    "a recommendation names a role or organizations it addresses",
                );
            }
            for (j, o) in r.addressees.iter().enumerate().take(Self::MAX_SCOPE) {
                if !known.contains(o) {
                    errors.push(
                        format!("recommendations[{i}].addresseeIds[{j}]"),
                        "unknown_reference",
                        format!("no organization {o}"),
                    );
                }
            }
            let text = errors.long_text(&field("text"), &r.text);
            let what = format!("recommendation {}", r.number.trim());
            let parameters = codes(r.parameters.as_deref(), &what, &field("parameters"), &mut errors, &mut read_as);
            let due = r.due_text.as_deref().map(str::trim).filter(|t| !t.is_empty()).and_then(|t| {
                let t = errors.check(&field("dueText"), Name::parse(t))?.to_string();
                Some(due(&t, period, &r.number, &mut read_as))
            });
            if let (Some(number), Some(text)) = (number, text) {
                recommendations.push(Recommendation {
                    id: RecommendationId::generate(),
                    campaign_id,
                    position: u16::try_from(i + 1).unwrap_or(u16::MAX),
                    number,
                    addressee: Addressee { role, organizations: r.addressees.clone() },
                    text,
                    due_on: r.due_on.or(due.as_ref().and_then(|d| d.2)),
                    due_text: due.as_ref().map(|d| d.0.clone()),
                    due_kind: due.as_ref().map(|d| d.1),
                    parameters_text: parameters.as_ref().map(|(t, _)| t.clone()),
                    parameters: parameters.map(|(_, e)| e),
                    status: RecommendationStatus::Open,
                    measure: None,
                    updated_at: now,
                });
            }
        }
        let plan = draft.plan;
        let cited_documents = draft.cited_documents;
        let Some(title) = title else { return Err(errors.into()) };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let held = self.repo.documents_held(municipality.id).await?;
        let cited_documents = cited_documents.into_iter().map(|c| super::figures::linked(c, &held)).collect();
        let roadmap_id = draft.roadmap.or_else(|| plan.as_ref().and_then(|p| super::figures::plan_roadmap(p, &held)));
        let figures = match draft.cited_figures {
            Some(figures) => figures,
            None => super::figures::stated(
                conclusions
                    .iter()
                    .map(|c: &Conclusion| c.text.as_str())
                    .chain(recommendations.iter().map(|r| r.text.as_str())),
            ),
        };
        let observed = self.repo.observations_held(municipality.id, draft.period_from, draft.period_to).await?;
        let cited_figures = figures.into_iter().map(|f| super::figures::compared(f, &observed)).collect();
        let campaign = Campaign {
            id: campaign_id,
            region_id: municipality.region_id,
            municipality_id: municipality.id,
            title,
            order: draft.order,
            scope: draft.scope,
            period_from: draft.period_from,
            period_to: draft.period_to,
            roadmap_id,
            report_date: draft.report_date,
            place,
            signatory,
            window: draft.window,
            academic_year: draft.academic_year,
            plan,
            cited_documents,
            cited_figures,
            wording: draft.wording,
            conclusions,
            recommendations,
            recorded_at: now,
            lineage: Default::default(),
        };
        Ok((campaign, read_as))
    }

    pub async fn campaign(&self, actor: &Actor, id: CampaignId) -> Result<Campaign> {
        let campaign =
            self.repo.campaign(id).await?.ok_or_else(|| ServiceError::not_found("monitoring_campaign", id))?;
        self.readable(actor, &campaign).await?;
        Ok(campaign)
    }

    pub async fn campaigns(
        &self,
        actor: &Actor,
        municipality: Option<MunicipalityId>,
        as_of: Option<chrono::DateTime<chrono::Utc>>,
        page: PageRequest,
    ) -> Result<Page<Campaign>> {
        let reach = actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("monitoring_campaign", "list"))?;
        Ok(self.repo.campaigns(&reach, municipality, as_of, page).await?)
    }

    /// The recommendations addressed to the organization: by name, or by role to the
    /// organizations a campaign monitored.
    pub async fn addressed_to(&self, actor: &Actor, organization: OrganizationId) -> Result<Vec<Recommendation>> {
        let o = self.territory.organization(actor, organization).await?;
        let Some(municipality) = o.municipality_id else { return Ok(Vec::new()) };
        actor
            .may_read(Target::MunicipalData { region: o.region_id, municipality })
            .map_err(ServiceError::denied("organization", organization))?;
        Ok(self
            .repo
            .campaigns_of(municipality)
            .await?
            .into_iter()
            .flat_map(|c| {
                let in_scope = c.scope.contains(&o.id);
                c.recommendations.into_iter().filter(move |r| {
                    r.addressee.organizations.contains(&o.id) || (r.addressee.role.is_some() && in_scope)
                })
            })
            .collect())
    }

    /// A recommendation with the measure it became, if any.
    pub async fn recommendation(
        &self,
        actor: &Actor,
        id: RecommendationId,
    ) -> Result<(Recommendation, Option<MeasureFacts>)> {
        actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("recommendation", id))?;
        let (campaign, recommendation) =
            self.repo.recommendation(id).await?.ok_or_else(|| ServiceError::not_found("recommendation", id))?;
        self.readable(actor, &campaign).await.map_err(hidden(id))?;
        let measure = match recommendation.measure {
            Some(link) => self.repo.measure(link.roadmap_id, link.position).await?,
            None => None,
        };
        Ok((recommendation, measure))
    }

    /// Changes a recommendation's status, or links it to the measure it became (a measure of a
    /// roadmap of the same municipality); linking an open recommendation adopts it.
    pub async fn update_recommendation(
        &self,
        actor: &Actor,
        id: RecommendationId,
        update: RecommendationUpdate,
        expected: Option<Revision>,
    ) -> Result<(Recommendation, Option<MeasureFacts>)> {
        actor.reach_of(Kept::MunicipalData).map_err(ServiceError::denied("recommendation", id))?;
        let (campaign, mut recommendation) =
            self.repo.recommendation(id).await?.ok_or_else(|| ServiceError::not_found("recommendation", id))?;
        let before = recommendation.clone();
        let municipality = self.readable(actor, &campaign).await.map_err(hidden(id))?;
        actor.may_write(Write::Update, target(&municipality)).map_err(ServiceError::denied("recommendation", id))?;
        if !campaign.is_current() {
            return Err(ServiceError::Conflict(format!(
                "recommendation {id} belongs to a monitoring report that was replaced or withdrawn: follow up the current one"
            )));
        }
        let mut errors = ValidationErrors::new();
        let mut facts = None;
        match update.measure {
            None => {}
            Some(None) => recommendation.measure = None,
            Some(Some((roadmap, position))) => {
                let found = match u16::try_from(position) {
                    Ok(p) => self
                        .repo
                        .measure(roadmap, p)
                        .await?
                        .filter(|m| m.municipality_id == municipality.id)
                        .map(|m| (p, m)),
                    Err(_) => None,
                };
                match found {
                    Some((position, m)) => {
                        recommendation.measure = Some(MeasureLink { roadmap_id: roadmap, position });
                        if recommendation.status == RecommendationStatus::Open {
                            recommendation.status = RecommendationStatus::Adopted;
                        }
                        facts = Some(m);
                    }
                    None => errors.push(
                        "measure",
                        "unknown_reference",
                        format!("no measure at position {position} of a roadmap {roadmap} of {}", municipality.name),
                    ),
                }
            }
        }
        if let Some(status) = update.status.as_deref() {
            match RecommendationStatus::from_code(status) {
                Some(s) => recommendation.status = s,
                None => {
                    errors.push(
                        "status",
                        "invalid_format",
                        format!("'{status}' is not open, adopted, done or dropped"),
                    );
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        if facts.is_none()
            && let Some(link) = recommendation.measure
        {
            facts = self.repo.measure(link.roadmap_id, link.position).await?;
        }
        recommendation.updated_at = crate::core::clock::now();
        let event =
            AuditEvent::updated(actor, &Placed(&campaign, &before), &Placed(&campaign, &recommendation), Vec::new())
                .expecting(expected);
        self.repo
            .update_recommendation(&recommendation, &[event])
            .await
            .map_err(ServiceError::store("recommendation", id))?;
        Ok((recommendation, facts))
    }
}
