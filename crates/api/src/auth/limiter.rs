//! Rate limits of the token endpoint, per client address and per principal, so that neither
//! one machine nor one account can be used to guess credentials.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub(crate) struct TokenLimiter {
    by_address: DefaultKeyedRateLimiter<IpAddr>,
    by_principal: DefaultKeyedRateLimiter<String>,
}

impl std::fmt::Debug for TokenLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenLimiter").finish_non_exhaustive()
    }
}

impl TokenLimiter {
    pub(crate) fn new(per_minute: u32) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute.max(1)).expect("at least one"));
        Self { by_address: RateLimiter::keyed(quota), by_principal: RateLimiter::keyed(quota) }
    }

    /// `Err(wait)` when either limit is exhausted.
    pub(crate) fn check(&self, address: Option<IpAddr>, principal: &str) -> Result<(), Duration> {
        let clock = DefaultClock::default();
        if let Some(address) = address {
            self.by_address.check_key(&address).map_err(|n| n.wait_time_from(clock.now()))?;
        }
        self.by_principal.check_key(&principal.to_lowercase()).map_err(|n| n.wait_time_from(clock.now()))?;
        Ok(())
    }
}
