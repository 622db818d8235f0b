//! A region's overview: every visible municipality of it side by side, each figure read for the
//! whole region at once — a handful of reads whatever the number of municipalities.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};

use super::service::{InsightsService, year_end};
use crate::factors::FactorPrevalence;
use crate::indicators::Point;
use crate::lists::ListKind;
use crate::measures::Tally;
use crate::schools::{MunicipalityId, Region, RegionId};
use crate::{Actor, ServiceError};

/// The lists an overview counts.
pub const OVERVIEW_KINDS: [ListKind; 3] = [ListKind::Shnor, ListKind::Shnsu, ListKind::RiskGroup];

/// A list's size in the year and the year before; `None` for a year without a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListSize {
    pub kind: ListKind,
    pub count: Option<u32>,
    pub previous_year: Option<u32>,
}

/// One municipality's row.
#[derive(Debug, Clone)]
pub struct MunicipalityOverview {
    pub id: MunicipalityId,
    pub name: String,
    pub schools: u32,
    /// The latest figure of `students` up to the year's end, with its value.
    pub students: Option<(Point, f64)>,
    pub lists: Vec<ListSize>,
    /// The latest audit up to the year's end, with the schools per factor.
    pub audit: Option<FactorPrevalence>,
    pub roadmaps: usize,
    pub execution: Tally,
}

/// A region's overview of a year.
#[derive(Debug, Clone)]
pub struct RegionOverview {
    pub region: Region,
    pub year: i32,
    /// The day execution is judged by: the year's end, or today within the year.
    pub as_of: NaiveDate,
    /// By name.
    pub municipalities: Vec<MunicipalityOverview>,
}

impl InsightsService {
    pub async fn region_overview(
        &self,
        actor: &Actor,
        id: RegionId,
        year: i32,
    ) -> Result<RegionOverview, ServiceError> {
        let region = self.s.territory.region_kept(actor, id).await?;
        let mut municipalities = self.s.territory.municipalities_of_regions(actor, &[id]).await?;
        municipalities.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));

        let schools = self.s.territory.school_counts(actor, &municipalities).await?;
        let mut lists: HashMap<(MunicipalityId, ListKind, i32), u32> = HashMap::new();
        for kind in OVERVIEW_KINDS {
            for y in self.s.lists.region_dynamics(actor, id, kind, None).await? {
                if y.year == year || y.year == year - 1 {
                    for (m, _, n) in y.municipalities {
                        lists.insert((m, kind, y.year), n);
                    }
                }
            }
        }
        let end = year_end(year);
        let mut audits: HashMap<MunicipalityId, FactorPrevalence> = self
            .s
            .factors
            .factor_prevalence(actor, id, end)
            .await?
            .into_iter()
            .map(|p| (p.audit.municipality_id, p))
            .collect();
        let as_of = Utc::now().date_naive().min(end.succ_opt().unwrap_or(end));
        let mut execution: HashMap<MunicipalityId, (usize, Tally)> = self
            .s
            .measures
            .by_municipality(actor, id, year, as_of)
            .await?
            .into_iter()
            .map(|(m, roadmaps, tally)| (m, (roadmaps, tally)))
            .collect();
        let mut students: HashMap<_, _> =
            self.s.indicators.latest_by_municipality(actor, id, "students", end).await?.into_iter().collect();

        let rows = municipalities
            .into_iter()
            .map(|m| {
                let (roadmaps, tally) = execution.remove(&m.id).unwrap_or_default();
                MunicipalityOverview {
                    id: m.id,
                    schools: schools.get(&m.id).copied().unwrap_or(0),
                    students: students.remove(&m.id).and_then(|p| p.value.map(|value| (p, value))),
                    lists: OVERVIEW_KINDS
                        .iter()
                        .map(|k| ListSize {
                            kind: *k,
                            count: lists.get(&(m.id, *k, year)).copied(),
                            previous_year: lists.get(&(m.id, *k, year - 1)).copied(),
                        })
                        .collect(),
                    audit: audits.remove(&m.id),
                    roadmaps,
                    execution: tally,
                    name: m.name.to_string(),
                }
            })
            .collect();
        Ok(RegionOverview { region, year, as_of, municipalities: rows })
    }
}
