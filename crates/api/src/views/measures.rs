//! Programmes, roadmaps, measures and coverage, as clients read them.

use std::collections::HashMap;

use opora_domain::measures::{
    Coverage, Measure, MeasureReach, Party, Period, Programme, Reach, Roadmap, RoadmapImportReport, RoadmapOutcome,
    RoadmapRead, occurrences,
};
use opora_domain::schools::OrganizationId;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::scalars::DateTime;
use super::sources::{IssueView, SourceView};
use super::territory::NamedOrganizationView;

pub(super) type Names = HashMap<OrganizationId, String>;

fn name_of(names: &Names, id: OrganizationId) -> String {
    names.get(&id).cloned().unwrap_or_default()
}

pub(super) fn named(names: &Names, id: OrganizationId) -> NamedOrganizationView {
    NamedOrganizationView { id: id.as_uuid(), name: name_of(names, id) }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Programme")]
pub(crate) struct ProgrammeView {
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub title: String,
    pub period_from: i32,
    pub period_to: i32,
    pub goal: Option<String>,
    /// The tasks, in order.
    pub tasks: Vec<String>,
    pub approval: Option<SourceView>,
    /// draft, approved, finished or superseded; null when no document states it.
    pub status: Option<String>,
    pub supersedes: Option<Uuid>,
    pub superseded_by: Option<Uuid>,
    pub recorded_at: DateTime,
}

impl From<Programme> for ProgrammeView {
    fn from(p: Programme) -> Self {
        Self {
            id: p.id.as_uuid(),
            municipality_id: p.municipality_id.as_uuid(),
            owner_id: p.owner_id.map(|o| o.as_uuid()),
            title: p.title,
            period_from: p.period.from(),
            period_to: p.period.to(),
            goal: p.goal,
            tasks: p.tasks,
            approval: p.approval.as_ref().map(Into::into),
            status: p.status.map(|s| s.code().to_owned()),
            supersedes: p.supersedes.map(|s| s.as_uuid()),
            superseded_by: p.superseded_by.map(|s| s.as_uuid()),
            recorded_at: DateTime(p.recorded_at),
        }
    }
}

/// A venue or a responsible party: an organization of the registry, the schools the measure
/// reaches («ОО»), or a place or role named in words.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Party")]
pub(crate) struct PartyView {
    /// organization, schools or named.
    pub kind: String,
    pub organization: Option<NamedOrganizationView>,
    /// The place or role as written, for `named`.
    pub name: Option<String>,
}

fn party(names: &Names, p: &Party) -> PartyView {
    match p {
        Party::Organization(id) => {
            PartyView { kind: "organization".into(), organization: Some(named(names, *id)), name: None }
        }
        Party::Schools => PartyView { kind: "schools".into(), organization: None, name: Some("ОО".into()) },
        Party::Named(text) => PartyView { kind: "named".into(), organization: None, name: Some(text.clone()) },
    }
}

/// When a measure takes place: the text as written and its reading.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Schedule")]
pub(crate) struct ScheduleView {
    pub text: String,
    /// months, dates, windows, deadline, recurring, whole_period, separate_plan, yearly, or
    /// unread (kept as written: it plans nothing, and `unreadReason` says why).
    pub kind: String,
    pub every_year: bool,
    /// How often a recurring schedule repeats: day, week, month, quarter or half_year.
    pub every: Option<String>,
    /// The times it names: a month `2024-04`, a span of months `2024-01/2024-03`, a day
    /// `2024-03-21`, a span of days `2024-09-05/2024-09-23`.
    pub occurrences: Vec<String>,
    /// The plan it refers to: «в соответствии с планом работы МКУО ЦОКО».
    pub plan: Option<String>,
    /// Why the text was kept as written, when it was.
    pub unread_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Measure")]
pub(crate) struct MeasureView {
    /// Its place in the roadmap, from 1: reports name a measure by it.
    pub position: i32,
    pub number: String,
    pub direction: Option<String>,
    pub title: String,
    pub form: Option<String>,
    /// The parameter codes as written.
    pub targets_text: Option<String>,
    /// True for «все выявленные параметры».
    pub targets_all_found: bool,
    /// The codes it names, ranges expanded over the catalogue when the roadmap has one.
    pub target_codes: Vec<String>,
    pub audience: Option<String>,
    /// administration, teachers, young_teachers, students, students_with_disabilities,
    /// psychologists, specialists, parents, schools; other for a part of the text no kind was
    /// read from (the import warned of it).
    pub audience_kinds: Vec<String>,
    pub grades: Vec<i32>,
    pub venues_text: Option<String>,
    #[graphql(skip)]
    pub venues: Vec<PartyView>,
    pub schedule: Option<ScheduleView>,
    pub responsible_text: Option<String>,
    #[graphql(skip)]
    pub responsible: Vec<PartyView>,
    /// Null when it reaches every organization of the roadmap's territory.
    pub reaches: Option<Vec<Uuid>>,
    pub source_rows: Vec<u32>,
    /// The occurrences it plans, as reports name them: a time of `schedule.occurrences`, a
    /// year `2023`, `period` or `plan` (no date: set elsewhere, or not read).
    pub planned_occurrences: Vec<String>,
    /// The recommendations of monitoring campaigns this measure carries out.
    pub recommendations: Vec<Uuid>,
}

crate::graphql::capped::capped_lists!(MeasureView { venues: PartyView, responsible: PartyView });

fn measure(names: &Names, m: &Measure, period: Period, recommendations: &[(u16, Uuid)]) -> MeasureView {
    let (kinds, grades) = m.audience_kinds();
    let target_codes = match &m.targets {
        Some(opora_domain::core::code::CodeExpr::Items(items)) => items
            .iter()
            .map(|i| match i {
                opora_domain::core::code::CodeItem::Code(c) => c.to_string(),
                opora_domain::core::code::CodeItem::Range(a, b) => format!("{a}-{b}"),
            })
            .collect(),
        _ => Vec::new(),
    };
    MeasureView {
        position: i32::from(m.position),
        number: m.number.clone(),
        direction: m.direction.clone(),
        title: m.title.clone(),
        form: m.form.clone(),
        targets_text: m.targets_text.clone(),
        targets_all_found: m.targets_all_found(),
        target_codes,
        audience: m.audience.clone(),
        audience_kinds: kinds.iter().map(|k| k.code().to_owned()).collect(),
        grades: grades.into_iter().map(i32::from).collect(),
        venues_text: m.venues_text.clone(),
        venues: m.venues.iter().map(|p| party(names, p)).collect(),
        schedule: m.schedule.as_ref().map(|s| ScheduleView {
            text: s.text().to_owned(),
            kind: s.kind().code().to_owned(),
            every_year: s.every_year(),
            every: s.every().map(|e| e.code().to_owned()),
            occurrences: s.occurrences().iter().map(ToString::to_string).collect(),
            plan: s.plan().map(str::to_owned),
            unread_reason: s.unread().map(ToString::to_string),
        }),
        responsible_text: m.responsible_text.clone(),
        responsible: m.responsible.iter().map(|p| party(names, p)).collect(),
        reaches: match &m.reach {
            Reach::Territory => None,
            Reach::Organizations(list) => Some(list.iter().map(|o| o.as_uuid()).collect()),
        },
        source_rows: m.source_rows.clone(),
        planned_occurrences: occurrences(m, period).iter().map(|o| o.key()).collect(),
        recommendations: recommendations.iter().filter(|(p, _)| *p == m.position).map(|(_, id)| *id).collect(),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Roadmap")]
pub(crate) struct RoadmapView {
    pub id: Uuid,
    pub municipality_id: Uuid,
    pub owner_id: Option<Uuid>,
    pub programme_id: Option<Uuid>,
    pub title: String,
    /// Where the title comes from: document (the lines above the table), request, file_name, or
    /// generated (none gave one); null for roadmaps imported before it was recorded.
    pub title_source: Option<String>,
    pub period_from: i32,
    pub period_to: i32,
    /// The period is one school year, September to August: months written without a year fall
    /// in it that way.
    pub school_year: bool,
    pub approval: Option<SourceView>,
    pub audit_id: Option<Uuid>,
    pub catalogue_id: Option<Uuid>,
    /// Empty in listings; read one roadmap for its measures.
    #[graphql(skip)]
    pub measures: Vec<MeasureView>,
    pub recorded_at: DateTime,
    /// Whether it is the version of its document the views read; an ended version stays
    /// readable here and `asOf`.
    pub current: bool,
    /// The version it replaced.
    pub supersedes: Option<Uuid>,
    /// The version that replaced it.
    pub superseded_by: Option<Uuid>,
    /// When it was replaced or withdrawn.
    pub ended_at: Option<DateTime>,
    /// Why it was withdrawn.
    pub withdrawal: Option<String>,
}

crate::graphql::capped::capped_lists!(RoadmapView {
    /// Empty in listings; read one roadmap for its measures.
    measures: MeasureView,
});

fn roadmap(names: &Names, r: &Roadmap, recommendations: &[(u16, Uuid)]) -> RoadmapView {
    RoadmapView {
        id: r.id.as_uuid(),
        municipality_id: r.municipality_id.as_uuid(),
        owner_id: r.owner_id.map(|o| o.as_uuid()),
        programme_id: r.programme_id.map(|p| p.as_uuid()),
        title: r.title.clone(),
        title_source: r.title_source.map(|s| s.code().to_owned()),
        period_from: r.period.from(),
        period_to: r.period.to(),
        school_year: r.period.is_school_year(),
        approval: r.approval.as_ref().map(Into::into),
        audit_id: r.audit_id,
        catalogue_id: r.catalogue_id,
        measures: r.measures.iter().map(|m| measure(names, m, r.period, recommendations)).collect(),
        recorded_at: DateTime(r.recorded_at),
        current: r.is_current(),
        supersedes: r.versioning.supersedes.map(|s| s.as_uuid()),
        superseded_by: r.versioning.superseded_by.map(|s| s.as_uuid()),
        ended_at: r.versioning.ended_at.map(DateTime),
        withdrawal: r.versioning.withdrawal.clone(),
    }
}

impl From<RoadmapRead> for RoadmapView {
    fn from(read: RoadmapRead) -> Self {
        roadmap(&read.names.into_iter().collect(), &read.roadmap, &read.recommendations)
    }
}

impl From<&Roadmap> for RoadmapView {
    fn from(r: &Roadmap) -> Self {
        roadmap(&Names::new(), r, &[])
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RoadmapImportView {
    /// imported, already_imported, or checked (a dry run).
    pub status: String,
    pub roadmap_id: Uuid,
    pub measures: usize,
    pub warnings: Vec<IssueView>,
    /// The roadmap as read: a dry run shows what an import would record.
    pub roadmap: RoadmapView,
}

impl From<RoadmapImportReport> for RoadmapImportView {
    fn from(r: RoadmapImportReport) -> Self {
        let names: Names = r.names.iter().cloned().collect();
        Self {
            status: match r.outcome {
                RoadmapOutcome::Imported => "imported",
                RoadmapOutcome::AlreadyImported => "already_imported",
                RoadmapOutcome::Checked => "checked",
            }
            .to_owned(),
            roadmap_id: r.roadmap.id.as_uuid(),
            measures: r.roadmap.measures.len(),
            warnings: r.warnings.into_iter().map(Into::into).collect(),
            roadmap: roadmap(&names, &r.roadmap, &[]),
        }
    }
}

/// A measure aimed at a parameter, with the organizations where it is present that it reaches.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "MeasureReach")]
pub(crate) struct MeasureReachView {
    pub number: String,
    #[graphql(skip)]
    pub reaches: Vec<NamedOrganizationView>,
}

crate::graphql::capped::capped_lists!(MeasureReachView { reaches: NamedOrganizationView });

fn reach(names: &Names, r: &MeasureReach) -> MeasureReachView {
    MeasureReachView { number: r.number.clone(), reaches: r.reaches.iter().map(|o| named(names, *o)).collect() }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "ParameterCoverage")]
pub(crate) struct ParameterCoverageView {
    pub code: String,
    pub name: String,
    /// by_code, only_all_found or none.
    pub status: String,
    #[graphql(skip)]
    pub present_at: Vec<NamedOrganizationView>,
    /// Measures that target it by its code.
    #[graphql(skip)]
    pub by_code: Vec<MeasureReachView>,
    /// Measures aimed at «все выявленные параметры».
    #[graphql(skip)]
    pub by_all_found: Vec<MeasureReachView>,
}

crate::graphql::capped::capped_lists!(ParameterCoverageView {
    present_at: NamedOrganizationView,
    /// Measures that target it by its code.
    by_code: MeasureReachView,
    /// Measures aimed at «все выявленные параметры».
    by_all_found: MeasureReachView,
});

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "SchoolParameterCoverage")]
pub(crate) struct SchoolParameterView {
    pub code: String,
    /// by_code, only_all_found or none.
    pub status: String,
    pub measures: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "SchoolCoverage")]
pub(crate) struct SchoolCoverageView {
    pub organization: NamedOrganizationView,
    #[graphql(skip)]
    pub parameters: Vec<SchoolParameterView>,
}

crate::graphql::capped::capped_lists!(SchoolCoverageView { parameters: SchoolParameterView });

/// A roadmap against the audit it answers.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "RoadmapCoverage")]
pub(crate) struct CoverageView {
    pub roadmap_id: Uuid,
    pub audit_id: Uuid,
    pub catalogue_id: Uuid,
    /// Every parameter present somewhere, in catalogue order.
    #[graphql(skip)]
    pub parameters: Vec<ParameterCoverageView>,
    /// Present parameters no measure targets by code.
    pub not_targeted: Vec<String>,
    /// Of those, the ones no measure reaches at all, not even through «все выявленные параметры».
    pub uncovered: Vec<String>,
    /// Catalogue parameters present nowhere.
    pub absent: Vec<String>,
    /// Measures whose code targets are present nowhere.
    pub aimless_measures: Vec<String>,
    #[graphql(skip)]
    pub schools: Vec<SchoolCoverageView>,
}

crate::graphql::capped::capped_lists!(CoverageView {
    /// Every parameter present somewhere, in catalogue order.
    parameters: ParameterCoverageView,
    schools: SchoolCoverageView,
});

impl From<Coverage> for CoverageView {
    fn from(c: Coverage) -> Self {
        let names: Names = c.names.iter().cloned().collect();
        Self {
            roadmap_id: c.roadmap.id.as_uuid(),
            audit_id: c.audit.id,
            catalogue_id: c.audit.catalogue_id,
            not_targeted: c.not_targeted().map(|p| p.code.to_string()).collect(),
            uncovered: c
                .parameters
                .iter()
                .filter(|p| p.status == opora_domain::measures::CoverageStatus::None)
                .map(|p| p.code.to_string())
                .collect(),
            parameters: c
                .parameters
                .iter()
                .map(|p| ParameterCoverageView {
                    code: p.code.to_string(),
                    name: p.name.clone(),
                    status: p.status.code().to_owned(),
                    present_at: p.present_at.iter().map(|o| named(&names, *o)).collect(),
                    by_code: p.by_code.iter().map(|r| reach(&names, r)).collect(),
                    by_all_found: p.by_all_found.iter().map(|r| reach(&names, r)).collect(),
                })
                .collect(),
            absent: c.absent.iter().map(ToString::to_string).collect(),
            aimless_measures: c.aimless.clone(),
            schools: c
                .schools
                .iter()
                .map(|s| SchoolCoverageView {
                    organization: named(&names, s.organization_id),
                    parameters: s
                        .parameters
                        .iter()
                        .map(|p| SchoolParameterView {
                            code: p.code.to_string(),
                            status: p.status.code().to_owned(),
                            measures: p.measures.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
