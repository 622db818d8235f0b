//! `regionOverview`: every visible municipality of a region side by side, each figure read for
//! the whole region at once — a handful of queries whatever the number of municipalities.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use opora_domain::lists::ListKind;
use opora_domain::measures::Tally;
use opora_domain::schools::{MunicipalityId, RegionId};
use opora_domain::{Actor, ServiceError};

use std::sync::Arc;

use super::{Dashboards, cache};
use crate::views::{
    FactorShareView, ListSizeView, MunicipalityOverviewView, OverviewAuditView, OverviewFigureView, RegionOverviewView,
};

const KINDS: [ListKind; 3] = [ListKind::Shnor, ListKind::Shnsu, ListKind::RiskGroup];

fn count(n: impl TryInto<i32>) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

impl Dashboards {
    /// Who may see the region is checked, then the overview's key in memory and its entity tag
    /// are derived from the region's data version: nothing else is read.
    pub(crate) async fn region_overview_tag(
        &self,
        actor: &Actor,
        id: RegionId,
        year: i32,
    ) -> Result<(cache::Key, String), ServiceError> {
        super::valid_year(year)?;
        self.reads.territory.region_kept(actor, id).await?;
        let version = self.reads.access.data_version(id).await?;
        Ok(cache::tag(id, year, actor, &version))
    }

    /// The overview [`Self::region_overview_tag`] tagged: from memory while the region's data
    /// is unchanged, unless the caller asks for it `fresh`.
    pub(crate) async fn region_overview_tagged(
        &self,
        actor: &Actor,
        id: RegionId,
        year: i32,
        (key, etag): (cache::Key, String),
        fresh: bool,
    ) -> Result<Arc<RegionOverviewView>, ServiceError> {
        if let Some(view) = self.views.overviews.get(&key, &etag).filter(|_| !fresh) {
            return Ok(view);
        }
        let view = Arc::new(self.region_overview(actor, id, year).await?);
        self.views.overviews.put(key, etag, view.clone());
        Ok(view)
    }

    pub(crate) async fn region_overview(
        &self,
        actor: &Actor,
        id: RegionId,
        year: i32,
    ) -> Result<RegionOverviewView, ServiceError> {
        let region = self.reads.territory.region_kept(actor, id).await?;
        let mut municipalities = self.reads.territory.municipalities_of_regions(actor, &[id]).await?;
        municipalities.sort_by(|a, b| a.name.as_str().cmp(b.name.as_str()));

        let schools = self.reads.territory.school_counts(actor, &municipalities).await?;
        let mut lists: HashMap<(MunicipalityId, ListKind, i32), u32> = HashMap::new();
        for kind in KINDS {
            for y in self.reads.lists.region_dynamics(actor, id, kind, None).await? {
                if y.year == year || y.year == year - 1 {
                    for (m, _, n) in y.municipalities {
                        lists.insert((m, kind, y.year), n);
                    }
                }
            }
        }
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default();
        let audits: HashMap<MunicipalityId, _> = self
            .reads
            .factors
            .factor_prevalence(actor, id, end)
            .await?
            .into_iter()
            .map(|p| (p.audit.municipality_id, p))
            .collect();
        let as_of = Utc::now().date_naive().min(end.succ_opt().unwrap_or(end));
        let execution: HashMap<MunicipalityId, (usize, Tally)> = self
            .reads
            .measures
            .by_municipality(actor, id, year, as_of)
            .await?
            .into_iter()
            .map(|(m, roadmaps, tally)| (m, (roadmaps, tally)))
            .collect();
        let students: HashMap<_, _> =
            self.reads.indicators.latest_by_municipality(actor, id, "students", end).await?.into_iter().collect();

        let rows = municipalities
            .into_iter()
            .map(|m| MunicipalityOverviewView {
                id: m.id.as_uuid(),
                schools: schools.get(&m.id).map_or(0, |n| count(*n)),
                students: students.get(&m.id).and_then(|p| p.value.map(|value| OverviewFigureView::of(p, value))),
                lists: KINDS
                    .iter()
                    .map(|k| ListSizeView {
                        kind: (*k).into(),
                        count: lists.get(&(m.id, *k, year)).map(|n| count(*n)),
                        previous_year: lists.get(&(m.id, *k, year - 1)).map(|n| count(*n)),
                    })
                    .collect(),
                audit: audits.get(&m.id).map(|a| OverviewAuditView {
                    audit_id: a.audit.id.as_uuid(),
                    date: crate::views::Date(a.audit.date),
                    n: count(a.organizations),
                    factors: a
                        .factors
                        .iter()
                        .map(|(factor, n)| FactorShareView {
                            factor: i32::from(*factor),
                            organizations: count(*n),
                            n: count(a.organizations),
                            share: (a.organizations > 0).then(|| f64::from(*n) / f64::from(a.organizations)),
                        })
                        .collect(),
                }),
                roadmaps: execution.get(&m.id).map_or(0, |(n, _)| count(*n)),
                execution: execution.get(&m.id).map(|(_, t)| *t).unwrap_or_default().into(),
                name: m.name.to_string(),
            })
            .collect();
        Ok(RegionOverviewView { region: region.into(), year, as_of: crate::views::Date(as_of), municipalities: rows })
    }
}
