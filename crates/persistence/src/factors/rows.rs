//! Conversions of catalogue and audit rows.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Utc;
use opora_domain::StoreError;
use opora_domain::factors::{
    Audit, AuditId, AuditVersion, Catalogue, CatalogueId, CatalogueOwner, Factor, Finding, Parameter, ParameterCode,
};
use opora_domain::schools::{MunicipalityId, Name, OrganizationId, RegionId};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

use crate::bulk::{COPY_NULL, copy_text};
use crate::entities::factors::{audit, audit_organization, catalogue, factor_count, finding, parameter_count};
use crate::stored::{source_from, source_json};

fn corrupt(table: &str, id: uuid::Uuid, what: &str) -> StoreError {
    StoreError::Internal(format!("{table} row {id} holds an invalid {what}"))
}

pub(super) fn catalogue_row(c: &Catalogue) -> catalogue::ActiveModel {
    let (level, region, municipality) = match c.owner {
        CatalogueOwner::Federal => ("federal", None, None),
        CatalogueOwner::Region(r) => ("region", Some(r.as_uuid()), None),
        CatalogueOwner::Municipality { region, municipality } => {
            ("municipality", Some(region.as_uuid()), Some(municipality.as_uuid()))
        }
    };
    let factors: Vec<Value> = c.factors.iter().map(|f| json!({ "code": f.code, "name": f.name.as_str() })).collect();
    let parameters: Vec<Value> =
        c.parameters.iter().map(|p| json!({ "code": p.code.to_string(), "name": p.name.as_str() })).collect();
    catalogue::ActiveModel {
        id: Set(c.id.as_uuid()),
        name: Set(c.name.to_string()),
        owner_level: Set(level.to_owned()),
        region_id: Set(region),
        municipality_id: Set(municipality),
        version: Set(c.version.clone()),
        source: Set(source_json(c.source.as_ref())),
        factors: Set(Value::Array(factors).to_string()),
        parameters: Set(Value::Array(parameters).to_string()),
        created_at: Set(Utc::now()),
        content_key: Set(None),
    }
}

/// The key of an imported catalogue: its owner and its factors and parameters, names included
/// (what [`Catalogue::same_content`] compares).
pub(super) fn content_key(row: &catalogue::ActiveModel) -> Option<String> {
    use sha2::{Digest, Sha256};
    let text = |v: &sea_orm::ActiveValue<String>| v.clone().take().unwrap_or_default();
    let id = |v: &sea_orm::ActiveValue<Option<uuid::Uuid>>| v.clone().take().flatten().map(|u| u.to_string());
    let mut hash = Sha256::new();
    for part in [
        text(&row.owner_level),
        id(&row.region_id).unwrap_or_default(),
        id(&row.municipality_id).unwrap_or_default(),
        text(&row.factors),
        text(&row.parameters),
    ] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    Some(format!("{:x}", hash.finalize()))
}

pub(crate) fn catalogue_from_row(row: catalogue::Model) -> Result<Catalogue, StoreError> {
    let bad = |what| corrupt("catalogues", row.id, what);
    let owner = match (row.owner_level.as_str(), row.region_id, row.municipality_id) {
        ("federal", _, _) => CatalogueOwner::Federal,
        ("region", Some(r), _) => CatalogueOwner::Region(RegionId::from_uuid(r)),
        ("municipality", Some(r), Some(m)) => {
            CatalogueOwner::Municipality { region: RegionId::from_uuid(r), municipality: MunicipalityId::from_uuid(m) }
        }
        _ => return Err(bad("owner")),
    };
    let factors: Vec<Value> = serde_json::from_str(&row.factors).map_err(|_| bad("factor list"))?;
    let parameters: Vec<Value> = serde_json::from_str(&row.parameters).map_err(|_| bad("parameter list"))?;
    let name = |v: &Value| Name::parse(v["name"].as_str().unwrap_or_default()).map_err(|_| bad("name"));
    Ok(Catalogue {
        id: CatalogueId::from_uuid(row.id),
        name: Name::parse(&row.name).map_err(|_| bad("name"))?,
        owner,
        version: row.version.clone(),
        source: source_from(row.source.as_deref()),
        factors: factors
            .iter()
            .map(|f| {
                let code = f["code"].as_u64().and_then(|c| u16::try_from(c).ok()).ok_or_else(|| bad("factor code"))?;
                Ok(Factor { code, name: name(f)? })
            })
            .collect::<Result<_, StoreError>>()?,
        parameters: parameters
            .iter()
            .map(|p| {
                let code =
                    ParameterCode::parse(p["code"].as_str().unwrap_or_default()).map_err(|_| bad("parameter code"))?;
                Ok(Parameter { code, name: name(p)? })
            })
            .collect::<Result<_, StoreError>>()?,
    })
}

pub(super) fn audit_row(a: &Audit) -> audit::ActiveModel {
    audit::ActiveModel {
        id: Set(a.id.as_uuid()),
        region_id: Set(a.region_id.as_uuid()),
        municipality_id: Set(a.municipality_id.as_uuid()),
        audit_date: Set(a.date),
        catalogue_id: Set(a.catalogue_id.as_uuid()),
        source: Set(source_json(a.source.as_ref())),
        created_at: Set(Utc::now()),
        population: Set(i32::try_from(a.population().len()).unwrap_or(i32::MAX)),
        document_key: Set(a.is_current().then(|| crate::stored::fingerprint_key(&a.document_key()))),
        supersedes: Set(a.version.supersedes.map(|s| s.as_uuid())),
        ended_at: Set(a.version.ended_at),
        withdrawal_reason: Set(a.version.withdrawal.clone()),
    }
}

/// The counts kept beside an audit, computed from its findings as the import stores them.
pub(super) fn count_rows(a: &Audit) -> (Vec<factor_count::ActiveModel>, Vec<parameter_count::ActiveModel>) {
    let small = |n: u16| i16::try_from(n).unwrap_or(i16::MAX);
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let mut factors: BTreeMap<u16, BTreeSet<OrganizationId>> = BTreeMap::new();
    let mut parameters: BTreeMap<ParameterCode, (usize, usize)> = BTreeMap::new();
    for f in a.findings.iter().filter(|f| f.present) {
        let (schools, anywhere) = parameters.entry(f.parameter).or_default();
        *anywhere += 1;
        if f.in_population {
            *schools += 1;
            factors.entry(f.parameter.factor()).or_default().insert(f.organization_id);
        }
    }
    let factor_rows = factors
        .into_iter()
        .map(|(factor, schools)| factor_count::ActiveModel {
            audit_id: Set(a.id.as_uuid()),
            factor: Set(small(factor)),
            organizations: Set(count(schools.len())),
        })
        .collect();
    let parameter_rows = parameters
        .into_iter()
        .map(|(code, (schools, anywhere))| parameter_count::ActiveModel {
            audit_id: Set(a.id.as_uuid()),
            factor: Set(small(code.factor())),
            parameter: Set(small(code.index())),
            organizations: Set(count(schools)),
            anywhere: Set(count(anywhere)),
        })
        .collect();
    (factor_rows, parameter_rows)
}

/// The organizations an audit names, each once, in the population when any of its findings is.
pub(super) fn organization_rows(a: &Audit) -> Vec<audit_organization::ActiveModel> {
    let mut named: BTreeMap<OrganizationId, bool> = BTreeMap::new();
    for f in &a.findings {
        *named.entry(f.organization_id).or_default() |= f.in_population;
    }
    named
        .into_iter()
        .map(|(organization, in_population)| audit_organization::ActiveModel {
            audit_id: Set(a.id.as_uuid()),
            organization_id: Set(organization.as_uuid()),
            in_population: Set(in_population),
        })
        .collect()
}

pub(super) fn finding_row(audit: AuditId, f: &Finding) -> finding::ActiveModel {
    let small = |n: u16| i16::try_from(n).unwrap_or(i16::MAX);
    finding::ActiveModel {
        audit_id: Set(audit.as_uuid()),
        organization_id: Set(f.organization_id.as_uuid()),
        factor: Set(small(f.parameter.factor())),
        parameter: Set(small(f.parameter.index())),
        present: Set(f.present),
        value: Set(f.value),
        evidence: Set(f.evidence.clone()),
        in_population: Set(f.in_population),
        source_row: Set(f.source_row.and_then(|r| i32::try_from(r).ok())),
    }
}

/// The findings' columns as [`findings_copy`] writes them.
pub(super) const FINDINGS_COPY: &str = "COPY audit_findings \
    (audit_id, organization_id, factor, parameter, present, value, evidence, source_row, in_population) FROM STDIN";

/// The audit's findings in `COPY`'s text format: the rows [`finding_row`] makes, column for
/// column.
pub(super) fn findings_copy(a: &Audit) -> Vec<u8> {
    use std::io::Write as _;
    let small = |n: u16| i16::try_from(n).unwrap_or(i16::MAX);
    let flag = |b: bool| if b { "t" } else { "f" };
    let mut out = Vec::with_capacity(a.findings.len() * 96);
    let audit = a.id.as_uuid().hyphenated();
    for f in &a.findings {
        // Writing into a Vec cannot fail.
        let _ = write!(
            out,
            "{audit}\t{}\t{}\t{}\t{}\t",
            f.organization_id.as_uuid().hyphenated(),
            small(f.parameter.factor()),
            small(f.parameter.index()),
            flag(f.present)
        );
        match f.value {
            // Rust writes the shortest decimal that reads back as the same double.
            Some(v) => {
                let _ = write!(out, "{v}");
            }
            None => out.extend_from_slice(COPY_NULL),
        }
        out.push(b'\t');
        match &f.evidence {
            Some(text) => copy_text(&mut out, text),
            None => out.extend_from_slice(COPY_NULL),
        }
        out.push(b'\t');
        match f.source_row.and_then(|r| i32::try_from(r).ok()) {
            Some(r) => {
                let _ = write!(out, "{r}");
            }
            None => out.extend_from_slice(COPY_NULL),
        }
        let _ = writeln!(out, "\t{}", flag(f.in_population));
    }
    out
}

pub(super) fn audit_from_rows(row: audit::Model, findings: Vec<finding::Model>) -> Audit {
    Audit {
        id: AuditId::from_uuid(row.id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        date: row.audit_date,
        catalogue_id: CatalogueId::from_uuid(row.catalogue_id),
        source: source_from(row.source.as_deref()),
        findings: findings.into_iter().map(finding_from_row).collect(),
        version: AuditVersion {
            supersedes: row.supersedes.map(AuditId::from_uuid),
            ended_at: row.ended_at,
            withdrawal: row.withdrawal_reason,
        },
    }
}

/// A parameter's code as stored: its factor's number and its own.
pub(super) fn stored_code(factor: i16, parameter: i16) -> ParameterCode {
    ParameterCode::new(u16::try_from(factor).unwrap_or_default(), u16::try_from(parameter).unwrap_or_default())
}

pub(super) fn finding_from_row(f: finding::Model) -> Finding {
    Finding {
        organization_id: OrganizationId::from_uuid(f.organization_id),
        parameter: stored_code(f.factor, f.parameter),
        present: f.present,
        value: f.value,
        evidence: f.evidence,
        in_population: f.in_population,
        source_row: f.source_row.and_then(|r| u32::try_from(r).ok()),
    }
}

/// A finding about one organization with the audit it belongs to, as a school card reads them.
#[derive(Debug, sea_orm::FromQueryResult)]
pub(super) struct CoveringRow {
    pub(super) audit_id: uuid::Uuid,
    factor: i16,
    parameter: i16,
    present: bool,
    value: Option<f64>,
    evidence: Option<String>,
    source_row: Option<i32>,
    in_population: bool,
    region_id: uuid::Uuid,
    municipality_id: uuid::Uuid,
    audit_date: chrono::NaiveDate,
    catalogue_id: uuid::Uuid,
    source: Option<String>,
}

impl CoveringRow {
    /// Its audit, without findings.
    pub(super) fn audit(&self) -> Audit {
        Audit {
            id: AuditId::from_uuid(self.audit_id),
            region_id: RegionId::from_uuid(self.region_id),
            municipality_id: MunicipalityId::from_uuid(self.municipality_id),
            date: self.audit_date,
            catalogue_id: CatalogueId::from_uuid(self.catalogue_id),
            source: source_from(self.source.as_deref()),
            findings: Vec::new(),
            // Read from current versions only.
            version: AuditVersion::default(),
        }
    }

    pub(super) fn finding(self, organization: OrganizationId) -> Finding {
        finding_from_row(finding::Model {
            audit_id: self.audit_id,
            organization_id: organization.as_uuid(),
            factor: self.factor,
            parameter: self.parameter,
            present: self.present,
            value: self.value,
            evidence: self.evidence,
            source_row: self.source_row,
            in_population: self.in_population,
        })
    }
}
