//! The caller of a service method.

use super::principal::PrincipalId;
use super::role::Role;
use super::scope::Scope;

/// Who is calling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User(PrincipalId),
    Client(PrincipalId),
    /// A token printed by `opora token` for an operator with access to the host.
    Operator(String),
    /// A token of the configured external identity provider; `subject` is its `sub`.
    External(String),
    /// The process itself: migrations, CLI commands.
    System,
    Anonymous,
}

/// The caller: a principal with a role and a scope. Anonymous callers have no role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub principal: Principal,
    pub role: Option<Role>,
    pub scope: Scope,
    /// Whether anonymous callers may read public data (`OPORA_PUBLIC_READ`).
    pub public_read: bool,
}

impl Actor {
    pub fn new(principal: Principal, role: Role, scope: Scope) -> Self {
        Self { principal, role: Some(role), scope, public_read: false }
    }

    /// The process itself, acting as an administrator.
    pub fn system() -> Self {
        Self::new(Principal::System, Role::Admin, Scope::Everywhere)
    }

    pub fn anonymous(public_read: bool) -> Self {
        Self { principal: Principal::Anonymous, role: None, scope: Scope::Everywhere, public_read }
    }

    pub fn is_anonymous(&self) -> bool {
        self.role.is_none()
    }

    /// A stable label for logs and the audit trail: `user:<id>`, `client:<id>`, …
    pub fn subject(&self) -> String {
        match &self.principal {
            Principal::User(id) => format!("user:{id}"),
            Principal::Client(id) => format!("client:{id}"),
            Principal::Operator(name) => format!("operator:{name}"),
            Principal::External(sub) => format!("external:{sub}"),
            Principal::System => "system".to_owned(),
            Principal::Anonymous => "anonymous".to_owned(),
        }
    }
}
