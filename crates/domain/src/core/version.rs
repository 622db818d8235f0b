//! What every versioned record shares: a revision that conditional writes name, and a
//! withdrawal that states why.

use super::import::Issue;
use super::validation::ValidationErrors;

/// How many changes a record's history holds: 1 once created, one more with each change (0
/// for a record created within another's creation, or shipped, until it changes itself). A
/// write that names the revision it read is refused if another change came in between, so
/// that two editors cannot overwrite each other unseen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Revision(u64);

impl Revision {
    /// A record that no change of the trail describes (loaded in bulk, before the trail).
    pub const UNRECORDED: Self = Self(0);
    /// What a write expects when the caller named a tag that is none of a record's revisions
    /// (a weak tag, another server's): no record reaches it, so the write is refused as stale
    /// where a stale revision is, after its input and its authorization are checked.
    pub const NONE: Self = Self(u64::MAX);

    pub fn new(count: u64) -> Self {
        Self(count)
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// The revision the next change gives.
    pub fn next(self) -> Self {
        Self(self.0.saturating_add(1))
    }
}

/// Where a version stands among the versions of its document: a correction replaces the
/// current version, a withdrawal ends it; an ended version stays readable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage<Id> {
    /// The version it replaced.
    pub supersedes: Option<Id>,
    /// Filled on reading: the version that replaced it.
    pub superseded_by: Option<Id>,
    /// When it stopped being current, replaced or withdrawn.
    pub ended_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why it was withdrawn, when it was.
    pub withdrawal: Option<String>,
}

impl<Id> Default for Lineage<Id> {
    fn default() -> Self {
        Self { supersedes: None, superseded_by: None, ended_at: None, withdrawal: None }
    }
}

impl<Id> Lineage<Id> {
    /// Whether it is the version the views read.
    pub fn is_current(&self) -> bool {
        self.ended_at.is_none()
    }
}

impl std::fmt::Display for Revision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How often a correction retries against a version another request stored meanwhile:
/// twenty racing corrections each find the winner and replace it in turn.
pub const CORRECTION_ATTEMPTS: usize = 32;

/// The warning of a correction that replaces the current version of its document.
pub fn replaces_version(
    title: &str,
    replaced: impl std::fmt::Display,
    recorded_at: chrono::DateTime<chrono::Utc>,
) -> Issue {
    Issue::document(
        title,
        "replaces_version",
        format!("replaces version {replaced} of {}, which stays readable by its id and asOf", recorded_at.date_naive()),
    )
}

/// The longest reason a withdrawal may give.
pub const MAX_REASON_CHARS: usize = 2_000;

/// A withdrawal's reason, trimmed: 1 to [`MAX_REASON_CHARS`] characters.
pub fn reason(text: &str) -> Result<String, ValidationErrors> {
    let reason = text.trim();
    let code = match reason.chars().count() {
        0 => "required",
        n if n > MAX_REASON_CHARS => "too_long",
        _ => return Ok(reason.to_owned()),
    };
    Err(ValidationErrors::single("reason", code, format!("say why, in 1 to {MAX_REASON_CHARS} characters")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_said_in_words_of_bounded_length() {
        assert_eq!(reason("  загружена по ошибке ").unwrap(), "загружена по ошибке");
        for bad in ["", "   ", &"я".repeat(MAX_REASON_CHARS + 1)] {
            assert_eq!(reason(bad).unwrap_err().errors()[0].field, "reason");
        }
        assert!(reason(&"я".repeat(MAX_REASON_CHARS)).is_ok());
    }
}
