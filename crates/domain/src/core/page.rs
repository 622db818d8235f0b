//! Keyset pagination: a page size and the id after which the page starts.

use uuid::Uuid;

use crate::core::validation::ValidationErrors;

/// A checked page request. Ids are UUIDv7, so ordering by id is ordering by creation time and
/// a cursor stays valid while rows are added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    limit: u32,
    after: Option<Uuid>,
}

impl PageRequest {
    pub const DEFAULT_LIMIT: u32 = 50;
    pub const MAX_LIMIT: u32 = 500;

    /// Builds a request from the client's `limit`; out-of-range values are an error, not clamped,
    /// so that a client never silently receives less than it asked for.
    pub fn parse(limit: Option<i64>, after: Option<Uuid>) -> Result<Self, ValidationErrors> {
        let limit = match limit {
            None => Self::DEFAULT_LIMIT,
            Some(n) if (1..=i64::from(Self::MAX_LIMIT)).contains(&n) => n as u32,
            Some(n) => {
                return Err(ValidationErrors::single(
                    "limit",
                    "out_of_range",
                    format!("limit must be between 1 and {}, got {n}", Self::MAX_LIMIT),
                ));
            }
        };
        Ok(Self { limit, after })
    }

    pub fn first(limit: u32) -> Self {
        Self { limit: limit.clamp(1, Self::MAX_LIMIT), after: None }
    }

    pub fn limit(&self) -> u32 {
        self.limit
    }

    pub fn after(&self) -> Option<Uuid> {
        self.after
    }
}

/// One page of results; `next` is the id to continue after, present only when more rows exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Uuid>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row only proves there is more.
    pub fn from_overfetch(mut rows: Vec<T>, limit: u32, id_of: impl Fn(&T) -> Uuid) -> Self {
        let limit = limit as usize;
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(&id_of)
        } else {
            None
        };
        Self { items: rows, next }
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page { items: self.items.into_iter().map(f).collect(), next: self.next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_limit_means_the_default() {
        assert_eq!(PageRequest::parse(None, None).unwrap().limit(), PageRequest::DEFAULT_LIMIT);
    }

    #[test]
    fn a_limit_out_of_range_is_rejected_with_the_field_named() {
        for bad in [0, -1, 501] {
            let err = PageRequest::parse(Some(bad), None).unwrap_err();
            assert_eq!(err.errors()[0].field, "limit");
        }
    }

    #[test]
    fn an_overfetched_row_becomes_the_next_cursor_and_is_dropped() {
        let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let page = Page::from_overfetch(ids.clone(), 2, |id| *id);
        assert_eq!(page.items, ids[..2]);
        assert_eq!(page.next, Some(ids[1]));
        let last = Page::from_overfetch(ids, 3, |id| *id);
        assert_eq!(last.next, None);
    }
}
