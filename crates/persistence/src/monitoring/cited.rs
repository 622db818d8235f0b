//! The read models a report's citations are set against: the list decisions and roadmaps a
//! municipality holds, by number and date, and its own indicator observations.

use std::collections::HashMap;

use chrono::NaiveDate;
use opora_domain::StoreError;
use opora_domain::monitoring::ports::{HeldDocument, HeldObservation};
use opora_domain::schools::MunicipalityId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::Database;
use crate::entities::indicators::{indicator, observation};
use crate::entities::lists::decision;
use crate::entities::measures::roadmap;
use crate::errors::store_error;
use crate::stored::source_from;

/// List decisions (the latest version first) and current roadmaps of the municipality.
pub(super) async fn documents_held(
    db: &Database,
    municipality: MunicipalityId,
) -> Result<Vec<HeldDocument>, StoreError> {
    let decisions: Vec<(uuid::Uuid, Option<String>, Option<NaiveDate>)> = decision::Entity::find()
        .select_only()
        .columns([decision::Column::Id, decision::Column::Number, decision::Column::DecisionDate])
        .filter(decision::Column::MunicipalityId.eq(municipality.as_uuid()))
        .filter(decision::Column::WithdrawalReason.is_null())
        .order_by_desc(decision::Column::RecordedAt)
        .into_tuple()
        .all(db)
        .await
        .map_err(store_error)?;
    let roadmaps: Vec<(uuid::Uuid, Option<String>)> = roadmap::Entity::find()
        .select_only()
        .columns([roadmap::Column::Id, roadmap::Column::Approval])
        .filter(roadmap::Column::MunicipalityId.eq(municipality.as_uuid()))
        .filter(roadmap::Column::EndedAt.is_null())
        .order_by_desc(roadmap::Column::RecordedAt)
        .into_tuple()
        .all(db)
        .await
        .map_err(store_error)?;
    let mut held: Vec<HeldDocument> = decisions
        .into_iter()
        .map(|(id, number, date)| HeldDocument { entity: "list_decision", id, number, date })
        .collect();
    held.extend(roadmaps.into_iter().filter_map(|(id, approval)| {
        let approval = source_from(approval.as_deref())?;
        Some(HeldDocument { entity: "roadmap", id, number: approval.number, date: approval.date })
    }));
    Ok(held)
}

/// The municipality's own observations of periods starting within the years, with the name
/// and unit of the latest method of each indicator.
pub(super) async fn observations_held(
    db: &Database,
    municipality: MunicipalityId,
    from: i32,
    to: i32,
) -> Result<Vec<HeldObservation>, StoreError> {
    let (Some(first), Some(last)) = (NaiveDate::from_ymd_opt(from, 1, 1), NaiveDate::from_ymd_opt(to, 12, 31)) else {
        return Ok(Vec::new());
    };
    let rows: Vec<(String, String, NaiveDate, f64)> = observation::Entity::find()
        .select_only()
        .columns([
            observation::Column::IndicatorCode,
            observation::Column::PeriodKey,
            observation::Column::PeriodStart,
            observation::Column::Value,
        ])
        .filter(observation::Column::SubjectId.eq(municipality.as_uuid()))
        .filter(observation::Column::OrganizationId.is_null())
        .filter(observation::Column::PeriodStart.between(first, last))
        .into_tuple()
        .all(db)
        .await
        .map_err(store_error)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let codes: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let methods: Vec<(String, i32, String, String)> = indicator::Entity::find()
        .select_only()
        .columns([
            indicator::Column::Code,
            indicator::Column::Version,
            indicator::Column::Name,
            indicator::Column::Unit,
        ])
        .filter(indicator::Column::Code.is_in(codes))
        .order_by_asc(indicator::Column::Version)
        .into_tuple()
        .all(db)
        .await
        .map_err(store_error)?;
    let latest: HashMap<String, (String, String)> =
        methods.into_iter().map(|(code, _, name, unit)| (code, (name, unit))).collect();
    Ok(rows
        .into_iter()
        .filter_map(|(code, period, period_start, value)| {
            let (name, unit) = latest.get(&code)?.clone();
            Some(HeldObservation { indicator: code, name, unit, period, period_start, value })
        })
        .collect())
}
