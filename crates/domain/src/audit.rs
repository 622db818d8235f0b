//! The audit trail: who changed what, when, with every changed field's old and new value. An
//! event is written in the same transaction as the change it records.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::access::Actor;
use crate::core::version::Revision;
use crate::schools::{MunicipalityId, RegionId};

/// A field value as the trail keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditValue {
    Null,
    Text(String),
    Integer(i64),
    Bool(bool),
    List(Vec<String>),
}

impl AuditValue {
    pub fn text(value: Option<impl ToString>) -> Self {
        value.map_or(Self::Null, |v| Self::Text(v.to_string()))
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field as the API names it (camelCase).
    pub field: Cow<'static, str>,
    pub old: AuditValue,
    pub new: AuditValue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Create,
    Update,
    Delete,
}

impl AuditAction {
    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Create, Self::Update, Self::Delete].into_iter().find(|a| a.code() == code)
    }
}

/// One recorded write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// `user:<id>`, `client:<id>`, `operator:<name>`, `system`.
    pub actor: String,
    pub action: AuditAction,
    pub entity_type: Cow<'static, str>,
    pub entity_id: Uuid,
    /// Where the entity sits, so that regional users read the events of their region.
    pub region: Option<RegionId>,
    pub municipality: Option<MunicipalityId>,
    pub changes: Vec<Change>,
    /// The entity's revision this event made, as the store numbered it; `None` before it is
    /// stored.
    pub revision: Option<Revision>,
    /// The revision the writer read: the store refuses the event, and with it the change, if
    /// the entity's history moved past it.
    pub expected: Option<Revision>,
}

/// An entity the trail can describe. Secrets are never among its fields.
pub trait Audited {
    const ENTITY: &'static str;
    fn entity_id(&self) -> Uuid;
    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>);
    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)>;
}

impl AuditEvent {
    fn new<T: Audited>(actor: &Actor, action: AuditAction, entity: &T, changes: Vec<Change>) -> Self {
        let (region, municipality) = entity.place();
        Self {
            id: Uuid::now_v7(),
            at: crate::core::clock::now(),
            actor: actor.subject(),
            action,
            entity_type: Cow::Borrowed(T::ENTITY),
            entity_id: entity.entity_id(),
            region,
            municipality,
            changes,
            revision: None,
            expected: None,
        }
    }

    /// The same event, made conditional on the entity being at `revision` (`None`: at any).
    pub fn expecting(self, revision: Option<Revision>) -> Self {
        Self { expected: revision, ..self }
    }

    /// Every non-empty field, from nothing.
    pub fn created<T: Audited>(actor: &Actor, entity: &T) -> Self {
        let changes = entity
            .audit_fields()
            .into_iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(field, new)| Change { field: field.into(), old: AuditValue::Null, new })
            .collect();
        Self::new(actor, AuditAction::Create, entity, changes)
    }

    /// The fields whose values differ; `extra` adds changes the fields cannot show (a new
    /// password, recorded without its value).
    pub fn updated<T: Audited>(actor: &Actor, old: &T, new: &T, extra: Vec<Change>) -> Self {
        let mut changes: Vec<Change> = old
            .audit_fields()
            .into_iter()
            .zip(new.audit_fields())
            .filter(|((_, a), (_, b))| a != b)
            .map(|((field, old), (_, new))| Change { field: field.into(), old, new })
            .collect();
        changes.extend(extra);
        Self::new(actor, AuditAction::Update, new, changes)
    }

    /// Every non-empty field, to nothing.
    pub fn deleted<T: Audited>(actor: &Actor, entity: &T) -> Self {
        let changes = entity
            .audit_fields()
            .into_iter()
            .filter(|(_, v)| !is_empty(v))
            .map(|(field, old)| Change { field: field.into(), old, new: AuditValue::Null })
            .collect();
        Self::new(actor, AuditAction::Delete, entity, changes)
    }
}

fn is_empty(value: &AuditValue) -> bool {
    matches!(value, AuditValue::Null) || matches!(value, AuditValue::List(l) if l.is_empty())
}

/// Which events a list returns.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<Uuid>,
    pub actor: Option<String>,
    pub action: Option<AuditAction>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Set by the service from the caller's scope, never by the client.
    pub region: Option<RegionId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Thing {
        id: Uuid,
        name: String,
        tags: Vec<String>,
        note: Option<String>,
    }

    impl Audited for Thing {
        const ENTITY: &'static str = "thing";
        fn entity_id(&self) -> Uuid {
            self.id
        }
        fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
            (None, None)
        }
        fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
            vec![
                ("name", AuditValue::Text(self.name.clone())),
                ("tags", AuditValue::List(self.tags.clone())),
                ("note", AuditValue::text(self.note.as_ref())),
            ]
        }
    }

    #[test]
    fn an_update_records_only_the_fields_that_changed() {
        let id = Uuid::now_v7();
        let old = Thing { id, name: "СОШ № 7".into(), tags: vec![], note: Some("x".into()) };
        let new = Thing { id, name: "МБОУ СОШ № 7".into(), tags: vec![], note: None };
        let event = AuditEvent::updated(&Actor::system(), &old, &new, Vec::new());
        assert_eq!(event.actor, "system");
        assert_eq!(
            event.changes,
            [
                Change {
                    field: "name".into(),
                    old: AuditValue::Text("СОШ № 7".into()),
                    new: AuditValue::Text("МБОУ СОШ № 7".into())
                },
                Change { field: "note".into(), old: AuditValue::Text("x".into()), new: AuditValue::Null },
            ]
        );
    }

    #[test]
    fn a_creation_records_the_fields_that_have_values() {
        let thing = Thing { id: Uuid::now_v7(), name: "ИМЦ".into(), tags: vec![], note: None };
        let event = AuditEvent::created(&Actor::system(), &thing);
        assert_eq!(event.action, AuditAction::Create);
        assert_eq!(event.changes.len(), 1);
        assert_eq!(event.changes[0].old, AuditValue::Null);
    }
}
