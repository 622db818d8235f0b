//! The field's vocabulary, rules and use-case services. No runtime, database or web code lives
//! here: adapters implement the ports in [`schools::ports`] and call the services.

pub mod access;
pub mod audit;
pub mod error;
pub mod factors;
pub mod idempotency;
pub mod lists;
pub mod page;
pub mod schools;
pub mod text;

pub use access::Actor;
pub use error::{FieldError, StoreError, ValidationErrors};
pub use page::{Page, PageRequest};
