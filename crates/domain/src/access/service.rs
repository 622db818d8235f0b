//! Identity and access use cases: principals, sign-in, revocation and the audit trail.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::actor::{Actor, Principal};
use super::policy::Kept;
use super::ports::{AccessRepository, Credentials};
use super::principal::{ApiClient, ClientDraft, Email, PrincipalId, User, UserDraft, check_password, check_role_scope};
use super::role::Role;
use super::scope::{Scope, ScopeRef};
use crate::audit::{AuditEvent, AuditFilter, AuditValue, Audited, Change};
use crate::core::error::ServiceError;
use crate::core::page::{Page, PageRequest};
use crate::core::validation::ValidationErrors;
use crate::core::version::Revision;
use crate::schools::{MunicipalityId, Name, RegionId, TerritoryService};

type Result<T> = std::result::Result<T, ServiceError>;

/// Changes to a user; absent fields stay.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub display_name: Option<String>,
    pub role: Option<Role>,
    pub scope: Option<ScopeRef>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

/// Changes to an API client; `description: Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct ClientPatch {
    pub description: Option<Option<String>>,
    pub role: Option<Role>,
    pub scope: Option<ScopeRef>,
    pub active: Option<bool>,
}

/// A revoked token, as the audit trail records it.
struct RevokedToken<'a> {
    jti: Uuid,
    subject: &'a str,
    expires_at: DateTime<Utc>,
}

impl Audited for RevokedToken<'_> {
    const ENTITY: &'static str = "token";

    fn entity_id(&self) -> Uuid {
        self.jti
    }

    fn place(&self) -> (Option<RegionId>, Option<MunicipalityId>) {
        (None, None)
    }

    fn audit_fields(&self) -> Vec<(&'static str, AuditValue)> {
        vec![
            ("subject", AuditValue::Text(self.subject.to_owned())),
            ("expiresAt", AuditValue::Text(self.expires_at.to_rfc3339())),
        ]
    }
}

/// A hash that verifies nothing: checked when an e-mail is unknown so that the answer takes as
/// long as for a known one.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$ZmFrZWhhc2hmYWtlaGFzaGZha2VoYXNoZmFrZWg";

#[derive(Clone)]
pub struct AccessService {
    repo: Arc<dyn AccessRepository>,
    credentials: Arc<dyn Credentials>,
    territory: TerritoryService,
}

impl std::fmt::Debug for AccessService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccessService").finish_non_exhaustive()
    }
}

impl AccessService {
    pub fn new(
        repo: Arc<dyn AccessRepository>,
        credentials: Arc<dyn Credentials>,
        territory: TerritoryService,
    ) -> Self {
        Self { repo, credentials, territory }
    }

    /// Looks up the ancestors of a scope the caller names; one it cannot see does not exist.
    async fn scope(&self, actor: &Actor, scope: ScopeRef) -> Result<Scope> {
        let unknown = || -> ServiceError {
            ValidationErrors::single("scope", "unknown_reference", "no such territory for this scope").into()
        };
        let lookup = |e: ServiceError| match e {
            ServiceError::NotFound { .. } => unknown(),
            ServiceError::Unauthenticated => ServiceError::Unauthenticated,
            ServiceError::Unavailable => ServiceError::Unavailable,
            other => ServiceError::Internal(other.to_string()),
        };
        Ok(match scope {
            ScopeRef::Everywhere => Scope::Everywhere,
            ScopeRef::Region(id) => Scope::Region(self.territory.region(actor, id).await.map_err(lookup)?.id),
            ScopeRef::Municipality(id) => {
                let m = self.territory.municipality(actor, id).await.map_err(lookup)?;
                Scope::Municipality { region: m.region_id, municipality: m.id }
            }
            ScopeRef::Organization(id) => {
                let o = self.territory.organization(actor, id).await.map_err(lookup)?;
                Scope::Organization { region: o.region_id, municipality: o.municipality_id, organization: o.id }
            }
        })
    }

    /// The full scope named by a token that no stored principal stands behind (an operator's
    /// token, an external identity provider's); `None` when the territory does not exist.
    pub async fn resolve_scope(&self, scope: ScopeRef) -> Result<Option<Scope>> {
        match self.scope(&Actor::system(), scope).await {
            Ok(scope) => Ok(Some(scope)),
            Err(ServiceError::Invalid(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// The region a caller's principal lists are cut to.
    fn principal_reach(actor: &Actor) -> Result<Option<RegionId>> {
        actor.may_manage_principals().map_err(ServiceError::denied("principal", "-"))
    }

    /// The role and scope a principal will have after a change: the pair must fit, the scope
    /// must exist for the caller, and the caller must be allowed to manage the result. The
    /// field errors gathered so far are reported together with any found here.
    async fn changed_role_and_scope(
        &self,
        actor: &Actor,
        mut errors: ValidationErrors,
        current: (Role, &Scope),
        change: (Option<Role>, Option<ScopeRef>),
    ) -> Result<(Role, Scope)> {
        let role = change.0.unwrap_or(current.0);
        let scope_ref = change.1.unwrap_or(current.1.reference());
        check_role_scope(&mut errors, role, &scope_ref);
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let scope = self.scope(actor, scope_ref).await?;
        actor.may_manage_principal(role, &scope).map_err(ServiceError::denied("scope", scope.label()))?;
        Ok((role, scope))
    }

    // Users.

    pub async fn create_user(&self, actor: &Actor, draft: &UserDraft) -> Result<User> {
        Self::principal_reach(actor)?;
        let new = draft.parse()?;
        let scope = self.scope(actor, new.scope).await?;
        actor.may_manage_principal(new.role, &scope).map_err(ServiceError::denied("scope", new.scope_label()))?;
        let user = User {
            id: PrincipalId::generate(),
            email: new.fields.email,
            display_name: new.fields.display_name,
            role: new.role,
            scope,
            active: true,
            tokens_valid_from: None,
            password_hash: self.credentials.hash(&new.fields.password).await,
        };
        let event = AuditEvent::created(actor, &user);
        self.repo.insert_user(&user, &event).await.map_err(duplicate("user"))?;
        Ok(user)
    }

    pub async fn user(&self, actor: &Actor, id: PrincipalId) -> Result<User> {
        Self::principal_reach(actor)?;
        let user = self.repo.user(id).await?.ok_or_else(|| not_found("user", id))?;
        actor.may_manage_principal(user.role, &user.scope).map_err(ServiceError::denied("user", id))?;
        Ok(user)
    }

    pub async fn users(&self, actor: &Actor, page: PageRequest) -> Result<Page<User>> {
        let region = Self::principal_reach(actor)?;
        Ok(self.repo.users(region, page).await?)
    }

    pub async fn update_user(
        &self,
        actor: &Actor,
        id: PrincipalId,
        patch: &UserPatch,
        expected: Option<Revision>,
    ) -> Result<User> {
        let current = self.user(actor, id).await?;
        let mut errors = ValidationErrors::new();
        let display_name = patch.display_name.as_deref().and_then(|n| errors.check("displayName", Name::parse(n)));
        if let Some(password) = &patch.password {
            check_password(&mut errors, password);
        }
        let (role, scope) = self
            .changed_role_and_scope(actor, errors, (current.role, &current.scope), (patch.role, patch.scope))
            .await?;
        let mut updated = User {
            display_name: display_name.unwrap_or_else(|| current.display_name.clone()),
            role,
            scope,
            active: patch.active.unwrap_or(current.active),
            tokens_valid_from: reactivated(current.active, patch.active).or(current.tokens_valid_from),
            ..current.clone()
        };
        let mut extra = Vec::new();
        if let Some(password) = &patch.password {
            updated.password_hash = self.credentials.hash(password).await;
            // The trail says that the password changed, never what it is.
            extra.push(Change {
                field: "password".into(),
                old: AuditValue::Null,
                new: AuditValue::Text("changed".into()),
            });
        }
        let event = AuditEvent::updated(actor, &current, &updated, extra).expecting(expected);
        self.repo.update_user(&updated, &event).await.map_err(ServiceError::store("user", id))?;
        Ok(updated)
    }

    // API clients.

    /// Creates a client and returns it with its secret, which is shown this once.
    pub async fn create_client(&self, actor: &Actor, draft: &ClientDraft) -> Result<(ApiClient, String)> {
        Self::principal_reach(actor)?;
        let new = draft.parse()?;
        let scope = self.scope(actor, new.scope).await?;
        actor.may_manage_principal(new.role, &scope).map_err(ServiceError::denied("scope", new.scope_label()))?;
        let secret = self.credentials.generate_secret();
        let client = ApiClient {
            id: PrincipalId::generate(),
            client_id: self.credentials.generate_client_id(),
            description: new.fields,
            role: new.role,
            scope,
            active: true,
            tokens_valid_from: None,
            secret_hash: self.credentials.hash(&secret).await,
        };
        let event = AuditEvent::created(actor, &client);
        self.repo.insert_client(&client, &event).await.map_err(duplicate("client"))?;
        Ok((client, secret))
    }

    pub async fn client(&self, actor: &Actor, id: PrincipalId) -> Result<ApiClient> {
        Self::principal_reach(actor)?;
        let client = self.repo.client(id).await?.ok_or_else(|| not_found("client", id))?;
        actor.may_manage_principal(client.role, &client.scope).map_err(ServiceError::denied("client", id))?;
        Ok(client)
    }

    pub async fn clients(&self, actor: &Actor, page: PageRequest) -> Result<Page<ApiClient>> {
        let region = Self::principal_reach(actor)?;
        Ok(self.repo.clients(region, page).await?)
    }

    pub async fn update_client(
        &self,
        actor: &Actor,
        id: PrincipalId,
        patch: &ClientPatch,
        expected: Option<Revision>,
    ) -> Result<ApiClient> {
        let current = self.client(actor, id).await?;
        let mut errors = ValidationErrors::new();
        let description = match &patch.description {
            None => current.description.clone(),
            Some(None) => None,
            Some(Some(d)) => errors.check("description", Name::parse(d)),
        };
        let (role, scope) = self
            .changed_role_and_scope(actor, errors, (current.role, &current.scope), (patch.role, patch.scope))
            .await?;
        let updated = ApiClient {
            description,
            role,
            scope,
            active: patch.active.unwrap_or(current.active),
            tokens_valid_from: reactivated(current.active, patch.active).or(current.tokens_valid_from),
            ..current.clone()
        };
        let event = AuditEvent::updated(actor, &current, &updated, Vec::new()).expecting(expected);
        self.repo.update_client(&updated, &event).await.map_err(ServiceError::store("client", id))?;
        Ok(updated)
    }

    // Sign-in.

    /// Checks a user's e-mail and password. Unknown, wrong and deactivated all answer alike.
    pub async fn authenticate_user(&self, email: &str, password: &str) -> Result<User> {
        let user = match Email::parse(email) {
            Ok(email) => self.repo.user_by_email(&email).await?,
            Err(_) => None,
        };
        let hash = user.as_ref().map_or(DUMMY_HASH, |u| u.password_hash.as_str());
        let valid = self.credentials.verify(password, hash).await;
        match user {
            Some(user) if valid && user.active => Ok(user),
            _ => Err(ServiceError::InvalidCredentials),
        }
    }

    /// Checks an API client's id and secret.
    pub async fn authenticate_client(&self, client_id: &str, secret: &str) -> Result<ApiClient> {
        let client = self.repo.client_by_client_id(client_id).await?;
        let hash = client.as_ref().map_or(DUMMY_HASH, |c| c.secret_hash.as_str());
        let valid = self.credentials.verify(secret, hash).await;
        match client {
            Some(client) if valid && client.active => Ok(client),
            _ => Err(ServiceError::InvalidCredentials),
        }
    }

    /// The caller a token issued at `issued_at` speaks for, or `None` when its principal is
    /// gone, deactivated, or was activated again after the token was issued: role and scope
    /// come from the store, so changes apply at once.
    pub async fn actor_for(&self, principal: &Principal, issued_at: DateTime<Utc>) -> Result<Option<Actor>> {
        let valid = |active: bool, from: Option<DateTime<Utc>>| active && from.is_none_or(|from| from <= issued_at);
        Ok(match principal {
            Principal::User(id) => self
                .repo
                .user(*id)
                .await?
                .filter(|u| valid(u.active, u.tokens_valid_from))
                .map(|u| Actor::new(Principal::User(u.id), u.role, u.scope)),
            Principal::Client(id) => self
                .repo
                .client(*id)
                .await?
                .filter(|c| valid(c.active, c.tokens_valid_from))
                .map(|c| Actor::new(Principal::Client(c.id), c.role, c.scope)),
            _ => None,
        })
    }

    /// Revokes a token until it expires. Callers revoke their own tokens; administrators any.
    pub async fn revoke(&self, actor: &Actor, jti: Uuid, subject: &str, expires_at: DateTime<Utc>) -> Result<()> {
        actor.may_revoke(subject).map_err(ServiceError::denied("token", jti))?;
        let token = RevokedToken { jti, subject, expires_at };
        let event = AuditEvent::created(actor, &token);
        self.repo.revoke(jti, expires_at, &event).await?;
        Ok(())
    }

    /// A version of what a region's reads depend on; it changes with every write to the region
    /// or to data no region owns (catalogues, indicators, rule sets).
    pub async fn data_version(&self, region: crate::schools::RegionId) -> Result<String> {
        Ok(self.repo.trail_version(region).await?)
    }

    /// The changes of one record, oldest first, each with the revision it made: for a caller
    /// who has just read the record, whose read authorizes its history as it does its revision.
    /// Who changed it is not published: an anonymous reader of a public record gets none.
    pub async fn history(
        &self,
        actor: &Actor,
        entity_type: &'static str,
        id: Uuid,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>> {
        actor.reach_of(Kept::ChangeHistory).map_err(ServiceError::denied(entity_type, id))?;
        let filter =
            AuditFilter { entity_type: Some(entity_type.to_owned()), entity_id: Some(id), ..Default::default() };
        Ok(self.repo.audit_events(&filter, page).await?)
    }

    /// The revision of an entity the caller has read: the entity tag its conditional writes
    /// name. The number says nothing the read did not show, so the read's authorization covers it.
    pub async fn revision(&self, entity_type: &'static str, id: Uuid) -> Result<Revision> {
        Ok(self.repo.revision(entity_type, id).await?)
    }

    pub async fn is_revoked(&self, jti: Uuid) -> Result<bool> {
        Ok(self.repo.is_revoked(jti).await?)
    }

    /// The audit trail, cut to the caller's region.
    pub async fn audit_events(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> Result<Page<AuditEvent>> {
        let region = actor.may_read_audit().map_err(ServiceError::denied("audit", "trail"))?;
        let filter = AuditFilter { region, ..filter.clone() };
        Ok(self.repo.audit_events(&filter, page).await?)
    }
}

fn not_found(entity: &'static str, id: PrincipalId) -> ServiceError {
    ServiceError::NotFound { entity, id: id.to_string() }
}

fn duplicate(entity: &'static str) -> impl FnOnce(crate::core::validation::StoreError) -> ServiceError {
    move |error| match error {
        crate::core::validation::StoreError::Duplicate { field } => ServiceError::Duplicate { entity, field },
        other => other.into(),
    }
}

/// The moment a principal is activated again, from which its tokens count.
fn reactivated(was_active: bool, active: Option<bool>) -> Option<DateTime<Utc>> {
    (!was_active && active == Some(true)).then(Utc::now)
}
