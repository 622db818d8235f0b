//! Lists embedded in the views — a roadmap's measures, a coverage's schools, a card's lists, a
//! matrix's rows: each takes `first` (default 100, at most 500) and `offset`, and costs its
//! selection once per item it may return, so that a query's price counts its fan-out and a
//! client can read a 9,999-measure roadmap a page at a time. Asked without an offset, a list
//! longer than `first` is an error that says how to page, never a silently cut one.

use std::ops::Range;

use async_graphql::Result;

use super::gql;
use crate::problem::{ApiError, ErrorCode};

/// Items an embedded list returns when `first` is not given.
pub(crate) const EMBEDDED_DEFAULT: usize = 100;

/// Which items of a list of `len` a query asks for.
fn bounds(len: usize, first: Option<i32>, offset: Option<i32>, what: &str) -> Result<Range<usize>> {
    let max = super::MAX_PAGE;
    let refuse = |message: String| gql(ApiError::new(ErrorCode::ValidationFailed, message));
    let wanted = match first.map(usize::try_from) {
        None => EMBEDDED_DEFAULT,
        Some(Ok(n)) if (1..=max).contains(&n) => n,
        Some(_) => return Err(refuse(format!("first must be between 1 and {max}, got {}", first.unwrap_or(0)))),
    };
    let Some(offset) = offset else {
        if len > wanted {
            return Err(gql(ApiError::new(
                ErrorCode::QueryTooComplex,
                format!("{len} {what} are more than first: {wanted}; ask for more (up to {max}) or page with offset"),
            )));
        }
        return Ok(0..len);
    };
    let start = usize::try_from(offset).map_err(|_| refuse(format!("offset must not be negative, got {offset}")))?;
    let start = start.min(len);
    Ok(start..len.min(start + wanted))
}

/// The part of `all` a query asks for.
pub(crate) fn window<'a, T>(all: &'a [T], first: Option<i32>, offset: Option<i32>, what: &str) -> Result<&'a [T]> {
    Ok(&all[bounds(all.len(), first, offset, what)?])
}

/// [`window`] of a list a root field has just read.
pub(crate) fn page<T>(mut all: Vec<T>, first: Option<i32>, offset: Option<i32>, what: &str) -> Result<Vec<T>> {
    let range = bounds(all.len(), first, offset, what)?;
    all.truncate(range.end);
    all.drain(..range.start);
    Ok(all)
}

/// The GraphQL fields of a view's embedded lists (marked `#[graphql(skip)]` on the struct, and
/// the struct `#[graphql(complex)]`), each paged and costed by [`window`] and
/// [`super::list_cost`]; a field's doc comments become its description.
macro_rules! capped_lists {
    ($view:ty { $($(#[doc = $doc:literal])* $field:ident: $item:ty),+ $(,)? }) => {
        #[async_graphql::ComplexObject]
        impl $view {
            $(
                $(#[doc = $doc])*
                #[doc = "At most `first` items (default 100, at most 500) from `offset`; without `offset`, a longer list is an error that says to page."]
                #[graphql(complexity = "crate::graphql::list_cost(first, crate::graphql::capped::EMBEDDED_DEFAULT, child_complexity)")]
                async fn $field(&self, first: Option<i32>, offset: Option<i32>) -> async_graphql::Result<&[$item]> {
                    crate::graphql::capped::window(&self.$field, first, offset, stringify!($field))
                }
            )+
        }
    };
}
pub(crate) use capped_lists;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_within_first_is_answered_whole_and_a_longer_one_asks_to_page() {
        let all: Vec<u32> = (0..150).collect();
        assert_eq!(window(&all[..40], None, None, "measures").unwrap().len(), 40);
        assert!(window(&all, None, None, "measures").unwrap_err().message.contains("150 measures"));
        assert_eq!(window(&all, Some(200), None, "measures").unwrap().len(), 150);
    }

    #[test]
    fn pages_follow_each_other_to_the_end() {
        let all: Vec<u32> = (0..250).collect();
        let pages: Vec<&[u32]> =
            [0, 100, 200, 300].iter().map(|o| window(&all, None, Some(*o), "x").unwrap()).collect();
        assert_eq!(pages.iter().map(|p| p.len()).collect::<Vec<_>>(), [100, 100, 50, 0]);
        assert_eq!(pages.concat(), all);
        assert_eq!(page(all.clone(), Some(30), Some(240), "x").unwrap(), (240..250).collect::<Vec<_>>());
    }

    #[test]
    fn a_page_size_or_offset_out_of_bounds_is_refused() {
        let all = [1, 2, 3];
        for (first, offset) in [(Some(0), None), (Some(501), None), (Some(-1), None), (None, Some(-5))] {
            assert!(window(&all, first, offset, "x").is_err(), "{first:?} {offset:?}");
        }
    }
}
