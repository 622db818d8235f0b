//! Monitoring campaigns: an order starts a monitoring of some schools, they report, and the
//! authority writes conclusions by level and recommendations, each of which may become a measure
//! of a roadmap (seed 003: order № 515 of 08.12.2023, conclusions 1.1–2.7, six recommendations).

mod model;
pub mod ports;
mod service;
mod versions;

pub use model::document_key;
pub use model::{
    Addressee, Campaign, CampaignId, Conclusion, ConclusionLevel, MeasureLink, Recommendation, RecommendationId,
    RecommendationStatus,
};
pub use service::{CampaignDraft, ConclusionDraft, MonitoringService, RecommendationDraft, RecommendationUpdate};
pub use versions::CampaignRecorded;
