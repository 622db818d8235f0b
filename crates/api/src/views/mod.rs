//! Output views shared by REST and GraphQL: one type, camelCase on both protocols.

mod access;
mod dashboards;
mod execution;
mod factors;
mod indicator_imports;
mod indicators;
mod kinds;
mod lists;
mod measures;
mod monitoring;
mod notes;
mod overview;
mod roster;
mod scalars;
mod shapes;
mod sources;
mod territory;
mod warning;

pub(crate) use access::{AuditEventView, ClientView, MeView, Role, ScopeView, UserView};
pub(crate) use dashboards::{EffectivenessView, MunicipalityDashboardView, SchoolCardView};
pub(crate) use execution::{ExecutionReportView, ExecutionView};
pub(crate) use factors::{
    AuditMatrixView, AuditView, CatalogueView, DiffView, ImportReportView, RegionPrevalenceView, RiskProfileView,
};
pub(crate) use indicator_imports::{IndicatorImportReadView, IndicatorImportRecordView};
pub(crate) use indicators::{IndicatorImportView, IndicatorView, SeriesView};
pub(crate) use kinds::{MunicipalityKind, OrganizationKind};
pub(crate) use lists::{DecisionView, DynamicsView, ListKind, ListLevel, RegionYearView};
pub(crate) use measures::{CoverageView, ProgrammeView, RoadmapImportView, RoadmapView};
pub(crate) use monitoring::{CampaignRecordedView, CampaignView, RecommendationView};
pub(crate) use notes::SignatureView;
pub(crate) use overview::RegionOverviewView;
pub(crate) use roster::RosterView;
pub(crate) use scalars::{Date, DateTime};
pub(crate) use shapes::{NameText, level_and_id};
pub(crate) use sources::IssueView;
pub(crate) use territory::{MunicipalityView, OrganizationView, RegionView, ResolutionView};
pub(crate) use warning::{DryRunView, RuleSetView, WatchlistView};
