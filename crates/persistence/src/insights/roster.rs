//! A municipality's organizations with their ШНОР years and their latest audit: two statements,
//! whatever the number of schools.

use std::collections::HashMap;

use chrono::NaiveDate;
use opora_domain::StoreError;
use opora_domain::factors::AuditId;
use opora_domain::insights::{RosterAudit, RosterRow};
use opora_domain::lists::ListKind;
use opora_domain::schools::{MunicipalityId, OrganizationId, OrganizationKind};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::SeaInsightsReads;
use crate::errors::store_error;

/// Each organization with the latest current audit dated up to `$2` that holds findings of it,
/// and how many of them are present.
const SCHOOLS: &str = "
WITH covering AS (
    SELECT f.organization_id, a.id AS audit_id, a.audit_date,
           SUM(CASE WHEN f.present THEN 1 ELSE 0 END) AS present,
           ROW_NUMBER() OVER (PARTITION BY f.organization_id ORDER BY a.audit_date DESC, a.id DESC) AS place
    FROM audit_findings f JOIN audits a ON a.id = f.audit_id
    WHERE a.municipality_id = $1 AND a.ended_at IS NULL AND a.audit_date <= $2
    GROUP BY f.organization_id, a.id, a.audit_date
)
SELECT o.id, o.name, o.kind, c.audit_id, c.audit_date, c.present
FROM organizations o LEFT JOIN covering c ON c.organization_id = o.id AND c.place = 1
WHERE o.municipality_id = $1
ORDER BY o.name, o.id";

/// The years up to `$2` each organization is in a list of kind `$3` by the decisions in force:
/// not withdrawn, and superseded by no correction.
const LISTED: &str = "
SELECT DISTINCT e.organization_id, d.list_year
FROM list_decisions d JOIN list_entries e ON e.decision_id = d.id
WHERE d.municipality_id = $1 AND d.list_year <= $2 AND d.kind = $3 AND d.withdrawal_reason IS NULL
  AND NOT EXISTS (SELECT 1 FROM list_decisions c WHERE c.supersedes = d.id)
ORDER BY e.organization_id, d.list_year";

pub(super) async fn read(
    reads: &SeaInsightsReads,
    municipality: MunicipalityId,
    year: i32,
    until: NaiveDate,
) -> Result<Vec<RosterRow>, StoreError> {
    let id = municipality.as_uuid();
    let listed = reads.statement(LISTED, vec![id.into(), year.into(), ListKind::Shnor.code().into()]);
    let mut years: HashMap<Uuid, Vec<i32>> = HashMap::new();
    for row in reads.db.query_all_raw(listed).await.map_err(store_error)? {
        let organization: Uuid = row.try_get("", "organization_id").map_err(store_error)?;
        years.entry(organization).or_default().push(row.try_get("", "list_year").map_err(store_error)?);
    }
    let schools = reads.statement(SCHOOLS, vec![id.into(), until.into()]);
    let mut rows = Vec::new();
    for row in reads.db.query_all_raw(schools).await.map_err(store_error)? {
        let organization: Uuid = row.try_get("", "id").map_err(store_error)?;
        let kind: String = row.try_get("", "kind").map_err(store_error)?;
        let kind = OrganizationKind::from_code(&kind)
            .ok_or_else(|| StoreError::Internal(format!("organization {organization} holds an unknown kind")))?;
        let audit: Option<Uuid> = row.try_get("", "audit_id").map_err(store_error)?;
        let audit = match audit {
            Some(audit) => {
                let date: NaiveDate = row.try_get("", "audit_date").map_err(store_error)?;
                let present: i64 = row.try_get("", "present").map_err(store_error)?;
                Some(RosterAudit {
                    id: AuditId::from_uuid(audit),
                    date,
                    present: u32::try_from(present).unwrap_or(u32::MAX),
                })
            }
            None => None,
        };
        rows.push(RosterRow {
            organization: OrganizationId::from_uuid(organization),
            name: row.try_get("", "name").map_err(store_error)?,
            kind,
            listed_years: years.remove(&organization).unwrap_or_default(),
            audit,
        });
    }
    Ok(rows)
}
