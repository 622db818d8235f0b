//! Coverage: the audit's present risks against the roadmap's measures. What nobody computes
//! by hand today: which present parameters no measure targets by its code, told apart from
//! those reached only by «все выявленные параметры»; which measures aim at risks present
//! nowhere; and, per school, whether a measure that reaches it covers each of its risks.

use std::collections::HashSet;

use super::model::{Measure, Roadmap};
use super::ports::AuditFacts;
use crate::core::code::{CodeExpr, ParameterCode};
use crate::schools::OrganizationId;

/// How a present parameter is covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverageStatus {
    /// A measure targets it by its code.
    ByCode,
    /// Only measures aimed at «все выявленные параметры» reach it.
    OnlyAllFound,
    /// No measure.
    None,
}

impl CoverageStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::ByCode => "by_code",
            Self::OnlyAllFound => "only_all_found",
            Self::None => "none",
        }
    }
}

/// A measure aimed at a parameter, with the organizations (where the parameter is present)
/// that it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureReach {
    pub number: String,
    pub reaches: Vec<OrganizationId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterCoverage {
    pub code: ParameterCode,
    pub name: String,
    /// Where the audit found it: the schools of its population first, then the bodies.
    pub present_at: Vec<OrganizationId>,
    pub by_code: Vec<MeasureReach>,
    pub by_all_found: Vec<MeasureReach>,
    pub status: CoverageStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolParameter {
    pub code: ParameterCode,
    pub status: CoverageStatus,
    /// The measures that reach the school and target the parameter by code (or, when there
    /// are none, by «все выявленные параметры»).
    pub measures: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolCoverage {
    pub organization_id: OrganizationId,
    pub parameters: Vec<SchoolParameter>,
}

/// A roadmap's coverage of its audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub roadmap: Roadmap,
    pub audit: AuditFacts,
    /// Present parameters, in catalogue order.
    pub parameters: Vec<ParameterCoverage>,
    /// Catalogue parameters present nowhere.
    pub absent: Vec<ParameterCode>,
    /// Measures whose code targets are present nowhere.
    pub aimless: Vec<String>,
    pub schools: Vec<SchoolCoverage>,
    /// Names of the organizations it mentions.
    pub names: Vec<(OrganizationId, String)>,
}

impl Coverage {
    /// Present parameters that no measure targets by code.
    pub fn not_targeted(&self) -> impl Iterator<Item = &ParameterCoverage> {
        self.parameters.iter().filter(|p| p.status != CoverageStatus::ByCode)
    }
}

/// The codes a measure targets by code (not through «все выявленные параметры»).
fn by_code(measure: &Measure, catalogue: &[ParameterCode]) -> Vec<ParameterCode> {
    match &measure.targets {
        Some(expr @ CodeExpr::Items(_)) => expr.expand(catalogue, &[]),
        _ => Vec::new(),
    }
}

/// Computes the coverage; `territory` is every organization of the roadmap's territory (what
/// a measure reaches by default).
pub(super) fn coverage(
    roadmap: Roadmap,
    audit: AuditFacts,
    territory: &HashSet<OrganizationId>,
    names: Vec<(OrganizationId, String)>,
) -> Coverage {
    let catalogue: Vec<ParameterCode> = audit.parameters.iter().map(|(c, _)| *c).collect();
    let targeted: Vec<Vec<ParameterCode>> = roadmap.measures.iter().map(|m| by_code(m, &catalogue)).collect();
    let present: HashSet<(OrganizationId, ParameterCode)> = audit.present.iter().copied().collect();
    let population: HashSet<OrganizationId> = audit.population.iter().copied().collect();
    let present_codes: HashSet<ParameterCode> = audit.present.iter().map(|(_, c)| *c).collect();
    let present_at = |code: ParameterCode| -> Vec<OrganizationId> {
        let mut at: Vec<OrganizationId> =
            audit.population.iter().copied().filter(|o| present.contains(&(*o, code))).collect();
        at.extend(audit.present.iter().filter(|(o, c)| *c == code && !population.contains(o)).map(|(o, _)| *o));
        at
    };
    let reach = |measure: &Measure, at: &[OrganizationId]| MeasureReach {
        number: measure.number.clone(),
        reaches: at.iter().copied().filter(|o| measure.reaches(*o, territory)).collect(),
    };
    let mut parameters = Vec::new();
    let mut absent = Vec::new();
    for (code, name) in &audit.parameters {
        let at = present_at(*code);
        if at.is_empty() {
            absent.push(*code);
            continue;
        }
        let by_code: Vec<MeasureReach> = roadmap
            .measures
            .iter()
            .zip(&targeted)
            .filter(|(_, codes)| codes.contains(code))
            .map(|(m, _)| reach(m, &at))
            .collect();
        let by_all_found: Vec<MeasureReach> =
            roadmap.measures.iter().filter(|m| m.targets_all_found()).map(|m| reach(m, &at)).collect();
        let status = if !by_code.is_empty() {
            CoverageStatus::ByCode
        } else if !by_all_found.is_empty() {
            CoverageStatus::OnlyAllFound
        } else {
            CoverageStatus::None
        };
        parameters.push(ParameterCoverage {
            code: *code,
            name: name.clone(),
            present_at: at,
            by_code,
            by_all_found,
            status,
        });
    }
    let aimless = roadmap
        .measures
        .iter()
        .zip(&targeted)
        .filter(|(m, codes)| {
            matches!(m.targets, Some(CodeExpr::Items(_))) && !codes.iter().any(|c| present_codes.contains(c))
        })
        .map(|(m, _)| m.number.clone())
        .collect();
    let schools = audit
        .population
        .iter()
        .map(|&school| {
            // The measures that reach the school, found once for all of its parameters.
            let reaching: Vec<(&Measure, &Vec<ParameterCode>)> =
                roadmap.measures.iter().zip(&targeted).filter(|(m, _)| m.reaches(school, territory)).collect();
            let numbers = |pick: &dyn Fn(&Measure, &Vec<ParameterCode>) -> bool| -> Vec<String> {
                reaching.iter().filter(|(m, t)| pick(m, t)).map(|(m, _)| m.number.clone()).collect()
            };
            let parameters = audit
                .parameters
                .iter()
                .filter(|(code, _)| present.contains(&(school, *code)))
                .map(|(code, _)| {
                    let coded = numbers(&|_, targets| targets.contains(code));
                    let (status, measures) = if !coded.is_empty() {
                        (CoverageStatus::ByCode, coded)
                    } else {
                        let all = numbers(&|m, _| m.targets_all_found());
                        if all.is_empty() { (CoverageStatus::None, all) } else { (CoverageStatus::OnlyAllFound, all) }
                    };
                    SchoolParameter { code: *code, status, measures }
                })
                .collect();
            SchoolCoverage { organization_id: school, parameters }
        })
        .collect();
    Coverage { roadmap, audit, parameters, absent, aimless, schools, names }
}
