//! The demo's monitoring half: seed 003's campaign, the indicators seeds 000–002 report,
//! imported through the same paths as any request, and a watchlist rule set to start from.

use std::collections::HashMap;

use opora_domain::notes::SignatureDraft;

use opora_domain::Actor;
use opora_domain::indicators::IndicatorImport;
use opora_domain::monitoring::ReportImport;
use opora_domain::schools::MunicipalityId;
use opora_domain::warning::RuleDraft;

use crate::app::Services;

/// Seed 003's report as a Word document, built from the demo's transcription by
/// `demo/build-monitoring-docx.py`: read through the same import as any uploaded report.
const REPORT_KHOTYNETSKY: &[u8] = include_bytes!("../../demo/monitoring-khotynetsky-2023.docx");
const INDICATORS_TVER: &str = include_str!("../../demo/indicators-kalininsky-tver.tsv");
const INDICATORS_KUBAN: &str = include_str!("../../demo/indicators-kalininsky-kuban.tsv");

fn rows(table: &str) -> Vec<Vec<String>> {
    table.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

pub(super) async fn load(
    services: &Services,
    actor: &Actor,
    municipalities: &HashMap<String, MunicipalityId>,
) -> Result<(), String> {
    let blocks = opora_api::imports::decode_blocks(
        REPORT_KHOTYNETSKY,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Default::default(),
    )
    .map_err(|e| format!("seed 003 report: {e}"))?;
    let import = ReportImport {
        municipality: municipalities["khotynetsky"],
        blocks,
        file_name: Some("monitoring-khotynetsky-2023.docx".into()),
        dry_run: false,
        replaces: None,
    };
    services.capabilities.monitoring.import_report(actor, import).await.map_err(|e| format!("seed 003 report: {e}"))?;
    for (key, table) in [("kalininsky-tver", INDICATORS_TVER), ("kalininsky-kuban", INDICATORS_KUBAN)] {
        let import = IndicatorImport {
            municipality: municipalities[key],
            rows: rows(table),
            first_row: 1,
            period: None,
            source: None,
            dry_run: false,
        };
        services.capabilities.indicators.import(actor, import).await.map_err(|e| format!("{key} indicators: {e}"))?;
    }
    // A watchlist needs a published rule set; the demo's is a starting point, not a method.
    let rule = RuleDraft {
        name: "Равные веса (демонстрация)".into(),
        source: "Один балл за каждый выявленный параметр риска и за каждый появившийся со времени прошлого аудита; \
                 отправная точка для настройки весов, а не методика"
            .into(),
        factor_weights: Vec::new(),
        default_weight: 1.0,
        trend_weight: 1.0,
        indicator_weights: Vec::new(),
        publish: true,
    };
    services.capabilities.warning.define(actor, rule).await.map_err(|e| format!("watchlist rule set: {e}"))?;
    // As the seeds' notes are approved and signed: seed 004 by the ИМЦ, seed 000 by the
    // department, seed 003 from Хотынец.
    let pair = |position: &str, name: &str| Some((position.to_owned(), name.to_owned()));
    let signatures = [
        (
            "seversky",
            SignatureDraft {
                approval: pair("Руководитель МКУ МО Северский район «ИМЦ»", "Ганина Е.В."),
                ..SignatureDraft::default()
            },
        ),
        (
            "kalininsky-tver",
            SignatureDraft {
                signer: pair("И.о. начальника управления образования", "Т.А. Годунова"),
                ..SignatureDraft::default()
            },
        ),
        ("khotynetsky", SignatureDraft { place: Some("пгт. Хотынец".into()), ..SignatureDraft::default() }),
    ];
    for (key, draft) in signatures {
        services
            .capabilities
            .notes
            .set_signature(actor, municipalities[key], draft)
            .await
            .map_err(|e| format!("{key} signature: {e}"))?;
    }
    Ok(())
}
