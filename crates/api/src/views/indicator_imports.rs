//! An imported indicator table as a version: the values it holds, and those replaced since.

use opora_domain::indicators::{Observation, ObservationImport, ObservationImportRead, ReplacedValue, Subject};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::scalars::DateTime;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IndicatorImportRecordView {
    pub id: Uuid,
    pub municipality_id: Uuid,
    /// How many values it wrote.
    pub observations: usize,
    pub recorded_at: DateTime,
    /// Whether it is in force: not withdrawn.
    pub current: bool,
    pub ended_at: Option<DateTime>,
    pub withdrawal: Option<String>,
}

impl From<&ObservationImport> for IndicatorImportRecordView {
    fn from(i: &ObservationImport) -> Self {
        Self {
            id: i.id,
            municipality_id: i.municipality_id.as_uuid(),
            observations: i.observations,
            recorded_at: DateTime(i.recorded_at),
            current: i.is_current(),
            ended_at: i.ended_at.map(DateTime),
            withdrawal: i.withdrawal.clone(),
        }
    }
}

/// One value an import wrote.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ImportedValueView {
    #[schema(example = "pd_completed")]
    pub indicator: String,
    /// The organization it is of; none for the municipality's own figure.
    pub organization_id: Option<Uuid>,
    /// `2023`, `2023/24` or a date.
    pub period: String,
    pub value: f64,
    pub source: Option<String>,
    /// For a replaced value: when, and by which import (none when its own import was withdrawn).
    pub replaced_at: Option<DateTime>,
    pub replaced_by: Option<Uuid>,
}

impl ImportedValueView {
    fn of(o: &Observation, replaced: Option<&ReplacedValue>) -> Self {
        Self {
            indicator: o.indicator.to_string(),
            organization_id: match o.subject {
                Subject::Organization(id) => Some(id.as_uuid()),
                Subject::Municipality(_) => None,
            },
            period: o.period.key(),
            value: o.value,
            source: o.source.clone(),
            replaced_at: replaced.map(|r| DateTime(r.replaced_at)),
            replaced_by: replaced.and_then(|r| r.replaced_by),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct IndicatorImportReadView {
    #[serde(flatten)]
    pub import: IndicatorImportRecordView,
    /// The values it holds in the views now.
    pub held: Vec<ImportedValueView>,
    /// Its values a later import replaced, or its withdrawal took out, as they were.
    pub replaced: Vec<ImportedValueView>,
}

impl From<ObservationImportRead> for IndicatorImportReadView {
    fn from(r: ObservationImportRead) -> Self {
        Self {
            import: (&r.import).into(),
            held: r.held.iter().map(|o| ImportedValueView::of(o, None)).collect(),
            replaced: r.replaced.iter().map(|v| ImportedValueView::of(&v.observation, Some(v))).collect(),
        }
    }
}
