//! The combined views as both protocols answer them: rendered from the insights service's domain
//! values (`opora_domain::insights`), municipality dashboards and region overviews kept in memory
//! by the data version they were made of, and the notes written in Markdown, HTML or Word.

use std::sync::Arc;

use opora_domain::insights::InsightsService;
use opora_domain::schools::{MunicipalityId, RegionId};
use opora_domain::{Actor, Capabilities, ServiceError};

mod cache;
pub(crate) mod charts;
pub(crate) use cache::Views;
pub(crate) mod document;
mod execution_note;
mod note;

use crate::state::AppState;
use crate::views::{MunicipalityDashboardView, RegionOverviewView};

/// The views over the read replica when one is configured, else over the primary.
#[derive(Clone, Debug)]
pub(crate) struct Dashboards {
    reads: Capabilities,
    insights: InsightsService,
    views: Arc<cache::Views>,
}

impl Dashboards {
    pub(crate) fn new(state: &AppState) -> Self {
        Self { reads: state.reads.clone(), insights: state.insights.clone(), views: state.views.clone() }
    }

    /// Who may see the dashboard is checked, then its key in memory and its entity tag are
    /// derived from the region's data version: nothing else is read.
    pub(crate) async fn municipality_tag(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<(cache::Key, String), ServiceError> {
        let version = self.insights.municipality_version(actor, id, year).await?;
        Ok(cache::tag(id, year, actor, &version))
    }

    /// The dashboard [`Self::municipality_tag`] tagged: from memory while the region's data is
    /// unchanged, unless the caller asks for it `fresh`.
    pub(crate) async fn municipality_tagged(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
        (key, etag): (cache::Key, String),
        fresh: bool,
    ) -> Result<Arc<MunicipalityDashboardView>, ServiceError> {
        if let Some(view) = self.views.dashboards.get(&key, &etag).filter(|_| !fresh) {
            return Ok(view);
        }
        let view: Arc<MunicipalityDashboardView> = Arc::new(self.insights.municipality(actor, id, year).await?.into());
        self.views.dashboards.put(key, etag, view.clone());
        Ok(view)
    }

    /// Who may see the region is checked, then the overview's key in memory and its entity tag
    /// are derived from the region's data version: nothing else is read.
    pub(crate) async fn region_overview_tag(
        &self,
        actor: &Actor,
        id: RegionId,
        year: i32,
    ) -> Result<(cache::Key, String), ServiceError> {
        let version = self.insights.region_version(actor, id, year).await?;
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
        let view: Arc<RegionOverviewView> = Arc::new(self.insights.region_overview(actor, id, year).await?.into());
        self.views.overviews.put(key, etag, view.clone());
        Ok(view)
    }
}
