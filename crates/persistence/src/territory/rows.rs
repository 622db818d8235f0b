//! Conversions between table rows and domain types. A row that fails to convert is stored data
//! gone bad: an internal error, never the client's fault.

use chrono::Utc;
use opora_domain::StoreError;
use opora_domain::schools::{
    FisOkoLogin, Inn, LegalForm, Municipality, MunicipalityId, MunicipalityKind, Name, Ogrn, Oktmo, Organization,
    OrganizationId, OrganizationKind, Region, RegionCode, RegionId, SchoolNumber,
};
use opora_domain::text::fold;
use sea_orm::ActiveValue::{NotSet, Set};

use crate::entities::{municipality, organization, region};

fn corrupt(table: &str, id: uuid::Uuid, what: impl std::fmt::Display) -> StoreError {
    StoreError::Internal(format!("{table} row {id} holds invalid data: {what}"))
}

pub(super) fn region_from_row(row: region::Model) -> Result<Region, StoreError> {
    let bad = |e| corrupt("regions", row.id, e);
    Ok(Region {
        id: RegionId::from_uuid(row.id),
        code: RegionCode::parse(&row.code).map_err(bad)?,
        name: Name::parse(&row.name).map_err(bad)?,
    })
}

pub(super) fn region_row(region: &Region, created: bool) -> region::ActiveModel {
    let now = Utc::now();
    region::ActiveModel {
        id: Set(region.id.as_uuid()),
        code: Set(region.code.as_string()),
        name: Set(region.name.as_str().to_owned()),
        name_key: Set(fold(region.name.as_str())),
        created_at: if created { Set(now) } else { NotSet },
        updated_at: Set(now),
    }
}

pub(super) fn municipality_from_row(row: municipality::Model) -> Result<Municipality, StoreError> {
    let bad = |e: String| corrupt("municipalities", row.id, e);
    Ok(Municipality {
        id: MunicipalityId::from_uuid(row.id),
        region_id: RegionId::from_uuid(row.region_id),
        name: Name::parse(&row.name).map_err(|e| bad(e.to_string()))?,
        kind: MunicipalityKind::from_code(&row.kind).ok_or_else(|| bad(format!("kind '{}'", row.kind)))?,
        oktmo: row.oktmo.as_deref().map(Oktmo::parse).transpose().map_err(|e| bad(e.to_string()))?,
    })
}

pub(super) fn municipality_row(m: &Municipality, created: bool) -> municipality::ActiveModel {
    let now = Utc::now();
    municipality::ActiveModel {
        id: Set(m.id.as_uuid()),
        region_id: Set(m.region_id.as_uuid()),
        name: Set(m.name.as_str().to_owned()),
        name_key: Set(fold(m.name.as_str())),
        kind: Set(m.kind.code().to_owned()),
        oktmo: Set(m.oktmo.as_ref().map(|o| o.as_str().to_owned())),
        created_at: if created { Set(now) } else { NotSet },
        updated_at: Set(now),
    }
}

pub(super) fn organization_from_row(row: organization::Model) -> Result<Organization, StoreError> {
    let id = row.id;
    let bad = |e: String| corrupt("organizations", id, e);
    let name = |text: &str| Name::parse(text).map_err(|e| bad(e.to_string()));
    let aliases: Vec<String> = serde_json::from_str(&row.aliases).map_err(|e| bad(e.to_string()))?;
    Ok(Organization {
        id: OrganizationId::from_uuid(id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: row.municipality_id.map(MunicipalityId::from_uuid),
        kind: OrganizationKind::from_code(&row.kind).ok_or_else(|| bad(format!("kind '{}'", row.kind)))?,
        legal_form: row.legal_form.as_deref().map(LegalForm::parse).transpose().map_err(|e| bad(e.to_string()))?,
        number: row.number.map(|n| SchoolNumber::new(n.into())).transpose().map_err(|e| bad(e.to_string()))?,
        name: name(&row.name)?,
        short_name: row.short_name.as_deref().map(name).transpose()?,
        honorary_name: row.honorary_name.as_deref().map(name).transpose()?,
        aliases: aliases.iter().map(|a| name(a)).collect::<Result<_, _>>()?,
        inn: row.inn.as_deref().map(Inn::parse).transpose().map_err(|e| bad(e.to_string()))?,
        ogrn: row.ogrn.as_deref().map(Ogrn::parse).transpose().map_err(|e| bad(e.to_string()))?,
        fis_oko_login: row
            .fis_oko_login
            .as_deref()
            .map(FisOkoLogin::parse)
            .transpose()
            .map_err(|e| bad(e.to_string()))?,
        is_small: row.is_small,
    })
}

pub(super) fn organization_row(o: &Organization, created: bool) -> organization::ActiveModel {
    let now = Utc::now();
    let text = |n: &Option<Name>| n.as_ref().map(|n| n.as_str().to_owned());
    let aliases: Vec<&str> = o.aliases.iter().map(Name::as_str).collect();
    organization::ActiveModel {
        id: Set(o.id.as_uuid()),
        region_id: Set(o.region_id.as_uuid()),
        municipality_id: Set(o.municipality_id.map(|m| m.as_uuid())),
        kind: Set(o.kind.code().to_owned()),
        legal_form: Set(o.legal_form.as_ref().map(|f| f.as_str().to_owned())),
        number: Set(o.number.map(|n| i32::from(n.get()))),
        name: Set(o.name.as_str().to_owned()),
        short_name: Set(text(&o.short_name)),
        honorary_name: Set(text(&o.honorary_name)),
        aliases: Set(serde_json::to_string(&aliases).expect("a list of strings serialises")),
        search_text: Set(o.search_text()),
        inn: Set(o.inn.as_ref().map(|v| v.as_str().to_owned())),
        ogrn: Set(o.ogrn.as_ref().map(|v| v.as_str().to_owned())),
        fis_oko_login: Set(o.fis_oko_login.as_ref().map(|v| v.as_str().to_owned())),
        is_small: Set(o.is_small),
        created_at: if created { Set(now) } else { NotSet },
        updated_at: Set(now),
    }
}
