//! The query root, merged from each capability's fields, and the helpers they share.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, MergedObject, Result};
use opora_domain::schools::TerritoryService;
use opora_domain::text::fold;
use opora_domain::{Actor, Page, ServiceError};
use uuid::Uuid;

use super::access::AccessQuery;
use super::dashboards::DashboardsQuery;
use super::factors::FactorsQuery;
use super::gql;
use super::indicators::IndicatorsQuery;
use super::lists::ListsQuery;
use super::measures::MeasuresQuery;
use super::monitoring::MonitoringQuery;
use super::territory::TerritoryQuery;
use crate::cursor::encode;

/// Every query starts here: the caller, the registry, catalogues and audits, ШНОР lists, programmes, roadmaps
/// and their execution, monitoring campaigns and indicators. Each
/// capability contributes its fields from a module of its own.
#[derive(Debug, Default, MergedObject)]
#[graphql(name = "QueryRoot")]
pub(crate) struct QueryRoot(
    AccessQuery,
    TerritoryQuery,
    FactorsQuery,
    ListsQuery,
    MeasuresQuery,
    MonitoringQuery,
    IndicatorsQuery,
    DashboardsQuery,
);

pub(super) fn caller<'a>(ctx: &Context<'a>) -> (&'a TerritoryService, &'a Actor) {
    (&super::capabilities(ctx).territory, ctx.data_unchecked::<Actor>())
}

pub(super) fn connection<T, V: From<T> + async_graphql::OutputType>(
    page: Page<T>,
    id: impl Fn(&V) -> Uuid,
) -> Connection<String, V> {
    let mut connection = Connection::new(false, page.next.is_some());
    connection.edges.extend(page.items.into_iter().map(V::from).map(|v| Edge::new(encode(id(&v)), v)));
    connection
}

/// A single object that does not exist is `null`, not an error; anything else is an error.
pub(super) fn optional<T, V: From<T>>(result: Result<T, ServiceError>) -> Result<Option<V>> {
    match result {
        Ok(value) => Ok(Some(value.into())),
        Err(ServiceError::NotFound { .. }) => Ok(None),
        Err(other) => Err(gql(other)),
    }
}

pub(super) fn search(text: Option<String>) -> Option<String> {
    text.as_deref().map(fold).filter(|t| !t.is_empty())
}
