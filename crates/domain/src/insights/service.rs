//! The service of the combined views, and what every view of it shares: the years it answers
//! for, a municipality's audits, the data version its entity tag is made of.

use std::sync::Arc;

use super::ports::InsightsReads;
use crate::factors::Audit;
use crate::schools::{MunicipalityId, RegionId};
use crate::{Actor, Capabilities, PageRequest, ServiceError};

/// The indicators a municipality's dashboard and a school's card highlight, when they have
/// figures for them.
pub const HIGHLIGHTS: [&str; 8] = [
    "students",
    "teachers",
    "teaching_staff",
    "pd_completed",
    "retrained",
    "attested_first",
    "attested_highest",
    "extracurricular_5_9_share",
];

/// The combined views. Authorization is each capability's and the policy's: a view answers only
/// what its caller may read of every part.
#[derive(Debug, Clone)]
pub struct InsightsService {
    pub(super) s: Arc<Capabilities>,
    pub(super) reads: Arc<dyn InsightsReads>,
}

impl InsightsService {
    /// The views over the capabilities' services and the read models of one database: the
    /// primary, or the read replica the views are served from.
    pub fn new(capabilities: Capabilities, reads: Arc<dyn InsightsReads>) -> Self {
        Self { s: Arc::new(capabilities), reads }
    }

    /// The version of the data a municipality's view of `year` is made of, once the caller is
    /// known to read what the municipality keeps: nothing else is read, so that an unchanged
    /// view is answered from a cache or with 304.
    pub async fn municipality_version(
        &self,
        actor: &Actor,
        id: MunicipalityId,
        year: i32,
    ) -> Result<String, ServiceError> {
        valid_year(year)?;
        let m = self.s.territory.municipality_kept(actor, id).await?;
        self.s.access.data_version(m.region_id).await
    }

    /// [`Self::municipality_version`] for a region's overview.
    pub async fn region_version(&self, actor: &Actor, id: RegionId, year: i32) -> Result<String, ServiceError> {
        valid_year(year)?;
        self.s.territory.region_kept(actor, id).await?;
        self.s.access.data_version(id).await
    }

    /// Every audit of the municipality, oldest first; a municipality the caller may not read
    /// does not exist for it.
    pub(super) async fn audits(&self, actor: &Actor, municipality: MunicipalityId) -> Result<Vec<Audit>, ServiceError> {
        self.s.territory.municipality_kept(actor, municipality).await?;
        let mut all = Vec::new();
        let mut page = PageRequest::first(PageRequest::MAX_LIMIT);
        loop {
            let found = self.s.factors.audits(actor, Some(municipality), None, page).await?;
            all.extend(found.items);
            match found.next {
                Some(after) => page = PageRequest::parse(Some(i64::from(PageRequest::MAX_LIMIT)), Some(after))?,
                None => break,
            }
        }
        all.sort_by_key(|a| (a.date, a.id));
        Ok(all)
    }
}

/// The years a view answers for.
pub(super) fn valid_year(year: i32) -> Result<(), ServiceError> {
    crate::Year::given_or("year", Some(year), year)?;
    Ok(())
}

/// The last day of `year`.
pub(super) fn year_end(year: i32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default()
}
