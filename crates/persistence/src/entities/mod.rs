//! Table models. They hold primitives; repositories convert them to domain types.

pub mod municipality;
pub mod organization;
pub mod region;
