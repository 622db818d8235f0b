//! A municipality's schools in one table, as a portal lists them: each with the years its ШНОР
//! list named it up to a year, and its latest audit with the parameters present there — one read
//! model, not a card per school.

use super::service::{InsightsService, valid_year, year_end};
use crate::access::Target;
use crate::factors::AuditId;
use crate::schools::{Municipality, MunicipalityId, OrganizationId, OrganizationKind};
use crate::{Actor, ServiceError};

/// The latest audit that covered a school, as the roster shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RosterAudit {
    pub id: AuditId,
    pub date: chrono::NaiveDate,
    /// Its parameters present at the school.
    pub present: u32,
}

/// One organization of the roster, as storage answers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub organization: OrganizationId,
    pub name: String,
    pub kind: OrganizationKind,
    /// Oldest first.
    pub listed_years: Vec<i32>,
    pub audit: Option<RosterAudit>,
}

/// A municipality's schools of a year.
#[derive(Debug, Clone)]
pub struct Roster {
    pub municipality: Municipality,
    pub year: i32,
    /// The schools the caller may read, by name. Their audit is shown only to a caller who may
    /// read the school's findings.
    pub schools: Vec<RosterRow>,
}

impl InsightsService {
    pub async fn roster(&self, actor: &Actor, id: MunicipalityId, year: i32) -> Result<Roster, ServiceError> {
        valid_year(year)?;
        let municipality = self.s.territory.municipality_kept(actor, id).await?;
        let rows = self.reads.roster(id, year, year_end(year)).await?;
        let schools = rows
            .into_iter()
            .filter(|r| r.kind.is_school())
            .filter_map(|mut r| {
                let target = Target::Organization {
                    region: municipality.region_id,
                    municipality: Some(id),
                    organization: r.organization,
                };
                actor.may_read(target).ok()?;
                if actor.may_read_findings(target).is_err() {
                    r.audit = None;
                }
                Some(r)
            })
            .collect();
        Ok(Roster { municipality, year, schools })
    }
}
