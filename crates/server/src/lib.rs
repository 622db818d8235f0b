//! Wiring of the `opora` binary: settings, the concrete adapters behind the domain ports, the
//! HTTP server with graceful shutdown, and logging.

pub mod app;
pub mod demo;
pub mod generate;
pub mod indicators;
pub mod keys;
pub mod monitoring;
pub mod report;
pub mod roadmap;
pub mod settings;
pub mod telemetry;

pub use app::{BuildError, Services, build, serve, services};
pub use settings::{RawSettings, Settings};
