//! What people compute by hand from an audit: a school's risk profile, the school × parameter
//! matrix with the prevalence of each parameter and factor, and the change between two audits.

use super::model::{Audit, Catalogue};
use crate::core::code::ParameterCode;
use crate::schools::OrganizationId;

/// Present parameters of one factor in one organization.
#[derive(Debug, Clone, PartialEq)]
pub struct FactorProfile {
    pub code: u16,
    pub name: String,
    pub present: Vec<ParameterCode>,
    pub total: usize,
    /// `present / total`, 0 to 1.
    pub share: f64,
}

/// A school's risk profile: present parameters grouped by factor (factors with none left out).
pub(crate) fn risk_profile(catalogue: &Catalogue, audit: &Audit, organization: OrganizationId) -> Vec<FactorProfile> {
    let present = audit.present(organization);
    catalogue
        .factors
        .iter()
        .filter_map(|factor| {
            let codes: Vec<ParameterCode> =
                catalogue.parameters.iter().filter(|p| p.code.factor() == factor.code).map(|p| p.code).collect();
            let hit: Vec<ParameterCode> = codes.iter().copied().filter(|c| present.contains(c)).collect();
            (!hit.is_empty()).then(|| FactorProfile {
                code: factor.code,
                name: factor.name.to_string(),
                total: codes.len(),
                share: hit.len() as f64 / codes.len() as f64,
                present: hit,
            })
        })
        .collect()
}

/// How many of the audited organizations show a parameter, or any parameter of a factor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prevalence {
    /// Per parameter, the schools in which it shows.
    pub parameters: Vec<(ParameterCode, usize)>,
    /// Per parameter, the bodies in which it shows: found in the territory, never a school.
    pub at_bodies: Vec<(ParameterCode, usize)>,
    /// Per factor, the schools in which any of its parameters shows.
    pub factors: Vec<(u16, usize)>,
    /// Parameters present nowhere: in no school and at no body.
    pub absent: Vec<ParameterCode>,
}

/// Prevalence over the schools in `among`, with the bodies in `bodies` counted apart.
///
/// One rule for bodies everywhere (matrix, coverage, effectiveness, notes): a finding about a
/// body the audit names (МКУО ЦОКО in seed 001's 7.2) makes the parameter present in the
/// territory and is shown with the body, but is never counted among the schools.
pub(crate) fn prevalence(
    catalogue: &Catalogue,
    audit: &Audit,
    among: &[OrganizationId],
    bodies: &[OrganizationId],
) -> Prevalence {
    let presence = audit.presence();
    let present =
        |of: &[OrganizationId]| -> Vec<Vec<ParameterCode>> { of.iter().map(|o| presence.present(*o)).collect() };
    let (schools, at_body) = (present(among), present(bodies));
    let count =
        |within: &[Vec<ParameterCode>], code: ParameterCode| within.iter().filter(|c| c.contains(&code)).count();
    let parameters: Vec<(ParameterCode, usize)> =
        catalogue.parameters.iter().map(|p| (p.code, count(&schools, p.code))).collect();
    let at_bodies: Vec<(ParameterCode, usize)> =
        catalogue.parameters.iter().map(|p| (p.code, count(&at_body, p.code))).collect();
    let factors = catalogue
        .factors
        .iter()
        .map(|f| (f.code, schools.iter().filter(|codes| codes.iter().any(|c| c.factor() == f.code)).count()))
        .collect();
    let absent =
        parameters.iter().zip(&at_bodies).filter(|((_, n), (_, b))| *n + *b == 0).map(|((c, _), _)| *c).collect();
    Prevalence { parameters, at_bodies, factors, absent }
}

/// What changed for one organization between two audits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationDiff {
    pub organization: OrganizationId,
    pub appeared: Vec<ParameterCode>,
    pub resolved: Vec<ParameterCode>,
}

/// Per organization in either audit: parameters that appeared and that were resolved.
pub(crate) fn diff(earlier: &Audit, later: &Audit) -> Vec<OrganizationDiff> {
    let mut organizations = earlier.organizations();
    let known: std::collections::HashSet<OrganizationId> = organizations.iter().copied().collect();
    organizations.extend(later.organizations().into_iter().filter(|o| !known.contains(o)));
    let (was, is) = (earlier.presence(), later.presence());
    organizations
        .into_iter()
        .map(|organization| {
            let (before, after) = (was.present(organization), is.present(organization));
            OrganizationDiff {
                organization,
                appeared: after.iter().copied().filter(|c| !before.contains(c)).collect(),
                resolved: before.iter().copied().filter(|c| !after.contains(c)).collect(),
            }
        })
        .collect()
}
