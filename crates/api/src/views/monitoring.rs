//! Monitoring campaigns, conclusions and recommendations, as clients read them.

use opora_domain::monitoring::ports::MeasureFacts;
use opora_domain::monitoring::{Campaign, CampaignRecorded, Recommendation};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::scalars::{Date, DateTime};
use super::sources::{IssueView, SourceView};

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Conclusion")]
pub(crate) struct ConclusionView {
    /// «1.1»: the level's number, then the conclusion's.
    pub number: String,
    /// municipal, school, or unstated when the report groups its conclusions by no level.
    pub level: String,
    pub text: String,
    /// The parameter codes it names, as written: «1.1–5.3».
    pub parameters: Option<String>,
}

/// Who signed the report.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Signatory")]
pub(crate) struct SignatoryView {
    /// «Начальник отдела образования».
    pub position: Option<String>,
    /// «А.В. Петрова».
    pub name: Option<String>,
}

/// The days a monitoring ran.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "MonitoringWindow")]
pub(crate) struct WindowView {
    pub from: Date,
    pub to: Date,
}

/// What a cited document is in Opora.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "DocumentLink")]
pub(crate) struct DocumentLinkView {
    /// list_decision or roadmap.
    pub entity: String,
    pub id: Uuid,
}

/// A document the report cites: the list order, a protocol, a letter.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "CitedDocument")]
pub(crate) struct CitedDocumentView {
    /// order, resolution, directive, decision, protocol or letter.
    pub kind: String,
    /// decides_list, approves_plan or other.
    pub role: String,
    pub document: SourceView,
    /// The paragraph of the Word document that cites it, from 1.
    pub paragraph: Option<i32>,
    /// The list decision or roadmap Opora holds under its number and date.
    pub link: Option<DocumentLinkView>,
}

/// How a cited figure compares with the indicator observation Opora holds.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "FigureAgreement")]
pub(crate) struct FigureAgreementView {
    pub indicator: String,
    pub indicator_name: String,
    pub period: String,
    pub observed: f64,
    /// Equal at the figure's own precision.
    pub agrees: bool,
}

/// A figure the report cites, with its sentence.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "CitedFigure")]
pub(crate) struct CitedFigureView {
    /// As written: «83,5 %».
    pub text: String,
    pub value: f64,
    /// «%» or the word counted: «педагогов».
    pub unit: String,
    pub sentence: String,
    pub paragraph: Option<i32>,
    pub agreement: Option<FigureAgreementView>,
}

/// The measure a recommendation became.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "MeasureLink")]
pub(crate) struct MeasureLinkView {
    pub roadmap_id: Uuid,
    pub position: i32,
    /// The measure's number and title, when one recommendation is read.
    pub number: Option<String>,
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Recommendation")]
pub(crate) struct RecommendationView {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub number: String,
    /// A role the recommendation addresses: «Руководителям образовательных организаций».
    pub addressee_role: Option<String>,
    pub addressee_ids: Vec<Uuid>,
    pub text: String,
    pub due_on: Option<Date>,
    /// The due as written when it is text: «ежеквартально», «в течение 2024/2025 учебного года».
    pub due_text: Option<String>,
    /// How the schedule grammar read it: deadline, recurring, windows, whole_period, … or unread.
    pub due_kind: Option<String>,
    /// The parameter codes it concerns, as written.
    pub parameters: Option<String>,
    /// open, adopted, done or dropped.
    pub status: String,
    pub measure: Option<MeasureLinkView>,
    pub updated_at: DateTime,
}

impl RecommendationView {
    pub(crate) fn new(r: &Recommendation, facts: Option<&MeasureFacts>) -> Self {
        Self {
            id: r.id.as_uuid(),
            campaign_id: r.campaign_id.as_uuid(),
            number: r.number.clone(),
            addressee_role: r.addressee.role.clone(),
            addressee_ids: r.addressee.organizations.iter().map(|o| o.as_uuid()).collect(),
            text: r.text.clone(),
            due_on: r.due_on.map(Date),
            due_text: r.due_text.clone(),
            due_kind: r.due_kind.map(|k| k.code().to_owned()),
            parameters: r.parameters_text.clone(),
            status: r.status.code().to_owned(),
            measure: r.measure.map(|m| MeasureLinkView {
                roadmap_id: m.roadmap_id,
                position: i32::from(m.position),
                number: facts.map(|f| f.number.clone()),
                title: facts.map(|f| f.title.clone()),
            }),
            updated_at: DateTime(r.updated_at),
        }
    }
}

impl From<(Recommendation, Option<MeasureFacts>)> for RecommendationView {
    fn from((r, facts): (Recommendation, Option<MeasureFacts>)) -> Self {
        Self::new(&r, facts.as_ref())
    }
}

/// A monitoring: the order that started it, whom it covered, its report's date, place and
/// signatory, its conclusions by level and its recommendations.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "MonitoringCampaign")]
pub(crate) struct CampaignView {
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub title: String,
    pub order: Option<SourceView>,
    /// The organizations monitored.
    pub scope: Vec<Uuid>,
    pub period_from: i32,
    pub period_to: i32,
    pub roadmap_id: Option<Uuid>,
    pub report_date: Option<Date>,
    pub place: Option<String>,
    pub signatory: Option<SignatoryView>,
    /// The days the monitoring ran: «с 20.05 по 14.06».
    pub monitoring_window: Option<WindowView>,
    /// The school year it covers: «2023/2024».
    pub academic_year: Option<String>,
    /// The order approving the plan it monitored.
    pub plan: Option<SourceView>,
    /// verbatim, or summary when the texts are a summary of the report's words.
    pub wording: String,
    #[graphql(skip)]
    pub cited_documents: Vec<CitedDocumentView>,
    #[graphql(skip)]
    pub cited_figures: Vec<CitedFigureView>,
    #[graphql(skip)]
    pub conclusions: Vec<ConclusionView>,
    /// Empty in listings; read one campaign for its recommendations.
    #[graphql(skip)]
    pub recommendations: Vec<RecommendationView>,
    pub recorded_at: DateTime,
    /// Whether it is the version of its report the views read.
    pub current: bool,
    /// The version it corrected.
    pub supersedes: Option<Uuid>,
    /// The version that corrected it.
    pub superseded_by: Option<Uuid>,
    /// When it stopped being current, replaced or withdrawn.
    pub ended_at: Option<DateTime>,
    /// Why it was withdrawn.
    pub withdrawal: Option<String>,
}

/// A recorded campaign and what its recording says: `replaces_version` for the version it
/// corrected, `recommendation_not_carried` for each follow-up that found no recommendation of
/// its number in the correction.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CampaignRecordedView {
    #[serde(flatten)]
    pub campaign: CampaignView,
    pub warnings: Vec<IssueView>,
}

impl From<CampaignRecorded> for CampaignRecordedView {
    fn from(r: CampaignRecorded) -> Self {
        Self { campaign: r.campaign.into(), warnings: r.warnings.into_iter().map(Into::into).collect() }
    }
}

crate::graphql::capped::capped_lists!(CampaignView {
    /// The documents the report cites besides its order and plan.
    cited_documents: CitedDocumentView,
    /// The figures the report cites, each with its sentence.
    cited_figures: CitedFigureView,
    conclusions: ConclusionView,
    /// Empty in listings; read one campaign for its recommendations.
    recommendations: RecommendationView,
});

impl From<Campaign> for CampaignView {
    fn from(c: Campaign) -> Self {
        Self {
            id: c.id.as_uuid(),
            municipality_id: c.municipality_id.as_uuid(),
            order: c.order.as_ref().map(Into::into),
            scope: c.scope.iter().map(|o| o.as_uuid()).collect(),
            period_from: c.period_from,
            period_to: c.period_to,
            roadmap_id: c.roadmap_id,
            report_date: c.report_date.map(Date),
            conclusions: c
                .conclusions
                .iter()
                .map(|k| ConclusionView {
                    number: k.number.clone(),
                    level: k.level.code().to_owned(),
                    text: k.text.clone(),
                    parameters: k.parameters_text.clone(),
                })
                .collect(),
            recommendations: c.recommendations.iter().map(|r| RecommendationView::new(r, None)).collect(),
            recorded_at: DateTime(c.recorded_at),
            current: c.is_current(),
            supersedes: c.lineage.supersedes.map(|s| s.as_uuid()),
            superseded_by: c.lineage.superseded_by.map(|s| s.as_uuid()),
            ended_at: c.lineage.ended_at.map(DateTime),
            withdrawal: c.lineage.withdrawal,
            title: c.title,
            place: c.place,
            signatory: c.signatory.map(|s| SignatoryView { position: s.position, name: s.name }),
            monitoring_window: c.window.map(|w| WindowView { from: Date(w.from), to: Date(w.to) }),
            academic_year: c.academic_year.map(|y| format!("{y}/{}", y + 1)),
            plan: c.plan.as_ref().map(Into::into),
            wording: c.wording.code().to_owned(),
            cited_documents: c
                .cited_documents
                .iter()
                .map(|d| CitedDocumentView {
                    kind: d.kind.clone(),
                    role: d.role.code().to_owned(),
                    document: (&d.document).into(),
                    paragraph: d.paragraph.and_then(|p| i32::try_from(p).ok()),
                    link: d.link.as_ref().map(|l| DocumentLinkView { entity: l.entity.to_owned(), id: l.id }),
                })
                .collect(),
            cited_figures: c
                .cited_figures
                .iter()
                .map(|f| CitedFigureView {
                    text: f.text.clone(),
                    value: f.value.parse().unwrap_or(f64::NAN),
                    unit: f.unit.clone(),
                    sentence: f.sentence.clone(),
                    paragraph: f.paragraph.and_then(|p| i32::try_from(p).ok()),
                    agreement: f.agreement.as_ref().map(|a| FigureAgreementView {
                        indicator: a.indicator.clone(),
                        indicator_name: a.indicator_name.clone(),
                        period: a.period.clone(),
                        observed: a.observed.parse().unwrap_or(f64::NAN),
                        agrees: a.agrees,
                    }),
                })
                .collect(),
        }
    }
}
