//! Coverage: the audit's present risks against the roadmap's measures. What nobody computes
//! by hand today: which present parameters no measure targets by its code, told apart from
//! those reached only by «все выявленные параметры»; which measures aim at risks present
//! nowhere; and, per school, whether a measure that reaches it covers each of its risks.

use std::collections::HashSet;

use super::model::{Measure, Roadmap, RoadmapId};
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

    /// The coverage as a caller who may see the findings of `visible` only is answered: every
    /// organization outside it is left out of where a parameter is present, whom a measure
    /// reaches, the schools and the names. What the roadmap targets, and how each present
    /// parameter is covered, name no organization and stay.
    pub(super) fn only_for(mut self, visible: &HashSet<OrganizationId>) -> Self {
        let keep = |ids: &mut Vec<OrganizationId>| ids.retain(|o| visible.contains(o));
        for p in &mut self.parameters {
            keep(&mut p.present_at);
            for reach in p.by_code.iter_mut().chain(&mut p.by_all_found) {
                keep(&mut reach.reaches);
            }
        }
        self.schools.retain(|s| visible.contains(&s.organization_id));
        self.names.retain(|(o, _)| visible.contains(o));
        self.audit.present.retain(|(o, _)| visible.contains(o));
        self.audit.population.retain(|o| visible.contains(o));
        self
    }
}

/// A roadmap's coverage as a dashboard shows it: the present parameters, in catalogue order,
/// that no measure targets by code, and those no measure reaches at all. The full
/// [`Coverage`] shows the same, having computed whom each measure reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoadmapGaps {
    pub roadmap_id: RoadmapId,
    pub title: String,
    pub not_targeted: Vec<ParameterCode>,
    pub uncovered: Vec<ParameterCode>,
}

/// How a present parameter is covered: that depends on what the measures target, not on whom
/// they reach (a measure aimed at a parameter counts even where it reaches none of its schools).
fn status_of(code: ParameterCode, measures: &[Measure], targeted: &[Vec<ParameterCode>]) -> CoverageStatus {
    if targeted.iter().any(|codes| codes.contains(&code)) {
        CoverageStatus::ByCode
    } else if measures.iter().any(Measure::targets_all_found) {
        CoverageStatus::OnlyAllFound
    } else {
        CoverageStatus::None
    }
}

/// The gaps of `roadmap`'s coverage of `audit`.
pub(super) fn gaps(roadmap: &Roadmap, audit: &AuditFacts) -> RoadmapGaps {
    let catalogue: Vec<ParameterCode> = audit.parameters.iter().map(|(c, _)| *c).collect();
    let targeted: Vec<Vec<ParameterCode>> = roadmap.measures.iter().map(|m| by_code(m, &catalogue)).collect();
    let present: HashSet<ParameterCode> = audit.present.iter().map(|(_, c)| *c).collect();
    let mut out = RoadmapGaps {
        roadmap_id: roadmap.id,
        title: roadmap.title.clone(),
        not_targeted: Vec::new(),
        uncovered: Vec::new(),
    };
    for code in catalogue.into_iter().filter(|c| present.contains(c)) {
        match status_of(code, &roadmap.measures, &targeted) {
            CoverageStatus::ByCode => {}
            CoverageStatus::OnlyAllFound => out.not_targeted.push(code),
            CoverageStatus::None => {
                out.not_targeted.push(code);
                out.uncovered.push(code);
            }
        }
    }
    out
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
        parameters.push(ParameterCoverage {
            code: *code,
            name: name.clone(),
            present_at: at,
            by_code,
            by_all_found,
            status: status_of(*code, &roadmap.measures, &targeted),
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

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};
    use proptest::prelude::*;

    use super::*;
    use crate::core::period::Period;
    use crate::measures::model::Reach;
    use crate::schools::{MunicipalityId, RegionId};

    const CODES: [(u16, u16); 6] = [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (4, 1)];

    fn org(n: u8) -> OrganizationId {
        OrganizationId::from_uuid(uuid::Uuid::from_u128(u128::from(n) + 1))
    }

    fn measure(position: u16, targets: Option<&str>, reach: Reach) -> Measure {
        Measure {
            position,
            number: position.to_string(),
            direction: None,
            title: format!("Мероприятие {position}"),
            form: None,
            targets_text: targets.map(str::to_owned),
            targets: targets.map(|t| CodeExpr::parse(t).expect("a code expression").0),
            audience: None,
            venues_text: None,
            venues: Vec::new(),
            schedule: None,
            responsible_text: None,
            responsible: Vec::new(),
            reach,
            source_rows: vec![u32::from(position)],
        }
    }

    fn roadmap(measures: Vec<Measure>) -> Roadmap {
        Roadmap {
            id: RoadmapId::from_uuid(uuid::Uuid::from_u128(100)),
            region_id: RegionId::from_uuid(uuid::Uuid::from_u128(200)),
            municipality_id: MunicipalityId::from_uuid(uuid::Uuid::from_u128(300)),
            owner_id: None,
            programme_id: None,
            title: "Дорожная карта".into(),
            title_source: None,
            period: Period::new(2023, 2024).expect("a period"),
            approval: None,
            audit_id: None,
            catalogue_id: None,
            measures,
            recorded_at: Utc::now(),
            versioning: Default::default(),
        }
    }

    /// Schools 0–2 are audited; 3 is a body the table names.
    fn audit(present: &[(u8, usize)]) -> AuditFacts {
        AuditFacts {
            id: uuid::Uuid::from_u128(400),
            region_id: RegionId::from_uuid(uuid::Uuid::from_u128(200)),
            municipality_id: MunicipalityId::from_uuid(uuid::Uuid::from_u128(300)),
            date: NaiveDate::from_ymd_opt(2023, 3, 1).expect("a date"),
            catalogue_id: uuid::Uuid::from_u128(500),
            parameters: CODES.iter().map(|&(f, i)| (ParameterCode::new(f, i), format!("Параметр {f}.{i}"))).collect(),
            population: (0..3).map(org).collect(),
            present: present.iter().map(|&(o, c)| (org(o), ParameterCode::new(CODES[c].0, CODES[c].1))).collect(),
        }
    }

    /// The gaps as the full coverage shows them, school by school.
    fn full(roadmap: &Roadmap, facts: &AuditFacts) -> RoadmapGaps {
        let territory = (0..3).map(org).collect();
        let c = coverage(roadmap.clone(), facts.clone(), &territory, Vec::new());
        let codes = |status: &dyn Fn(CoverageStatus) -> bool| {
            c.parameters.iter().filter(|p| status(p.status)).map(|p| p.code).collect()
        };
        RoadmapGaps {
            roadmap_id: roadmap.id,
            title: roadmap.title.clone(),
            not_targeted: codes(&|s| s != CoverageStatus::ByCode),
            uncovered: codes(&|s| s == CoverageStatus::None),
        }
    }

    fn codes(list: &[&str]) -> Vec<ParameterCode> {
        list.iter().map(|c| ParameterCode::parse(c).expect("a code")).collect()
    }

    #[test]
    fn a_parameter_is_targeted_by_a_measure_aimed_at_it_even_where_it_reaches_none_of_its_schools() {
        // 1.1 and 2.1 at school 0, 2.2 and 3.1 at school 1, 1.2 only at the body; 4.1 nowhere.
        let facts = audit(&[(0, 0), (0, 2), (1, 3), (1, 4), (3, 1)]);
        let aimed = measure(1, Some("1.1-1.2"), Reach::Organizations(vec![org(2)]));
        let without_all_found = roadmap(vec![aimed.clone(), measure(2, Some("4.1"), Reach::Territory)]);
        let gaps = gaps(&without_all_found, &facts);
        assert_eq!(gaps.not_targeted, codes(&["2.1", "2.2", "3.1"]));
        assert_eq!(gaps.uncovered, codes(&["2.1", "2.2", "3.1"]));
        assert_eq!(gaps, full(&without_all_found, &facts));

        let with_all_found = roadmap(vec![aimed, measure(2, Some("все выявленные параметры"), Reach::Territory)]);
        let gaps = super::gaps(&with_all_found, &facts);
        assert_eq!((gaps.not_targeted.clone(), gaps.uncovered.clone()), (codes(&["2.1", "2.2", "3.1"]), Vec::new()));
        assert_eq!(gaps, full(&with_all_found, &facts));
    }

    fn target() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            Just(Some("все выявленные параметры".to_owned())),
            proptest::sample::subsequence(CODES.to_vec(), 1..=3)
                .prop_map(|cs| Some(cs.iter().map(|(f, i)| format!("{f}.{i}")).collect::<Vec<_>>().join(", "))),
        ]
    }

    proptest! {
        #[test]
        fn gaps_are_what_the_full_coverage_shows(
            present in proptest::collection::vec((0u8..4, 0usize..CODES.len()), 0..12),
            targets in proptest::collection::vec((target(), any::<bool>()), 0..5),
        ) {
            let facts = audit(&present);
            let measures = targets
                .iter()
                .zip(1..)
                .map(|((t, whole), position)| {
                    let reach = if *whole { Reach::Territory } else { Reach::Organizations(vec![org(1)]) };
                    measure(position, t.as_deref(), reach)
                })
                .collect();
            let roadmap = roadmap(measures);
            prop_assert_eq!(gaps(&roadmap, &facts), full(&roadmap, &facts));
        }
    }
}
