//! Planned against held, over one roadmap or all the roadmaps of a municipality or a region:
//! a pure function of the roadmaps, the reports on them and the day it is asked on.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;

use super::execution::{ExecutionReport, Occurrence, OccurrenceState, Tally, current, occurrences, state};
use super::model::{Reach, Roadmap, RoadmapId};
use crate::core::code::ParameterCode;
use crate::schools::{MunicipalityId, OrganizationId};

/// A roadmap with what its execution is read against.
#[derive(Debug, Clone)]
pub struct RoadmapScope {
    pub roadmap: Roadmap,
    /// The schools of its municipality: whom a measure for the whole territory reaches.
    pub territory: HashSet<OrganizationId>,
    /// The catalogue of the audit it answers, and the parameters that audit found present, to
    /// read «все выявленные параметры» and ranges of codes.
    pub catalogue: Vec<ParameterCode>,
    pub found: Vec<ParameterCode>,
}

/// A measure «по отдельному графику» that no report mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnreportedMeasure {
    pub roadmap_id: RoadmapId,
    pub position: u16,
    pub number: String,
    pub title: String,
}

/// The execution of a set of roadmaps as of a day, optionally within one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub as_of: NaiveDate,
    pub year: Option<i32>,
    pub roadmaps: Vec<RoadmapId>,
    pub total: Tally,
    /// Each planned occurrence of each measure as a whole, in roadmap and measure order.
    pub occurrences: Vec<OccurrenceState>,
    pub unreported_plans: Vec<UnreportedMeasure>,
    /// Per school the measures reach, counting the occurrences at that school.
    pub schools: Vec<(OrganizationId, Tally)>,
    /// Per parameter the measures target, counting the occurrences of those measures.
    pub parameters: Vec<(ParameterCode, Tally)>,
    /// Per municipality whose roadmaps are read: the occurrences of its measures as a whole.
    pub municipalities: Vec<(MunicipalityId, Tally)>,
    /// The municipality of each roadmap read.
    pub roadmap_municipalities: Vec<(RoadmapId, MunicipalityId)>,
}

impl Progress {
    pub fn overdue(&self) -> impl Iterator<Item = &OccurrenceState> {
        self.occurrences.iter().filter(|o| o.overdue)
    }
}

pub fn progress(scopes: &[RoadmapScope], reports: &[ExecutionReport], as_of: NaiveDate, year: Option<i32>) -> Progress {
    let mut by_occurrence: HashMap<(RoadmapId, u16, Occurrence), Vec<&ExecutionReport>> = HashMap::new();
    let mut mentioned: HashSet<(RoadmapId, u16)> = HashSet::new();
    for r in current(reports) {
        by_occurrence.entry((r.roadmap_id, r.position, r.occurrence)).or_default().push(r);
        mentioned.insert((r.roadmap_id, r.position));
    }
    let mut total = Tally::default();
    let mut states = Vec::new();
    let mut unreported_plans = Vec::new();
    let mut schools: BTreeMap<OrganizationId, Tally> = BTreeMap::new();
    let mut parameters: BTreeMap<ParameterCode, Tally> = BTreeMap::new();
    let mut municipalities: BTreeMap<MunicipalityId, Tally> = BTreeMap::new();
    for scope in scopes {
        let roadmap = &scope.roadmap;
        let municipal = municipalities.entry(roadmap.municipality_id).or_default();
        for measure in &roadmap.measures {
            let planned: Vec<Occurrence> = occurrences(measure, roadmap.period)
                .into_iter()
                .filter(|o| year.is_none_or(|y| o.in_year(y, roadmap.period)))
                .collect();
            if planned.contains(&Occurrence::Plan) && !mentioned.contains(&(roadmap.id, measure.position)) {
                unreported_plans.push(UnreportedMeasure {
                    roadmap_id: roadmap.id,
                    position: measure.position,
                    number: measure.number.clone(),
                    title: measure.title.clone(),
                });
            }
            let reached: Vec<OrganizationId> = match &measure.reach {
                Reach::Territory => {
                    let mut all: Vec<_> = scope.territory.iter().copied().collect();
                    all.sort();
                    all
                }
                Reach::Organizations(list) => list.clone(),
            };
            let targeted =
                measure.targets.as_ref().map(|t| t.expand(&scope.catalogue, &scope.found)).unwrap_or_default();
            for occurrence in planned {
                let reports =
                    by_occurrence.get(&(roadmap.id, measure.position, occurrence)).cloned().unwrap_or_default();
                let whole = state(measure, roadmap.id, roadmap.period, occurrence, None, &reports, as_of);
                total.add(&whole);
                municipal.add(&whole);
                for code in &targeted {
                    parameters.entry(*code).or_default().add(&whole);
                }
                for school in &reached {
                    let at = state(measure, roadmap.id, roadmap.period, occurrence, Some(*school), &reports, as_of);
                    schools.entry(*school).or_default().add(&at);
                }
                states.push(whole);
            }
        }
    }
    Progress {
        as_of,
        year,
        roadmaps: scopes.iter().map(|s| s.roadmap.id).collect(),
        total,
        occurrences: states,
        unreported_plans,
        schools: schools.into_iter().collect(),
        parameters: parameters.into_iter().collect(),
        municipalities: municipalities.into_iter().collect(),
        roadmap_municipalities: scopes.iter().map(|s| (s.roadmap.id, s.roadmap.municipality_id)).collect(),
    }
}
