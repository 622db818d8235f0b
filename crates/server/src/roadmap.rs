//! `opora import roadmap FILE`: the roadmap import of `POST /api/v1/imports/roadmap`, from a
//! file on this host, through the same decoder and service.

use std::path::PathBuf;

use opora_domain::Actor;
use opora_domain::measures::{Period, RoadmapImport, is_roadmap_table};
use opora_domain::schools::{MunicipalityId, OrganizationId};

use crate::Settings;

/// What the command was asked.
#[derive(Debug, clap::Args)]
pub struct RoadmapArgs {
    /// A DOCX, XLSX, CSV or TSV file (by its extension)
    pub file: PathBuf,
    /// The municipality's id
    #[arg(long)]
    pub municipality: String,
    /// The roadmap's years, as 2023-2024 (or 2023), or one school year as 2024/2025
    #[arg(long)]
    pub period: String,
    /// The id of the audit it answers
    #[arg(long)]
    pub audit: Option<String>,
    /// The id of the body or school that keeps it
    #[arg(long)]
    pub owner: Option<String>,
    /// The text encoding of a TSV or CSV file: utf-8 or windows-1251
    #[arg(long, default_value = "utf-8")]
    pub encoding: String,
    /// Check and report without writing
    #[arg(long)]
    pub dry_run: bool,
}

fn id(flag: &str, text: &str) -> Result<uuid::Uuid, String> {
    text.parse().map_err(|_| format!("--{flag}: '{text}' is not an id"))
}

/// Reads the file, imports it and prints what happened; errors name their row and column.
pub async fn import(settings: &Settings, args: RoadmapArgs) -> Result<(), String> {
    let (from, to) = args.period.split_once('-').unwrap_or((&args.period, &args.period));
    let year =
        |y: &str| y.trim().parse::<i32>().map_err(|_| format!("--period: '{}' is not like 2023-2024", args.period));
    // «2024/2025» is one school year; «2023-2024» two calendar years.
    let period = match args.period.split_once('/') {
        Some((from, to)) => {
            let first = year(from)?;
            let second = year(to)?;
            if second != first + 1 && second != (first + 1) % 100 {
                return Err(format!("--period: '{}' is not one school year like 2024/2025", args.period));
            }
            Period::school_year(first)
        }
        None => Period::new(year(from)?, year(to)?),
    }
    .map_err(|e| format!("--period: {e}"))?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let extension = args.file.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    let content_type = match extension.as_str() {
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned(),
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
        "csv" => format!("text/csv; charset={}", args.encoding),
        _ => format!("text/tab-separated-values; charset={}", args.encoding),
    };
    let tables = opora_api::imports::decode_document(&bytes, &content_type, Default::default())
        .map_err(|e| format!("{}: {e}", args.file.display()))?;
    let position = tables.iter().position(|t| is_roadmap_table(&t.rows)).unwrap_or(0);
    let table = tables.into_iter().nth(position).unwrap_or_default();
    let import = RoadmapImport {
        municipality: MunicipalityId::from_uuid(id("municipality", &args.municipality)?),
        owner: args.owner.as_deref().map(|o| id("owner", o).map(OrganizationId::from_uuid)).transpose()?,
        programme: None,
        audit: args.audit.as_deref().map(|a| id("audit", a)).transpose()?,
        title: None,
        period,
        approval: None,
        preamble: table.preamble,
        file_name: args.file.file_name().and_then(|n| n.to_str()).map(str::to_owned),
        rows: table.rows,
        first_row: 1,
        dry_run: args.dry_run,
        replaces: None,
    };
    let services = crate::services(settings).await.map_err(|e| e.to_string())?;
    match services.capabilities.measures.import_roadmap(&Actor::system(), import).await {
        Ok(report) => {
            crate::report::print_warnings(&report.warnings);
            println!(
                "{:?}: roadmap {} with {} measures",
                report.outcome,
                report.roadmap.id,
                report.roadmap.measures.len()
            );
            Ok(())
        }
        Err(error) => Err(crate::report::failure(error)),
    }
}
