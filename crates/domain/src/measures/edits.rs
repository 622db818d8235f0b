//! Editing one measure of a roadmap. The edit is the roadmap's next version: the measure is
//! re-read as if its row had been written so, by the same reader as an import, and the version
//! replaces the current one as a corrected import would, its reports following their measures.

use super::model::RoadmapId;
use super::service::{MeasuresService, RoadmapImportReport, assemble_measure};
use super::table::read_roadmap_table;
use crate::access::{Actor, Write};
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::ValidationErrors;
use crate::core::version::Revision;
use crate::schools::Candidates;

type Result<T> = std::result::Result<T, ServiceError>;

/// What changes in a measure: each field given replaces the text it was read from; the rest
/// stays as written.
#[derive(Debug, Clone, Default)]
pub struct MeasureEdit {
    pub number: Option<String>,
    pub title: Option<String>,
    pub form: Option<String>,
    /// Parameter codes as a table writes them: «1.1, 2.3», «все выявленные параметры».
    pub targets: Option<String>,
    pub audience: Option<String>,
    pub venues: Option<String>,
    /// The schedule as written: «Март 2024», «I квартал 2024», «ежемесячно».
    pub schedule: Option<String>,
    pub responsible: Option<String>,
}

/// The header the edited row is read under: wordings of the header vocabulary.
const HEADER: [&str; 8] = [
    "№",
    "Мероприятие",
    "Форма",
    "Код параметра",
    "Контингент",
    "Место проведения",
    "Дата проведения",
    "Ответственные",
];
/// The request's field each column is edited by.
const FIELDS: [&str; 8] = ["number", "title", "form", "targets", "audience", "venues", "schedule", "responsible"];

impl MeasuresService {
    /// Edits the measure at `position` of a current roadmap: the roadmap's next version.
    pub async fn edit_measure(
        &self,
        actor: &Actor,
        id: RoadmapId,
        position: i64,
        edit: MeasureEdit,
        expected: Option<Revision>,
    ) -> Result<RoadmapImportReport> {
        let roadmap = self.repo.roadmap(id).await?.ok_or_else(|| ServiceError::not_found("roadmap", id))?;
        let municipality = self.readable(actor, roadmap.municipality_id, "roadmap", id.as_uuid()).await?;
        self.writable(actor, roadmap.municipality_id, Write::Update).await?;
        if !roadmap.is_current() {
            return Err(ServiceError::Conflict(format!(
                "roadmap {id} is a version that was replaced or withdrawn: edit the current one"
            )));
        }
        let Some(old) = u16::try_from(position).ok().and_then(|p| roadmap.measures.iter().find(|m| m.position == p))
        else {
            let message = format!("roadmap {id} has no measure at position {position}");
            return Err(ValidationErrors::single("position", "unknown_reference", message).into());
        };
        let keep =
            |given: &Option<String>, was: Option<&str>| given.clone().or(was.map(str::to_owned)).unwrap_or_default();
        let schedule = old.schedule.as_ref().map(|s| s.text().to_owned());
        let row = vec![
            keep(&edit.number, Some(&old.number)),
            keep(&edit.title, Some(&old.title)),
            keep(&edit.form, old.form.as_deref()),
            keep(&edit.targets, old.targets_text.as_deref()),
            keep(&edit.audience, old.audience.as_deref()),
            keep(&edit.venues, old.venues_text.as_deref()),
            keep(&edit.schedule, schedule.as_deref()),
            keep(&edit.responsible, old.responsible_text.as_deref()),
        ];
        let rows = vec![HEADER.map(str::to_owned).to_vec(), row];
        let table = read_roadmap_table(&rows, 1, roadmap.period);
        // The edited row's cells are the request's fields: an issue names the field, not a cell.
        let field_of = |issue: &Issue| {
            let column = usize::from(issue.column.bytes().next().unwrap_or(b'A').saturating_sub(b'A'));
            FIELDS.get(column).copied().unwrap_or("measure")
        };
        if !table.errors.is_empty() || table.measures.len() != 1 {
            let mut errors = ValidationErrors::new();
            for e in &table.errors {
                errors.push(field_of(e), e.code, e.message.clone());
            }
            if errors.is_empty() {
                errors.push("title", "required", "the edit leaves no measure to read");
            }
            return Err(errors.into());
        }
        let facts = match roadmap.audit_id {
            Some(audit) => self.repo.audit_facts(audit).await?,
            None => None,
        };
        let catalogue: Option<Vec<_>> = facts.as_ref().map(|f| f.parameters.iter().map(|(c, _)| *c).collect());
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let registry = Candidates::new(&candidates);
        let (mut measure, doubts) = assemble_measure(
            &table.measures[0],
            old.position,
            &table,
            &registry,
            municipality.id,
            catalogue.as_deref(),
            &old.reach,
        );
        // What the edit does not touch stays as the document had it.
        measure.direction = old.direction.clone();
        measure.source_rows = old.source_rows.clone();
        let number = measure.number.clone();
        let mut warnings: Vec<Issue> = table
            .warnings
            .iter()
            .chain(&doubts)
            .map(|w| Issue::document(&w.text, w.code, format!("measure {number}, {}: {}", field_of(w), w.message)))
            .collect();
        if roadmap.measures.iter().any(|m| m.position != old.position && m.number.trim() == number.trim()) {
            warnings.push(Issue::document(&number, "repeated_number", format!("another measure is numbered {number}")));
        }
        let mut version = roadmap.clone();
        version.id = RoadmapId::generate();
        version.recorded_at = crate::core::clock::now();
        version.versioning = Default::default();
        if let Some(slot) = version.measures.iter_mut().find(|m| m.position == old.position) {
            *slot = measure;
        }
        let names = self.names(actor, &municipality).await?;
        let target = super::versions::Replacing { id, revision: expected };
        self.store_version(actor, version, warnings, names, false, Some(target)).await
    }
}
