//! How registry records appear in the audit trail.

use uuid::Uuid;

use super::ids::{MunicipalityId, RegionId};
use super::municipality::Municipality;
use super::organization::Organization;
use super::region::Region;
use crate::audit::{AuditValue, Audited};

fn text(value: &impl ToString) -> AuditValue {
    AuditValue::Text(value.to_string())
}

impl Audited for Region {
    const ENTITY: &'static str = "region";

    fn entity_id(&self) -> Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.id), None)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![("code", AuditValue::Text(self.code.as_string())), ("name", text(&self.name))]
    }
}

impl Audited for Municipality {
    const ENTITY: &'static str = "municipality";

    fn entity_id(&self) -> Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), Some(self.id))
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("regionId", text(&self.region_id)),
            ("name", text(&self.name)),
            ("kind", AuditValue::Text(self.kind.code().to_owned())),
            ("oktmo", AuditValue::text(self.oktmo.as_ref().map(|o| o.as_str()))),
        ]
    }
}

impl Audited for Organization {
    const ENTITY: &'static str = "organization";

    fn entity_id(&self) -> Uuid {
        self.id.as_uuid()
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (Some(self.region_id), self.municipality_id)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("regionId", text(&self.region_id)),
            ("municipalityId", AuditValue::text(self.municipality_id.as_ref())),
            ("kind", AuditValue::Text(self.kind.code().to_owned())),
            ("legalForm", AuditValue::text(self.legal_form.as_ref().map(|f| f.as_str()))),
            ("number", self.number.map_or(AuditValue::Null, |n| AuditValue::Integer(n.get().into()))),
            ("name", text(&self.name)),
            ("shortName", AuditValue::text(self.short_name.as_ref())),
            ("honoraryName", AuditValue::text(self.honorary_name.as_ref())),
            ("aliases", AuditValue::List(self.aliases.iter().map(ToString::to_string).collect())),
            ("inn", AuditValue::text(self.inn.as_ref().map(|v| v.as_str()))),
            ("ogrn", AuditValue::text(self.ogrn.as_ref().map(|v| v.as_str()))),
            ("fisOkoLogin", AuditValue::text(self.fis_oko_login.as_ref().map(|v| v.as_str()))),
            ("isSmall", self.is_small.map_or(AuditValue::Null, AuditValue::Bool)),
        ]
    }
}
