//! `opora import indicators FILE`: the indicator import of `POST /api/v1/imports/indicators`,
//! from a file on this host, through the same decoder and service.

use std::path::PathBuf;

use opora_domain::Actor;
use opora_domain::indicators::IndicatorImport;
use opora_domain::schools::MunicipalityId;

use crate::Settings;

/// What the command was asked.
#[derive(Debug, clap::Args)]
pub struct IndicatorsArgs {
    /// An XLSX, CSV or TSV file (by its extension), in long or wide form
    pub file: PathBuf,
    /// The municipality's id
    #[arg(long)]
    pub municipality: String,
    /// The period of a table without a «Период» column: 2019/20, 2023 or 29.12.2023
    #[arg(long)]
    pub period: Option<String>,
    /// The text encoding of a TSV or CSV file: utf-8 or windows-1251
    #[arg(long, default_value = "utf-8")]
    pub encoding: String,
    /// Check and report without writing
    #[arg(long)]
    pub dry_run: bool,
}

/// Reads the file, imports it and prints what happened; errors name their row and column.
pub async fn import(settings: &Settings, args: IndicatorsArgs) -> Result<(), String> {
    let municipality: uuid::Uuid =
        args.municipality.parse().map_err(|_| format!("--municipality: '{}' is not an id", args.municipality))?;
    let rows = crate::report::read_table(&args.file, &args.encoding)?;
    let import = IndicatorImport {
        municipality: MunicipalityId::from_uuid(municipality),
        rows,
        first_row: 1,
        period: args.period,
        source: None,
        dry_run: args.dry_run,
    };
    let services = crate::services(settings).await.map_err(|e| e.to_string())?;
    match services.capabilities.indicators.import(&Actor::system(), import).await {
        Ok(report) => {
            crate::report::print_warnings(&report.warnings);
            let codes: Vec<String> = report.indicators.iter().map(ToString::to_string).collect();
            println!(
                "{}: {} observations of {} organizations ({})",
                if report.import_id.is_some() { "Imported" } else { "Checked" },
                report.observations,
                report.organizations,
                codes.join(", ")
            );
            Ok(())
        }
        Err(error) => Err(crate::report::failure(error)),
    }
}
