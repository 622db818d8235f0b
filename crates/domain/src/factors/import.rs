//! Importing the entry-audit table: read it, resolve every school against the registry, and
//! store the catalogue (unless an identical one exists) and the audit in one transaction.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::model::{Audit, AuditId, Catalogue, CatalogueId, CatalogueOwner, Factor, Finding, Parameter};
use super::service::FactorsService;
use super::table::{AuditTable, read_audit_table};
use crate::access::Actor;
use crate::audit::AuditEvent;
use crate::core::document::SourceDocument;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::schools::{CellReference, ReferenceResolver};
use crate::schools::{MunicipalityId, Name, OrganizationId};

type Result<T> = std::result::Result<T, ServiceError>;

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
    /// The version this table corrects, named explicitly; without it, the current audit of the
    /// same municipality and date is replaced.
    pub replaces: Option<AuditId>,
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
    /// How often an import retries against what a racing import stored meanwhile.
    const IMPORT_ATTEMPTS: usize = 32;

    /// Imports an audit table: reads it, resolves every school against the registry, and
    /// stores the catalogue (unless an identical one exists) and the audit in one transaction.
    /// Any error rejects the whole table.
    pub async fn import_audit(&self, actor: &Actor, import: AuditImport) -> Result<ImportReport> {
        let municipality = self.may_import(actor, import.municipality).await?;
        let AuditTable { factors, parameters, mut warnings, mut errors } =
            read_audit_table(&import.rows, import.first_row);
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;

        let mut resolver = ReferenceResolver::new(&candidates, &municipality);
        // Per organization and parameter: the row, and the evidence — the cell as written and
        // how its reference was read.
        let mut listed: Vec<(OrganizationId, usize, u32, String)> = Vec::new();
        for (index, parameter) in parameters.iter().enumerate() {
            let cell = crate::text::excerpt(&parameter.schools_text, Issue::MAX_TEXT_CHARS);
            for item in &parameter.schools {
                let at =
                    CellReference { row: parameter.row, column: 4, cell: &item.source, reference: &item.reference };
                if let Some((id, note)) = resolver.resolve(at) {
                    let mut evidence = format!("«{}» in «{}»", item.source, cell);
                    if let Some(note) = note {
                        evidence.push_str(&format!("; {note}"));
                    }
                    listed.push((id, index, parameter.row, evidence));
                }
            }
        }
        errors.append(&mut resolver.errors);
        warnings.append(&mut resolver.warnings);
        if !errors.is_empty() {
            return Err(ServiceError::rejected(errors, warnings));
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
                        name: Name::parse(name).map_err(|e| ServiceError::Internal(e.to_string()))?,
                    })
                })
                .collect::<Result<_>>()?,
            parameters: parameters
                .iter()
                .map(|p| {
                    Ok(Parameter {
                        code: p.code,
                        name: Name::parse(&p.name).map_err(|e| ServiceError::Internal(e.to_string()))?,
                    })
                })
                .collect::<Result<_>>()?,
        };
        // The audit's population is the municipality's schools. Another organization a cell
        // names (МКУО ЦОКО) gets a finding for what is named about it, outside the population:
        // shown apart, never counted in a school denominator.
        let population: Vec<OrganizationId> = candidates
            .iter()
            .filter(|o| o.municipality_id == Some(municipality.id) && o.kind.is_school())
            .map(|o| o.id)
            .collect();
        let in_population: HashSet<OrganizationId> = population.iter().copied().collect();
        let mut named: HashMap<(OrganizationId, usize), (u32, String)> = HashMap::new();
        for (id, index, row, evidence) in &listed {
            named.entry((*id, *index)).or_insert_with(|| (*row, evidence.clone()));
        }
        let mut findings: Vec<Finding> = population
            .iter()
            .flat_map(|&org| {
                let named = &named;
                parameters.iter().enumerate().map(move |(index, p)| {
                    let hit = named.get(&(org, index));
                    Finding {
                        organization_id: org,
                        parameter: p.code,
                        present: hit.is_some(),
                        value: None,
                        evidence: hit.map(|(_, evidence)| evidence.clone()),
                        source_row: Some(hit.map_or(p.row, |(row, _)| *row)),
                        in_population: true,
                    }
                })
            })
            .collect();
        let mut bodies: Vec<(OrganizationId, usize)> =
            named.keys().filter(|(org, _)| !in_population.contains(org)).copied().collect();
        bodies.sort_by_key(|(org, index)| (*org, *index));
        findings.extend(bodies.into_iter().map(|(org, index)| {
            let (row, evidence) = &named[&(org, index)];
            Finding {
                organization_id: org,
                parameter: parameters[index].code,
                present: true,
                value: None,
                evidence: Some(evidence.clone()),
                source_row: Some(*row),
                in_population: false,
            }
        }));
        let audit = Audit {
            id: AuditId::generate(),
            region_id: municipality.region_id,
            municipality_id: municipality.id,
            date: import.date,
            catalogue_id: new_catalogue.id,
            source: import.source.clone(),
            findings,
            version: Default::default(),
        };
        // Identical imports may race. The store keeps one imported catalogue per owner and
        // content and one audit per municipality, date and catalogue; the loser of a race
        // finds what the winner stored and answers as a repeated import would.
        // Corrections race too: each replaces the version current when it is stored.
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.store_import(actor, &import, &new_catalogue, &audit, &warnings).await {
                Err(StoreError::Duplicate { .. }) if attempt < Self::IMPORT_ATTEMPTS => continue,
                result => return result?,
            }
        }
    }

    /// The version a correction names: the current audit of a municipality's own, and the only
    /// current one of the date the correction is of.
    async fn named_version(
        &self,
        audit: &Audit,
        named: AuditId,
        same_date: Option<Audit>,
    ) -> std::result::Result<Result<Audit>, StoreError> {
        let Some(found) = self.repo.audit(named).await?.filter(|a| a.municipality_id == audit.municipality_id) else {
            let message = format!("no audit {named} of this municipality");
            return Ok(Err(ValidationErrors::single("replaces", "unknown_reference", message).into()));
        };
        if !found.is_current() {
            let message = format!("audit {named} was replaced or withdrawn: correct its current version");
            return Ok(Err(ServiceError::Conflict(message)));
        }
        if let Some(other) = same_date.filter(|c| c.id != named) {
            let message = format!("audit {} is the current audit of {}: name it in replaces", other.id, audit.date);
            return Ok(Err(ServiceError::Conflict(message)));
        }
        Ok(Ok(found))
    }

    /// Stores the audit against an identical catalogue when one exists, or against the new one.
    async fn store_import(
        &self,
        actor: &Actor,
        import: &AuditImport,
        new_catalogue: &Catalogue,
        new_audit: &Audit,
        warnings: &[Issue],
    ) -> std::result::Result<Result<ImportReport>, StoreError> {
        let existing = self.repo.catalogues_of_municipality(new_audit.municipality_id).await?;
        let (catalogue, created) = match existing.into_iter().find(|c| c.same_content(new_catalogue)) {
            Some(found) => (found, false),
            None => (new_catalogue.clone(), true),
        };
        let mut audit = Audit { catalogue_id: catalogue.id, ..new_audit.clone() };
        let same_date = self.repo.current_audit(audit.municipality_id, import.date).await?;
        let current = match import.replaces {
            None => same_date,
            Some(named) => match self.named_version(&audit, named, same_date).await? {
                Ok(named) => Some(named),
                Err(refused) => return Ok(Err(refused)),
            },
        };
        audit.version.supersedes = current.as_ref().map(|c| c.id);
        let mut report = ImportReport {
            outcome: ImportOutcome::Imported,
            catalogue_id: catalogue.id,
            catalogue_created: created,
            audit_id: audit.id,
            factors: catalogue.factors.len(),
            parameters: catalogue.parameters.len(),
            organizations: audit.population().len(),
            present: audit.findings.iter().filter(|f| f.present).count(),
            warnings: warnings.to_vec(),
        };
        if let Some(previous) = &current {
            let same_date = previous.date == audit.date;
            if same_date && !created && previous.catalogue_id == catalogue.id && previous.same_findings(&audit) {
                report.outcome = ImportOutcome::AlreadyImported;
                report.audit_id = previous.id;
                return Ok(Ok(report));
            }
            // A corrected audit of the same date replaces the current one.
            report.warnings.push(Issue::document(
                &import.date.to_string(),
                "replaces_version",
                format!("replaces audit {} of {}, which stays readable by its id", previous.id, import.date),
            ));
        }
        if import.dry_run {
            report.outcome = ImportOutcome::Checked;
            return Ok(Ok(report));
        }
        let mut events = Vec::new();
        if created {
            events.push(AuditEvent::created(actor, &catalogue));
        }
        events.push(AuditEvent::created(actor, &audit));
        if let Some(previous) = &current {
            // The end of the version it replaces, in that version's history.
            let before = Audit { findings: Vec::new(), ..previous.clone() };
            let mut ended = before.clone();
            ended.version.ended_at = Some(crate::core::clock::now());
            events.push(AuditEvent::updated(actor, &before, &ended, Vec::new()));
        }
        self.repo.save_import(created.then_some(&catalogue), &audit, &events).await?;
        Ok(Ok(report))
    }
}
