//! How principals appear in the audit trail: never with a password or secret hash.

use uuid::Uuid;

use super::principal::{ApiClient, User};
use super::scope::Scope;
use crate::audit::{AuditValue, Audited};
use crate::schools::{MunicipalityId, RegionId};

fn place(scope: &Scope) -> (Option<RegionId>, Option<MunicipalityId>) {
    (scope.region(), scope.municipality())
}

impl Audited for User {
    const ENTITY: &'static str = "user";

    fn entity_id(&self) -> Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        place(&self.scope)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("email", AuditValue::Text(self.email.as_str().to_owned())),
            ("displayName", AuditValue::Text(self.display_name.to_string())),
            ("role", AuditValue::Text(self.role.code().to_owned())),
            ("scope", AuditValue::Text(self.scope.label())),
            ("active", AuditValue::Bool(self.active)),
        ]
    }
}

impl Audited for ApiClient {
    const ENTITY: &'static str = "client";

    fn entity_id(&self) -> Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        place(&self.scope)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("clientId", AuditValue::Text(self.client_id.clone())),
            ("description", AuditValue::text(self.description.as_ref())),
            ("role", AuditValue::Text(self.role.code().to_owned())),
            ("scope", AuditValue::Text(self.scope.label())),
            ("active", AuditValue::Bool(self.active)),
        ]
    }
}
