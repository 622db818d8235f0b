//! The `opora` command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use opora_server::settings::redact;
use opora_server::{RawSettings, Settings, app, telemetry};

/// Opora: the data backbone for programmes that support schools with low educational results
/// (ШНОР) and prevent academic failure. REST under /api/v1, GraphQL at /graphql.
#[derive(Debug, Parser)]
#[command(name = "opora", version, about, long_about = None)]
struct Cli {
    /// A TOML file with settings (keys as the flags, with underscores); flags and environment win
    #[arg(long, env = "OPORA_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(flatten)]
    settings: RawSettings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Apply pending migrations, then serve HTTP until SIGTERM or Ctrl-C
    Serve,
    /// Apply pending migrations and exit; running it again is a no-op
    Migrate,
    /// Write the OpenAPI document and the GraphQL schema generated from the code
    ExportSchema {
        /// Folder to write openapi.json and schema.graphql into
        #[arg(long, default_value = "schema")]
        out: PathBuf,
        /// Write nothing; fail if the files differ from what the code generates
        #[arg(long)]
        check: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load(cli.settings, cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("opora: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    match run(cli.command, &settings).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("opora: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: &Settings) -> Result<(), String> {
    match command {
        Command::Serve => {
            telemetry::init(settings);
            let app = app::build(settings).await.map_err(|e| database_error(settings, &e))?;
            let listener = tokio::net::TcpListener::bind(settings.bind)
                .await
                .map_err(|e| format!("OPORA_BIND: cannot listen on {}: {e}", settings.bind))?;
            tracing::info!(address = %settings.bind, database = %redact(&settings.database.url), "opora is listening");
            app::serve(listener, app, app::shutdown_signal(), settings.shutdown_timeout)
                .await
                .map_err(|e| e.to_string())
        }
        Command::Migrate => {
            let applied =
                opora_persistence::migrate(&settings.database).await.map_err(|e| database_error(settings, &e))?;
            if applied.is_empty() {
                println!("the database is up to date");
            } else {
                println!("applied {} migration(s): {}", applied.len(), applied.join(", "));
            }
            Ok(())
        }
        Command::ExportSchema { out, check } => export_schema(&out, check),
    }
}

fn database_error(settings: &Settings, error: &dyn std::fmt::Display) -> String {
    format!("OPORA_DATABASE_URL: cannot use {}: {error}", redact(&settings.database.url))
}

fn export_schema(out: &Path, check: bool) -> Result<(), String> {
    let files = [("openapi.json", opora_api::openapi_json()), ("schema.graphql", opora_api::graphql_sdl())];
    let mut stale = Vec::new();
    for (name, content) in files {
        let path = out.join(name);
        if check {
            if std::fs::read_to_string(&path).ok().as_deref() != Some(content.as_str()) {
                stale.push(path.display().to_string());
            }
        } else {
            std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
            std::fs::write(&path, content).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            println!("wrote {}", path.display());
        }
    }
    if stale.is_empty() { Ok(()) } else { Err(format!("out of date: {}; run `opora export-schema`", stale.join(", "))) }
}
