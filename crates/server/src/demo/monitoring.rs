//! The demo's monitoring half: seed 003's campaign, the indicators seeds 000–002 report,
//! imported through the same paths as any request, and a watchlist rule set to start from.

use std::collections::HashMap;

use opora_domain::notes::SignatureDraft;

use opora_domain::Actor;
use opora_domain::factors::SourceDocument;
use opora_domain::indicators::IndicatorImport;
use opora_domain::monitoring::{CampaignDraft, ConclusionDraft, RecommendationDraft};
use opora_domain::schools::{MunicipalityId, OrganizationId};
use opora_domain::warning::RuleDraft;
use serde::Deserialize;

use crate::app::Services;

const CAMPAIGN_KHOTYNETSKY: &str = include_str!("../../demo/campaign-khotynetsky-2023.json");
const INDICATORS_TVER: &str = include_str!("../../demo/indicators-kalininsky-tver.tsv");
const INDICATORS_KUBAN: &str = include_str!("../../demo/indicators-kalininsky-kuban.tsv");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CampaignIn {
    municipality: String,
    title: String,
    order: OrderIn,
    scope: Vec<String>,
    period_from: i32,
    period_to: i32,
    report_date: chrono::NaiveDate,
    place: String,
    signatory: String,
    conclusions: Vec<ConclusionIn>,
    recommendations: Vec<RecommendationIn>,
}

#[derive(Deserialize)]
struct OrderIn {
    issuer: String,
    number: String,
    date: chrono::NaiveDate,
}

#[derive(Deserialize)]
struct ConclusionIn {
    number: String,
    level: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RecommendationIn {
    number: String,
    addressee_role: String,
    text: String,
}

fn rows(table: &str) -> Vec<Vec<String>> {
    table.lines().map(|l| l.split('\t').map(str::to_owned).collect()).collect()
}

pub(super) async fn load(
    services: &Services,
    actor: &Actor,
    municipalities: &HashMap<String, MunicipalityId>,
    organizations: &HashMap<String, OrganizationId>,
) -> Result<(), String> {
    let c: CampaignIn = serde_json::from_str(CAMPAIGN_KHOTYNETSKY).map_err(|e| e.to_string())?;
    let scope = c
        .scope
        .iter()
        .map(|name| organizations.get(name).copied().ok_or_else(|| format!("campaign: no organization {name}")))
        .collect::<Result<Vec<_>, _>>()?;
    let draft = CampaignDraft {
        municipality: municipalities[&c.municipality],
        title: c.title,
        order: Some(SourceDocument {
            issuer: Some(c.order.issuer),
            number: Some(c.order.number),
            date: Some(c.order.date),
            title: None,
        }),
        scope,
        period_from: c.period_from,
        period_to: c.period_to,
        roadmap: None,
        report_date: Some(c.report_date),
        place: Some(c.place),
        signatory: Some(c.signatory),
        conclusions: c
            .conclusions
            .into_iter()
            .map(|k| ConclusionDraft { number: k.number, level: k.level, text: k.text })
            .collect(),
        recommendations: c
            .recommendations
            .into_iter()
            .map(|r| RecommendationDraft {
                number: r.number,
                addressee_role: Some(r.addressee_role),
                addressees: Vec::new(),
                text: r.text,
                due_on: None,
                parameters: None,
            })
            .collect(),
        replaces: None,
    };
    services.monitoring.create_campaign(actor, draft).await.map_err(|e| format!("campaign: {e}"))?;
    for (key, table) in [("kalininsky-tver", INDICATORS_TVER), ("kalininsky-kuban", INDICATORS_KUBAN)] {
        let import = IndicatorImport {
            municipality: municipalities[key],
            rows: rows(table),
            first_row: 1,
            period: None,
            source: None,
            dry_run: false,
        };
        services.indicators.import(actor, import).await.map_err(|e| format!("{key} indicators: {e}"))?;
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
    services.warning.define(actor, rule).await.map_err(|e| format!("watchlist rule set: {e}"))?;
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
            .notes
            .set_signature(actor, municipalities[key], draft)
            .await
            .map_err(|e| format!("{key} signature: {e}"))?;
    }
    Ok(())
}
