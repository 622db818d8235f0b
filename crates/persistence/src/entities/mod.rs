//! Table models. They hold primitives; repositories convert them to domain types.

pub mod audit;
pub mod factors;
pub mod idempotency;
pub mod indicators;
pub mod lists;
pub mod measures;
pub mod monitoring;
pub mod municipality;
pub mod notes;
pub mod organization;
pub mod principal;
pub mod region;
pub mod warning;
