//! An indicator over time for one organization or one territory: each period's own (reported)
//! value, the value aggregated from the organizations by the indicator's rule, and the marks a
//! reader needs — how many units a share is over, and where the method changed.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::model::{Aggregation, Indicator, IndicatorCode, Observation, Subject};
use super::period::ObservationPeriod;
use crate::schools::OrganizationId;

/// Shares over fewer units than this are flagged: one pupil more or less moves them by
/// whole percentage points.
pub const SMALL_N: f64 = 10.0;

/// One period of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub period: ObservationPeriod,
    /// The reported value when there is one, else the aggregated one.
    pub value: Option<f64>,
    /// The subject's own observation.
    pub reported: Option<f64>,
    /// Combined from the organizations (for a territory) or from the components (for a share
    /// or a weighted mean).
    pub aggregated: Option<f64>,
    /// Organizations the aggregated value combines.
    pub organizations: u32,
    /// For a share: the sums it divides; `n` is the denominator.
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    /// A share over fewer than [`SMALL_N`] units.
    pub small: bool,
    /// The newest method version among the observations it uses.
    pub method_version: u32,
    /// The method differs from the previous point's.
    pub method_break: bool,
    /// For a territory: the schools registered in it, what `organizations` is out of. The
    /// registry keeps no history, so it is today's count for every period.
    pub registered: Option<u32>,
}

impl Point {
    /// A territory's figure combined from fewer organizations than it has schools registered,
    /// and not reported by the territory itself: «по данным N из M ОО», never the territory's
    /// own figure.
    pub fn partial(&self) -> bool {
        self.registered.is_some_and(|m| self.reported.is_none() && self.aggregated.is_some() && self.organizations < m)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub indicator: Indicator,
    pub points: Vec<Point>,
}

impl Series {
    /// The series of a territory with `schools` registered in it.
    pub fn of_territory(mut self, schools: u32) -> Self {
        for p in &mut self.points {
            p.registered = Some(schools);
        }
        self
    }
}

/// A summed indicator's observations in one period, added up by the store: what a territory's
/// series of a sum needs, without reading each organization's row.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodSum {
    pub indicator: IndicatorCode,
    pub period: ObservationPeriod,
    /// The territory's own figure (a group of one) rather than its organizations'.
    pub own: bool,
    pub sum: f64,
    pub observations: u32,
    /// The newest method version among them.
    pub method_version: u32,
}

/// What one period holds, per organization and for the subject itself.
#[derive(Default)]
struct Cell {
    own: Option<(f64, u32)>,
    by_organization: BTreeMap<OrganizationId, (f64, u32)>,
    /// The organizations' values as the store added them up: sum, count, newest method.
    summed: Option<(f64, u32, u32)>,
}

type Table = BTreeMap<(IndicatorCode, ObservationPeriod), Cell>;

fn table(observations: &[Observation], sums: &[PeriodSum], subject: Option<Subject>) -> Table {
    let mut out: Table = BTreeMap::new();
    for s in sums {
        let cell = out.entry((s.indicator.clone(), s.period)).or_default();
        if s.own {
            // Only a municipality has a figure of its own; a region's series reads none.
            if matches!(subject, Some(Subject::Municipality(_))) {
                cell.own = Some((s.sum, s.method_version));
            }
        } else {
            cell.summed = Some((s.sum, s.observations, s.method_version));
        }
    }
    for o in observations {
        let cell = out.entry((o.indicator.clone(), o.period)).or_default();
        match (o.subject, subject) {
            (s, Some(wanted)) if s == wanted => cell.own = Some((o.value, o.method_version)),
            (Subject::Organization(org), _) => {
                cell.by_organization.insert(org, (o.value, o.method_version));
            }
            _ => {}
        }
    }
    out
}

/// The series of `indicator` for `subject` — an organization, or the territory whose
/// organizations' observations `observations` holds (with the territory's own, for a
/// municipality). `observations` holds the indicator's and its components' observations.
pub fn series(indicator: &Indicator, subject: Option<Subject>, observations: &[Observation]) -> Series {
    series_with(indicator, subject, observations, &[])
}

/// [`series`] of a territory where the store has added up a summed indicator's observations
/// (`sums`, its own figure included) instead of returning them one by one.
pub fn series_with(
    indicator: &Indicator,
    subject: Option<Subject>,
    observations: &[Observation],
    sums: &[PeriodSum],
) -> Series {
    let cells = table(observations, sums, subject);
    let organization = match subject {
        Some(Subject::Organization(o)) => Some(o),
        _ => None,
    };
    let mut periods: Vec<ObservationPeriod> = cells
        .keys()
        .filter(|(code, _)| *code == indicator.code || indicator.aggregation.components().contains(&code))
        .map(|(_, p)| *p)
        .collect();
    periods.sort_by_key(|p| (p.start(), *p));
    periods.dedup();
    let mut points: Vec<Point> = Vec::new();
    for period in periods {
        let cell = |code: &IndicatorCode| cells.get(&(code.clone(), period));
        let own = cell(&indicator.code).and_then(|c| c.own);
        let mut point = Point {
            period,
            value: None,
            reported: own.map(|(v, _)| v),
            aggregated: None,
            organizations: 0,
            numerator: None,
            denominator: None,
            small: false,
            method_version: own.map_or(0, |(_, v)| v),
            method_break: false,
            registered: None,
        };
        // The values each organization contributes; for an organization's own series, the
        // organization alone.
        let values = |code: &IndicatorCode| -> Cow<'_, BTreeMap<OrganizationId, (f64, u32)>> {
            let Some(c) = cell(code) else { return Cow::Owned(BTreeMap::new()) };
            match organization {
                Some(o) => Cow::Owned(c.own.map(|v| BTreeMap::from([(o, v)])).unwrap_or_default()),
                None => Cow::Borrowed(&c.by_organization),
            }
        };
        match &indicator.aggregation {
            Aggregation::Sum => {
                if organization.is_none() {
                    let each = values(&indicator.code);
                    let total = if each.is_empty() {
                        cell(&indicator.code).and_then(|c| c.summed)
                    } else {
                        let n = u32::try_from(each.len()).unwrap_or(u32::MAX);
                        let newest = each.values().map(|(_, m)| *m).max().unwrap_or(0);
                        Some((each.values().map(|(v, _)| v).sum(), n, newest))
                    };
                    if let Some((sum, n, newest)) = total {
                        point.aggregated = Some(sum);
                        point.organizations = n;
                        point.method_version = point.method_version.max(newest);
                    }
                }
            }
            Aggregation::WeightedMean { base } => {
                let (values, bases) = (values(&indicator.code), values(base));
                let pairs: Vec<(f64, f64, u32)> =
                    values.iter().filter_map(|(o, (v, m))| bases.get(o).map(|(b, _)| (*v, *b, *m))).collect();
                let weight: f64 = pairs.iter().map(|(_, b, _)| b).sum();
                if weight > 0.0 && (organization.is_none() || point.reported.is_none()) {
                    point.aggregated = Some(pairs.iter().map(|(v, b, _)| v * b).sum::<f64>() / weight);
                    point.organizations = u32::try_from(pairs.len()).unwrap_or(u32::MAX);
                    point.method_version =
                        point.method_version.max(pairs.iter().map(|(_, _, m)| *m).max().unwrap_or(0));
                }
            }
            Aggregation::Share { numerator, denominator } => {
                let (nums, dens) = (values(numerator), values(denominator));
                let pairs: Vec<(f64, f64, u32)> =
                    nums.iter().filter_map(|(o, (n, m))| dens.get(o).map(|(d, dm)| (*n, *d, (*m).max(*dm)))).collect();
                let (n, d): (f64, f64) = pairs.iter().fold((0.0, 0.0), |(a, b), (n, d, _)| (a + n, b + d));
                if d > 0.0 {
                    point.aggregated = Some(100.0 * n / d);
                    point.numerator = Some(n);
                    point.denominator = Some(d);
                    point.small = d < SMALL_N;
                    point.organizations = u32::try_from(pairs.len()).unwrap_or(u32::MAX);
                    point.method_version =
                        point.method_version.max(pairs.iter().map(|(_, _, m)| *m).max().unwrap_or(0));
                }
            }
        }
        point.value = point.reported.or(point.aggregated);
        if point.value.is_none() {
            continue;
        }
        if let Some(previous) = points.last() {
            point.method_break = previous.method_version != point.method_version;
        }
        points.push(point);
    }
    Series { indicator: indicator.clone(), points }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::indicators::IndicatorLevel;
    use crate::schools::{MunicipalityId, RegionId};

    fn code(c: &str) -> IndicatorCode {
        IndicatorCode::parse(c).unwrap()
    }

    fn indicator(c: &str, aggregation: Aggregation) -> Indicator {
        Indicator {
            code: code(c),
            version: 1,
            name: c.into(),
            unit: "чел.".into(),
            level: IndicatorLevel::Organization,
            aggregation,
            method: None,
            recorded_at: Utc::now(),
            aliases: Vec::new(),
        }
    }

    fn at(c: &str, org: OrganizationId, period: ObservationPeriod, value: f64, version: u32) -> Observation {
        Observation {
            indicator: code(c),
            subject: Subject::Organization(org),
            region_id: RegionId::from_uuid(uuid::Uuid::nil()),
            municipality_id: MunicipalityId::from_uuid(uuid::Uuid::nil()),
            period,
            method_version: version,
            value,
            source: None,
        }
    }

    #[test]
    fn a_share_divides_the_sums_and_flags_small_denominators() {
        let share = indicator("share", Aggregation::Share { numerator: code("num"), denominator: code("den") });
        let y = ObservationPeriod::Year(2023);
        let (a, b) = (OrganizationId::generate(), OrganizationId::generate());
        let observations = vec![
            at("num", a, y, 150.0, 1),
            at("den", a, y, 200.0, 1),
            at("num", b, y, 2.0, 1),
            at("den", b, y, 8.0, 1),
        ];
        let territory = series(&share, None, &observations);
        let point = &territory.points[0];
        assert_eq!((point.numerator, point.denominator, point.organizations), (Some(152.0), Some(208.0), 2));
        assert!((point.value.unwrap() - 100.0 * 152.0 / 208.0).abs() < 1e-9);
        assert!(!point.small);
        let small = series(&share, Some(Subject::Organization(b)), &observations);
        assert!(small.points[0].small);
        assert_eq!(small.points[0].value, Some(25.0));
    }

    #[test]
    fn a_weighted_mean_weighs_each_organization_by_its_base() {
        let mean = indicator("score", Aggregation::WeightedMean { base: code("students") });
        let y = ObservationPeriod::Year(2023);
        let (a, b, c) = (OrganizationId::generate(), OrganizationId::generate(), OrganizationId::generate());
        let observations = vec![
            at("score", a, y, 4.0, 1),
            at("students", a, y, 300.0, 1),
            at("score", b, y, 3.0, 1),
            at("students", b, y, 100.0, 1),
            // No base: left out of the mean.
            at("score", c, y, 2.0, 1),
        ];
        let point = &series(&mean, None, &observations).points[0];
        assert_eq!((point.value, point.organizations), (Some(3.75), 2));
    }

    #[test]
    fn sums_added_up_by_the_store_give_the_series_of_the_rows() {
        let sum = indicator("students", Aggregation::Sum);
        let m = MunicipalityId::generate();
        let (a, b) = (OrganizationId::generate(), OrganizationId::generate());
        let (y, z) = (ObservationPeriod::AcademicYear(2022), ObservationPeriod::AcademicYear(2023));
        let mut own = at("students", a, z, 5336.0, 2);
        own.subject = Subject::Municipality(m);
        let rows = vec![at("students", a, y, 300.0, 1), at("students", b, y, 120.0, 2), own];
        let sums = vec![
            PeriodSum {
                indicator: code("students"),
                period: y,
                own: false,
                sum: 420.0,
                observations: 2,
                method_version: 2,
            },
            PeriodSum {
                indicator: code("students"),
                period: z,
                own: true,
                sum: 5336.0,
                observations: 1,
                method_version: 2,
            },
        ];
        let subject = Some(Subject::Municipality(m));
        assert_eq!(series_with(&sum, subject, &[], &sums), series(&sum, subject, &rows));
        let point = &series_with(&sum, subject, &[], &sums).points[0];
        assert_eq!((point.aggregated, point.organizations, point.method_version), (Some(420.0), 2, 2));
        // A region reads no figure of its own.
        assert_eq!(series_with(&sum, None, &[], &sums).points.len(), 1);
    }

    /// Seed 002: five schools' 13 + 8 + 8 + 10 + 9 trained in 2019/20, out of the district's
    /// schools, is not the district's figure; its own 411 for 2022/23 is.
    #[test]
    fn a_sum_over_some_schools_is_partial_and_the_territorys_own_figure_is_not() {
        let sum = indicator("pd_completed", Aggregation::Sum);
        let m = MunicipalityId::generate();
        let (y, z) = (ObservationPeriod::AcademicYear(2019), ObservationPeriod::AcademicYear(2022));
        let mut rows: Vec<Observation> = [13.0, 8.0, 8.0, 10.0, 9.0]
            .iter()
            .map(|v| at("pd_completed", OrganizationId::generate(), y, *v, 1))
            .collect();
        let mut own = at("pd_completed", OrganizationId::generate(), z, 411.0, 1);
        own.subject = Subject::Municipality(m);
        rows.push(own);
        let s = series(&sum, Some(Subject::Municipality(m)), &rows).of_territory(14);
        let (first, second) = (&s.points[0], &s.points[1]);
        assert_eq!((first.value, first.organizations, first.registered), (Some(48.0), 5, Some(14)));
        assert!(first.partial(), "5 of 14 schools");
        assert!(!second.partial(), "the district reported its own figure");
        assert!(!series(&sum, Some(Subject::Municipality(m)), &rows).points[0].partial(), "no registry, no claim");
        let all = series(&sum, Some(Subject::Municipality(m)), &rows).of_territory(5);
        assert!(!all.points[0].partial(), "every registered school reported");
    }

    #[test]
    fn a_method_change_marks_a_break() {
        let sum = indicator("trained", Aggregation::Sum);
        let a = OrganizationId::generate();
        let observations = vec![
            at("trained", a, ObservationPeriod::AcademicYear(2019), 13.0, 1),
            at("trained", a, ObservationPeriod::AcademicYear(2020), 9.0, 1),
            at("trained", a, ObservationPeriod::AcademicYear(2021), 11.0, 2),
        ];
        let breaks: Vec<bool> = series(&sum, None, &observations).points.iter().map(|p| p.method_break).collect();
        assert_eq!(breaks, [false, false, true]);
    }
}
