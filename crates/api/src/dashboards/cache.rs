//! Region overviews kept in memory for as long as the region's data does not change: a
//! repeated read costs two index lookups (the audit trail's version) instead of the overview's
//! grouped reads, and a portal that sends the ETag back gets 304 without a body. The version
//! comes from the database, so a write on any instance retires the entry on every instance.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::views::RegionOverviewView;

/// Entries kept; the oldest goes first.
const CAPACITY: usize = 512;

/// What an overview depends on besides the data: the region, the year, the day execution is
/// judged by, and who asks (what they may see).
pub(crate) type Key = String;

/// An entry: its entity tag, when it was put (a tick), the overview.
type Entry = (String, u64, Arc<RegionOverviewView>);

#[derive(Debug, Default)]
pub(crate) struct OverviewCache {
    entries: Mutex<HashMap<Key, Entry>>,
    clock: std::sync::atomic::AtomicU64,
}

impl OverviewCache {
    /// The entity tag of an overview: its key and the data version.
    pub(crate) fn etag(key: &str, version: &str) -> String {
        let digest = Sha256::digest(format!("{key}|{version}").as_bytes());
        format!("\"{}\"", digest.iter().take(16).map(|b| format!("{b:02x}")).collect::<String>())
    }

    pub(crate) fn get(&self, key: &str, etag: &str) -> Option<Arc<RegionOverviewView>> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|(tag, _, _)| tag == etag).map(|(_, _, view)| view.clone())
    }

    pub(crate) fn put(&self, key: Key, etag: String, view: Arc<RegionOverviewView>) {
        let tick = self.clock.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Ok(mut entries) = self.entries.lock() else { return };
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            let oldest = entries.iter().min_by_key(|(_, (_, t, _))| *t).map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                entries.remove(&oldest);
            }
        }
        entries.insert(key, (etag, tick, view));
    }
}
