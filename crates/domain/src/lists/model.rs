//! List decisions: which organizations a regional or federal order names for a year.

use chrono::{DateTime, NaiveDate, Utc};

use crate::schools::ids::id_type;
use crate::schools::kinds::vocabulary;
use crate::schools::{MunicipalityId, OrganizationId, RegionId};

id_type!(
    /// Identifies one recorded version of a list decision.
    DecisionId
);

vocabulary!(
    /// Which list.
    ListKind {
        Shnor => "shnor", "ШНОР";
        Shnsu => "shnsu", "ШНСУ";
        RiskGroup => "risk_group", "группа риска";
    }
);

vocabulary!(
    /// Who decided it.
    ListLevel {
        Federal => "federal", "федеральный";
        Regional => "regional", "региональный";
        Municipal => "municipal", "муниципальный";
    }
);

/// One organization named by a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEntry {
    pub organization_id: OrganizationId,
    /// A reason or the risk profiles named («Высокая доля обучающихся с рисками учебной неуспешности»).
    pub reason: Option<String>,
}

/// A recorded decision. Decisions are never changed: a correction is a new version that
/// supersedes the old one, so that what was known on any date can be answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub id: DecisionId,
    pub region_id: RegionId,
    pub municipality_id: MunicipalityId,
    /// Federal, regional or municipal, when the decision's document says so.
    pub level: Option<ListLevel>,
    pub kind: ListKind,
    /// The year the list applies to.
    pub year: i32,
    /// The assessment year it is based on, when known.
    pub assessment_year: Option<i32>,
    pub issuer_id: Option<OrganizationId>,
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub entries: Vec<ListEntry>,
    /// When Opora learned of this version.
    pub recorded_at: DateTime<Utc>,
    /// The version this one corrects.
    pub supersedes: Option<DecisionId>,
    /// A version that withdraws the decision it supersedes, with why: the year has no decision
    /// of that list from then on.
    pub withdrawal: Option<String>,
}

impl Decision {
    pub fn organizations(&self) -> Vec<OrganizationId> {
        self.entries.iter().map(|e| e.organization_id).collect()
    }
}
