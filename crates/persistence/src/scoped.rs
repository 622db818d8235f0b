//! The query every listing of municipal records shares: a page in id order, within the
//! caller's reach, optionally of one municipality.

use opora_domain::PageRequest;
use opora_domain::access::Reach;
use opora_domain::schools::MunicipalityId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};

/// The columns of a table of municipal records.
pub(crate) struct MunicipalColumns<C> {
    pub(crate) id: C,
    pub(crate) region: C,
    pub(crate) municipality: C,
}

/// One page (plus one row, to tell whether another follows) of `E` within `reach`.
pub(crate) fn municipal_page<E: EntityTrait>(
    columns: MunicipalColumns<E::Column>,
    reach: &Reach,
    municipality: Option<MunicipalityId>,
    page: PageRequest,
) -> Select<E> {
    let MunicipalColumns { id, region, municipality: of } = columns;
    let mut query = E::find().order_by_asc(id).limit(u64::from(page.limit()) + 1);
    if let Some(after) = page.after() {
        query = query.filter(id.gt(after));
    }
    if let Some(r) = reach.region {
        query = query.filter(region.eq(r.as_uuid()));
    }
    for m in [reach.municipality, municipality].into_iter().flatten() {
        query = query.filter(of.eq(m.as_uuid()));
    }
    query
}
