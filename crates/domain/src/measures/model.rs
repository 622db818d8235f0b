//! Programmes, roadmaps and their measures.

use std::collections::HashSet;

use chrono::{DateTime, Utc};

use crate::core::code::CodeExpr;
use crate::core::document::SourceDocument;
use crate::core::period::Period;
use crate::core::schedule::Schedule;
use crate::schools::ids::id_type;
use crate::schools::kinds::vocabulary;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

id_type!(
    /// Identifies a programme.
    ProgrammeId
);

id_type!(
    /// Identifies a roadmap.
    RoadmapId
);

vocabulary!(
    /// Where a programme stands.
    ProgrammeStatus {
        Draft => "draft", "разрабатывается";
        Approved => "approved", "утверждена";
        Finished => "finished", "завершена";
        Superseded => "superseded", "заменена";
    }
);

/// A municipality's (or a school's) programme: a goal and ordered tasks over a period (seed 002:
/// a goal and 7 tasks; seed 004: 5 tasks for 2021–2024, and its successor for 2025–2030).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Programme {
    pub id: ProgrammeId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    /// The body or school that owns it; the municipality itself when absent.
    pub owner_id: Option<OrganizationId>,
    pub title: String,
    pub period: Period,
    pub goal: Option<String>,
    pub tasks: Vec<String>,
    pub approval: Option<SourceDocument>,
    /// Where it stands, when a source says so; none when no document states it.
    pub status: Option<ProgrammeStatus>,
    /// The programme this one replaces.
    pub supersedes: Option<ProgrammeId>,
    /// Filled on reading: the programme that replaces this one.
    pub superseded_by: Option<ProgrammeId>,
    pub recorded_at: DateTime<Utc>,
}

vocabulary!(
    /// Who a measure is for, when its audience text says so.
    AudienceKind {
        Administration => "administration", "администрация";
        Teachers => "teachers", "педагоги";
        YoungTeachers => "young_teachers", "молодые педагоги";
        Students => "students", "обучающиеся";
        StudentsWithDisabilities => "students_with_disabilities", "обучающиеся с ОВЗ";
        Psychologists => "psychologists", "психологи";
        Specialists => "specialists", "специалисты";
        Parents => "parents", "родители";
        Schools => "schools", "образовательные организации";
        Other => "other", "другие";
    }
);

/// Someone or somewhere a measure names: a venue or a responsible party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Party {
    /// An organization of the registry.
    Organization(OrganizationId),
    /// «ОО»: the schools the measure reaches, each in its own building.
    Schools,
    /// A place or a role that is not an organization of the registry: «ГДК», «ВУЗ СПО»,
    /// «тьюторы», «руководитель РМО».
    Named(String),
}

/// Which organizations a measure reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Every organization of the roadmap's territory (the default of a municipal roadmap).
    Territory,
    Organizations(Vec<OrganizationId>),
}

/// One measure of a roadmap, as written and as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// Its place in the roadmap, from 1.
    pub position: u16,
    /// The number as written («1.», «10»), or the position when the table has none.
    pub number: String,
    /// The direction of work (seed 004: «Реализация профилактических мероприятий»).
    pub direction: Option<String>,
    pub title: String,
    /// The form as written; forms compare case- and space-insensitively (see [`form_key`]).
    pub form: Option<String>,
    pub targets_text: Option<String>,
    pub targets: Option<CodeExpr>,
    pub audience: Option<String>,
    pub venues_text: Option<String>,
    pub venues: Vec<Party>,
    pub schedule: Option<Schedule>,
    pub responsible_text: Option<String>,
    pub responsible: Vec<Party>,
    pub reach: Reach,
    /// The rows of the table it was read from.
    pub source_rows: Vec<u32>,
}

impl Measure {
    /// The audience kinds its audience text names.
    pub fn audience_kinds(&self) -> (Vec<AudienceKind>, Vec<u8>) {
        self.audience.as_deref().map(super::audience::audience_kinds).unwrap_or_default()
    }

    /// Whether it targets every parameter the audit found («все выявленные параметры»).
    pub fn targets_all_found(&self) -> bool {
        self.targets == Some(CodeExpr::AllFound)
    }

    /// Whether it reaches the organization.
    pub fn reaches(&self, organization: OrganizationId, territory: &HashSet<OrganizationId>) -> bool {
        match &self.reach {
            Reach::Territory => territory.contains(&organization),
            Reach::Organizations(list) => list.contains(&organization),
        }
    }
}

/// A form's comparison key: «Семинар-совещание» and «семинар - совещание » are one form.
pub fn form_key(form: &str) -> String {
    crate::text::fold(form).chars().filter(|c| !c.is_whitespace()).collect()
}

vocabulary!(
    /// Where a roadmap's title comes from.
    TitleSource {
        Document => "document", "из документа";
        Request => "request", "из запроса";
        FileName => "file_name", "из имени файла";
        Generated => "generated", "составлено Opora";
    }
);

/// A roadmap: the measures a municipality (or a school) takes against the risks its audit found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roadmap {
    pub id: RoadmapId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    /// The body or school that owns it (seed 003: every school keeps its own).
    pub owner_id: Option<OrganizationId>,
    pub programme_id: Option<ProgrammeId>,
    pub title: String,
    /// Where the title comes from; unknown for roadmaps imported before it was recorded.
    pub title_source: Option<TitleSource>,
    pub period: Period,
    pub approval: Option<SourceDocument>,
    /// The audit it answers (an id of the factors capability).
    pub audit_id: Option<uuid::Uuid>,
    /// The catalogue its parameter codes refer to: the audit's.
    pub catalogue_id: Option<uuid::Uuid>,
    pub measures: Vec<Measure>,
    pub recorded_at: DateTime<Utc>,
    /// Where it stands among the versions of its document.
    pub versioning: Versioning,
}

/// The document a roadmap of this municipality, owner and period is a version of.
pub fn document_key(municipality: MunicipalityId, owner: Option<OrganizationId>, period: Period) -> String {
    format!("{municipality}|{:?}|{period}", owner.map(|o| o.to_string()))
}

/// Where a roadmap stands among the versions of its document: a corrected import replaces the
/// current version, a withdrawal ends it; an ended version stays readable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Versioning {
    /// The version it replaced.
    pub supersedes: Option<RoadmapId>,
    /// Filled on reading: the version that replaced it.
    pub superseded_by: Option<RoadmapId>,
    /// When it stopped being current, replaced or withdrawn.
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it was withdrawn, when it was.
    pub withdrawal: Option<String>,
}

impl Roadmap {
    /// Whether it is the version the views read.
    pub fn is_current(&self) -> bool {
        self.versioning.ended_at.is_none()
    }

    /// What makes two imports versions of one document: the municipality, the owner and the
    /// period. A corrected table of the same roadmap replaces it rather than adding a second.
    pub fn document_key(&self) -> String {
        document_key(self.municipality_id, self.owner_id, self.period)
    }

    /// What makes two imports the same roadmap: owner, period, audit and every measure as
    /// written. Stored as a key, so that a repeated (or racing) import finds the first.
    pub fn fingerprint(&self) -> String {
        let mut out = format!(
            "{}|{:?}|{}|{:?}|{:?}",
            self.municipality_id,
            self.owner_id.map(|o| o.to_string()),
            self.period,
            self.audit_id,
            self.programme_id.map(|p| p.to_string())
        );
        for m in &self.measures {
            out.push_str(&format!(
                "\n{}|{:?}|{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                m.number,
                m.direction,
                m.title,
                m.form,
                m.targets_text,
                m.audience,
                m.venues_text,
                m.schedule.as_ref().map(Schedule::text),
                m.responsible_text
            ));
        }
        out
    }
}
