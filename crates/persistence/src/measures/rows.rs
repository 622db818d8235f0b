//! Conversions of programme, roadmap and measure rows. Targets, schedules and audiences are read
//! again from the text stored as written; a stored text that no longer reads is corrupt data.

use opora_domain::StoreError;
use opora_domain::factors::CodeExpr;
use opora_domain::measures::{
    Measure, Party, Period, Programme, ProgrammeId, ProgrammeStatus, Reach, Roadmap, RoadmapId, Schedule, TitleSource,
    Versioning, form_key,
};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use sea_orm::ActiveValue::Set;
use serde_json::{Value, json};

use crate::entities::measures::{measure, programme, roadmap};
use crate::stored::{fingerprint_key, source_from, source_json};

fn corrupt(table: &str, id: uuid::Uuid, what: &str) -> StoreError {
    StoreError::Internal(format!("{table} row {id} holds an invalid {what}"))
}

pub(super) fn programme_row(p: &Programme) -> programme::ActiveModel {
    programme::ActiveModel {
        id: Set(p.id.as_uuid()),
        region_id: Set(p.region_id.as_uuid()),
        municipality_id: Set(p.municipality_id.as_uuid()),
        owner_id: Set(p.owner_id.map(|o| o.as_uuid())),
        title: Set(p.title.clone()),
        period_from: Set(p.period.from()),
        period_to: Set(p.period.to()),
        goal: Set(p.goal.clone()),
        tasks: Set(json!(p.tasks).to_string()),
        approval: Set(source_json(p.approval.as_ref())),
        status: Set(p.status.map(|s| s.code().to_owned())),
        supersedes: Set(p.supersedes.map(|s| s.as_uuid())),
        recorded_at: Set(p.recorded_at),
    }
}

pub(super) fn programme_from_row(
    row: programme::Model,
    superseded_by: Option<uuid::Uuid>,
) -> Result<Programme, StoreError> {
    let bad = |what: &str| corrupt("programmes", row.id, what);
    let tasks: Vec<String> = serde_json::from_str(&row.tasks).map_err(|_| bad("tasks"))?;
    Ok(Programme {
        id: ProgrammeId::from_uuid(row.id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        owner_id: row.owner_id.map(OrganizationId::from_uuid),
        period: Period::new(row.period_from, row.period_to).map_err(|_| bad("period"))?,
        goal: row.goal.clone(),
        tasks,
        approval: source_from(row.approval.as_deref()),
        status: match row.status.as_deref() {
            None => None,
            Some(code) => Some(ProgrammeStatus::from_code(code).ok_or_else(|| bad("status"))?),
        },
        supersedes: row.supersedes.map(ProgrammeId::from_uuid),
        superseded_by: superseded_by.map(ProgrammeId::from_uuid),
        recorded_at: row.recorded_at,
        title: row.title,
    })
}

pub(super) fn roadmap_row(r: &Roadmap) -> roadmap::ActiveModel {
    roadmap::ActiveModel {
        id: Set(r.id.as_uuid()),
        region_id: Set(r.region_id.as_uuid()),
        municipality_id: Set(r.municipality_id.as_uuid()),
        owner_id: Set(r.owner_id.map(|o| o.as_uuid())),
        programme_id: Set(r.programme_id.map(|p| p.as_uuid())),
        title: Set(r.title.clone()),
        period_from: Set(r.period.from()),
        period_to: Set(r.period.to()),
        approval: Set(source_json(r.approval.as_ref())),
        audit_id: Set(r.audit_id),
        catalogue_id: Set(r.catalogue_id),
        fingerprint: Set(fingerprint_key(&r.fingerprint())),
        recorded_at: Set(r.recorded_at),
        school_year: Set(r.period.is_school_year()),
        title_source: Set(r.title_source.map(|s| s.code().to_owned())),
        document_key: Set(r.is_current().then(|| fingerprint_key(&r.document_key()))),
        supersedes: Set(r.versioning.supersedes.map(|s| s.as_uuid())),
        ended_at: Set(r.versioning.ended_at),
        withdrawal_reason: Set(r.versioning.withdrawal.clone()),
    }
}

fn parties_json(parties: &[Party]) -> String {
    Value::Array(
        parties
            .iter()
            .map(|p| match p {
                Party::Organization(id) => json!({ "organizationId": id.as_uuid() }),
                Party::Schools => json!({ "schools": true }),
                Party::Named(name) => json!({ "name": name }),
            })
            .collect(),
    )
    .to_string()
}

fn parties_from(text: &str) -> Option<Vec<Party>> {
    let values: Vec<Value> = serde_json::from_str(text).ok()?;
    values
        .into_iter()
        .map(|v| {
            if let Some(id) = v["organizationId"].as_str() {
                id.parse().ok().map(|id| Party::Organization(OrganizationId::from_uuid(id)))
            } else if v["schools"].as_bool() == Some(true) {
                Some(Party::Schools)
            } else {
                v["name"].as_str().map(|n| Party::Named(n.to_owned()))
            }
        })
        .collect()
}

pub(super) fn measure_row(roadmap: RoadmapId, m: &Measure) -> measure::ActiveModel {
    measure::ActiveModel {
        roadmap_id: Set(roadmap.as_uuid()),
        position: Set(i32::from(m.position)),
        number: Set(m.number.clone()),
        direction: Set(m.direction.clone()),
        title: Set(m.title.clone()),
        form: Set(m.form.clone()),
        form_key: Set(m.form.as_deref().map(form_key)),
        targets: Set(m.targets_text.clone()),
        audience: Set(m.audience.clone()),
        venues_text: Set(m.venues_text.clone()),
        venues: Set(parties_json(&m.venues)),
        schedule: Set(m.schedule.as_ref().map(|s| s.text().to_owned())),
        responsible_text: Set(m.responsible_text.clone()),
        responsible: Set(parties_json(&m.responsible)),
        reach: Set(match &m.reach {
            Reach::Territory => None,
            Reach::Organizations(list) => Some(json!(list.iter().map(|o| o.as_uuid()).collect::<Vec<_>>()).to_string()),
        }),
        source_rows: Set(json!(m.source_rows).to_string()),
    }
}

pub(super) fn measure_from_row(row: measure::Model, period: Period) -> Result<Measure, StoreError> {
    let bad = |what: &str| corrupt("measures", row.roadmap_id, what);
    // Codes and schedules are stored as written and read again: what did not read at the
    // import (kept with a warning) reads as nothing now, as it did then.
    let targets = row.targets.as_deref().and_then(|text| CodeExpr::parse(text).ok()).map(|(expr, _)| expr);
    let schedule = row.schedule.as_deref().and_then(|text| Schedule::parse(text, period).ok()).map(|(s, _)| s);
    let reach = match &row.reach {
        None => Reach::Territory,
        Some(text) => {
            let ids: Vec<uuid::Uuid> = serde_json::from_str(text).map_err(|_| bad("reach"))?;
            Reach::Organizations(ids.into_iter().map(OrganizationId::from_uuid).collect())
        }
    };
    Ok(Measure {
        position: u16::try_from(row.position).map_err(|_| bad("position"))?,
        venues: parties_from(&row.venues).ok_or_else(|| bad("venues"))?,
        responsible: parties_from(&row.responsible).ok_or_else(|| bad("responsible"))?,
        source_rows: serde_json::from_str(&row.source_rows).map_err(|_| bad("source rows"))?,
        targets,
        schedule,
        reach,
        number: row.number,
        direction: row.direction,
        title: row.title,
        form: row.form,
        targets_text: row.targets,
        audience: row.audience,
        venues_text: row.venues_text,
        responsible_text: row.responsible_text,
    })
}

pub(super) fn roadmap_from_row(row: roadmap::Model, measures: Vec<measure::Model>) -> Result<Roadmap, StoreError> {
    let period = if row.school_year {
        Period::school_year(row.period_from).ok().filter(|p| p.to() == row.period_to)
    } else {
        Period::new(row.period_from, row.period_to).ok()
    }
    .ok_or_else(|| corrupt("roadmaps", row.id, "period"))?;
    // Roadmaps imported before titles were traced say nothing of theirs.
    let title_source = match row.title_source.as_deref() {
        None => None,
        Some(code) => Some(TitleSource::from_code(code).ok_or_else(|| corrupt("roadmaps", row.id, "title source"))?),
    };
    Ok(Roadmap {
        title_source,
        id: RoadmapId::from_uuid(row.id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        owner_id: row.owner_id.map(OrganizationId::from_uuid),
        programme_id: row.programme_id.map(ProgrammeId::from_uuid),
        title: row.title,
        period,
        approval: source_from(row.approval.as_deref()),
        audit_id: row.audit_id,
        catalogue_id: row.catalogue_id,
        measures: measures.into_iter().map(|m| measure_from_row(m, period)).collect::<Result<_, _>>()?,
        recorded_at: row.recorded_at,
        versioning: Versioning {
            supersedes: row.supersedes.map(RoadmapId::from_uuid),
            superseded_by: None,
            ended_at: row.ended_at,
            withdrawal: row.withdrawal_reason,
        },
    })
}
