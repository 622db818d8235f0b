//! The field's vocabulary, rules and use-case services. No runtime, database or web code lives
//! here: adapters implement the ports in [`schools::ports`] and call the services.

pub mod access;
pub mod audit;
pub mod capabilities;
pub mod core;
pub mod factors;
pub mod indicators;
pub mod insights;
pub mod lists;
pub mod measures;
pub mod monitoring;
pub mod notes;
pub mod schools;
pub mod text;
pub mod warning;

pub use access::Actor;
pub use capabilities::Capabilities;
pub use core::error::ServiceError;
pub use core::import::Issue;
pub use core::page::{Page, PageRequest};
pub use core::validation::{Coded, FieldError, StoreError, ValidationErrors};
pub use core::year::Year;
