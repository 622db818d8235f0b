//! Conversions of campaign and recommendation rows.

use opora_domain::StoreError;
use opora_domain::core::document::SourceDocument;
use opora_domain::core::schedule::ScheduleKind;
use opora_domain::factors::CodeExpr;
use opora_domain::monitoring::{
    Addressee, Campaign, CampaignId, CitationRole, CitedDocument, CitedFigure, Conclusion, ConclusionLevel,
    DocumentLink, FigureAgreement, MeasureLink, Recommendation, RecommendationId, RecommendationStatus, Signatory,
    Window, Wording,
};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

use crate::entities::monitoring::{campaign, recommendation};
use crate::stored::fingerprint_key;
use crate::stored::{source_from, source_from_value, source_json, source_value};
use opora_domain::core::version::Lineage;

fn corrupt(table: &str, id: uuid::Uuid, what: &str) -> StoreError {
    StoreError::Internal(format!("{table} row {id} holds an invalid {what}"))
}

fn ids_json(ids: &[OrganizationId]) -> String {
    json!(ids.iter().map(|o| o.as_uuid()).collect::<Vec<_>>()).to_string()
}

fn ids_from(text: &str) -> Option<Vec<OrganizationId>> {
    let ids: Vec<uuid::Uuid> = serde_json::from_str(text).ok()?;
    Some(ids.into_iter().map(OrganizationId::from_uuid).collect())
}

/// What a report states beyond the campaign's columns.
fn details_json(c: &Campaign) -> String {
    let cited: Vec<Value> = c
        .cited_documents
        .iter()
        .map(|d| {
            json!({
                "kind": d.kind, "role": d.role.code(), "document": source_value(&d.document), "paragraph": d.paragraph,
                "link": d.link.as_ref().map(|l| json!({ "entity": l.entity, "id": l.id })),
            })
        })
        .collect();
    let figures: Vec<Value> = c
        .cited_figures
        .iter()
        .map(|f| {
            json!({
                "text": f.text, "value": f.value, "unit": f.unit, "sentence": f.sentence, "paragraph": f.paragraph,
                "agreement": f.agreement.as_ref().map(|a| json!({
                    "indicator": a.indicator, "indicatorName": a.indicator_name, "period": a.period,
                    "observed": a.observed, "agrees": a.agrees,
                })),
            })
        })
        .collect();
    json!({
        "signatoryPosition": c.signatory.as_ref().and_then(|s| s.position.clone()),
        "window": c.window.map(|w| json!({ "from": w.from, "to": w.to })),
        "academicYear": c.academic_year,
        "plan": c.plan.as_ref().map(source_value),
        "cited": cited,
        "figures": figures,
        "wording": c.wording.code(),
    })
    .to_string()
}

struct Details {
    position: Option<String>,
    window: Option<Window>,
    academic_year: Option<i32>,
    plan: Option<SourceDocument>,
    cited: Vec<CitedDocument>,
    figures: Vec<CitedFigure>,
    wording: Wording,
}

fn details_from(text: Option<&str>) -> Option<Details> {
    let Some(text) = text else {
        return Some(Details {
            position: None,
            window: None,
            academic_year: None,
            plan: None,
            cited: Vec::new(),
            figures: Vec::new(),
            wording: Wording::Verbatim,
        });
    };
    let v: Value = serde_json::from_str(text).ok()?;
    let date = |w: &Value, k: &str| w[k].as_str().and_then(|d| d.parse().ok());
    let paragraph = |x: &Value| x["paragraph"].as_u64().and_then(|p| u32::try_from(p).ok());
    let window = match &v["window"] {
        Value::Null => None,
        w => Some(Window { from: date(w, "from")?, to: date(w, "to")? }),
    };
    let cited = v["cited"]
        .as_array()?
        .iter()
        .map(|d| {
            let link = match &d["link"] {
                Value::Null => None,
                l => Some(DocumentLink {
                    entity: match l["entity"].as_str()? {
                        "list_decision" => "list_decision",
                        "roadmap" => "roadmap",
                        _ => return None,
                    },
                    id: l["id"].as_str()?.parse().ok()?,
                }),
            };
            Some(CitedDocument {
                kind: d["kind"].as_str()?.to_owned(),
                role: CitationRole::from_code(d["role"].as_str()?)?,
                document: source_from_value(&d["document"]),
                paragraph: paragraph(d),
                link,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let figures = v["figures"]
        .as_array()?
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().map(str::to_owned);
            let agreement = match &f["agreement"] {
                Value::Null => None,
                a => Some(FigureAgreement {
                    indicator: a["indicator"].as_str()?.to_owned(),
                    indicator_name: a["indicatorName"].as_str()?.to_owned(),
                    period: a["period"].as_str()?.to_owned(),
                    observed: a["observed"].as_str()?.to_owned(),
                    agrees: a["agrees"].as_bool()?,
                }),
            };
            Some(CitedFigure {
                text: text("text")?,
                value: text("value")?,
                unit: text("unit")?,
                sentence: text("sentence")?,
                paragraph: paragraph(f),
                agreement,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Details {
        position: v["signatoryPosition"].as_str().map(str::to_owned),
        window,
        academic_year: v["academicYear"].as_i64().and_then(|y| i32::try_from(y).ok()),
        plan: match &v["plan"] {
            Value::Null => None,
            p => Some(source_from_value(p)),
        },
        cited,
        figures,
        wording: Wording::from_code(v["wording"].as_str()?)?,
    })
}

pub(super) fn campaign_row(c: &Campaign) -> campaign::ActiveModel {
    let conclusions: Vec<Value> = c
        .conclusions
        .iter()
        .map(
            |k| json!({ "number": k.number, "level": k.level.code(), "text": k.text, "parameters": k.parameters_text }),
        )
        .collect();
    campaign::ActiveModel {
        id: Set(c.id.as_uuid()),
        region_id: Set(c.region_id.as_uuid()),
        municipality_id: Set(c.municipality_id.as_uuid()),
        title: Set(c.title.clone()),
        order_document: Set(source_json(c.order.as_ref())),
        scope: Set(ids_json(&c.scope)),
        period_from: Set(c.period_from),
        period_to: Set(c.period_to),
        roadmap_id: Set(c.roadmap_id),
        report_date: Set(c.report_date),
        place: Set(c.place.clone()),
        signatory: Set(c.signatory.as_ref().and_then(|s| s.name.clone())),
        report_details: Set(Some(details_json(c))),
        conclusions: Set(Value::Array(conclusions).to_string()),
        recorded_at: Set(c.recorded_at),
        document_key: Set(c.is_current().then(|| fingerprint_key(&c.document_key()))),
        supersedes: Set(c.lineage.supersedes.map(|s| s.as_uuid())),
        ended_at: Set(c.lineage.ended_at),
        withdrawal_reason: Set(c.lineage.withdrawal.clone()),
    }
}

pub(super) fn campaign_from_row(
    row: campaign::Model,
    recommendations: Vec<recommendation::Model>,
) -> Result<Campaign, StoreError> {
    let bad = |what: &str| corrupt("monitoring_campaigns", row.id, what);
    let values: Vec<Value> = serde_json::from_str(&row.conclusions).map_err(|_| bad("conclusions"))?;
    let conclusions = values
        .iter()
        .map(|v| {
            let parameters_text = v["parameters"].as_str().map(str::to_owned);
            let parameters = match &parameters_text {
                Some(t) => Some(CodeExpr::parse(t).ok()?.0),
                None => None,
            };
            Some(Conclusion {
                number: v["number"].as_str()?.to_owned(),
                level: ConclusionLevel::from_code(v["level"].as_str()?)?,
                text: v["text"].as_str()?.to_owned(),
                parameters_text,
                parameters,
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad("conclusion"))?;
    let details = details_from(row.report_details.as_deref()).ok_or_else(|| bad("report details"))?;
    let signatory = (row.signatory.is_some() || details.position.is_some())
        .then(|| Signatory { position: details.position, name: row.signatory.clone() });
    Ok(Campaign {
        id: CampaignId::from_uuid(row.id),
        signatory,
        window: details.window,
        academic_year: details.academic_year,
        plan: details.plan,
        cited_documents: details.cited,
        cited_figures: details.figures,
        wording: details.wording,
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        order: source_from(row.order_document.as_deref()),
        scope: ids_from(&row.scope).ok_or_else(|| bad("scope"))?,
        period_from: row.period_from,
        period_to: row.period_to,
        roadmap_id: row.roadmap_id,
        report_date: row.report_date,
        place: row.place,
        conclusions,
        recommendations: recommendations.into_iter().map(recommendation_from_row).collect::<Result<_, _>>()?,
        recorded_at: row.recorded_at,
        title: row.title,
        lineage: Lineage {
            supersedes: row.supersedes.map(CampaignId::from_uuid),
            superseded_by: None,
            ended_at: row.ended_at,
            withdrawal: row.withdrawal_reason,
        },
    })
}

pub(super) fn recommendation_row(c: &Campaign, r: &Recommendation) -> recommendation::ActiveModel {
    recommendation::ActiveModel {
        id: Set(r.id.as_uuid()),
        campaign_id: Set(c.id.as_uuid()),
        region_id: Set(c.region_id.as_uuid()),
        municipality_id: Set(c.municipality_id.as_uuid()),
        position: Set(i32::from(r.position)),
        number: Set(r.number.clone()),
        addressee_role: Set(r.addressee.role.clone()),
        addressee_organizations: Set(ids_json(&r.addressee.organizations)),
        text: Set(r.text.clone()),
        due_on: Set(r.due_on),
        due_text: Set(r.due_text.clone()),
        due_kind: Set(r.due_kind.map(|k| k.code().to_owned())),
        parameters: Set(r.parameters_text.clone()),
        status: Set(r.status.code().to_owned()),
        measure_roadmap_id: Set(r.measure.map(|m| m.roadmap_id)),
        measure_position: Set(r.measure.map(|m| i32::from(m.position))),
        updated_at: Set(r.updated_at),
    }
}

pub(super) fn recommendation_from_row(row: recommendation::Model) -> Result<Recommendation, StoreError> {
    let bad = |what: &str| corrupt("recommendations", row.id, what);
    let parameters = match &row.parameters {
        None => None,
        Some(text) => Some(CodeExpr::parse(text).map_err(|_| bad("parameters"))?.0),
    };
    let measure = match (row.measure_roadmap_id, row.measure_position) {
        (Some(roadmap_id), Some(position)) => {
            Some(MeasureLink { roadmap_id, position: u16::try_from(position).map_err(|_| bad("measure"))? })
        }
        _ => None,
    };
    Ok(Recommendation {
        id: RecommendationId::from_uuid(row.id),
        campaign_id: CampaignId::from_uuid(row.campaign_id),
        position: u16::try_from(row.position).map_err(|_| bad("position"))?,
        addressee: Addressee {
            role: row.addressee_role,
            organizations: ids_from(&row.addressee_organizations).ok_or_else(|| bad("addressees"))?,
        },
        status: RecommendationStatus::from_code(&row.status).ok_or_else(|| bad("status"))?,
        due_on: row.due_on,
        due_kind: match &row.due_kind {
            None => None,
            Some(k) => Some(ScheduleKind::from_code(k).ok_or_else(|| bad("due kind"))?),
        },
        due_text: row.due_text,
        parameters_text: row.parameters,
        parameters,
        measure,
        updated_at: row.updated_at,
        number: row.number,
        text: row.text,
    })
}
