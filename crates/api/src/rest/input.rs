//! Helpers for request bodies.

use serde::{Deserialize, Deserializer};

/// Reads a PATCH field that may be absent (leave), `null` (clear) or a value (set): with
/// `#[serde(default)]`, absence gives `None` and `null` gives `Some(None)`.
pub(crate) fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Reads a PATCH field that may be absent (leave) or a value (set), but never `null`: a
/// region's name cannot be cleared, and a `null` that would silently change nothing is refused.
pub(crate) fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}
