//! Conversions of principal rows.

use chrono::Utc;
use opora_domain::StoreError;
use opora_domain::access::{ApiClient, Email, PrincipalId, Role, Scope, User};
use opora_domain::schools::{MunicipalityId, Name, OrganizationId, RegionId};
use sea_orm::ActiveValue::{NotSet, Set};
use uuid::Uuid;

use crate::entities::principal::{client, user};

/// A scope as four columns: the level and the ids of it and its ancestors.
pub(super) struct ScopeColumns {
    pub level: &'static str,
    pub region: Option<Uuid>,
    pub municipality: Option<Uuid>,
    pub organization: Option<Uuid>,
}

pub(super) fn scope_columns(scope: &Scope) -> ScopeColumns {
    let level = match scope {
        Scope::Everywhere => "everywhere",
        Scope::Region(_) => "region",
        Scope::Municipality { .. } => "municipality",
        Scope::Organization { .. } => "organization",
    };
    ScopeColumns {
        level,
        region: scope.region().map(|r| r.as_uuid()),
        municipality: scope.municipality().map(|m| m.as_uuid()),
        organization: scope.organization().map(|o| o.as_uuid()),
    }
}

fn scope_from(
    level: &str,
    region: Option<Uuid>,
    municipality: Option<Uuid>,
    organization: Option<Uuid>,
) -> Option<Scope> {
    Some(match level {
        "everywhere" => Scope::Everywhere,
        "region" => Scope::Region(RegionId::from_uuid(region?)),
        "municipality" => Scope::Municipality {
            region: RegionId::from_uuid(region?),
            municipality: MunicipalityId::from_uuid(municipality?),
        },
        "organization" => Scope::Organization {
            region: RegionId::from_uuid(region?),
            municipality: municipality.map(MunicipalityId::from_uuid),
            organization: OrganizationId::from_uuid(organization?),
        },
        _ => return None,
    })
}

fn corrupt(table: &str, id: Uuid, what: &str) -> StoreError {
    StoreError::Internal(format!("{table} row {id} holds an invalid {what}"))
}

pub(super) fn user_from_row(row: user::Model) -> Result<User, StoreError> {
    let bad = |what| corrupt("users", row.id, what);
    Ok(User {
        id: PrincipalId::from_uuid(row.id),
        email: Email::parse(&row.email).map_err(|_| bad("email"))?,
        display_name: Name::parse(row.display_name.as_deref().unwrap_or_default()).map_err(|_| bad("name"))?,
        role: Role::from_code(&row.role).ok_or_else(|| bad("role"))?,
        scope: scope_from(&row.scope_level, row.region_id, row.municipality_id, row.organization_id)
            .ok_or_else(|| bad("scope"))?,
        active: row.active,
        tokens_valid_from: row.valid_from,
        password_hash: row.password_hash,
    })
}

pub(super) fn user_row(u: &User, created: bool) -> user::ActiveModel {
    let now = Utc::now();
    let scope = scope_columns(&u.scope);
    user::ActiveModel {
        id: Set(u.id.as_uuid()),
        email: Set(u.email.as_str().to_owned()),
        display_name: Set(Some(u.display_name.to_string())),
        role: Set(u.role.code().to_owned()),
        scope_level: Set(scope.level.to_owned()),
        region_id: Set(scope.region),
        municipality_id: Set(scope.municipality),
        organization_id: Set(scope.organization),
        active: Set(u.active),
        password_hash: Set(u.password_hash.clone()),
        valid_from: Set(u.tokens_valid_from),
        created_at: if created { Set(now) } else { NotSet },
        updated_at: Set(now),
    }
}

pub(super) fn client_from_row(row: client::Model) -> Result<ApiClient, StoreError> {
    let bad = |what| corrupt("api_clients", row.id, what);
    Ok(ApiClient {
        id: PrincipalId::from_uuid(row.id),
        client_id: row.client_id.clone(),
        description: row.display_name.as_deref().map(Name::parse).transpose().map_err(|_| bad("description"))?,
        role: Role::from_code(&row.role).ok_or_else(|| bad("role"))?,
        scope: scope_from(&row.scope_level, row.region_id, row.municipality_id, row.organization_id)
            .ok_or_else(|| bad("scope"))?,
        active: row.active,
        tokens_valid_from: row.valid_from,
        secret_hash: row.secret_hash,
    })
}

pub(super) fn client_row(c: &ApiClient, created: bool) -> client::ActiveModel {
    let now = Utc::now();
    let scope = scope_columns(&c.scope);
    client::ActiveModel {
        id: Set(c.id.as_uuid()),
        client_id: Set(c.client_id.clone()),
        display_name: Set(c.description.as_ref().map(ToString::to_string)),
        role: Set(c.role.code().to_owned()),
        scope_level: Set(scope.level.to_owned()),
        region_id: Set(scope.region),
        municipality_id: Set(scope.municipality),
        organization_id: Set(scope.organization),
        active: Set(c.active),
        secret_hash: Set(c.secret_hash.clone()),
        valid_from: Set(c.tokens_valid_from),
        created_at: if created { Set(now) } else { NotSet },
        updated_at: Set(now),
    }
}
