//! Effectiveness between two audits: per parameter, how many schools that had it resolved it,
//! split by whether a measure aimed at it (by code, or only by «все выявленные параметры»)
//! reached them; and for the schools that left the ШНОР list, what they resolved and which
//! measures had targeted it. Counts with their n — never a claim of cause.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::Datelike;

use super::service::{InsightsService, valid_year, year_end};
use super::watch::NamedOrganization;
use crate::core::code::ParameterCode;
use crate::factors::AuditId;
use crate::lists::ListKind;
use crate::schools::{MunicipalityId, OrganizationId};
use crate::{Actor, PageRequest, ServiceError};

/// Schools that had a parameter at the earlier audit, and those of them that no longer have it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EffectCounts {
    /// The n: schools audited twice that had it.
    pub had: u32,
    pub resolved: u32,
}

/// One parameter between two audits, by how the schools that had it were reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParameterEffect {
    pub code: ParameterCode,
    pub targeted_by_code: EffectCounts,
    pub only_all_found: EffectCounts,
    pub not_targeted: EffectCounts,
}

/// A school that left the ШНОР list between the two audits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaver {
    pub organization: NamedOrganization,
    /// Parameters it had at the earlier audit and not at the later one.
    pub resolved: Vec<ParameterCode>,
    /// Numbers of the measures that were aimed at those parameters and reached it.
    pub measures: Vec<String>,
}

/// What changed between a municipality's two latest audits up to a year's end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effectiveness {
    pub previous_audit_id: Option<AuditId>,
    pub audit_id: Option<AuditId>,
    pub parameters: Vec<ParameterEffect>,
    pub leavers: Vec<Leaver>,
}

/// How a school was reached for one parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Aim {
    ByCode,
    OnlyAllFound,
    None,
}

impl InsightsService {
    pub async fn effectiveness(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<Effectiveness, ServiceError> {
        valid_year(year)?;
        let end = year_end(year);
        let audits: Vec<_> = self.audits(actor, id).await?.into_iter().filter(|a| a.date <= end).collect();
        let mut view = Effectiveness::default();
        let [.., previous, latest] = audits.as_slice() else { return Ok(view) };
        let (earlier, later) =
            (self.s.factors.audit(actor, previous.id).await?, self.s.factors.audit(actor, latest.id).await?);
        view.previous_audit_id = Some(earlier.id);
        view.audit_id = Some(later.id);

        // Who the measures of the roadmaps answering the earlier audit reached, per parameter.
        let mut aimed: HashMap<(ParameterCode, OrganizationId), (Aim, BTreeSet<String>)> = HashMap::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.s.measures.roadmaps(actor, Some(id), None, page).await?;
            for roadmap in found.items.iter().filter(|r| r.audit_id == Some(earlier.id.as_uuid())) {
                let coverage = self.s.measures.coverage(actor, roadmap.id).await?;
                for p in &coverage.parameters {
                    for (measures, aim) in [(&p.by_code, Aim::ByCode), (&p.by_all_found, Aim::OnlyAllFound)] {
                        for m in measures {
                            for o in &m.reaches {
                                let entry = aimed.entry((p.code, *o)).or_insert((aim, BTreeSet::new()));
                                if aim == Aim::ByCode {
                                    entry.0 = Aim::ByCode;
                                }
                                entry.1.insert(m.number.clone());
                            }
                        }
                    }
                }
            }
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }

        // Every finding of the earlier audit at a school the later one audited again; a body's
        // findings are the territory's, never counted among the schools (the rule of
        // `factors` prevalence).
        let again: HashSet<OrganizationId> = later.population().into_iter().collect();
        let (was, is) = (earlier.presence(), later.presence());
        let mut counts: BTreeMap<ParameterCode, [EffectCounts; 3]> = BTreeMap::new();
        let mut resolved_at: HashMap<OrganizationId, Vec<ParameterCode>> = HashMap::new();
        for o in earlier.population().into_iter().filter(|o| again.contains(o)) {
            let now = is.present(o);
            for code in was.present(o) {
                let aim = aimed.get(&(code, o)).map_or(Aim::None, |(a, _)| *a);
                let slot = &mut counts.entry(code).or_default()[aim as usize];
                slot.had += 1;
                if !now.contains(&code) {
                    slot.resolved += 1;
                    resolved_at.entry(o).or_default().push(code);
                }
            }
        }
        view.parameters = counts
            .into_iter()
            .map(|(code, [by_code, only_all_found, none])| ParameterEffect {
                code,
                targeted_by_code: by_code,
                only_all_found,
                not_targeted: none,
            })
            .collect();

        // The schools listed in the earlier audit's year and not in the later one's.
        let dynamics = self.s.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let listed_by =
            |y: i32| dynamics.years.iter().rfind(|l| l.year <= y).map(|l| l.organizations.clone()).unwrap_or_default();
        let (before, after) = (listed_by(earlier.date.year()), listed_by(later.date.year()));
        for o in before.difference(&after) {
            let resolved = resolved_at.get(o).cloned().unwrap_or_default();
            let measures: BTreeSet<String> =
                resolved.iter().filter_map(|c| aimed.get(&(*c, *o))).flat_map(|(_, m)| m.iter().cloned()).collect();
            let name = dynamics.names.iter().find(|(n, _)| n == o).map(|(_, n)| n.clone()).unwrap_or_default();
            view.leavers.push(Leaver {
                organization: NamedOrganization { id: *o, name },
                resolved,
                measures: measures.into_iter().collect(),
            });
        }
        Ok(view)
    }
}
