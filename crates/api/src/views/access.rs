//! Principals, scopes, callers and audit events as clients read them. Password and secret
//! hashes never leave the service.

use chrono::{DateTime, Utc};
use opora_domain::access::{Actor, ApiClient, Role as DomainRole, Scope, ScopeRef, User};
use opora_domain::audit::{AuditEvent, AuditValue};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};

/// admin, regional, municipal, school, analyst (read-only), importer (machine writes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum)]
#[serde(rename_all = "snake_case")]
#[graphql(rename_items = "snake_case")]
pub(crate) enum Role {
    Admin,
    Regional,
    Municipal,
    School,
    Analyst,
    Importer,
}

impl From<DomainRole> for Role {
    fn from(role: DomainRole) -> Self {
        match role {
            DomainRole::Admin => Self::Admin,
            DomainRole::Regional => Self::Regional,
            DomainRole::Municipal => Self::Municipal,
            DomainRole::School => Self::School,
            DomainRole::Analyst => Self::Analyst,
            DomainRole::Importer => Self::Importer,
        }
    }
}

impl From<Role> for DomainRole {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => Self::Admin,
            Role::Regional => Self::Regional,
            Role::Municipal => Self::Municipal,
            Role::School => Self::School,
            Role::Analyst => Self::Analyst,
            Role::Importer => Self::Importer,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, async_graphql::Enum)]
#[serde(rename_all = "snake_case")]
#[graphql(rename_items = "snake_case")]
pub(crate) enum ScopeLevel {
    Everywhere,
    Region,
    Municipality,
    Organization,
}

/// Where a principal acts: `{"level": "everywhere"}` or a level with the territory's id.
#[derive(Debug, Clone, Serialize, Deserialize, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[graphql(name = "Scope")]
pub(crate) struct ScopeView {
    pub level: ScopeLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Uuid>,
}

/// The document states the rule the server enforces: `everywhere` alone, any other level
/// with its id.
impl utoipa::PartialSchema for ScopeView {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        super::shapes::level_and_id(
            &["everywhere"],
            &["region", "municipality", "organization"],
            "Where a principal acts: `{\"level\": \"everywhere\"}` or a level with the territory's id.",
        )
    }
}

impl utoipa::ToSchema for ScopeView {
    fn name() -> std::borrow::Cow<'static, str> {
        "ScopeView".into()
    }
}

impl From<&Scope> for ScopeView {
    fn from(scope: &Scope) -> Self {
        match scope.reference() {
            ScopeRef::Everywhere => Self { level: ScopeLevel::Everywhere, id: None },
            ScopeRef::Region(id) => Self { level: ScopeLevel::Region, id: Some(id.as_uuid()) },
            ScopeRef::Municipality(id) => Self { level: ScopeLevel::Municipality, id: Some(id.as_uuid()) },
            ScopeRef::Organization(id) => Self { level: ScopeLevel::Organization, id: Some(id.as_uuid()) },
        }
    }
}

impl ScopeView {
    /// The scope a client named; a level other than `everywhere` needs an id.
    pub(crate) fn to_ref(&self) -> Result<ScopeRef, opora_domain::ValidationErrors> {
        let missing = || opora_domain::ValidationErrors::single("scope.id", "required", "this scope level needs an id");
        Ok(match (self.level, self.id) {
            (ScopeLevel::Everywhere, _) => ScopeRef::Everywhere,
            (ScopeLevel::Region, Some(id)) => ScopeRef::Region(RegionId::from_uuid(id)),
            (ScopeLevel::Municipality, Some(id)) => ScopeRef::Municipality(MunicipalityId::from_uuid(id)),
            (ScopeLevel::Organization, Some(id)) => ScopeRef::Organization(OrganizationId::from_uuid(id)),
            (_, None) => return Err(missing()),
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UserView {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub scope: ScopeView,
    pub active: bool,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id.as_uuid(),
            email: u.email.as_str().to_owned(),
            display_name: u.display_name.to_string(),
            role: u.role.into(),
            scope: (&u.scope).into(),
            active: u.active,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ClientView {
    pub id: Uuid,
    /// The public half of the credentials.
    pub client_id: String,
    pub description: Option<String>,
    pub role: Role,
    pub scope: ScopeView,
    pub active: bool,
}

impl From<ApiClient> for ClientView {
    fn from(c: ApiClient) -> Self {
        Self {
            id: c.id.as_uuid(),
            client_id: c.client_id,
            description: c.description.map(|d| d.to_string()),
            role: c.role.into(),
            scope: (&c.scope).into(),
            active: c.active,
        }
    }
}

/// Who the caller is and what it may do.
#[derive(Debug, Clone, Serialize, ToSchema, async_graphql::SimpleObject)]
#[serde(rename_all = "camelCase")]
#[graphql(name = "Me")]
pub(crate) struct MeView {
    /// `user:<id>`, `client:<id>`, `operator:<name>`, `external:<sub>`.
    pub subject: String,
    pub role: Role,
    pub scope: ScopeView,
    /// read, write_territory, manage_principals, read_audit.
    pub capabilities: Vec<String>,
}

impl MeView {
    pub(crate) fn of(actor: &Actor) -> Option<Self> {
        let role = actor.role?;
        let capabilities = actor.capabilities().into_iter().map(|c| c.code().to_owned()).collect();
        Some(Self { subject: actor.subject(), role: role.into(), scope: (&actor.scope).into(), capabilities })
    }
}

/// One changed field; values are JSON (strings, numbers, booleans, lists, null).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ChangeView {
    pub field: String,
    #[schema(value_type = Value)]
    pub old: serde_json::Value,
    #[schema(value_type = Value)]
    pub new: serde_json::Value,
}

fn json(value: &AuditValue) -> serde_json::Value {
    match value {
        AuditValue::Null => serde_json::Value::Null,
        AuditValue::Text(t) => serde_json::json!(t),
        AuditValue::Integer(n) => serde_json::json!(n),
        AuditValue::Bool(b) => serde_json::json!(b),
        AuditValue::List(l) => serde_json::json!(l),
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuditEventView {
    pub id: Uuid,
    pub occurred_at: DateTime<Utc>,
    pub actor: String,
    /// create, update or delete.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Uuid,
    pub region_id: Option<Uuid>,
    pub municipality_id: Option<Uuid>,
    pub changes: Vec<ChangeView>,
    /// The entity's revision this change made: the `ETag` its reads carried after it.
    pub revision: Option<u64>,
}

impl From<AuditEvent> for AuditEventView {
    fn from(e: AuditEvent) -> Self {
        Self {
            id: e.id,
            occurred_at: e.at,
            actor: e.actor,
            action: e.action.code().to_owned(),
            entity_type: e.entity_type.into_owned(),
            entity_id: e.entity_id,
            region_id: e.region.map(|r| r.as_uuid()),
            municipality_id: e.municipality.map(|m| m.as_uuid()),
            revision: e.revision.map(|r| r.get()),
            changes: e
                .changes
                .iter()
                .map(|c| ChangeView { field: c.field.to_string(), old: json(&c.old), new: json(&c.new) })
                .collect(),
        }
    }
}
