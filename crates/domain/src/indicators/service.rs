//! Indicator use cases: the catalogue and its methods, the import of observations from the
//! tables municipalities keep, and series aggregated up the territory.

use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::model::{Aggregation, Indicator, IndicatorCode, IndicatorLevel, Observation, Subject};
use super::period::ObservationPeriod;
use super::ports::{IndicatorsRepository, ObservationScope};
use super::series::{PeriodSum, Series, series, series_with};
use super::table::read_indicator_table;
use super::versions::ObservationImport;
use crate::access::{Actor, Kept, Target, Write};
use crate::audit::{AuditEvent, AuditValue, Audited};
use crate::core::document::SourceDocument;
use crate::core::error::ServiceError;
use crate::core::import::Issue;
use crate::core::validation::{StoreError, ValidationErrors};
use crate::schools::{CellReference, ReferenceResolver};
use crate::schools::{MunicipalityId, Name, OrganizationId, RegionId, TerritoryService};
use crate::text::fold;

type Result<T> = std::result::Result<T, ServiceError>;

impl Audited for Indicator {
    const ENTITY: &'static str = "indicator";

    fn entity_id(&self) -> uuid::Uuid {
        self.id()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (None, None)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("code", AuditValue::Text(self.code.to_string())),
            ("version", AuditValue::Integer(i64::from(self.version))),
            ("aggregation", AuditValue::Text(self.aggregation.code().to_owned())),
        ]
    }
}

/// An indicator, or a new method of one, as a client states it.
#[derive(Debug, Clone)]
pub struct IndicatorDraft {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub level: String,
    /// sum, weighted_mean or share.
    pub aggregation: String,
    pub base: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub method: Option<String>,
}

#[derive(Debug, Clone)]
pub struct IndicatorImport {
    pub municipality: MunicipalityId,
    pub rows: Vec<Vec<String>>,
    pub first_row: u32,
    /// The period of a table without a period column.
    pub period: Option<String>,
    pub source: Option<SourceDocument>,
    pub dry_run: bool,
}

#[derive(Debug, Clone)]
pub struct IndicatorImportReport {
    /// The import's id in the audit trail; none for a dry run.
    pub import_id: Option<uuid::Uuid>,
    pub observations: usize,
    pub organizations: usize,
    pub indicators: Vec<IndicatorCode>,
    pub warnings: Vec<Issue>,
}

/// Whose series to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesSubject {
    Organization(OrganizationId),
    Municipality(MunicipalityId),
    Region(RegionId),
}

#[derive(Clone)]
pub struct IndicatorsService {
    pub(super) repo: Arc<dyn IndicatorsRepository>,
    pub(super) territory: TerritoryService,
}

impl std::fmt::Debug for IndicatorsService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IndicatorsService").finish_non_exhaustive()
    }
}

/// The latest version of each indicator, in code order.
pub(super) fn latest(all: Vec<Indicator>) -> Vec<Indicator> {
    let mut by_code: BTreeMap<IndicatorCode, Indicator> = BTreeMap::new();
    for i in all {
        if by_code.get(&i.code).is_none_or(|l| l.version < i.version) {
            by_code.insert(i.code.clone(), i);
        }
    }
    by_code.into_values().collect()
}

/// «Итого», «Всего», or the municipality's own name: the row is of the municipality itself.
fn names_the_territory(cell: &str, municipality: &str) -> bool {
    let folded = fold(cell);
    folded.is_empty()
        || folded == fold(municipality)
        || ["итого", "всего", "итого по району", "всего по району", "район", "муниципалитет"].contains(&folded.as_str())
}

fn source_text(document: &SourceDocument) -> String {
    let mut parts = Vec::new();
    if let Some(title) = &document.title {
        parts.push(title.clone());
    }
    if let Some(issuer) = &document.issuer {
        parts.push(issuer.clone());
    }
    if let Some(date) = document.date {
        parts.push(format!("от {}", date.format("%d.%m.%Y")));
    }
    if let Some(number) = &document.number {
        parts.push(format!("№ {number}"));
    }
    parts.join(" ")
}

impl IndicatorsService {
    /// Series one request may ask for.
    pub const MAX_SERIES: usize = 20;

    pub fn new(repo: Arc<dyn IndicatorsRepository>, territory: TerritoryService) -> Self {
        Self { repo, territory }
    }

    /// The latest version of every indicator.
    pub async fn catalogue(&self, actor: &Actor) -> Result<Vec<Indicator>> {
        actor.reach_of(Kept::WorkingReference).map_err(ServiceError::denied("indicator", "catalogue"))?;
        Ok(latest(self.repo.indicators().await?))
    }

    /// Defines an indicator, or a new version of its method when the code exists.
    pub async fn define(&self, actor: &Actor, draft: IndicatorDraft) -> Result<Indicator> {
        actor
            .may_write(Write::Create, Target::ReferenceData { region: None })
            .map_err(ServiceError::denied("indicator", &draft.code))?;
        let mut errors = ValidationErrors::new();
        let code = errors.check("code", IndicatorCode::parse(&draft.code));
        let name = errors.check("name", Name::parse(&draft.name)).map(|n| n.to_string());
        let unit = draft.unit.trim();
        if unit.is_empty() || unit.chars().count() > 32 || unit.chars().any(char::is_control) {
            errors.push("unit", "invalid_format", "a unit is 1 to 32 characters: «чел.», «%», «ед.»");
        }
        let level = IndicatorLevel::from_code(&draft.level);
        if level.is_none() {
            errors.push("level", "invalid_format", format!("'{}' is not organization or territory", draft.level));
        }
        let method = draft.method.as_deref().and_then(|m| errors.long_text("method", m));
        let all = self.repo.indicators().await?;
        let catalogue = latest(all.clone());
        let component = |field: &str, text: Option<&str>, errors: &mut ValidationErrors| -> Option<IndicatorCode> {
            let Some(text) = text else {
                errors.push(field, "required", format!("a {} indicator names its {field}", draft.aggregation));
                return None;
            };
            let code = errors.check(field, IndicatorCode::parse(text))?;
            match catalogue.iter().find(|i| i.code == code) {
                Some(i) if i.aggregation == Aggregation::Sum => Some(code),
                Some(_) => {
                    errors.push(
                        field,
                        "invalid_format",
                        format!("{code} is not a count (it does not aggregate by sum)"),
                    );
                    None
                }
                None => {
                    errors.push(field, "unknown_reference", format!("no indicator {code}"));
                    None
                }
            }
        };
        let aggregation = match draft.aggregation.as_str() {
            "sum" => Some(Aggregation::Sum),
            "weighted_mean" => {
                component("base", draft.base.as_deref(), &mut errors).map(|base| Aggregation::WeightedMean { base })
            }
            "share" => {
                let numerator = component("numerator", draft.numerator.as_deref(), &mut errors);
                let denominator = component("denominator", draft.denominator.as_deref(), &mut errors);
                numerator.zip(denominator).map(|(numerator, denominator)| Aggregation::Share { numerator, denominator })
            }
            other => {
                errors.push("aggregation", "invalid_format", format!("'{other}' is not sum, weighted_mean or share"));
                None
            }
        };
        let (Some(code), Some(name), Some(level), Some(aggregation)) = (code, name, level, aggregation) else {
            return Err(errors.into());
        };
        if aggregation.components().contains(&&code) {
            errors.push("aggregation", "invalid_format", "an indicator is not computed from itself");
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let version = all.iter().filter(|i| i.code == code).map(|i| i.version).max().unwrap_or(0) + 1;
        let indicator = Indicator {
            code,
            version,
            name,
            unit: unit.to_owned(),
            level,
            aggregation,
            method,
            recorded_at: crate::core::clock::now(),
            aliases: Vec::new(),
        };
        match self.repo.insert_indicator(&indicator, &[AuditEvent::created(actor, &indicator)]).await {
            Err(StoreError::Duplicate { .. }) => Err(ServiceError::Conflict(format!(
                "version {} of {} was being defined by another request; try again",
                indicator.version, indicator.code
            ))),
            other => other.map(|()| indicator).map_err(Into::into),
        }
    }

    /// Whether the caller may import for the municipality: decided before the upload is read.
    pub async fn may_import(&self, actor: &Actor, municipality: MunicipalityId) -> Result<()> {
        let m = self.territory.municipality(actor, municipality).await?;
        actor
            .may_write(Write::Create, Target::MunicipalData { region: m.region_id, municipality: m.id })
            .map_err(ServiceError::denied("municipality", m.id))
    }

    /// Imports a table of observations: every cell must read and every organization resolve,
    /// or nothing is written. A value already stored for the same indicator, subject and
    /// period is replaced, so importing the same table again changes nothing.
    pub async fn import(&self, actor: &Actor, import: IndicatorImport) -> Result<IndicatorImportReport> {
        self.may_import(actor, import.municipality).await?;
        let municipality = self.territory.municipality(actor, import.municipality).await?;
        let period = match import.period.as_deref() {
            None => None,
            Some(text) => Some(ObservationPeriod::parse(text).map_err(|e| {
                ServiceError::from(ValidationErrors::single("period", "invalid_period", e.to_string()))
            })?),
        };
        let catalogue = latest(self.repo.indicators().await?);
        let table =
            read_indicator_table(&import.rows, import.first_row, &catalogue, Some(municipality.region_id), period);
        let (mut errors, mut warnings) = (table.errors, table.warnings);
        let candidates = self.territory.resolution_candidates(actor, &municipality).await?;
        let mut resolver = ReferenceResolver::new(&candidates, &municipality);
        let default_source = import.source.as_ref().map(source_text);
        let mut seen: HashMap<(IndicatorCode, Subject, ObservationPeriod), (f64, u32)> = HashMap::new();
        let mut observations = Vec::with_capacity(table.values.len());
        for v in &table.values {
            let subject = if names_the_territory(&v.subject, &municipality.name.to_string()) {
                if v.subject.trim().is_empty() && warnings.last().is_none_or(|w| w.row != v.row) {
                    let message = format!("no organization: read as the figure of {} itself", municipality.name);
                    warnings.push(Issue::new(v.row, v.subject_column, "", "territory_figure", message));
                }
                Subject::Municipality(municipality.id)
            } else {
                let at =
                    CellReference { row: v.row, column: v.subject_column, cell: &v.subject, reference: &v.subject };
                let Some((id, _)) = resolver.resolve(at) else { continue };
                if !candidates.iter().any(|o| o.id == id && o.municipality_id == Some(municipality.id)) {
                    let message = format!("is not an organization of {}", municipality.name);
                    errors.push(Issue::new(v.row, v.subject_column, &v.subject, "outside_municipality", message));
                    continue;
                }
                Subject::Organization(id)
            };
            let Some(indicator) = catalogue.iter().find(|i| i.code == v.indicator) else { continue };
            if indicator.level == IndicatorLevel::Territory && matches!(subject, Subject::Organization(_)) {
                let message = format!("{} is observed for a territory, not for an organization", indicator.code);
                errors.push(Issue::new(v.row, v.column, &v.value.to_string(), "wrong_level", message));
                continue;
            }
            match seen.get(&(v.indicator.clone(), subject, v.period)) {
                Some((value, row)) if *value != v.value => {
                    let message = format!("row {row} gives {value} for the same indicator, organization and period");
                    errors.push(Issue::new(v.row, v.column, &v.value.to_string(), "second_value", message));
                    continue;
                }
                Some((_, row)) => {
                    let message = format!("repeats row {row}");
                    warnings.push(Issue::new(v.row, v.column, &v.value.to_string(), "repeated_value", message));
                    continue;
                }
                None => {
                    seen.insert((v.indicator.clone(), subject, v.period), (v.value, v.row));
                }
            }
            observations.push(Observation {
                indicator: v.indicator.clone(),
                subject,
                region_id: municipality.region_id,
                municipality_id: municipality.id,
                period: v.period,
                method_version: indicator.version,
                value: v.value,
                source: v.source.clone().or_else(|| default_source.clone()),
            });
        }
        errors.append(&mut resolver.errors);
        warnings.append(&mut resolver.warnings);
        if observations.is_empty() && errors.is_empty() {
            errors.push(Issue::new(import.first_row, 0, "", "empty_table", "the table holds no values"));
        }
        if !errors.is_empty() {
            return Err(ServiceError::rejected(errors, warnings));
        }
        warnings.sort_by(|a, b| (a.row, &a.column).cmp(&(b.row, &b.column)));
        let organizations: HashSet<Subject> = observations.iter().map(|o| o.subject).collect();
        let mut indicators: Vec<IndicatorCode> = observations.iter().map(|o| o.indicator.clone()).collect();
        indicators.sort();
        indicators.dedup();
        let import_id = (!import.dry_run).then(uuid::Uuid::now_v7);
        if let Some(id) = import_id {
            let record = ObservationImport {
                id,
                region_id: municipality.region_id,
                municipality_id: municipality.id,
                observations: observations.len(),
                recorded_at: crate::core::clock::now(),
                ended_at: None,
                withdrawal: None,
            };
            let event = AuditEvent::created(actor, &record);
            let replaced = self.repo.upsert_observations(&record, &observations, &[event]).await?;
            // The values it replaced stay readable in the history of the import they came from.
            for (earlier, count) in replaced {
                let from = earlier
                    .map_or_else(|| "values held before imports were recorded".to_owned(), |e| format!("import {e}"));
                warnings.push(Issue::document(
                    "",
                    "replaces_values",
                    format!("replaces {count} value(s) of {from}, which stay readable in that import's history"),
                ));
            }
        }
        Ok(IndicatorImportReport {
            import_id,
            observations: observations.len(),
            organizations: organizations.iter().filter(|s| matches!(s, Subject::Organization(_))).count(),
            indicators,
            warnings,
        })
    }

    /// Per organization of the municipality and per indicator named, the change of the
    /// organization's own figure between its two latest periods: what a watchlist weighs as an
    /// indicator's trend. One read for the whole municipality.
    pub async fn changes(
        &self,
        actor: &Actor,
        municipality: MunicipalityId,
        codes: &[IndicatorCode],
    ) -> Result<Vec<(OrganizationId, IndicatorCode, f64)>> {
        let m = self.territory.municipality(actor, municipality).await?;
        actor
            .may_read(Target::MunicipalData { region: m.region_id, municipality })
            .map_err(ServiceError::denied("municipality", municipality))?;
        if codes.is_empty() {
            return Ok(Vec::new());
        }
        let observations = self.repo.observations(codes, ObservationScope::Municipality(municipality)).await?;
        // Per organization and indicator, its two latest periods.
        type TwoLatest = [Option<(ObservationPeriod, f64)>; 2];
        let mut latest: BTreeMap<(OrganizationId, &IndicatorCode), TwoLatest> = BTreeMap::new();
        for o in &observations {
            let Subject::Organization(org) = o.subject else { continue };
            let two = latest.entry((org, &o.indicator)).or_default();
            let point = Some((o.period, o.value));
            if two[0].is_none_or(|(p, _)| p < o.period) {
                two[1] = two[0];
                two[0] = point;
            } else if two[1].is_none_or(|(p, _)| p < o.period) {
                two[1] = point;
            }
        }
        Ok(latest
            .into_iter()
            .filter_map(|((org, code), two)| match two {
                [Some((_, now)), Some((_, before))] => Some((org, code.clone(), now - before)),
                _ => None,
            })
            .collect())
    }

    /// Per municipality of the region with figures, the latest point of the indicator's series
    /// (its own figure, or its organizations' combined by the indicator's rule): one read for
    /// the whole region, of the periods begun by `until`, each out of the municipality's
    /// registered schools. Municipalities the caller may not read are left out.
    pub async fn latest_by_municipality(
        &self,
        actor: &Actor,
        region: RegionId,
        code: &str,
        until: NaiveDate,
    ) -> Result<Vec<(MunicipalityId, super::Point)>> {
        self.territory.region(actor, region).await?;
        let municipalities = self.territory.municipalities_of_regions(actor, &[region]).await?;
        let schools = self.territory.school_counts(actor, &municipalities).await?;
        let catalogue = latest(self.repo.indicators().await?);
        let Some(indicator) = catalogue.into_iter().find(|i| i.code.as_str() == code) else {
            return Err(ValidationErrors::single(
                "codes",
                "unknown_reference",
                format!("no indicator '{}'", crate::text::excerpt(code, 60)),
            )
            .into());
        };
        let may_read = |m: MunicipalityId| actor.may_read(Target::MunicipalData { region, municipality: m }).is_ok();
        let latest = |m: MunicipalityId, s: Series| {
            let mut point = s.points.into_iter().rev().find(|p| p.value.is_some() && p.period.start() <= until)?;
            point.registered = schools.get(&m).copied();
            Some((m, point))
        };
        let subject = |m: MunicipalityId| Some(Subject::Municipality(m));
        // A sum is added up by the store, per municipality; anything else is read row by row.
        if matches!(indicator.aggregation, Aggregation::Sum) {
            let mut by_municipality: BTreeMap<MunicipalityId, Vec<PeriodSum>> = BTreeMap::new();
            for (m, sum) in self.repo.sums_by_municipality(std::slice::from_ref(&indicator.code), region).await? {
                by_municipality.entry(m).or_default().push(sum);
            }
            return Ok(by_municipality
                .into_iter()
                .filter(|(m, _)| may_read(*m))
                .filter_map(|(m, sums)| latest(m, series_with(&indicator, subject(m), &[], &sums)))
                .collect());
        }
        let mut read: Vec<IndicatorCode> =
            std::iter::once(&indicator.code).chain(indicator.aggregation.components()).cloned().collect();
        read.sort();
        read.dedup();
        let mut by_municipality: BTreeMap<MunicipalityId, Vec<Observation>> = BTreeMap::new();
        for o in self.repo.observations(&read, ObservationScope::RegionWithMunicipal(region)).await? {
            by_municipality.entry(o.municipality_id).or_default().push(o);
        }
        Ok(by_municipality
            .into_iter()
            .filter(|(m, _)| may_read(*m))
            .filter_map(|(m, observations)| latest(m, series(&indicator, subject(m), &observations)))
            .collect())
    }

    /// The series of each indicator for the subject, aggregated by each indicator's rule.
    pub async fn series(&self, actor: &Actor, subject: SeriesSubject, codes: &[String]) -> Result<Vec<Series>> {
        // A territory's figures are out of the schools registered in it.
        let (scope, own, within) = match subject {
            SeriesSubject::Organization(id) => {
                self.territory.organization(actor, id).await?;
                (ObservationScope::Organization(id), Some(Subject::Organization(id)), Vec::new())
            }
            SeriesSubject::Municipality(id) => {
                let m = self.territory.municipality(actor, id).await?;
                actor
                    .may_read(Target::MunicipalData { region: m.region_id, municipality: id })
                    .map_err(ServiceError::denied("municipality", id))?;
                (ObservationScope::Municipality(id), Some(Subject::Municipality(id)), vec![m])
            }
            SeriesSubject::Region(id) => {
                self.territory.region(actor, id).await?;
                let reach = actor.reach().map_err(ServiceError::denied("region", id))?;
                if reach.municipality.is_some() {
                    return Err(ServiceError::forbidden(
                        "a region's series combines every municipality; read your municipality's instead",
                    ));
                }
                let municipalities = self.territory.municipalities_of_regions(actor, &[id]).await?;
                (ObservationScope::Region(id), None, municipalities)
            }
        };
        let mut errors = ValidationErrors::new();
        if codes.is_empty() || codes.len() > Self::MAX_SERIES {
            errors.push("codes", "out_of_range", format!("name 1 to {} indicators", Self::MAX_SERIES));
        }
        let catalogue = latest(self.repo.indicators().await?);
        let mut wanted = Vec::new();
        for (i, text) in codes.iter().enumerate().take(Self::MAX_SERIES) {
            match catalogue.iter().find(|c| c.code.as_str() == text.trim()) {
                Some(indicator) => wanted.push(indicator.clone()),
                None => errors.push(
                    format!("codes[{i}]"),
                    "unknown_reference",
                    format!("no indicator '{}'", crate::text::excerpt(text, 60)),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        // A territory's sums are added up by the store, unless another indicator asks for
        // their rows as its components; everything else is read row by row.
        let components: Vec<&IndicatorCode> = wanted.iter().flat_map(|i| i.aggregation.components()).collect();
        let territory = !matches!(scope, ObservationScope::Organization(_));
        let summed: Vec<IndicatorCode> = wanted
            .iter()
            .filter(|i| territory && matches!(i.aggregation, Aggregation::Sum) && !components.contains(&&i.code))
            .map(|i| i.code.clone())
            .collect();
        let mut read: Vec<IndicatorCode> = wanted
            .iter()
            .flat_map(|i| std::iter::once(&i.code).chain(i.aggregation.components()))
            .filter(|c| !summed.contains(c))
            .cloned()
            .collect();
        read.sort();
        read.dedup();
        let observations = if read.is_empty() { Vec::new() } else { self.repo.observations(&read, scope).await? };
        let sums = if summed.is_empty() { Vec::new() } else { self.repo.sums(&summed, scope).await? };
        let registered = if within.is_empty() {
            None
        } else {
            Some(self.territory.school_counts(actor, &within).await?.values().sum::<u32>())
        };
        Ok(wanted
            .iter()
            .map(|i| {
                let s = series_with(i, own, &observations, &sums);
                match registered {
                    Some(n) => s.of_territory(n),
                    None => s,
                }
            })
            .collect())
    }
}
