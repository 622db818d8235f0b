//! A municipality's schools in one table, as clients read it.

use opora_domain::insights::{Roster, RosterRow};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::kinds::OrganizationKind;
use super::scalars::Date;
use super::territory::MunicipalityView;

/// The latest audit that covered a school, up to the year's end.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "RosterAudit")]
pub(crate) struct RosterAuditView {
    pub audit_id: Uuid,
    pub date: Date,
    /// How many of the catalogue's parameters are present at the school.
    pub present_parameters: i32,
}

/// One school of the roster.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "RosterSchool")]
pub(crate) struct RosterSchoolView {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganizationKind,
    /// Whether the ШНОР decisions in force for the year list it.
    pub listed: bool,
    /// The years up to the year the ШНОР decisions in force list it, oldest first: how long
    /// its results have stayed low.
    pub listed_years: Vec<i32>,
    /// Null when no audit up to the year's end holds findings of it, or when the caller may not
    /// read the school's findings.
    pub audit: Option<RosterAuditView>,
}

/// A municipality's schools of a year: each with its ШНОР years and its latest audit.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(complex, name = "Roster")]
pub(crate) struct RosterView {
    pub municipality: MunicipalityView,
    pub year: i32,
    /// The schools the caller may read, by name.
    #[graphql(skip)]
    pub schools: Vec<RosterSchoolView>,
}

crate::graphql::capped::capped_lists!(RosterView {
    /// The schools the caller may read, by name.
    schools: RosterSchoolView,
});

impl From<Roster> for RosterView {
    fn from(r: Roster) -> Self {
        let year = r.year;
        let school = |s: RosterRow| RosterSchoolView {
            id: s.organization.as_uuid(),
            name: s.name,
            kind: s.kind.into(),
            listed: s.listed_years.contains(&year),
            listed_years: s.listed_years,
            audit: s.audit.map(|a| RosterAuditView {
                audit_id: a.id.as_uuid(),
                date: Date(a.date),
                present_parameters: i32::try_from(a.present).unwrap_or(i32::MAX),
            }),
        };
        Self { municipality: r.municipality.into(), year, schools: r.schools.into_iter().map(school).collect() }
    }
}
