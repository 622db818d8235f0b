//! Monitoring campaigns: an order starts a monitoring of some schools, they report, and the
//! authority writes conclusions by level and recommendations, each of which may become a measure
//! of a roadmap (seed 003: order № 515 of 08.12.2023, conclusions 1.1–2.7, six recommendations).

mod figures;
mod import;
mod marks;
mod model;
mod parts;
mod phrases;
pub mod ports;
mod report;
mod service;
mod versions;

pub use import::{ReportImport, ReportImported};
pub use model::document_key;
pub use model::{
    Addressee, Campaign, CampaignId, CitationRole, CitedDocument, CitedFigure, Conclusion, ConclusionLevel,
    DocumentLink, FigureAgreement, MeasureLink, Recommendation, RecommendationId, RecommendationStatus, Signatory,
    Window, Wording,
};
pub use report::{Block, ReportReading, read_report};
pub use service::{CampaignDraft, ConclusionDraft, MonitoringService, RecommendationDraft, RecommendationUpdate};
pub use versions::CampaignRecorded;
