//! Conversions of campaign and recommendation rows.

use opora_domain::StoreError;
use opora_domain::factors::CodeExpr;
use opora_domain::monitoring::{
    Addressee, Campaign, CampaignId, Conclusion, ConclusionLevel, MeasureLink, Recommendation, RecommendationId,
    RecommendationStatus,
};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

use crate::entities::monitoring::{campaign, recommendation};
use crate::factors::rows::{source_from, source_json};
use crate::measures::rows::fingerprint_key;
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

pub(super) fn campaign_row(c: &Campaign) -> campaign::ActiveModel {
    let conclusions: Vec<Value> =
        c.conclusions.iter().map(|k| json!({ "number": k.number, "level": k.level.code(), "text": k.text })).collect();
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
        signatory: Set(c.signatory.clone()),
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
            Some(Conclusion {
                number: v["number"].as_str()?.to_owned(),
                level: ConclusionLevel::from_code(v["level"].as_str()?)?,
                text: v["text"].as_str()?.to_owned(),
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad("conclusion"))?;
    Ok(Campaign {
        id: CampaignId::from_uuid(row.id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        order: source_from(row.order_document.as_deref()),
        scope: ids_from(&row.scope).ok_or_else(|| bad("scope"))?,
        period_from: row.period_from,
        period_to: row.period_to,
        roadmap_id: row.roadmap_id,
        report_date: row.report_date,
        place: row.place,
        signatory: row.signatory,
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
        parameters_text: row.parameters,
        parameters,
        measure,
        updated_at: row.updated_at,
        number: row.number,
        text: row.text,
    })
}
