//! Regions, municipalities and organizations as clients read them. Nested GraphQL fields live
//! in `graphql::nested`; REST returns ids instead.

use opora_domain::schools::{Municipality, Organization, Region};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::kinds::{MunicipalityKind, OrganizationKind};

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Region", complex)]
pub(crate) struct RegionView {
    pub id: Uuid,
    /// Two-digit subject code, e.g. "69" for Тверская область.
    pub code: String,
    pub name: String,
}

impl From<Region> for RegionView {
    fn from(r: Region) -> Self {
        Self { id: r.id.as_uuid(), code: r.code.as_string(), name: r.name.as_str().to_owned() }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Municipality", complex)]
pub(crate) struct MunicipalityView {
    pub id: Uuid,
    pub region_id: Uuid,
    pub name: String,
    pub kind: MunicipalityKind,
    pub oktmo: Option<String>,
}

impl From<Municipality> for MunicipalityView {
    fn from(m: Municipality) -> Self {
        Self {
            id: m.id.as_uuid(),
            region_id: m.region_id.as_uuid(),
            name: m.name.as_str().to_owned(),
            kind: m.kind.into(),
            oktmo: m.oktmo.map(|o| o.as_str().to_owned()),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Organization", complex)]
pub(crate) struct OrganizationView {
    pub id: Uuid,
    pub region_id: Uuid,
    /// Absent for regional bodies.
    pub municipality_id: Option<Uuid>,
    pub kind: OrganizationKind,
    /// МОУ, МБОУ, МАОУ, МКОУ, МКУ, …
    pub legal_form: Option<String>,
    pub number: Option<i32>,
    pub name: String,
    pub short_name: Option<String>,
    /// «П.П. Смирнова» for «им. П.П. Смирнова».
    pub honorary_name: Option<String>,
    pub aliases: Vec<String>,
    pub inn: Option<String>,
    pub ogrn: Option<String>,
    pub fis_oko_login: Option<String>,
    /// Малокомплектная школа.
    /// Малокомплектная; null when no source states it.
    pub is_small: Option<bool>,
}

impl From<Organization> for OrganizationView {
    fn from(o: Organization) -> Self {
        let text = |n: Option<opora_domain::schools::Name>| n.map(|n| n.as_str().to_owned());
        Self {
            id: o.id.as_uuid(),
            region_id: o.region_id.as_uuid(),
            municipality_id: o.municipality_id.map(|m| m.as_uuid()),
            kind: o.kind.into(),
            legal_form: o.legal_form.map(|f| f.as_str().to_owned()),
            number: o.number.map(|n| i32::from(n.get())),
            name: o.name.as_str().to_owned(),
            short_name: text(o.short_name),
            honorary_name: text(o.honorary_name),
            aliases: o.aliases.into_iter().map(|a| a.as_str().to_owned()).collect(),
            inn: o.inn.map(|v| v.as_str().to_owned()),
            ogrn: o.ogrn.map(|v| v.as_str().to_owned()),
            fis_oko_login: o.fis_oko_login.map(|v| v.as_str().to_owned()),
            is_small: o.is_small,
        }
    }
}

/// How a written reference was read: the organization, `registered` (a registered name or
/// alias as written) or `parsed`, and each accepted difference's stable code.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "ReferenceResolution")]
pub(crate) struct ResolutionView {
    pub organization: OrganizationView,
    pub reading: String,
    /// `school_type_differs`, `legal_form_differs`, `honorary_name_differs`, `regional_body`.
    pub differences: Vec<String>,
    /// The assumption in words, when one was made.
    pub note: Option<String>,
}

impl From<opora_domain::schools::ResolvedReference> for ResolutionView {
    fn from(r: opora_domain::schools::ResolvedReference) -> Self {
        let (reading, differences) = match r.reading {
            opora_domain::schools::Reading::Registered => ("registered", Vec::new()),
            opora_domain::schools::Reading::Parsed { differences } => {
                ("parsed", differences.iter().map(|d| d.code().to_owned()).collect())
            }
        };
        Self { organization: r.organization.into(), reading: reading.to_owned(), differences, note: r.note }
    }
}

/// An organization a view names.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "NamedOrganization")]
pub(crate) struct NamedOrganizationView {
    pub id: Uuid,
    pub name: String,
}

impl From<opora_domain::insights::NamedOrganization> for NamedOrganizationView {
    fn from(o: opora_domain::insights::NamedOrganization) -> Self {
        Self { id: o.id.as_uuid(), name: o.name }
    }
}
