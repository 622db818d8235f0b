//! Importing the entry-audit table: read it, resolve every school against the registry, and
//! store the catalogue (unless an identical one exists) and the audit in one transaction.

use chrono::NaiveDate;

use super::error::FactorsError;
use super::model::{
    Audit, AuditId, Catalogue, CatalogueId, CatalogueOwner, Factor, Finding, Parameter, SourceDocument,
};
use super::service::{FactorsService, data_target};
use super::table::{AuditTable, Issue, read_audit_table};
use crate::access::{Actor, Write};
use crate::audit::AuditEvent;
use crate::error::ValidationErrors;
use crate::schools::{MunicipalityId, Name, OrganizationId, Resolution, SchoolRef, resolve};

type Result<T> = std::result::Result<T, FactorsError>;

/// An audit table to import.
#[derive(Debug, Clone)]
pub struct AuditImport {
    pub municipality: MunicipalityId,
    pub date: NaiveDate,
    /// The catalogue's name when the import creates one.
    pub catalogue_name: Option<String>,
    pub source: Option<SourceDocument>,
    /// The table's cells, row by row; `first_row` is the file row of the first.
    pub rows: Vec<Vec<String>>,
    pub first_row: u32,
    pub dry_run: bool,
}

/// What an import did, or would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    Imported,
    /// The same audit was imported before; nothing was created.
    AlreadyImported,
    /// A dry run: nothing was written.
    Checked,
}

#[derive(Debug, Clone)]
pub struct ImportReport {
    pub outcome: ImportOutcome,
    pub catalogue_id: CatalogueId,
    pub catalogue_created: bool,
    pub audit_id: AuditId,
    pub factors: usize,
    pub parameters: usize,
    pub organizations: usize,
    pub present: usize,
    pub warnings: Vec<Issue>,
}

impl FactorsService {
    /// Imports an audit table: reads it, resolves every school against the registry, and
    /// stores the catalogue (unless an identical one exists) and the audit in one transaction.
    /// Any error rejects the whole table.
    pub async fn import_audit(&self, actor: &Actor, import: AuditImport) -> Result<ImportReport> {
        let municipality = self.territory.municipality(actor, import.municipality).await?;
        actor
            .may_write(Write::Create, data_target(&municipality))
            .map_err(FactorsError::denied("municipality", municipality.id))?;
        let AuditTable { factors, parameters, mut warnings, mut errors } =
            read_audit_table(&import.rows, import.first_row);
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;

        let mut listed: Vec<(OrganizationId, usize, u32)> = Vec::new();
        for (index, parameter) in parameters.iter().enumerate() {
            for item in &parameter.schools {
                let place =
                    |code: &'static str, message: String| Issue::new(parameter.row, 4, &item.source, code, message);
                let reference = match SchoolRef::parse(&item.reference) {
                    Ok(reference) => reference,
                    Err(e) => {
                        errors.push(place(crate::error::Coded::code(&e), e.to_string()));
                        continue;
                    }
                };
                match resolve(&reference, &candidates, municipality.id) {
                    Resolution::Resolved { id, note } => {
                        if let Some(note) = note {
                            warnings.push(place("school_type_differs", note));
                        }
                        listed.push((id, index, parameter.row));
                    }
                    Resolution::Ambiguous(ids) => errors.push(place(
                        "ambiguous_reference",
                        format!("'{}' matches {} organizations of {}", item.reference, ids.len(), municipality.name),
                    )),
                    Resolution::NotFound => errors.push(place(
                        "unknown_school",
                        format!("'{}' matches no organization of {}", item.reference, municipality.name),
                    )),
                }
            }
        }
        if !errors.is_empty() {
            return Err(FactorsError::Rejected { errors, warnings });
        }

        let new_catalogue = Catalogue {
            id: CatalogueId::generate(),
            name: Name::parse(
                import.catalogue_name.as_deref().unwrap_or(&format!("Факторы риска: {}", municipality.name)),
            )
            .map_err(|e| ValidationErrors::single("catalogueName", "invalid_format", e.to_string()))?,
            owner: CatalogueOwner::Municipality { region: municipality.region_id, municipality: municipality.id },
            version: Some(import.date.to_string()),
            source: import.source.clone(),
            factors: factors
                .iter()
                .map(|(code, name)| {
                    Ok(Factor {
                        code: *code,
                        name: Name::parse(name).map_err(|e| FactorsError::Internal(e.to_string()))?,
                    })
                })
                .collect::<Result<_>>()?,
            parameters: parameters
                .iter()
                .map(|p| {
                    Ok(Parameter {
                        code: p.code,
                        name: Name::parse(&p.name).map_err(|e| FactorsError::Internal(e.to_string()))?,
                    })
                })
                .collect::<Result<_>>()?,
        };
        let existing = self.repo.catalogues_of_municipality(municipality.id).await?;
        let (catalogue, created) = match existing.into_iter().find(|c| c.same_content(&new_catalogue)) {
            Some(found) => (found, false),
            None => (new_catalogue, true),
        };

        // Every school of the municipality is audited; listed organizations that are not
        // schools (МКУО ЦОКО) are audited too.
        let mut audited: Vec<OrganizationId> = candidates
            .iter()
            .filter(|o| o.municipality_id == Some(municipality.id) && o.kind.is_school())
            .map(|o| o.id)
            .collect();
        for (id, _, _) in &listed {
            if !audited.contains(id) {
                audited.push(*id);
            }
        }
        let listed = &listed;
        let parameters = &parameters;
        let findings: Vec<Finding> = audited
            .iter()
            .flat_map(|&org| {
                parameters.iter().enumerate().map(move |(index, p)| {
                    let row = listed.iter().find(|(o, i, _)| *o == org && *i == index).map(|(_, _, row)| *row);
                    Finding {
                        organization_id: org,
                        parameter: p.code,
                        present: row.is_some(),
                        value: None,
                        evidence: None,
                        source_row: row.or(Some(p.row)),
                    }
                })
            })
            .collect();
        let audit = Audit {
            id: AuditId::generate(),
            region_id: municipality.region_id,
            municipality_id: municipality.id,
            date: import.date,
            catalogue_id: catalogue.id,
            source: import.source,
            findings,
        };
        let mut report = ImportReport {
            outcome: ImportOutcome::Imported,
            catalogue_id: catalogue.id,
            catalogue_created: created,
            audit_id: audit.id,
            factors: catalogue.factors.len(),
            parameters: catalogue.parameters.len(),
            organizations: audited.len(),
            present: audit.findings.iter().filter(|f| f.present).count(),
            warnings,
        };
        if !created && let Some(previous) = self.repo.find_audit(municipality.id, import.date, catalogue.id).await? {
            if previous.same_findings(&audit) {
                report.outcome = ImportOutcome::AlreadyImported;
                report.audit_id = previous.id;
                return Ok(report);
            }
            return Err(FactorsError::Conflict(format!(
                "an audit of {} on {} against this catalogue exists with other findings (audit {})",
                municipality.name, import.date, previous.id
            )));
        }
        if import.dry_run {
            report.outcome = ImportOutcome::Checked;
            return Ok(report);
        }
        let mut events = Vec::new();
        if created {
            events.push(AuditEvent::created(actor, &catalogue));
        }
        events.push(AuditEvent::created(actor, &audit));
        self.repo.save_import(created.then_some(&catalogue), &audit, &events).await?;
        Ok(report)
    }
}
