//! Region overviews and municipality dashboards kept in memory for as long as the region's data
//! does not change: a repeated read costs the audit trail's version (one read of its index)
//! instead of the view's reads, and a portal that sends the ETag back gets 304 without a body.
//! The version comes from the database, so a write on any instance retires the entry on every
//! instance.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use opora_domain::Actor;
use sha2::{Digest, Sha256};

use crate::views::{MunicipalityDashboardView, RegionOverviewView};

/// What a view depends on besides the data: the place, the year, the day execution is judged
/// by, and who asks (what they may see).
pub(crate) type Key = String;

/// An entry: its entity tag, when it was put (a tick), the view.
type Entry<V> = (String, u64, Arc<V>);

/// A view's key in memory, for the place it shows, the year and the caller, and its entity
/// tag: the key and the data version.
pub(crate) fn tag(place: impl std::fmt::Display, year: i32, actor: &Actor, version: &str) -> (Key, String) {
    let today = chrono::Utc::now().date_naive();
    let key = format!("{place}|{year}|{today}|{:?}|{:?}|{:?}", actor.principal, actor.role, actor.scope);
    let digest = Sha256::digest(format!("{key}|{version}").as_bytes());
    let etag = format!("\"{}\"", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>());
    (key, etag)
}

/// Views of one kind, at most `capacity` of them; the oldest goes first.
#[derive(Debug)]
pub(crate) struct ViewCache<V> {
    entries: Mutex<HashMap<Key, Entry<V>>>,
    clock: AtomicU64,
    capacity: usize,
}

impl<V> ViewCache<V> {
    fn new(capacity: usize) -> Self {
        Self { entries: Mutex::default(), clock: AtomicU64::new(0), capacity }
    }

    pub(crate) fn get(&self, key: &str, etag: &str) -> Option<Arc<V>> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|(tag, _, _)| tag == etag).map(|(_, _, view)| view.clone())
    }

    pub(crate) fn put(&self, key: Key, etag: String, view: Arc<V>) {
        let tick = self.clock.fetch_add(1, Ordering::Relaxed);
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let oldest = entries.iter().min_by_key(|(_, (_, t, _))| *t).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, (etag, tick, view));
    }
}

/// The views an instance keeps. A region overview holds a row per municipality; a dashboard
/// takes some 20–50 KiB, so 512 of them stay within the memory budget. A caller that sends its
/// tag back is answered without the view, kept or not.
#[derive(Debug)]
pub(crate) struct Views {
    pub(crate) overviews: ViewCache<RegionOverviewView>,
    pub(crate) dashboards: ViewCache<MunicipalityDashboardView>,
}

impl Default for Views {
    fn default() -> Self {
        Self { overviews: ViewCache::new(512), dashboards: ViewCache::new(512) }
    }
}
