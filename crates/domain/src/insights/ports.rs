//! What the combined views read from storage directly: read models, each answered in a few
//! statements over every capability's tables, where composing the capabilities' services would
//! cost a round trip per part.

use async_trait::async_trait;
use chrono::NaiveDate;

use super::roster::RosterRow;
use crate::core::validation::StoreError;
use crate::schools::MunicipalityId;

#[async_trait]
pub trait InsightsReads: Send + Sync + std::fmt::Debug {
    /// Every organization of the municipality, by name, with the years up to `year` the ШНОР
    /// decisions in force list it, and the latest current audit dated up to `until` that holds
    /// findings of it, with how many of its parameters are present there. Two statements.
    async fn roster(
        &self,
        municipality: MunicipalityId,
        year: i32,
        until: NaiveDate,
    ) -> Result<Vec<RosterRow>, StoreError>;
}
