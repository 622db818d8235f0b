//! Effectiveness between two audits: per parameter, how many schools that had it resolved it,
//! split by whether a measure aimed at it (by code, or only by «все выявленные параметры")
//! reached them; and for the schools that left the ШНОР list, what they resolved and which
//! measures had targeted it. Counts with their n — never a claim of cause.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use opora_domain::factors::ParameterCode;
use opora_domain::lists::ListKind;
use opora_domain::schools::{MunicipalityId, OrganizationId};
use opora_domain::{Actor, PageRequest, ServiceError};

use super::Dashboards;
use crate::views::{EffectCountsView, EffectivenessView, LeaverView, NamedOrganizationView, ParameterEffectView};

/// How a school was reached for one parameter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Aim {
    ByCode,
    OnlyAllFound,
    None,
}

impl Dashboards {
    pub(crate) async fn effectiveness(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<EffectivenessView, ServiceError> {
        super::valid_year(year)?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let audits: Vec<_> = self.audits(actor, id).await?.into_iter().filter(|a| a.date <= end).collect();
        let mut view = EffectivenessView::empty();
        let [.., previous, latest] = audits.as_slice() else { return Ok(view) };
        let (earlier, later) =
            (self.reads.factors.audit(actor, previous.id).await?, self.reads.factors.audit(actor, latest.id).await?);
        view.previous_audit_id = Some(earlier.id.as_uuid());
        view.audit_id = Some(later.id.as_uuid());

        // Who the measures of the roadmaps answering the earlier audit reached, per parameter.
        let mut aimed: HashMap<(ParameterCode, OrganizationId), (Aim, BTreeSet<String>)> = HashMap::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.reads.measures.roadmaps(actor, Some(id), None, page).await?;
            for roadmap in found.items.iter().filter(|r| r.audit_id == Some(earlier.id.as_uuid())) {
                let coverage = self.reads.measures.coverage(actor, roadmap.id).await?;
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
        // `opora_domain::factors` prevalence).
        let again: HashSet<OrganizationId> = later.population().into_iter().collect();
        let (was, is) = (earlier.presence(), later.presence());
        let mut counts: BTreeMap<ParameterCode, [EffectCountsView; 3]> = BTreeMap::new();
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
            .map(|(code, [by_code, only_all_found, none])| ParameterEffectView {
                code: code.to_string(),
                targeted_by_code: by_code,
                only_all_found,
                not_targeted: none,
            })
            .collect();

        // The schools listed in the earlier audit's year and not in the later one's.
        let dynamics = self.reads.lists.dynamics(actor, id, ListKind::Shnor, None).await?;
        let listed_by =
            |y: i32| dynamics.years.iter().rfind(|l| l.year <= y).map(|l| l.organizations.clone()).unwrap_or_default();
        let (before, after) = (listed_by(earlier.date.year()), listed_by(later.date.year()));
        for o in before.difference(&after) {
            let resolved = resolved_at.get(o).cloned().unwrap_or_default();
            let measures: BTreeSet<String> =
                resolved.iter().filter_map(|c| aimed.get(&(*c, *o))).flat_map(|(_, m)| m.iter().cloned()).collect();
            let name = dynamics.names.iter().find(|(n, _)| n == o).map(|(_, n)| n.clone()).unwrap_or_default();
            view.leavers.push(LeaverView {
                organization: NamedOrganizationView { id: o.as_uuid(), name },
                resolved: resolved.iter().map(ToString::to_string).collect(),
                measures: measures.into_iter().collect(),
            });
        }
        Ok(view)
    }
}
