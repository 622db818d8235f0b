//! What access control needs from storage and from cryptography.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::principal::{ApiClient, Email, PrincipalId, User};
use crate::audit::{AuditEvent, AuditFilter};
use crate::core::page::{Page, PageRequest};
use crate::core::validation::StoreError;
use crate::core::version::Revision;
use crate::schools::RegionId;

/// Principals, revoked tokens and the audit trail. Writes store their audit event in the same
/// transaction.
#[async_trait]
pub trait AccessRepository: Send + Sync {
    async fn insert_user(&self, user: &User, event: &AuditEvent) -> Result<(), StoreError>;
    async fn update_user(&self, user: &User, event: &AuditEvent) -> Result<(), StoreError>;
    async fn user(&self, id: PrincipalId) -> Result<Option<User>, StoreError>;
    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;
    /// Users whose scope lies in `region` (all when `None`).
    async fn users(&self, region: Option<RegionId>, page: PageRequest) -> Result<Page<User>, StoreError>;

    async fn insert_client(&self, client: &ApiClient, event: &AuditEvent) -> Result<(), StoreError>;
    async fn update_client(&self, client: &ApiClient, event: &AuditEvent) -> Result<(), StoreError>;
    async fn client(&self, id: PrincipalId) -> Result<Option<ApiClient>, StoreError>;
    async fn client_by_client_id(&self, client_id: &str) -> Result<Option<ApiClient>, StoreError>;
    async fn clients(&self, region: Option<RegionId>, page: PageRequest) -> Result<Page<ApiClient>, StoreError>;

    /// Remembers a revoked token id until the token would have expired anyway.
    async fn revoke(&self, jti: Uuid, expires_at: DateTime<Utc>, event: &AuditEvent) -> Result<(), StoreError>;
    async fn is_revoked(&self, jti: Uuid) -> Result<bool, StoreError>;

    async fn audit_events(&self, filter: &AuditFilter, page: PageRequest) -> Result<Page<AuditEvent>, StoreError>;
    /// How far the audit trail of a region (and of the data no region owns) has grown: every
    /// write leaves an event, so an unchanged answer means unchanged data. Two index lookups.
    /// How many changes the trail holds of one entity: its revision.
    async fn revision(&self, entity_type: &str, id: Uuid) -> Result<Revision, StoreError>;
    async fn trail_version(&self, region: crate::schools::RegionId) -> Result<String, StoreError>;
}

/// Password and secret hashing, and the generation of secrets. Slow by design; implementations
/// keep the work off the request threads.
#[async_trait]
pub trait Credentials: Send + Sync {
    async fn hash(&self, secret: &str) -> String;
    async fn verify(&self, secret: &str, hash: &str) -> bool;
    /// A new random secret for an API client.
    fn generate_secret(&self) -> String;
    /// A new random public client id.
    fn generate_client_id(&self) -> String;
}
