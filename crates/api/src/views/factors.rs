//! Catalogues, audits and their computed views, as clients read them.

use super::scalars::Date;
use opora_domain::factors::{
    Audit, AuditMatrix, Catalogue, CatalogueOwner, FactorProfile, ImportOutcome, ImportReport, OrganizationDiff,
    RiskProfile,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::sources::{IssueView, SourceView};
use super::territory::OrganizationView;

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Factor")]
pub(crate) struct FactorView {
    pub code: i32,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Parameter")]
pub(crate) struct ParameterView {
    /// `1.1`
    pub code: String,
    pub factor: i32,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Catalogue")]
pub(crate) struct CatalogueView {
    pub id: Uuid,
    pub name: String,
    /// federal, region or municipality.
    pub owner_level: String,
    pub owner_id: Option<Uuid>,
    pub version: Option<String>,
    /// The document that approved it.
    pub source: Option<SourceView>,
    #[graphql(skip)]
    pub factors: Vec<FactorView>,
    #[graphql(skip)]
    pub parameters: Vec<ParameterView>,
}

crate::graphql::capped::capped_lists!(CatalogueView { factors: FactorView, parameters: ParameterView });

impl From<Catalogue> for CatalogueView {
    fn from(c: Catalogue) -> Self {
        let (owner_level, owner_id) = match c.owner {
            CatalogueOwner::Federal => ("federal", None),
            CatalogueOwner::Region(r) => ("region", Some(r.as_uuid())),
            CatalogueOwner::Municipality { municipality, .. } => ("municipality", Some(municipality.as_uuid())),
        };
        Self {
            id: c.id.as_uuid(),
            name: c.name.to_string(),
            owner_level: owner_level.to_owned(),
            owner_id,
            version: c.version,
            source: c.source.as_ref().map(Into::into),
            factors: c.factors.iter().map(|f| FactorView { code: f.code.into(), name: f.name.to_string() }).collect(),
            parameters: c
                .parameters
                .iter()
                .map(|p| ParameterView {
                    code: p.code.to_string(),
                    factor: p.code.factor().into(),
                    name: p.name.to_string(),
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Audit")]
pub(crate) struct AuditView {
    pub id: Uuid,
    pub region_id: Uuid,
    pub municipality_id: Uuid,
    pub date: Date,
    pub catalogue_id: Uuid,
    /// The legal basis: the document (issuer, number, date, title) the audit answers to.
    pub source: Option<SourceView>,
    /// Whether it is the version of the municipality's audit of that date the views read.
    pub current: bool,
    /// The version it replaced.
    pub supersedes: Option<Uuid>,
    /// When it was replaced or withdrawn.
    pub ended_at: Option<super::DateTime>,
    /// Why it was withdrawn.
    pub withdrawal: Option<String>,
}

impl From<&Audit> for AuditView {
    fn from(a: &Audit) -> Self {
        Self {
            id: a.id.as_uuid(),
            region_id: a.region_id.as_uuid(),
            municipality_id: a.municipality_id.as_uuid(),
            date: a.date.into(),
            catalogue_id: a.catalogue_id.as_uuid(),
            source: a.source.as_ref().map(Into::into),
            current: a.is_current(),
            supersedes: a.version.supersedes.map(|s| s.as_uuid()),
            ended_at: a.version.ended_at.map(super::DateTime),
            withdrawal: a.version.withdrawal.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "FactorProfile")]
pub(crate) struct FactorProfileView {
    pub code: i32,
    pub name: String,
    /// Codes of the factor's parameters present in the organization.
    pub present: Vec<String>,
    pub present_count: i32,
    /// How many parameters the factor has.
    pub total: i32,
    /// `presentCount / total`.
    pub share: f64,
}

impl From<FactorProfile> for FactorProfileView {
    fn from(f: FactorProfile) -> Self {
        Self {
            code: f.code.into(),
            name: f.name,
            present_count: f.present.len() as i32,
            present: f.present.iter().map(ToString::to_string).collect(),
            total: f.total as i32,
            share: f.share,
        }
    }
}

/// A school's risk profile at an audit: its present parameters grouped by factor.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "RiskProfile")]
pub(crate) struct RiskProfileView {
    pub audit: AuditView,
    pub organization: OrganizationView,
    pub present_count: i32,
    #[graphql(skip)]
    pub factors: Vec<FactorProfileView>,
    /// What each present parameter was read from.
    #[graphql(skip)]
    pub evidence: Vec<EvidenceView>,
}

crate::graphql::capped::capped_lists!(RiskProfileView {
    factors: FactorProfileView,
    /// What each present parameter was read from.
    evidence: EvidenceView,
});

/// What a finding was read from: the table's row and the cell as written, with how its
/// reference was read when that took an assumption.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Evidence")]
pub(crate) struct EvidenceView {
    pub parameter: String,
    pub row: Option<i32>,
    pub text: Option<String>,
}

fn evidence(
    audit: &opora_domain::factors::Audit,
    organization: opora_domain::schools::OrganizationId,
) -> Vec<EvidenceView> {
    evidence_of(audit.evidence(organization))
}

fn evidence_of(found: Vec<(opora_domain::factors::ParameterCode, Option<String>, Option<u32>)>) -> Vec<EvidenceView> {
    found
        .into_iter()
        .map(|(code, text, row)| EvidenceView {
            parameter: code.to_string(),
            row: row.and_then(|r| i32::try_from(r).ok()),
            text,
        })
        .collect()
}

impl From<RiskProfile> for RiskProfileView {
    fn from(p: RiskProfile) -> Self {
        let factors: Vec<FactorProfileView> = p.factors.into_iter().map(Into::into).collect();
        Self {
            audit: (&p.audit).into(),
            evidence: evidence(&p.audit, p.organization.id),
            organization: p.organization.into(),
            present_count: factors.iter().map(|f| f.present_count).sum(),
            factors,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "MatrixRow")]
pub(crate) struct MatrixRowView {
    pub organization_id: Uuid,
    pub name: String,
    pub number: Option<i32>,
    /// Codes of the parameters present in the organization.
    pub present: Vec<String>,
    /// What each present parameter was read from.
    #[graphql(skip)]
    pub evidence: Vec<EvidenceView>,
}

crate::graphql::capped::capped_lists!(MatrixRowView {
    /// What each present parameter was read from.
    evidence: EvidenceView,
});

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Prevalence")]
pub(crate) struct PrevalenceView {
    /// A parameter code (`1.1`) or a factor number (`1`).
    pub code: String,
    pub name: String,
    /// Schools in which it shows: the audited schools, the denominator's.
    pub organizations: i32,
    /// Bodies the audit names in which it shows (МКУО ЦОКО in seed 001's 7.2): the parameter is
    /// found in the territory, but never counted among the schools.
    pub bodies: i32,
}

/// What a prevalence is counted over.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Denominator")]
pub(crate) struct DenominatorView {
    /// `audited_schools`: the schools of the municipality the audit covers; bodies a table
    /// names are never among them.
    pub kind: String,
    pub count: i32,
}

impl DenominatorView {
    pub(crate) fn audited_schools(count: usize) -> Self {
        Self { kind: "audited_schools".into(), count: i32::try_from(count).unwrap_or(i32::MAX) }
    }
}

/// The organizations × parameters matrix of an audit with the prevalence of every parameter
/// and factor.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "AuditMatrix")]
pub(crate) struct AuditMatrixView {
    pub audit: AuditView,
    pub catalogue: CatalogueView,
    /// The schools the audit covers: the denominator of every count below.
    #[graphql(skip)]
    pub rows: Vec<MatrixRowView>,
    /// What the counts are counted over: the audited schools.
    pub denominator: DenominatorView,
    /// Other organizations the table named (МКУО ЦОКО in seed 001's 7.2), with what it named
    /// about them; never counted in the prevalence.
    #[graphql(skip)]
    pub bodies: Vec<MatrixRowView>,
    #[graphql(skip)]
    pub parameters: Vec<PrevalenceView>,
    #[graphql(skip)]
    pub factors: Vec<PrevalenceView>,
    /// Parameters present nowhere: in no school and at no body.
    pub parameters_without_organizations: Vec<String>,
}

crate::graphql::capped::capped_lists!(AuditMatrixView {
    /// The schools the audit covers: the denominator of every count below.
    rows: MatrixRowView,
    /// Other organizations the table named (МКУО ЦОКО in seed 001's 7.2), with what it named
    /// about them; never counted in the prevalence.
    bodies: MatrixRowView,
    parameters: PrevalenceView,
    factors: PrevalenceView,
});

impl From<AuditMatrix> for AuditMatrixView {
    fn from(m: AuditMatrix) -> Self {
        let (parameters, factors) = prevalence_views(&m);
        let presence = m.audit.presence();
        let row = |o: &opora_domain::schools::Organization| MatrixRowView {
            organization_id: o.id.as_uuid(),
            name: o.name.to_string(),
            number: o.number.map(|n| n.get().into()),
            present: presence.present(o.id).iter().map(ToString::to_string).collect(),
            evidence: evidence_of(presence.evidence(o.id)),
        };
        Self {
            audit: (&m.audit).into(),
            rows: m.organizations.iter().map(row).collect(),
            denominator: DenominatorView::audited_schools(m.organizations.len()),
            bodies: m.bodies.iter().map(row).collect(),
            parameters,
            factors,
            parameters_without_organizations: m.prevalence.absent.iter().map(ToString::to_string).collect(),
            catalogue: m.catalogue.into(),
        }
    }
}

/// The prevalence of each parameter and of each factor, named from the catalogue.
pub(crate) fn prevalence_views(m: &AuditMatrix) -> (Vec<PrevalenceView>, Vec<PrevalenceView>) {
    let names: std::collections::HashMap<_, _> = m.catalogue.parameters.iter().map(|p| (p.code, &p.name)).collect();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let view = |code: String, name: Option<String>, n: usize| PrevalenceView {
        code,
        name: name.unwrap_or_default(),
        organizations: count(n),
        bodies: 0,
    };
    let parameters = m
        .prevalence
        .parameters
        .iter()
        .zip(&m.prevalence.at_bodies)
        .map(|((code, n), (_, bodies))| PrevalenceView {
            bodies: count(*bodies),
            ..view(code.to_string(), names.get(code).map(ToString::to_string), *n)
        })
        .collect();
    let factors = m
        .prevalence
        .factors
        .iter()
        .map(|(code, n)| view(code.to_string(), m.catalogue.factor(*code).map(|f| f.name.to_string()), *n))
        .collect();
    (parameters, factors)
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "AuditDiff")]
pub(crate) struct DiffView {
    pub organization_id: Uuid,
    pub appeared: Vec<String>,
    pub resolved: Vec<String>,
}

impl From<OrganizationDiff> for DiffView {
    fn from(d: OrganizationDiff) -> Self {
        Self {
            organization_id: d.organization.as_uuid(),
            appeared: d.appeared.iter().map(ToString::to_string).collect(),
            resolved: d.resolved.iter().map(ToString::to_string).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ImportReportView {
    /// imported, already_imported, or checked (a dry run).
    pub status: String,
    pub catalogue_id: Uuid,
    pub catalogue_created: bool,
    pub audit_id: Uuid,
    pub factors: usize,
    pub parameters: usize,
    pub organizations: usize,
    /// Organization × parameter pairs found present.
    pub present: usize,
    pub warnings: Vec<IssueView>,
}

impl From<ImportReport> for ImportReportView {
    fn from(r: ImportReport) -> Self {
        let status = match r.outcome {
            ImportOutcome::Imported => "imported",
            ImportOutcome::AlreadyImported => "already_imported",
            ImportOutcome::Checked => "checked",
        };
        Self {
            status: status.to_owned(),
            catalogue_id: r.catalogue_id.as_uuid(),
            catalogue_created: r.catalogue_created,
            audit_id: r.audit_id.as_uuid(),
            factors: r.factors,
            parameters: r.parameters,
            organizations: r.organizations,
            present: r.present,
            warnings: r.warnings.into_iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ParameterCount")]
pub(crate) struct ParameterCountView {
    pub code: String,
    pub organizations: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "MunicipalPrevalence")]
pub(crate) struct MunicipalPrevalenceView {
    pub municipality_id: Uuid,
    /// The municipality's latest audit against the catalogue, or against one with a crosswalk
    /// onto it.
    pub audit_id: Uuid,
    pub date: Date,
    /// The catalogue the audit used: this one, or one mapped onto it by its crosswalk.
    pub catalogue_id: Uuid,
    /// Whether the counts come through that crosswalk: a school counts for a parameter when any
    /// parameter mapped onto it is present there.
    pub crosswalked: bool,
    /// The schools the audit covered: the denominator of `parameters`.
    pub organizations: i32,
    /// What `organizations` counts.
    pub denominator: DenominatorView,
    #[graphql(skip)]
    pub parameters: Vec<ParameterCountView>,
}

crate::graphql::capped::capped_lists!(MunicipalPrevalenceView { parameters: ParameterCountView });

/// Prevalence of a catalogue's parameters per municipality of a region.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "RegionPrevalence")]
pub(crate) struct RegionPrevalenceView {
    pub catalogue: CatalogueView,
    #[graphql(skip)]
    pub municipalities: Vec<MunicipalPrevalenceView>,
}

crate::graphql::capped::capped_lists!(RegionPrevalenceView { municipalities: MunicipalPrevalenceView });

impl From<(Catalogue, Vec<opora_domain::factors::MunicipalPrevalence>)> for RegionPrevalenceView {
    fn from((catalogue, rows): (Catalogue, Vec<opora_domain::factors::MunicipalPrevalence>)) -> Self {
        let target = catalogue.id;
        Self {
            catalogue: catalogue.into(),
            municipalities: rows
                .into_iter()
                .map(|m| MunicipalPrevalenceView {
                    municipality_id: m.audit.municipality_id.as_uuid(),
                    audit_id: m.audit.id.as_uuid(),
                    date: m.audit.date.into(),
                    catalogue_id: m.audit.catalogue_id.as_uuid(),
                    crosswalked: m.audit.catalogue_id != target,
                    organizations: m.organizations as i32,
                    denominator: DenominatorView::audited_schools(m.organizations as usize),
                    parameters: m
                        .parameters
                        .iter()
                        .map(|(code, n)| ParameterCountView { code: code.to_string(), organizations: *n as i32 })
                        .collect(),
                })
                .collect(),
        }
    }
}
