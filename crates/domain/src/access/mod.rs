//! Who may do what, where. Roles and territorial scopes, the caller of every service method,
//! and the policy that decides reads (outside the scope: as if absent) and writes (inside the
//! scope but not allowed: forbidden). Every protocol reaches data through these decisions.

mod actor;
mod audit;
mod policy;
pub mod ports;
mod principal;
mod role;
mod scope;
mod service;

pub use actor::{Actor, Principal};
pub use policy::{Capability, Denied, Kept, Reach, Target, Write};
pub use principal::{
    ApiClient, ClientDraft, Email, MIN_PASSWORD_CHARS, NewPrincipal, PrincipalId, PrincipalKind, User, UserDraft,
    UserFields,
};
pub use role::Role;
pub use scope::{Scope, ScopeRef};
pub use service::{AccessService, ClientPatch, UserPatch};
