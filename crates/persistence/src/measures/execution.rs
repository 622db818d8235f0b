//! Execution reports: every revision is a row, keyed by occurrence, subject and revision.

use opora_domain::measures::{ExecutionReport, ExecutionStatus, Occurrence, RoadmapId, YearMonth};
use opora_domain::schools::{MunicipalityId, OrganizationId, RegionId};
use opora_domain::{Page, PageRequest, StoreError};
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use crate::entities::measures::execution_report as report;
use crate::errors::store_error;

fn subject_key(organization: Option<OrganizationId>) -> String {
    organization.map(|o| o.to_string()).unwrap_or_default()
}

pub(super) fn report_row(r: &ExecutionReport) -> report::ActiveModel {
    report::ActiveModel {
        id: Set(r.id),
        roadmap_id: Set(r.roadmap_id.as_uuid()),
        region_id: Set(r.region_id.as_uuid()),
        municipality_id: Set(r.municipality_id.as_uuid()),
        position: Set(i32::from(r.position)),
        occurrence: Set(r.occurrence.key()),
        organization_id: Set(r.organization_id.map(|o| o.as_uuid())),
        subject_key: Set(subject_key(r.organization_id)),
        revision: Set(i32::try_from(r.revision).unwrap_or(i32::MAX)),
        current: Set(r.current),
        status: Set(r.status.code().to_owned()),
        held_on: Set(r.held_on),
        postponed_to: Set(r.postponed_to.map(|m| m.to_string())),
        participants: Set(r.participants.and_then(|n| i32::try_from(n).ok())),
        participant_organizations: Set(json!(
            r.participant_organizations.iter().map(|o| o.as_uuid()).collect::<Vec<_>>()
        )
        .to_string()),
        evidence: Set(r.evidence.clone()),
        link: Set(r.link.clone()),
        reporter: Set(r.reporter.clone()),
        note: Set(r.note.clone()),
        recorded_at: Set(r.recorded_at),
    }
}

pub(super) fn report_from_row(row: report::Model) -> Result<ExecutionReport, StoreError> {
    let bad = |what: &str| StoreError::Internal(format!("execution_reports row {} holds an invalid {what}", row.id));
    let organizations: Vec<uuid::Uuid> =
        serde_json::from_str(&row.participant_organizations).map_err(|_| bad("participant list"))?;
    Ok(ExecutionReport {
        id: row.id,
        roadmap_id: RoadmapId::from_uuid(row.roadmap_id),
        region_id: RegionId::from_uuid(row.region_id),
        municipality_id: MunicipalityId::from_uuid(row.municipality_id),
        position: u16::try_from(row.position).map_err(|_| bad("position"))?,
        occurrence: Occurrence::parse(&row.occurrence).ok_or_else(|| bad("occurrence"))?,
        organization_id: row.organization_id.map(OrganizationId::from_uuid),
        revision: u32::try_from(row.revision).map_err(|_| bad("revision"))?,
        current: row.current,
        status: ExecutionStatus::from_code(&row.status).ok_or_else(|| bad("status"))?,
        held_on: row.held_on,
        postponed_to: match row.postponed_to.as_deref() {
            None => None,
            Some(m) => Some(YearMonth::parse(m).ok_or_else(|| bad("month"))?),
        },
        participants: row.participants.and_then(|n| u32::try_from(n).ok()),
        participant_organizations: organizations.into_iter().map(OrganizationId::from_uuid).collect(),
        evidence: row.evidence,
        link: row.link,
        reporter: row.reporter,
        note: row.note,
        recorded_at: row.recorded_at,
    })
}

/// The reports on the same occurrence and subject as `r`.
fn same_occurrence(r: &ExecutionReport) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(report::Column::RoadmapId.eq(r.roadmap_id.as_uuid()))
        .add(report::Column::Position.eq(i32::from(r.position)))
        .add(report::Column::Occurrence.eq(r.occurrence.key()))
        .add(report::Column::SubjectKey.eq(subject_key(r.organization_id)))
}

pub(super) async fn latest_revision(db: &impl ConnectionTrait, r: &ExecutionReport) -> Result<u32, StoreError> {
    let latest: Option<i32> = report::Entity::find()
        .select_only()
        .column(report::Column::Revision)
        .filter(same_occurrence(r))
        .order_by_desc(report::Column::Revision)
        .into_tuple()
        .one(db)
        .await
        .map_err(store_error)?;
    Ok(latest.and_then(|n| u32::try_from(n).ok()).unwrap_or(0))
}

pub(super) async fn reports(
    db: &impl ConnectionTrait,
    roadmaps: &[RoadmapId],
) -> Result<Vec<ExecutionReport>, StoreError> {
    if roadmaps.is_empty() {
        return Ok(Vec::new());
    }
    report::Entity::find()
        .filter(report::Column::RoadmapId.is_in(roadmaps.iter().map(|r| r.as_uuid())))
        .filter(report::Column::Current.eq(true))
        .order_by_asc(report::Column::Id)
        .all(db)
        .await
        .map_err(store_error)?
        .into_iter()
        .map(report_from_row)
        .collect()
}

pub(super) async fn history(
    db: &impl ConnectionTrait,
    roadmap: RoadmapId,
    page: PageRequest,
) -> Result<Page<ExecutionReport>, StoreError> {
    let mut query = report::Entity::find()
        .filter(report::Column::RoadmapId.eq(roadmap.as_uuid()))
        .order_by_asc(report::Column::Id)
        .limit(u64::from(page.limit()) + 1);
    if let Some(after) = page.after() {
        query = query.filter(report::Column::Id.gt(after));
    }
    let rows = query.all(db).await.map_err(store_error)?;
    let items = rows.into_iter().map(report_from_row).collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(items, page.limit(), |r| r.id))
}

/// Stores a revision and clears `current` on the ones before it, inside the caller's transaction.
pub(super) async fn insert(db: &impl ConnectionTrait, r: &ExecutionReport) -> Result<(), StoreError> {
    report::Entity::update_many()
        .col_expr(report::Column::Current, sea_orm::sea_query::Expr::value(false))
        .filter(same_occurrence(r))
        .filter(report::Column::Current.eq(true))
        .exec(db)
        .await
        .map_err(store_error)?;
    report::Entity::insert(report_row(r)).exec_without_returning(db).await.map_err(store_error)?;
    Ok(())
}
