//! Structured logs: human-readable text by default, JSON lines with `OPORA_LOG_FORMAT=json`.

use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry, fmt};

use crate::settings::{LogFormat, Settings};

pub fn init(settings: &Settings) {
    // A list of targets and levels («info», «opora=debug,sqlx=warn») is filtered by `Targets`:
    // EnvFilter's bookkeeping on every span entered cost some 4 % of a dashboard's CPU (perf).
    // A filter with span directives still gets EnvFilter.
    let filter: Box<dyn Layer<Registry> + Send + Sync> = match settings.log_filter.parse::<Targets>() {
        Ok(targets) => Box::new(targets),
        Err(_) => Box::new(EnvFilter::try_new(&settings.log_filter).unwrap_or_else(|_| EnvFilter::new("info"))),
    };
    let output = fmt::layer().with_target(false);
    let output = match settings.log_format {
        LogFormat::Json => output.json().flatten_event(true).boxed(),
        LogFormat::Text => output.boxed(),
    };
    tracing_subscriber::registry().with(filter).with(output).init();
}
