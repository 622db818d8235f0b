//! List use cases: recording decisions from tables, correcting them, and the dynamics.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{Decision, DecisionId, ListEntry, ListKind, ListLevel};
use super::ports::ListsRepository;
use super::table::read_list_table;
use super::views::{SchoolHistory, Transition, YearList, by_year, gaps, histories, in_force, latest, transitions};
use crate::access::{Actor, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::StoreError;
use crate::schools::{CellReference, ReferenceResolver};
use crate::schools::{Municipality, MunicipalityId, OrganizationId, RegionId, TerritoryService};

type Result<T> = std::result::Result<T, ServiceError>;

/// «региональный » before a list's kind, or nothing when the level is not stated.
fn level_words(level: Option<ListLevel>) -> String {
    level.map_or_else(String::new, |l| format!("{} ", l.label()))
}

/// The decision a group of table rows makes: year, level, kind, order number and date, and
/// the assessment year.
type Group = (i32, Option<ListLevel>, ListKind, Option<String>, Option<NaiveDate>, Option<i32>);

impl Audited for Decision {
    const ENTITY: &'static str = "list_decision";

    fn entity_id(&self) -> uuid::Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.municipality_id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("level", AuditValue::text(self.level.map(ListLevel::code))),
            ("kind", AuditValue::Text(self.kind.code().to_owned())),
            ("year", AuditValue::Integer(self.year.into())),
            ("number", AuditValue::text(self.number.as_ref())),
            ("date", AuditValue::text(self.date.as_ref())),
            ("organizations", AuditValue::List(self.entries.iter().map(|e| e.organization_id.to_string()).collect())),
            ("supersedes", AuditValue::text(self.supersedes.as_ref())),
            ("withdrawal", AuditValue::text(self.withdrawal.as_ref())),
        ]
    }
}

/// A list table to import for one municipality.
#[derive(Debug, Clone)]
pub struct ListImport {
    pub municipality: MunicipalityId,
    /// For rows (or tables) that do not say.
    pub kind: ListKind,
    /// For rows that do not say; none when no document states it.
    pub level: Option<ListLevel>,
    pub issuer: Option<OrganizationId>,
    pub rows: Vec<Vec<String>>,
    pub first_row: u32,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
pub struct ListImportReport {
    /// Decisions recorded (or, in a dry run, that would be).
    pub decisions: Vec<Decision>,
    /// Years whose list was recorded before with the same schools; nothing new for them.
    pub unchanged_years: Vec<i32>,
    pub warnings: Vec<Issue>,
    pub dry_run: bool,
}

/// A correction: the list as it should have been.
#[derive(Debug, Clone)]
pub struct Correction {
    pub organizations: Vec<OrganizationId>,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
}

/// A municipality's list of one kind over the years, as known at a moment.
#[derive(Debug, Clone)]
pub struct ListDynamics {
    pub municipality: Municipality,
    pub kind: ListKind,
    pub as_of: Option<DateTime<Utc>>,
    pub decisions: Vec<Decision>,
    pub years: Vec<YearList>,
    pub gaps: Vec<i32>,
    pub transitions: Vec<Transition>,
    pub schools: Vec<SchoolHistory>,
    /// Names of the organizations the lists mention.
    pub names: Vec<(OrganizationId, String)>,
}

/// One year of a region's lists: per municipality, how many schools were listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionYear {
    pub year: i32,
    pub municipalities: Vec<(MunicipalityId, String, u32)>,
}

#[derive(Clone)]
pub struct ListsService {
    repo: Arc<dyn ListsRepository>,
    territory: TerritoryService,
}

impl std::fmt::Debug for ListsService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListsService").finish_non_exhaustive()
    }
}

/// A municipality's list decisions are public orders.
fn target(m: &Municipality) -> Target {
    Target::PublicRecord { region: m.region_id, municipality: m.id }
}

impl ListsService {
    pub fn new(repo: Arc<dyn ListsRepository>, territory: TerritoryService) -> Self {
        Self { repo, territory }
    }

    pub async fn dynamics(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        kind: ListKind,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<ListDynamics> {
        let municipality = self.territory.municipality(actor, municipality).await?;
        actor.may_read(target(&municipality)).map_err(ServiceError::denied("municipality", municipality.id))?;
        let all = self.repo.decisions(municipality.id, kind).await?;
        let current: Vec<&Decision> = in_force(&all, as_of);
        let years = by_year(&current);
        // Only the schools the lists name, not the whole municipality.
        let mut named: Vec<OrganizationId> = current.iter().flat_map(|d| d.organizations()).collect();
        named.sort_unstable();
        named.dedup();
        let names = self
            .territory
            .organizations_by_ids(actor, &named)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name.to_string()))
            .collect();
        Ok(ListDynamics {
            names,
            gaps: gaps(&years),
            transitions: transitions(&years),
            schools: histories(&years),
            decisions: current.into_iter().cloned().collect(),
            years,
            municipality,
            kind,
            as_of,
        })
    }

    /// A region's lists by year: how many schools each visible municipality had in the list.
    pub async fn region_dynamics(
        &self,
        actor: &Actor,
        region: RegionId,
        kind: ListKind,
        as_of: Option<DateTime<Utc>>,
    ) -> Result<Vec<RegionYear>> {
        self.territory.region(actor, region).await?;
        // The municipalities the caller may see, and the counts the database makes.
        let visible: std::collections::HashMap<MunicipalityId, String> = self
            .territory
            .municipalities_of_regions(actor, &[region])
            .await?
            .into_iter()
            .map(|m| (m.id, m.name.to_string()))
            .collect();
        let mut years: Vec<RegionYear> = Vec::new();
        for (municipality, year, count) in self.repo.region_counts(region, kind, as_of).await? {
            let Some(name) = visible.get(&municipality) else { continue };
            let entry = (municipality, name.clone(), count);
            match years.iter_mut().find(|y| y.year == year) {
                Some(y) => y.municipalities.push(entry),
                None => years.push(RegionYear { year, municipalities: vec![entry] }),
            }
        }
        for year in &mut years {
            year.municipalities.sort_by(|a, b| a.1.cmp(&b.1));
        }
        years.sort_by_key(|y| y.year);
        Ok(years)
    }

    /// The decisions in force that name an organization: its list history, for its card.
    pub async fn history(&self, actor: &Actor, organization: OrganizationId) -> Result<Vec<Decision>> {
        let organization = self.territory.organization(actor, organization).await?;
        // A correction that took the school off a list does not name it, yet supersedes the
        // version that did: the whole series of each list that ever named it is weighed.
        let mut series: Vec<((MunicipalityId, ListKind), Vec<Decision>)> = Vec::new();
        for d in self.repo.series_naming(organization.id).await? {
            let key = (d.municipality_id, d.kind);
            match series.iter_mut().find(|(k, _)| *k == key) {
                Some((_, all)) => all.push(d),
                None => series.push((key, vec![d])),
            }
        }
        let mut named = Vec::new();
        for (_, all) in &series {
            named.extend(
                in_force(all, None)
                    .into_iter()
                    .filter(|d| d.entries.iter().any(|e| e.organization_id == organization.id))
                    .cloned(),
            );
        }
        named.sort_by_key(|d| (d.year, d.level.map(ListLevel::code)));
        Ok(named)
    }

    /// Whether the caller may import a list table for the municipality: decided before the
    /// upload is read, so that nobody else's file is ever parsed.
    pub async fn may_import(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Municipality> {
        let municipality = self.territory.municipality(actor, municipality).await?;
        actor
            .may_write(Write::Create, target(&municipality))
            .map_err(ServiceError::denied("municipality", municipality.id))?;
        Ok(municipality)
    }

    /// Records the list table: every reference must resolve, or nothing is recorded.
    pub async fn import(&self, actor: &Actor, import: ListImport) -> Result<ListImportReport> {
        let municipality = self.may_import(actor, import.municipality).await?;
        let table = read_list_table(&import.rows, import.first_row);
        let mut errors = table.errors;
        let mut warnings = table.warnings;
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let mut groups: Vec<(Group, Vec<ListEntry>)> = Vec::new();
        let mut resolver = ReferenceResolver::new(&candidates, &municipality);
        for entry in &table.entries {
            let place = |code: &'static str, message: String| {
                Issue::new(entry.row, entry.column, &entry.reference, code, message)
            };
            let at = CellReference {
                row: entry.row,
                column: entry.column,
                cell: &entry.reference,
                reference: &entry.reference,
            };
            let Some((id, _)) = resolver.resolve(at) else { continue };
            let key: Group = (
                entry.year,
                entry.level.or(import.level),
                entry.kind.unwrap_or(import.kind),
                entry.number.clone(),
                entry.date,
                entry.assessment_year,
            );
            let listed = ListEntry { organization_id: id, reason: entry.reason.clone() };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, entries)) if entries.iter().any(|e| e.organization_id == id) => {
                    let message = format!("'{}' is listed twice for {}", entry.reference, entry.year);
                    warnings.push(place("listed_twice", message));
                }
                Some((_, entries)) => entries.push(listed),
                None => {
                    // One decision per year, level and kind: a second one (another order
                    // number or date) is a correction to record as one, not a second list.
                    let (year, level, kind) = (key.0, key.1, key.2);
                    if let Some(((_, _, _, number, date, _), _)) =
                        groups.iter().find(|((y, l, k, ..), _)| (*y, *l, *k) == (year, level, kind))
                    {
                        let message = format!(
                            "a second {}{} list for {year}, besides the one of order {} of {}: one decision a year is recorded; a change is a correction",
                            level_words(level),
                            kind.label(),
                            number.as_deref().unwrap_or("without a number"),
                            date.map_or_else(|| "no date".to_owned(), |d| d.to_string()),
                        );
                        errors.push(place("second_decision", message));
                        continue;
                    }
                    groups.push((key, vec![listed]));
                }
            }
        }
        errors.append(&mut resolver.errors);
        warnings.append(&mut resolver.warnings);
        if !errors.is_empty() {
            return Err(ServiceError::rejected(errors, warnings));
        }
        // Identical imports may race: the store keeps one original decision per municipality,
        // kind, level and year, and the loser of a race compares with what the winner stored.
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.record(actor, &import, &municipality, &groups).await {
                Err(StoreError::Duplicate { .. }) if attempt < 3 => continue,
                result => {
                    let (decisions, unchanged_years) = result??;
                    return Ok(ListImportReport { decisions, unchanged_years, warnings, dry_run: import.dry_run });
                }
            }
        }
    }

    /// Compares each year's group with the decisions in force and stores the new ones.
    async fn record(
        &self,
        actor: &Actor,
        import: &ListImport,
        municipality: &Municipality,
        groups: &[(Group, Vec<ListEntry>)],
    ) -> std::result::Result<Result<(Vec<Decision>, Vec<i32>)>, StoreError> {
        let now = crate::core::clock::now();
        let mut decisions = Vec::new();
        let mut unchanged_years = Vec::new();
        for ((year, level, kind, number, date, assessment_year), entries) in groups.iter().cloned() {
            let existing = self.repo.decisions(municipality.id, kind).await?;
            let in_force_now = in_force(&existing, None);
            // A table that does not say the level means the year's list as recorded, whatever
            // its level; one that says it means that level's list.
            let same_year: Vec<&&Decision> =
                in_force_now.iter().filter(|d| d.year == year && (level.is_none() || d.level == level)).collect();
            let mut wanted: Vec<OrganizationId> = entries.iter().map(|e| e.organization_id).collect();
            wanted.sort();
            let unchanged = same_year.iter().any(|d| {
                let mut have = d.organizations();
                have.sort();
                have == wanted
            });
            if unchanged {
                unchanged_years.push(year);
                continue;
            }
            let withdrawn = latest(&existing, None)
                .into_iter()
                .find(|d| d.withdrawal.is_some() && d.year == year && (level.is_none() || d.level == level));
            if let Some(previous) = same_year.first() {
                return Ok(Err(ServiceError::Conflict(format!(
                    "a {}{} list for {year} is recorded with other schools (decision {}); correct it instead",
                    level_words(level),
                    kind.label(),
                    previous.id
                ))));
            }
            decisions.push(Decision {
                id: DecisionId::generate(),
                region_id: municipality.region_id,
                municipality_id: municipality.id,
                level,
                kind,
                year,
                assessment_year,
                issuer_id: import.issuer,
                number,
                date,
                entries,
                recorded_at: now,
                // A year whose decision was withdrawn gets its list again as the next version.
                supersedes: withdrawn.map(|w| w.id),
                withdrawal: None,
            });
        }
        if !import.dry_run && !decisions.is_empty() {
            let events: Vec<AuditEvent> = decisions.iter().map(|d| AuditEvent::created(actor, d)).collect();
            self.repo.insert_decisions(&decisions, &events).await?;
        }
        Ok(Ok((decisions, unchanged_years)))
    }

    /// Records a correction: a new version of the decision that supersedes it. The old version
    /// stays, so the list as known before the correction can still be answered.
    pub async fn correct(&self, actor: &Actor, id: DecisionId, correction: Correction) -> Result<Decision> {
        let previous = self
            .repo
            .decision(id)
            .await?
            .ok_or_else(|| ServiceError::NotFound { entity: "decision", id: id.to_string() })?;
        let municipality = self.territory.municipality(actor, previous.municipality_id).await?;
        actor.may_write(Write::Update, target(&municipality)).map_err(ServiceError::denied("decision", id))?;
        let all = self.repo.decisions(previous.municipality_id, previous.kind).await?;
        if all.iter().any(|d| d.supersedes == Some(id)) {
            return Err(ServiceError::Conflict(format!(
                "decision {id} was corrected already; correct its latest version"
            )));
        }
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let mut errors = crate::core::validation::ValidationErrors::new();
        for (i, organization) in correction.organizations.iter().enumerate() {
            if !candidates.iter().any(|o| o.id == *organization) {
                errors.push(
                    format!("organizationIds[{i}]"),
                    "unknown_reference",
                    format!("no organization {organization} in {}", municipality.name),
                );
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let corrected = Decision {
            id: DecisionId::generate(),
            number: correction.number.or_else(|| previous.number.clone()),
            date: correction.date.or(previous.date),
            entries: correction
                .organizations
                .into_iter()
                .map(|organization_id| ListEntry { organization_id, reason: None })
                .collect(),
            recorded_at: crate::core::clock::now(),
            supersedes: Some(previous.id),
            withdrawal: None,
            ..previous.clone()
        };
        let event = AuditEvent::created(actor, &corrected);
        self.repo.insert_decisions(std::slice::from_ref(&corrected), &[event]).await.map_err(|e| match e {
            // Another correction of the same version won a race.
            StoreError::Duplicate { .. } => {
                ServiceError::Conflict(format!("decision {id} was corrected already; correct its latest version"))
            }
            other => other.into(),
        })?;
        Ok(corrected)
    }

    /// The decision as recorded, any version, for a caller who may read its municipality's lists.
    pub async fn decision(&self, actor: &Actor, id: DecisionId) -> Result<Decision> {
        let not_found = || ServiceError::NotFound { entity: "decision", id: id.to_string() };
        let decision = self.repo.decision(id).await?.ok_or_else(not_found)?;
        let municipality = self.territory.municipality(actor, decision.municipality_id).await.map_err(|e| match e {
            ServiceError::NotFound { .. } => not_found(),
            other => other,
        })?;
        actor.may_read(target(&municipality)).map_err(ServiceError::denied("decision", id))?;
        Ok(decision)
    }

    /// Withdraws a decision recorded in error, with a reason: a version that supersedes it and
    /// names no school, after which the year has no decision of that list (never an empty one).
    /// The withdrawn version stays, and lists asked for `asOf` an earlier moment answer as before.
    pub async fn withdraw(
        &self,
        actor: &Actor,
        id: DecisionId,
        reason: &str,
        expected: Option<crate::core::version::Revision>,
    ) -> Result<Decision> {
        let previous = self.decision(actor, id).await?;
        let municipality = self.territory.municipality(actor, previous.municipality_id).await?;
        actor.may_write(Write::Delete, target(&municipality)).map_err(ServiceError::denied("decision", id))?;
        let reason = crate::core::version::reason(reason)?;
        if previous.withdrawal.is_some() {
            return Err(ServiceError::Conflict(format!(
                "decision {id} is a withdrawal: correct it to list schools again"
            )));
        }
        let all = self.repo.decisions(previous.municipality_id, previous.kind).await?;
        if all.iter().any(|d| d.supersedes == Some(id)) {
            return Err(ServiceError::Conflict(format!(
                "decision {id} was corrected or withdrawn already; withdraw its latest version"
            )));
        }
        let withdrawal = Decision {
            id: DecisionId::generate(),
            entries: Vec::new(),
            recorded_at: crate::core::clock::now(),
            supersedes: Some(previous.id),
            withdrawal: Some(reason),
            ..previous.clone()
        };
        // The withdrawal in its own history, and in the history of the version it ends.
        let events = [
            AuditEvent::created(actor, &withdrawal),
            AuditEvent::updated(
                actor,
                &previous,
                &Decision { withdrawal: withdrawal.withdrawal.clone(), ..previous.clone() },
                Vec::new(),
            )
            .expecting(expected),
        ];
        self.repo.insert_decisions(std::slice::from_ref(&withdrawal), &events).await.map_err(|e| match e {
            StoreError::Duplicate { .. } => ServiceError::Conflict(format!(
                "decision {id} was corrected or withdrawn already; withdraw its latest version"
            )),
            other => ServiceError::store("decision", id)(other),
        })?;
        Ok(withdrawal)
    }
}
