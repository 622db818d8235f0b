//! Limits of the token endpoint. The rule, as the README states it:
//!
//! - each client address may ask for `per_minute` tokens a minute, whatever it asks for;
//! - each account may be tried `per_minute` times a minute *from one address*: guessing from
//!   one machine is stopped, and guesses from many machines cannot lock the real user out of
//!   theirs;
//! - an account tried more than ten times that often from everywhere together is slowed: each
//!   further attempt waits [`SLOWDOWN`] before its password is checked. It is never refused.
//!
//! Accounts are keyed by a keyed hash of the folded name, never the name itself, so a key costs
//! the same few bytes however long the name sent; keys idle for a minute are dropped.

use std::hash::BuildHasher;
use std::net::{IpAddr, Ipv4Addr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// How long an attempt on an account under a distributed attack waits.
pub(crate) const SLOWDOWN: Duration = Duration::from_secs(1);

/// Checks between sweeps of idle keys.
const SWEEP_EVERY: u64 = 1024;

pub(crate) struct TokenLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_account_and_address: DefaultKeyedRateLimiter<(u64, IpAddr)>,
    by_account: DefaultKeyedRateLimiter<u64>,
    hasher: std::collections::hash_map::RandomState,
    checks: AtomicU64,
}

impl std::fmt::Debug for TokenLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenLimiter").finish_non_exhaustive()
    }
}

/// What the endpoint does with an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Proceed,
    /// Proceed after waiting: the account is tried from too many places.
    Slow(Duration),
    /// Refuse; the client may retry after this long.
    Refuse(Duration),
}

impl TokenLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).expect("at least one");
        let quota = Quota::per_minute(per_minute);
        let everywhere = NonZeroU32::new(per_minute.get().saturating_mul(10)).expect("at least ten");
        Self {
            by_address: RateLimiter::keyed(quota),
            by_account_and_address: RateLimiter::keyed(quota),
            by_account: RateLimiter::keyed(Quota::per_minute(everywhere)),
            hasher: std::collections::hash_map::RandomState::new(),
            checks: AtomicU64::new(0),
        }
    }

    /// The verdict on one attempt from `address` on `account`.
    pub(crate) fn check(&self, address: Option<IpAddr>, account: &str) -> Verdict {
        self.sweep();
        let clock = DefaultClock::default();
        // Without a peer address (a test client, a Unix socket) all such callers share one.
        let address = address.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if let Err(not_until) = self.by_address.check_key(&address) {
            return Verdict::Refuse(not_until.wait_time_from(clock.now()));
        }
        let account = self.hasher.hash_one(account.trim().to_lowercase());
        if let Err(not_until) = self.by_account_and_address.check_key(&(account, address)) {
            return Verdict::Refuse(not_until.wait_time_from(clock.now()));
        }
        match self.by_account.check_key(&account) {
            Ok(()) => Verdict::Proceed,
            Err(_) => Verdict::Slow(SLOWDOWN),
        }
    }

    /// Drops keys whose limits have fully recovered, so that memory follows recent traffic.
    fn sweep(&self) {
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.by_address.retain_recent();
            self.by_account_and_address.retain_recent();
            self.by_account.retain_recent();
        }
    }

    /// Keys held, for tests of the sweep.
    #[cfg(test)]
    fn keys(&self) -> usize {
        self.by_address.len() + self.by_account_and_address.len() + self.by_account.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(n: u32) -> Option<IpAddr> {
        Some(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n)))
    }

    #[test]
    fn one_address_guessing_one_account_is_refused() {
        let limiter = TokenLimiter::new(3);
        for _ in 0..3 {
            assert_eq!(limiter.check(address(1), "ivanova@edu.example"), Verdict::Proceed);
        }
        assert!(matches!(limiter.check(address(1), "IVANOVA@edu.example"), Verdict::Refuse(_)));
    }

    #[test]
    fn guesses_from_many_addresses_slow_the_account_but_never_lock_its_owner_out() {
        let limiter = TokenLimiter::new(3);
        for n in 0..100 {
            let _ = limiter.check(address(100 + n), "ivanova@edu.example");
        }
        // The owner, from an address of their own, still gets in, a second later at worst.
        assert!(matches!(limiter.check(address(1), "ivanova@edu.example"), Verdict::Slow(_)));
        assert_eq!(limiter.check(address(1), "petrov@edu.example"), Verdict::Proceed);
    }

    #[test]
    fn a_megabyte_long_name_costs_a_fixed_size_key() {
        let limiter = TokenLimiter::new(1000);
        let long = "я".repeat(512 * 1024);
        let _ = limiter.check(address(1), &long);
        assert_eq!(limiter.keys(), 3);
    }
}
