//! The black-box suite: every test spawns the application on its own database and speaks HTTP.
//! It runs on SQLite by default and on PostgreSQL when `OPORA_TEST_POSTGRES_URL` is set.

mod architecture;
mod audit;
mod auth;
mod campaign_versions;
mod charts;
mod code_ranges;
mod conditional;
mod contracts;
mod dashboards;
mod execution;
mod factors;
mod graphql;
mod histories;
mod hostile;
mod indicator_versions;
mod indicators;
mod kalininsky_notes;
mod limits;
mod list_withdrawals;
mod lists;
mod matrix;
mod measures;
mod monitoring;
mod monitoring_reports;
mod named_versions;
mod notes;
mod operations;
mod organizations;
mod overview;
mod regions;
mod resolve;
mod scopes;
mod versions;
mod warning;
mod zoo;
