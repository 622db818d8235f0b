//! Catalogues of risk factors and the audits made against them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::core::code::ParameterCode;
use crate::core::document::SourceDocument;
use crate::schools::ids::id_type;
use crate::schools::{MunicipalityId, Name, OrganizationId, RegionId};

id_type!(
    /// Identifies a catalogue of risk factors.
    CatalogueId
);
id_type!(
    /// Identifies an audit.
    AuditId
);

/// Who a catalogue belongs to: catalogues differ by municipality and year, and the federal
/// methodology has its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogueOwner {
    Federal,
    Region(RegionId),
    Municipality { region: RegionId, municipality: MunicipalityId },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factor {
    pub code: u16,
    pub name: Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameter {
    pub code: ParameterCode,
    pub name: Name,
}

/// A versioned catalogue: factors and their coded parameters. A parameter belongs to the factor
/// its code names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalogue {
    pub id: CatalogueId,
    pub name: Name,
    pub owner: CatalogueOwner,
    pub version: Option<String>,
    pub source: Option<SourceDocument>,
    pub factors: Vec<Factor>,
    pub parameters: Vec<Parameter>,
}

impl Catalogue {
    pub fn factor(&self, code: u16) -> Option<&Factor> {
        self.factors.iter().find(|f| f.code == code)
    }

    pub fn codes(&self) -> Vec<ParameterCode> {
        self.parameters.iter().map(|p| p.code).collect()
    }

    /// Whether two catalogues hold the same factors and parameters, names included.
    pub fn same_content(&self, other: &Catalogue) -> bool {
        self.factors == other.factors && self.parameters == other.parameters
    }
}

/// Whether one parameter shows in one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub organization_id: OrganizationId,
    pub parameter: ParameterCode,
    pub present: bool,
    /// A share or a count, when the audit measured one.
    pub value: Option<f64>,
    /// What the finding was read from: the cell's text and how it was read («СОШ № 11» →
    /// ООШ № 11, the school type differs).
    pub evidence: Option<String>,
    /// The row of the imported table it came from.
    pub source_row: Option<u32>,
    /// Whether the organization is one of the schools the audit covers. A body a cell names
    /// (МКУО ЦОКО in seed 001's parameter 7.2) is found about, shown, and never counted in a
    /// school denominator.
    pub in_population: bool,
}

/// An audit of a municipality's organizations against a catalogue, on a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    pub id: AuditId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    pub date: NaiveDate,
    pub catalogue_id: CatalogueId,
    pub source: Option<SourceDocument>,
    pub findings: Vec<Finding>,
    /// Where it stands among the versions of the municipality's audit of that date.
    pub version: AuditVersion,
}

/// Where an audit stands among its versions: a corrected import for the same municipality and
/// date replaces the current one, a withdrawal ends it; an ended version stays readable.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AuditVersion {
    /// The version it replaced.
    pub supersedes: Option<AuditId>,
    /// When it stopped being current, replaced or withdrawn.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why it was withdrawn, when it was.
    pub withdrawal: Option<String>,
}

impl Audit {
    /// Whether it is the version the views read.
    pub fn is_current(&self) -> bool {
        self.version.ended_at.is_none()
    }

    /// The document an audit is a version of: the municipality's audit of that date.
    pub fn document_key(&self) -> String {
        format!("{}|{}", self.municipality_id, self.date)
    }

    /// The organizations the audit covered, in first-seen order.
    pub fn organizations(&self) -> Vec<OrganizationId> {
        first_seen(self.findings.iter().map(|f| f.organization_id))
    }

    /// The schools the audit covers: the denominator of its prevalence.
    pub fn population(&self) -> Vec<OrganizationId> {
        first_seen(self.findings.iter().filter(|f| f.in_population).map(|f| f.organization_id))
    }

    /// Organizations outside the population that a cell names: bodies, not schools.
    pub fn bodies(&self) -> Vec<OrganizationId> {
        let population: HashSet<OrganizationId> = self.population().into_iter().collect();
        first_seen(
            self.findings
                .iter()
                .filter(|f| !f.in_population && !population.contains(&f.organization_id))
                .map(|f| f.organization_id),
        )
    }

    /// The evidence of each present finding about an organization: code, text, row.
    pub fn evidence(&self, organization: OrganizationId) -> Vec<(ParameterCode, Option<String>, Option<u32>)> {
        self.findings
            .iter()
            .filter(|f| f.present && f.organization_id == organization)
            .map(|f| (f.parameter, f.evidence.clone(), f.source_row))
            .collect()
    }

    pub fn present(&self, organization: OrganizationId) -> Vec<ParameterCode> {
        self.findings.iter().filter(|f| f.present && f.organization_id == organization).map(|f| f.parameter).collect()
    }

    /// The present findings grouped by organization in one pass, for views over many
    /// organizations: [`Self::present`] per organization would scan every finding once per
    /// organization, which grows with the square of the municipality.
    pub fn presence(&self) -> Presence<'_> {
        let mut at: HashMap<OrganizationId, Vec<usize>> = HashMap::new();
        for (i, f) in self.findings.iter().enumerate().filter(|(_, f)| f.present) {
            at.entry(f.organization_id).or_default().push(i);
        }
        Presence { audit: self, at }
    }

    /// Whether two audits found the same parameters in the same organizations.
    pub fn same_findings(&self, other: &Audit) -> bool {
        let key = |a: &Audit| {
            let mut k: Vec<(OrganizationId, ParameterCode, bool, bool)> =
                a.findings.iter().map(|f| (f.organization_id, f.parameter, f.present, f.in_population)).collect();
            k.sort();
            k
        };
        key(self) == key(other)
    }
}

/// An audit's present findings by organization, as [`Audit::presence`] groups them.
#[derive(Debug, Clone)]
pub struct Presence<'a> {
    audit: &'a Audit,
    at: HashMap<OrganizationId, Vec<usize>>,
}

impl Presence<'_> {
    fn findings(&self, organization: OrganizationId) -> impl Iterator<Item = &Finding> {
        self.at.get(&organization).into_iter().flatten().filter_map(|i| self.audit.findings.get(*i))
    }

    /// Equals [`Audit::present`].
    pub fn present(&self, organization: OrganizationId) -> Vec<ParameterCode> {
        self.findings(organization).map(|f| f.parameter).collect()
    }

    /// Equals [`Audit::evidence`].
    pub fn evidence(&self, organization: OrganizationId) -> Vec<(ParameterCode, Option<String>, Option<u32>)> {
        self.findings(organization).map(|f| (f.parameter, f.evidence.clone(), f.source_row)).collect()
    }
}

/// Each id once, in the order first met: linear in the findings, however many schools.
fn first_seen(ids: impl Iterator<Item = OrganizationId>) -> Vec<OrganizationId> {
    let mut seen = HashSet::new();
    ids.filter(|id| seen.insert(*id)).collect()
}
