//! GraphQL: the caller.

use async_graphql::{Context, Object};
use opora_domain::Actor;

use crate::views::MeView;

/// The caller.
#[derive(Debug, Default)]
pub(crate) struct AccessQuery;

#[Object]
impl AccessQuery {
    /// The caller: subject, role, scope and capabilities; `null` for anonymous callers.
    async fn me(&self, ctx: &Context<'_>) -> Option<MeView> {
        MeView::of(ctx.data_unchecked::<Actor>())
    }
}
