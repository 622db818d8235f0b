//! Idempotent writes: a client that sends an `Idempotency-Key` with a write gets the first
//! answer to that key again, however often and however concurrently it retries. The key
//! belongs to the caller who sent it, and is bound to the request it first came with.

use async_trait::async_trait;

use super::validation::StoreError;

/// A client's key, scoped to its principal so that two callers never share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The most characters a client's key may have.
    pub const MAX_LEN: usize = 255;

    /// A key of 1 to 255 visible ASCII characters, as the header carries it, for `principal`.
    pub fn parse(principal: &str, key: &str) -> Result<Self, String> {
        if key.is_empty() || key.len() > Self::MAX_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(format!("an Idempotency-Key is 1 to {} visible ASCII characters", Self::MAX_LEN));
        }
        Ok(Self(format!("{principal} {key}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The answer a key keeps: what the first request under it was told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAnswer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

/// What claiming a key found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Nobody holds the key: this request runs and then records its answer.
    Owner,
    /// Another request holds it and has not answered yet.
    Pending,
    /// The key was answered; the answer is repeated.
    Answered(StoredAnswer),
    /// The key came with another request (another body, path or query).
    OtherRequest,
}

#[async_trait]
pub trait IdempotencyStore: Send + Sync {
    /// Claims `key` for the request with `fingerprint`. A claim whose owner has not answered
    /// for `stale_after_secs` is taken over: its owner died.
    async fn claim(&self, key: &IdempotencyKey, fingerprint: &str, stale_after_secs: i64) -> Result<Claim, StoreError>;
    /// Records the owner's answer.
    async fn answer(&self, key: &IdempotencyKey, answer: &StoredAnswer) -> Result<(), StoreError>;
    /// Frees the key without an answer (the owner failed in a way a retry may not).
    async fn release(&self, key: &IdempotencyKey) -> Result<(), StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_belong_to_their_principal() {
        let a = IdempotencyKey::parse("user:1", "import-2023").unwrap();
        let b = IdempotencyKey::parse("user:2", "import-2023").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn empty_long_and_invisible_keys_are_refused() {
        assert!(IdempotencyKey::parse("p", "").is_err());
        assert!(IdempotencyKey::parse("p", &"k".repeat(256)).is_err());
        assert!(IdempotencyKey::parse("p", "two words").is_err());
        assert!(IdempotencyKey::parse("p", "ключ").is_err());
        assert!(IdempotencyKey::parse("p", &"k".repeat(255)).is_ok());
    }
}
