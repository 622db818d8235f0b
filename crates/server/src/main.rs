//! The `opora` command.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use opora_domain::Actor;
use opora_domain::access::{ClientDraft, Role, ScopeRef, UserDraft};
use opora_domain::factors::{AuditImport, OwnerRef};
use opora_domain::lists::{ListImport, ListKind, ListLevel};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use opora_server::settings::redact;
use opora_server::{RawSettings, Settings, app, telemetry};

// Requests allocate many small, short-lived rows and views across worker threads; glibc's
// allocator spent a quarter of a dashboard's CPU in malloc and free (perf, medium bench).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in the `mi_option_e` of the bundled mimalloc v2 `mimalloc.h`.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Memory a request freed goes back to the system at once rather than after mimalloc's delay:
/// under read load the peak stays near glibc's (70 MiB against 123 MiB on the medium bench).
#[allow(unsafe_code, reason = "mimalloc's option setter is a C function; it takes two integers")]
fn return_freed_memory_at_once() {
    // SAFETY: sets an integer option of the allocator; no pointer is passed.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}

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
    Serve {
        /// Serve the demo: a fresh embedded database (<data dir>/demo.db, recreated at every
        /// start) loaded with everything the seeds hold; prints a read-only token and example calls
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending migrations and exit; running it again is a no-op
    Migrate,
    /// Manage users
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API clients
    #[command(subcommand)]
    Client(ClientCommand),
    /// Load the demo dataset (the seeds' territory and seed 001's entry audit) into an empty database
    Demo,
    /// Fill the database with a generated country for benchmarks: deterministic for a seed,
    /// through the same service calls as the API's imports
    Generate {
        #[arg(long, default_value_t = 89)]
        regions: usize,
        #[arg(long, default_value_t = 2330)]
        municipalities: usize,
        #[arg(long, default_value_t = 40000)]
        schools: usize,
        /// List years, ending with the last complete year
        #[arg(long, default_value_t = 5)]
        years: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Municipalities generated at once
        #[arg(long, default_value_t = 8)]
        concurrency: usize,
        /// The last list year (default: the year before the current one)
        #[arg(long)]
        last_year: Option<i32>,
    },
    /// Import tables municipalities keep
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print an access token signed with the configured key, for an operator on this host
    Token {
        /// admin, regional, municipal, school, analyst or importer
        #[arg(long, default_value = "admin")]
        role: String,
        /// everywhere, region:<id>, municipality:<id> or organization:<id>
        #[arg(long, default_value = "everywhere")]
        scope: String,
        /// Who the token is for, as the audit trail will name it
        #[arg(long, default_value = "cli")]
        name: String,
    },
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

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from OPORA_USER_PASSWORD or, failing that, stdin
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, regional, municipal, school, analyst or importer
        #[arg(long)]
        role: String,
        /// everywhere, region:<id>, municipality:<id> or organization:<id>
        #[arg(long, default_value = "everywhere")]
        scope: String,
    },
}

#[derive(Debug, Subcommand)]
enum ImportCommand {
    /// Import a ШНОР list table (the wide form, a column per year, or the long form with Год and ОО)
    Lists {
        file: PathBuf,
        /// The municipality's id
        #[arg(long)]
        municipality: String,
        /// shnor, shnsu or risk_group, for rows that do not say
        #[arg(long, default_value = "shnor")]
        kind: String,
        /// federal, regional or municipal, for rows that do not say; unstated when left out
        #[arg(long)]
        level: Option<String>,
        /// The id of the organization that issued the decisions
        #[arg(long)]
        issuer: Option<String>,
        /// The text encoding of a TSV or CSV file: utf-8 or windows-1251
        #[arg(long, default_value = "utf-8")]
        encoding: String,
        /// Check and report without writing
        #[arg(long)]
        dry_run: bool,
    },
    /// Import a catalogue of risk factors from JSON (see data/catalogues)
    Catalogue {
        file: PathBuf,
        /// federal, region:<id> or municipality:<id>; replaces the file's owner
        #[arg(long)]
        owner: Option<String>,
    },
    /// Import a roadmap as written: the Word document it was approved in, or a table
    Roadmap(opora_server::roadmap::RoadmapArgs),
    /// Import a monitoring report from its Word document (DOCX)
    Monitoring(opora_server::monitoring::MonitoringArgs),
    /// Import indicator observations, in long or wide form (TSV, CSV or XLSX)
    Indicators(opora_server::indicators::IndicatorsArgs),
    /// Import an entry-audit table (TSV, CSV or XLSX, by the file's extension)
    Audit {
        file: PathBuf,
        /// The municipality's id
        #[arg(long)]
        municipality: String,
        /// The audit's date, YYYY-MM-DD
        #[arg(long)]
        date: String,
        /// The catalogue's name, when the import creates one
        #[arg(long)]
        catalogue_name: Option<String>,
        /// The text encoding of a TSV or CSV file: utf-8 or windows-1251
        #[arg(long, default_value = "utf-8")]
        encoding: String,
        /// Check and report without writing
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ClientCommand {
    /// Create an API client and print its id and secret (shown once)
    Create {
        /// admin, regional, municipal, school, analyst or importer
        #[arg(long)]
        role: String,
        /// everywhere, region:<id>, municipality:<id> or organization:<id>
        #[arg(long, default_value = "everywhere")]
        scope: String,
        #[arg(long)]
        description: Option<String>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    return_freed_memory_at_once();
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
        Command::Serve { demo } => {
            telemetry::init(settings);
            let demo_settings;
            let settings = if demo {
                demo_settings = opora_server::demo::prepare(settings).await?;
                &demo_settings
            } else {
                settings
            };
            let app = app::build(settings).await.map_err(|e| e.to_string())?;
            let listener = tokio::net::TcpListener::bind(settings.bind)
                .await
                .map_err(|e| format!("OPORA_BIND: cannot listen on {}: {e}", settings.bind))?;
            tracing::info!(address = %settings.bind, database = %redact(&settings.database.url), "opora is listening");
            app::serve(listener, app, app::shutdown_with_deadline(settings.shutdown_timeout), settings.shutdown_timeout)
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
        Command::User(UserCommand::Create { email, name, role, scope }) => {
            let password = match std::env::var("OPORA_USER_PASSWORD") {
                Ok(password) => password,
                Err(_) => {
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).map_err(|e| format!("cannot read the password: {e}"))?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            let draft = UserDraft {
                email,
                display_name: name,
                role: parse_role(&role)?,
                scope: parse_scope(&scope)?,
                password,
            };
            let user =
                services.capabilities.access.create_user(&Actor::system(), &draft).await.map_err(|e| e.to_string())?;
            println!("created user {} ({}, {})", user.id, user.email.as_str(), user.role.code());
            Ok(())
        }
        Command::Client(ClientCommand::Create { role, scope, description }) => {
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            let draft = ClientDraft { description, role: parse_role(&role)?, scope: parse_scope(&scope)? };
            let (client, secret) = services
                .capabilities
                .access
                .create_client(&Actor::system(), &draft)
                .await
                .map_err(|e| e.to_string())?;
            println!("client_id={}\nclient_secret={secret}", client.client_id);
            Ok(())
        }
        Command::Demo => {
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            let summary = opora_server::demo::load(&services).await?;
            println!(
                "loaded {} regions, {} municipalities, {} organizations and an audit of {} parameters",
                summary.regions, summary.municipalities, summary.organizations, summary.audit_parameters
            );
            Ok(())
        }
        Command::Generate { regions, municipalities, schools, years, seed, concurrency, last_year } => {
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            let scale = opora_server::generate::Scale { regions, municipalities, schools, years, seed, concurrency };
            let last_year = last_year.unwrap_or_else(|| chrono::Datelike::year(&chrono::Utc::now()) - 1);
            let show = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let summary = opora_server::generate::generate(&services, scale, last_year, show).await?;
            opora_persistence::analyze(&settings.database).await.map_err(|e| database_error(settings, &e))?;
            print!("{summary}");
            Ok(())
        }
        Command::Import(ImportCommand::Catalogue { file, owner }) => {
            let owner = owner.as_deref().map(parse_owner).transpose()?;
            let bytes = std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
            let draft =
                opora_api::imports::catalogue_draft(&bytes, owner).map_err(|e| format!("{}: {e}", file.display()))?;
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            let catalogue = services
                .capabilities
                .factors
                .create_catalogue(&Actor::system(), &draft)
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "created catalogue {} ({} factors, {} parameters)",
                catalogue.id,
                catalogue.factors.len(),
                catalogue.parameters.len()
            );
            Ok(())
        }
        Command::Import(ImportCommand::Lists { file, municipality, kind, level, issuer, encoding, dry_run }) => {
            let rows = opora_server::report::read_table(&file, &encoding)?;
            let municipality =
                municipality.parse().map_err(|_| format!("--municipality: '{municipality}' is not an id"))?;
            let issuer = issuer
                .map(|i| i.parse().map(OrganizationId::from_uuid).map_err(|_| format!("--issuer: '{i}' is not an id")))
                .transpose()?;
            let import = ListImport {
                municipality: MunicipalityId::from_uuid(municipality),
                kind: ListKind::from_code(&kind)
                    .ok_or_else(|| format!("--kind: '{kind}' is not shnor, shnsu or risk_group"))?,
                level: level
                    .map(|l| {
                        ListLevel::from_code(&l)
                            .ok_or_else(|| format!("--level: '{l}' is not federal, regional or municipal"))
                    })
                    .transpose()?,
                issuer,
                rows,
                first_row: 1,
                dry_run,
            };
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            match services.capabilities.lists.import(&Actor::system(), import).await {
                Ok(report) => {
                    opora_server::report::print_warnings(&report.warnings);
                    for d in &report.decisions {
                        println!(
                            "{} list for {}: {} organizations (decision {})",
                            d.level.map_or("ШНОР", ListLevel::label),
                            d.year,
                            d.entries.len(),
                            d.id
                        );
                    }
                    if !report.unchanged_years.is_empty() {
                        println!("unchanged: {:?}", report.unchanged_years);
                    }
                    Ok(())
                }
                Err(error) => Err(opora_server::report::failure(error)),
            }
        }
        Command::Import(ImportCommand::Roadmap(args)) => opora_server::roadmap::import(settings, args).await,
        Command::Import(ImportCommand::Monitoring(args)) => opora_server::monitoring::import(settings, args).await,
        Command::Import(ImportCommand::Indicators(args)) => opora_server::indicators::import(settings, args).await,
        Command::Import(ImportCommand::Audit { file, municipality, date, catalogue_name, encoding, dry_run }) => {
            import_audit(settings, &file, &municipality, &date, catalogue_name, &encoding, dry_run).await
        }
        Command::Token { role, scope, name } => {
            let auth = opora_server::keys::auth_config(settings).map_err(|e| e.to_string())?;
            let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
            let scope = services
                .capabilities
                .access
                .resolve_scope(parse_scope(&scope)?)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("--scope: no such territory")?;
            println!("{}", auth.issue_operator_token(&name, parse_role(&role)?, &scope));
            Ok(())
        }
    }
}

async fn import_audit(
    settings: &Settings,
    file: &Path,
    municipality: &str,
    date: &str,
    catalogue_name: Option<String>,
    encoding: &str,
    dry_run: bool,
) -> Result<(), String> {
    let municipality = municipality.parse().map_err(|_| format!("--municipality: '{municipality}' is not an id"))?;
    let date = date.parse().map_err(|_| format!("--date: '{date}' is not a date like 2023-03-01"))?;
    let rows = opora_server::report::read_table(file, encoding)?;
    let services = app::services(settings).await.map_err(|e| database_error(settings, &e))?;
    let import = AuditImport {
        municipality: MunicipalityId::from_uuid(municipality),
        date,
        catalogue_name,
        source: None,
        rows,
        first_row: 1,
        dry_run,
        replaces: None,
    };
    match services.capabilities.factors.import_audit(&Actor::system(), import).await {
        Ok(report) => {
            opora_server::report::print_warnings(&report.warnings);
            println!(
                "{:?}: audit {} against catalogue {} ({} factors, {} parameters, {} organizations, {} present)",
                report.outcome,
                report.audit_id,
                report.catalogue_id,
                report.factors,
                report.parameters,
                report.organizations,
                report.present
            );
            Ok(())
        }
        Err(error) => Err(opora_server::report::failure(error)),
    }
}

fn parse_owner(text: &str) -> Result<OwnerRef, String> {
    match ScopeRef::parse(text) {
        Some(ScopeRef::Region(id)) => Ok(OwnerRef::Region(id)),
        Some(ScopeRef::Municipality(id)) => Ok(OwnerRef::Municipality(id)),
        _ if text == "federal" => Ok(OwnerRef::Federal),
        _ => Err(format!("--owner: '{text}' is not federal, region:<id> or municipality:<id>")),
    }
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::from_code(text)
        .ok_or_else(|| format!("--role: '{text}' is not admin, regional, municipal, school, analyst or importer"))
}

fn parse_scope(text: &str) -> Result<ScopeRef, String> {
    ScopeRef::parse(text).ok_or_else(|| {
        format!("--scope: '{text}' is not everywhere, region:<id>, municipality:<id> or organization:<id>")
    })
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
