//! Campaigns, their conclusions and their recommendations.

use chrono::{DateTime, NaiveDate, Utc};

use crate::core::code::CodeExpr;
use crate::core::document::SourceDocument;
use crate::core::schedule::ScheduleKind;
use crate::core::version::Lineage;
use crate::schools::ids::id_type;
use crate::schools::kinds::vocabulary;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

id_type!(
    /// Identifies a monitoring campaign.
    CampaignId
);

id_type!(
    /// Identifies a recommendation.
    RecommendationId
);

vocabulary!(
    /// The level a conclusion speaks of; a report that does not group its conclusions by
    /// level leaves it unstated rather than have one guessed.
    ConclusionLevel {
        Municipal => "municipal", "на муниципальном уровне";
        School => "school", "на школьном уровне";
        Unstated => "unstated", "уровень не указан";
    }
);

vocabulary!(
    /// Whether the texts of a report are its own words or a summary of them.
    Wording {
        Verbatim => "verbatim", "дословно";
        Summary => "summary", "в изложении";
    }
);

vocabulary!(
    /// What a report cites a document for.
    CitationRole {
        DecidesList => "decides_list", "определяет перечень ШНОР";
        ApprovesPlan => "approves_plan", "утверждает план";
        Other => "other", "иное";
    }
);

vocabulary!(
    /// Where a recommendation stands.
    RecommendationStatus {
        Open => "open", "не исполнена";
        Adopted => "adopted", "включена в план";
        Done => "done", "исполнена";
        Dropped => "dropped", "снята";
    }
);

/// A numbered conclusion: «1.2» is the second conclusion of the first level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conclusion {
    pub number: String,
    pub level: ConclusionLevel,
    pub text: String,
    /// The parameter codes it names, as written and as read.
    pub parameters_text: Option<String>,
    pub parameters: Option<CodeExpr>,
}

/// Who signed a report: a position and a name, apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signatory {
    pub position: Option<String>,
    pub name: Option<String>,
}

/// The days a monitoring ran: «с 20.05 по 14.06».
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What a cited document is in Opora: a list decision or a roadmap of the same municipality
/// with the same number and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentLink {
    /// `list_decision` or `roadmap`.
    pub entity: &'static str,
    pub id: uuid::Uuid,
}

/// A document a report cites: the list order, the roadmap order, a protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedDocument {
    /// order, resolution, directive, decision, protocol or letter.
    pub kind: String,
    pub role: CitationRole,
    pub document: SourceDocument,
    /// The paragraph that cites it, from 1; none when entered by hand.
    pub paragraph: Option<u32>,
    pub link: Option<DocumentLink>,
}

/// A figure a report cites, kept with its sentence: «198 педагогов прошли КПК».
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedFigure {
    /// As written: «83,5 %», «198 педагогов».
    pub text: String,
    /// The number, with a decimal point: «83.5».
    pub value: String,
    /// «%», or the word counted: «педагогов».
    pub unit: String,
    pub sentence: String,
    pub paragraph: Option<u32>,
    /// The indicator observation of the same subject and period, when Opora holds one.
    pub agreement: Option<FigureAgreement>,
}

/// How a cited figure compares with the observation Opora holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureAgreement {
    pub indicator: String,
    pub indicator_name: String,
    pub period: String,
    /// The observed value, with a decimal point.
    pub observed: String,
    /// Equal once both are rounded to the figure's own precision.
    pub agrees: bool,
}

/// Whom a recommendation addresses: a role («руководители ОО») and/or named organizations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Addressee {
    pub role: Option<String>,
    pub organizations: Vec<OrganizationId>,
}

/// The measure a recommendation became: a position in a roadmap (an id of the measures
/// capability, kept as a plain reference).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeasureLink {
    pub roadmap_id: uuid::Uuid,
    pub position: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub id: RecommendationId,
    pub campaign_id: CampaignId,
    /// Its place in the campaign, from 1.
    pub position: u16,
    /// The number as written: «1».
    pub number: String,
    pub addressee: Addressee,
    pub text: String,
    pub due_on: Option<NaiveDate>,
    /// The due as written when it is not a date: «ежеквартально», «в течение 2024/2025
    /// учебного года», with how the schedule grammar read it.
    pub due_text: Option<String>,
    pub due_kind: Option<ScheduleKind>,
    /// The parameter codes it concerns, as written and as read.
    pub parameters_text: Option<String>,
    pub parameters: Option<CodeExpr>,
    pub status: RecommendationStatus,
    pub measure: Option<MeasureLink>,
    pub updated_at: DateTime<Utc>,
}

/// A monitoring: who ordered it, whom it covered, when and where its report was signed, and
/// what it concluded and recommended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: CampaignId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    pub title: String,
    /// The order that started it: «приказ отдела образования от 08.12.2023 № 515».
    pub order: Option<SourceDocument>,
    /// The organizations monitored.
    pub scope: Vec<OrganizationId>,
    pub period_from: i32,
    pub period_to: i32,
    /// The roadmap whose execution it monitored.
    pub roadmap_id: Option<uuid::Uuid>,
    pub report_date: Option<NaiveDate>,
    pub place: Option<String>,
    pub signatory: Option<Signatory>,
    /// The days the monitoring ran, and the school year it covers (by its first year).
    pub window: Option<Window>,
    pub academic_year: Option<i32>,
    /// The order approving the plan it monitored: «приказ от 17.03.2023 № 124».
    pub plan: Option<SourceDocument>,
    pub cited_documents: Vec<CitedDocument>,
    pub cited_figures: Vec<CitedFigure>,
    /// Whether the conclusions and recommendations are the report's words or a summary.
    pub wording: Wording,
    pub conclusions: Vec<Conclusion>,
    pub recommendations: Vec<Recommendation>,
    pub recorded_at: DateTime<Utc>,
    pub lineage: Lineage<CampaignId>,
}

impl Campaign {
    pub fn is_current(&self) -> bool {
        self.lineage.is_current()
    }

    /// What makes two reports versions of one document: the municipality, the period
    /// monitored, and the order that started the monitoring (its number and date), or without
    /// one the report's date. A corrected report replaces the one it corrects.
    pub fn document_key(&self) -> String {
        document_key(self.municipality_id, (self.period_from, self.period_to), self.order.as_ref(), self.report_date)
    }
}

/// [`Campaign::document_key`] from its parts, for the stores that key campaigns already held.
pub fn document_key(
    municipality: MunicipalityId,
    (from, to): (i32, i32),
    order: Option<&SourceDocument>,
    report_date: Option<NaiveDate>,
) -> String {
    let started = order.map(|o| (o.number.as_deref().map(str::trim).map(str::to_lowercase), o.date));
    match started {
        Some((number, date)) if number.is_some() || date.is_some() => {
            format!("{municipality}|{from}-{to}|order|{}|{date:?}", number.unwrap_or_default())
        }
        _ => format!("{municipality}|{from}-{to}|report|{report_date:?}"),
    }
}
