//! Within one request, each organization, municipality and region, and each municipality's
//! candidates for references, is read from the database once. Every capability authorizes against the place it serves, so a school's card would
//! otherwise read the same school five times and its municipality three. The memo lives as long
//! as the request (a task-local scope the HTTP layer enters), so nothing read is served to a
//! later request, and any write through the territory repository empties it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;

use opora_domain::schools::{Municipality, MunicipalityId, Organization, OrganizationId, Region, RegionId};

#[derive(Default)]
pub(super) struct Memo {
    pub(super) organizations: HashMap<OrganizationId, Option<Organization>>,
    pub(super) municipalities: HashMap<MunicipalityId, Option<Municipality>>,
    pub(super) regions: HashMap<RegionId, Option<Region>>,
    /// What a municipality's references may name: its organizations and its region's bodies.
    pub(super) candidates: HashMap<MunicipalityId, Vec<Organization>>,
}

tokio::task_local! {
    static MEMO: RefCell<Memo>;
}

/// Runs `request` with a memo of the territory rows it reads.
pub async fn with_request_memo<F: Future>(request: F) -> F::Output {
    MEMO.scope(RefCell::new(Memo::default()), request).await
}

/// Remembers organizations read in bulk (a municipality's candidates), so that a later read of
/// any of them by id costs nothing.
pub(super) fn remember(organizations: &[Organization]) {
    let _ = MEMO.try_with(|memo| {
        let known = &mut memo.borrow_mut().organizations;
        for o in organizations {
            known.insert(o.id, Some(o.clone()));
        }
    });
}

/// The organizations with these ids, by id, when this request has read every one of them (or
/// learnt that it does not exist); `None` when any must be read.
pub(super) fn organizations(ids: &[OrganizationId]) -> Option<Vec<Organization>> {
    MEMO.try_with(|memo| {
        let memo = memo.borrow();
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(o) = memo.organizations.get(id)? {
                found.push(o.clone());
            }
        }
        found.sort_by_key(|o| o.id);
        found.dedup_by_key(|o| o.id);
        Some(found)
    })
    .ok()
    .flatten()
}

/// Forgets everything read in this request: called on every territory write.
pub(super) fn forget() {
    let _ = MEMO.try_with(|memo| *memo.borrow_mut() = Memo::default());
}

/// What `table` of this request's memo holds under `key`, or what `read` reads now and the memo
/// keeps. Outside a request (the CLI, the generator) every call reads.
pub(super) async fn read<K, V, E>(
    table: fn(&mut Memo) -> &mut HashMap<K, V>,
    key: K,
    read: impl Future<Output = Result<V, E>>,
) -> Result<V, E>
where
    K: Copy + Eq + Hash,
    V: Clone,
{
    if let Ok(Some(known)) = MEMO.try_with(|memo| table(&mut memo.borrow_mut()).get(&key).cloned()) {
        return Ok(known);
    }
    let value = read.await?;
    let _ = MEMO.try_with(|memo| table(&mut memo.borrow_mut()).insert(key, value.clone()));
    Ok(value)
}
