//! What the combined views read from storage directly: read models, each answered in a few
//! statements over every capability's tables, where composing the capabilities' services would
//! cost a round trip per part.

use async_trait::async_trait;

#[async_trait]
pub trait InsightsReads: Send + Sync + std::fmt::Debug {}
