//! Whether PostgreSQL answers, as the requests of the last moment found it. While it does
//! not, requests are refused at once (503) instead of each waiting out the pool's timeout;
//! every [`RETRY_AFTER`] one request is let through to find out whether it is back.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long requests are refused without trying, once the database was found down.
pub const RETRY_AFTER: Duration = Duration::from_millis(500);

/// How long a request waits for a connection before it is answered 503: the pool's timeout.
pub const CONNECTION_WAIT: Duration = Duration::from_millis(750);

/// How much longer a request waits when every connection is open and busy: that is load,
/// not an outage, and is not answered as one.
pub const BUSY_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Default)]
pub struct Availability {
    /// Milliseconds since the epoch before which nobody tries; 0 while the database is up.
    quiet_until: AtomicU64,
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

impl Availability {
    /// True when the database was just found down: answer 503 without trying.
    pub fn refuse_now(&self) -> bool {
        now_ms() < self.quiet_until.load(Ordering::Relaxed)
    }

    pub fn found_down(&self) {
        self.quiet_until
            .store(now_ms() + RETRY_AFTER.as_millis() as u64, Ordering::Relaxed);
    }

    pub fn found_up(&self) {
        if self.quiet_until.load(Ordering::Relaxed) != 0 {
            self.quiet_until.store(0, Ordering::Relaxed);
        }
    }

    pub fn is_down(&self) -> bool {
        self.quiet_until.load(Ordering::Relaxed) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn down_refuses_for_a_moment_then_lets_one_try() {
        let a = Availability::default();
        assert!(!a.refuse_now() && !a.is_down());
        a.found_down();
        assert!(a.refuse_now() && a.is_down());
        std::thread::sleep(RETRY_AFTER + Duration::from_millis(20));
        assert!(!a.refuse_now(), "after the pause a request may try");
        a.found_up();
        assert!(!a.is_down());
    }
}
