//! Users and API clients. Passwords and secrets are never held in clear beyond the call that
//! receives them; only their hashes are stored.

use std::fmt;

use chrono::{DateTime, Utc};

use uuid::Uuid;

use super::role::Role;
use super::scope::{Scope, ScopeRef};
use crate::core::validation::{Coded, ValidationErrors};
use crate::schools::Name;

/// Identifies a user or an API client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrincipalId(Uuid);

impl PrincipalId {
    pub fn generate() -> Self {
        Self(Uuid::now_v7())
    }

    pub fn from_uuid(id: Uuid) -> Self {
        Self(id)
    }

    pub fn as_uuid(&self) -> Uuid {
        self.0
    }
}

impl fmt::Display for PrincipalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Which kind of principal a token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    User,
    Client,
}

/// Why an e-mail address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an e-mail address")]
pub struct EmailError(String);

impl Coded for EmailError {
    fn code(&self) -> &'static str {
        "invalid_format"
    }
}

/// An e-mail address, stored lower-case: the login of a user.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        let lower = text.trim().to_lowercase();
        let valid = match lower.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !lower.chars().any(char::is_whitespace)
                    && lower.matches('@').count() == 1
                    && lower.len() <= 254
            }
            None => false,
        };
        if valid { Ok(Self(lower)) } else { Err(EmailError(text.trim().to_owned())) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A person who signs in with e-mail and password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: PrincipalId,
    pub email: Email,
    pub display_name: Name,
    pub role: Role,
    pub scope: Scope,
    pub active: bool,
    /// Tokens issued before this moment are refused: set when the user is activated again,
    /// so that tokens from before a deactivation stay dead.
    pub tokens_valid_from: Option<DateTime<Utc>>,
    /// An argon2 PHC string.
    pub password_hash: String,
}

/// A machine that signs in with a client id and secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub id: PrincipalId,
    /// The public half of the credentials, `opora_` and 24 hex digits.
    pub client_id: String,
    pub description: Option<Name>,
    pub role: Role,
    pub scope: Scope,
    pub active: bool,
    /// Tokens issued before this moment are refused (see [`User::tokens_valid_from`]).
    pub tokens_valid_from: Option<DateTime<Utc>>,
    pub secret_hash: String,
}

/// A user as a client writes it.
#[derive(Debug, Clone)]
pub struct UserDraft {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub scope: ScopeRef,
    pub password: String,
}

/// An API client as a client writes it.
#[derive(Debug, Clone)]
pub struct ClientDraft {
    pub description: Option<String>,
    pub role: Role,
    pub scope: ScopeRef,
}

/// The checked fields of a new principal.
#[derive(Debug, Clone)]
pub struct NewPrincipal<T> {
    pub fields: T,
    pub role: Role,
    pub scope: ScopeRef,
}

impl<T> NewPrincipal<T> {
    pub(crate) fn scope_label(&self) -> String {
        match self.scope {
            ScopeRef::Everywhere => "everywhere".to_owned(),
            ScopeRef::Region(id) => format!("region:{id}"),
            ScopeRef::Municipality(id) => format!("municipality:{id}"),
            ScopeRef::Organization(id) => format!("organization:{id}"),
        }
    }
}

/// A password must be long; nothing else is demanded of it (NIST SP 800-63B).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Whether a role fits a scope: administrators act everywhere, the territorial roles at their
/// own level; analysts and importers at any level.
pub(crate) fn check_role_scope(errors: &mut ValidationErrors, role: Role, scope: &ScopeRef) {
    let fits = match role {
        Role::Admin => matches!(scope, ScopeRef::Everywhere),
        Role::Regional => matches!(scope, ScopeRef::Region(_)),
        Role::Municipal => matches!(scope, ScopeRef::Municipality(_)),
        Role::School => matches!(scope, ScopeRef::Organization(_)),
        Role::Analyst | Role::Importer => true,
    };
    if !fits {
        errors.push("scope", "scope_mismatch", format!("the {} role does not act at this scope level", role.code()));
    }
}

pub(crate) fn check_password(errors: &mut ValidationErrors, password: &str) {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.push("password", "too_short", format!("must be at least {MIN_PASSWORD_CHARS} characters"));
    }
}

/// The checked fields of a new user, password still in clear for the hasher.
#[derive(Debug, Clone)]
pub struct UserFields {
    pub email: Email,
    pub display_name: Name,
    pub password: String,
}

impl UserDraft {
    pub fn parse(&self) -> Result<NewPrincipal<UserFields>, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let email = errors.check("email", Email::parse(&self.email));
        let display_name = errors.check("displayName", Name::parse(&self.display_name));
        check_password(&mut errors, &self.password);
        check_role_scope(&mut errors, self.role, &self.scope);
        errors.finish(|| NewPrincipal {
            fields: UserFields {
                email: email.expect("checked"),
                display_name: display_name.expect("checked"),
                password: self.password.clone(),
            },
            role: self.role,
            scope: self.scope,
        })
    }
}

impl ClientDraft {
    pub fn parse(&self) -> Result<NewPrincipal<Option<Name>>, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let description = self.description.as_deref().and_then(|d| errors.check("description", Name::parse(d)));
        check_role_scope(&mut errors, self.role, &self.scope);
        errors.finish(|| NewPrincipal { fields: description, role: self.role, scope: self.scope })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(Email::parse(" Ivanova@Edu.Tver.RU ").unwrap().as_str(), "ivanova@edu.tver.ru");
        for bad in ["ivanova", "a@b", "a@@b.ru", "a b@c.ru", "@c.ru", "a@.ru"] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_user_draft_reports_every_problem_at_once() {
        let draft = UserDraft {
            email: "nobody".into(),
            display_name: " ".into(),
            role: Role::Municipal,
            scope: ScopeRef::Everywhere,
            password: "short".into(),
        };
        let fields: Vec<String> = draft.parse().unwrap_err().errors().iter().map(|e| e.field.clone()).collect();
        assert_eq!(fields, ["email", "displayName", "password", "scope"]);
    }
}
