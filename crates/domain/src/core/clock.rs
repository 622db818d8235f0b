//! The moment a record is made, at the precision the stores keep.

use chrono::{DateTime, SubsecRound, Utc};

/// Now, to the microsecond: PostgreSQL keeps no finer, so a record answered at creation reads
/// back the same.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}
