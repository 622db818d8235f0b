//! `opora import monitoring FILE`: the report import of `POST /api/v1/imports/monitoring`, from
//! a Word document on this host, through the same decoder and service.

use std::path::PathBuf;

use opora_domain::Actor;
use opora_domain::monitoring::ReportImport;
use opora_domain::schools::MunicipalityId;

use crate::Settings;

/// What the command was asked.
#[derive(Debug, clap::Args)]
pub struct MonitoringArgs {
    /// The report as a Word document (DOCX)
    pub file: PathBuf,
    /// The municipality's id
    #[arg(long)]
    pub municipality: String,
    /// Read and report without recording
    #[arg(long)]
    pub dry_run: bool,
}

/// Reads the report, imports it and prints what was read; every doubt names its paragraph.
pub async fn import(settings: &Settings, args: MonitoringArgs) -> Result<(), String> {
    let municipality: uuid::Uuid =
        args.municipality.parse().map_err(|_| format!("--municipality: '{}' is not an id", args.municipality))?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("cannot read {}: {e}", args.file.display()))?;
    let blocks = opora_api::imports::decode_blocks(
        &bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Default::default(),
    )
    .map_err(|e| format!("{}: {e}", args.file.display()))?;
    let import = ReportImport {
        municipality: MunicipalityId::from_uuid(municipality),
        blocks,
        file_name: args.file.file_name().and_then(|n| n.to_str()).map(str::to_owned),
        dry_run: args.dry_run,
        replaces: None,
    };
    let services = crate::services(settings).await.map_err(|e| e.to_string())?;
    match services.capabilities.monitoring.import_report(&Actor::system(), import).await {
        Ok(report) => {
            crate::report::print_warnings(&report.warnings);
            let c = &report.campaign;
            println!(
                "{}: campaign {} with {} conclusions and {} recommendations",
                if report.recorded { "Imported" } else { "Checked" },
                c.id,
                c.conclusions.len(),
                c.recommendations.len()
            );
            Ok(())
        }
        Err(error) => Err(crate::report::failure(error)),
    }
}
