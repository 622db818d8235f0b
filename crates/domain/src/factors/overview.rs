//! A region's municipalities side by side at their latest audits: per factor, how many of the
//! audited organizations show any of its parameters. Factors are compared by their number, the
//! one vocabulary every catalogue of the methodology shares.

use chrono::NaiveDate;

use super::model::Audit;
use super::service::FactorsService;
use crate::access::{Actor, Target};
use crate::core::error::ServiceError;
use crate::schools::RegionId;

/// One municipality's latest audit up to a day.
#[derive(Debug, Clone)]
pub struct FactorPrevalence {
    /// Without findings.
    pub audit: Audit,
    /// The organizations the audit covered: the denominator.
    pub organizations: u32,
    /// `(factor, organizations with any of its parameters present)`, by factor.
    pub factors: Vec<(u16, u32)>,
}

impl FactorsService {
    /// Each visible municipality of the region at its latest audit up to `until`, in two
    /// queries whatever the number of municipalities.
    pub async fn factor_prevalence(
        &self,
        actor: &Actor,
        region: RegionId,
        until: NaiveDate,
    ) -> Result<Vec<FactorPrevalence>, ServiceError> {
        self.territory.region(actor, region).await?;
        let latest: Vec<Audit> = self
            .repo
            .latest_audits_until(region, until)
            .await?
            .into_iter()
            .filter(|a| {
                actor.may_read(Target::MunicipalData { region: a.region_id, municipality: a.municipality_id }).is_ok()
            })
            .collect();
        let ids: Vec<_> = latest.iter().map(|a| a.id).collect();
        let counts = self.repo.factor_counts(&ids).await?;
        let mut present: std::collections::HashMap<_, Vec<(u16, u32)>> = std::collections::HashMap::new();
        for (audit, factor, n) in counts.present {
            present.entry(audit).or_default().push((factor, n));
        }
        let organizations: std::collections::HashMap<_, u32> = counts.organizations.into_iter().collect();
        Ok(latest
            .into_iter()
            .map(|audit| {
                let mut factors = present.remove(&audit.id).unwrap_or_default();
                factors.sort_unstable();
                FactorPrevalence { organizations: organizations.get(&audit.id).copied().unwrap_or(0), factors, audit }
            })
            .collect())
    }
}
