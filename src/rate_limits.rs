//! Rate limits: how many requests of each kind a client may make in a window, each kind
//! configured on its own (`--rate-limit search=60/min`), off unless configured.
//!
//! The kinds are what costs the server: view beacons, searches and other reads the response
//! cache did not answer (an answer served from memory costs next to nothing, so it never
//! counts), and writes. A client is its address (the one a trusted proxy forwarded, see
//! [`crate::client_address`]); a write with a key is counted against the key. A request over
//! its limit is answered 429 with `Retry-After`; the answers of the kinds that are never kept
//! (beacons, writes) and every 429 carry the `RateLimit-Policy` and `RateLimit` fields of the
//! IETF draft (`draft-ietf-httpapi-ratelimit-headers`), so a client can slow down before it is
//! refused. Answers a cache may keep do not: they would give one client's count to another.
//!
//! Each limit is a generic cell rate algorithm (`governor`): a client may spend the whole
//! quota at once, and it comes back evenly over the window.

use std::fmt;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use governor::middleware::StateInformationMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::error::ApiError;
use crate::routes;
use crate::state::AppState;

/// The draft's fields: the policy, and where a client stands in it.
pub const RATELIMIT_POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
pub const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");

/// What a request costs, for its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `POST /api/v1/articles/{article}/views`.
    Beacons,
    /// `GET /api/v1/search`, not answered from memory.
    Search,
    /// Every other read not answered from memory.
    Reads,
    /// Every other request that changes something.
    Writes,
}

impl Kind {
    const ALL: [Self; 4] = [Self::Beacons, Self::Search, Self::Reads, Self::Writes];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Beacons => "beacons",
            Self::Search => "search",
            Self::Reads => "reads",
            Self::Writes => "writes",
        }
    }

    /// The kind of a request, from its method and its route's pattern.
    fn of(method: &Method, route: &str) -> Option<Self> {
        if !route.starts_with("/api/v1/") {
            return None;
        }
        match *method {
            Method::GET => Some(match route {
                "/api/v1/search" => Self::Search,
                _ => Self::Reads,
            }),
            Method::POST if route == "/api/v1/articles/{article}/views" => Some(Self::Beacons),
            Method::POST | Method::PUT | Method::PATCH | Method::DELETE => Some(Self::Writes),
            _ => None,
        }
    }
}

/// One kind's limit: `amount` requests a `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub kind: Kind,
    pub amount: NonZeroU32,
    pub window: Duration,
}

/// `search=60/min`: a kind, how many, and a window (`s`, `min`, `h`, or seconds as `30s`).
impl FromStr for Limit {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let usage = || {
            format!(
                "`{text}` is not a rate limit: write KIND=AMOUNT/WINDOW, such as search=60/min, \
                 with KIND one of beacons, search, reads, writes and WINDOW s, min, h or a number of seconds (30s)"
            )
        };
        let (kind, rate) = text.trim().split_once('=').ok_or_else(usage)?;
        let kind = Kind::ALL
            .into_iter()
            .find(|known| known.as_str() == kind.trim())
            .ok_or_else(usage)?;
        let (amount, window) = rate.split_once('/').ok_or_else(usage)?;
        let amount: NonZeroU32 = amount.trim().parse().map_err(|_| usage())?;
        let seconds: u64 = match window.trim() {
            "s" | "sec" | "second" => 1,
            "min" | "minute" => 60,
            "h" | "hour" => 3600,
            other => other
                .strip_suffix('s')
                .and_then(|n| n.parse().ok())
                .filter(|n| *n > 0 && *n <= 86_400)
                .ok_or_else(usage)?,
        };
        // At most one request a nanosecond: the finest interval the limiter keeps.
        if u64::from(amount.get()) > seconds * 1_000_000_000 {
            return Err(usage());
        }
        Ok(Self {
            kind,
            amount,
            window: Duration::from_secs(seconds),
        })
    }
}

/// Who a request is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Client {
    Address(IpAddr),
    /// A key's public prefix (never its secret).
    Key(String),
}

type Limiter = DefaultKeyedRateLimiter<Client, StateInformationMiddleware>;

/// The limits in force and each client's standing in them; cheap to clone.
#[derive(Clone, Default)]
pub struct RateLimits {
    limiters: Arc<Vec<(Limit, Limiter)>>,
}

impl fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.limiters.iter().map(|(limit, _)| limit))
            .finish()
    }
}

/// A request let through or refused, and what to tell the client.
struct Standing {
    limit: Limit,
    remaining: u32,
    /// Seconds until the whole quota is back (let through) or the next request may go (refused).
    reset: u64,
}

impl RateLimits {
    /// The limits `limits` set; the last one given for a kind holds.
    pub fn new(limits: &[Limit]) -> Self {
        let mut chosen: Vec<Limit> = Vec::new();
        for limit in limits {
            chosen.retain(|known| known.kind != limit.kind);
            chosen.push(*limit);
        }
        let limiters = chosen
            .into_iter()
            .filter_map(|limit| {
                let quota = Quota::with_period(limit.window / limit.amount.get())?.allow_burst(limit.amount);
                Some((limit, governor::RateLimiter::keyed(quota).with_middleware()))
            })
            .collect();
        Self {
            limiters: Arc::new(limiters),
        }
    }

    pub fn is_on(&self) -> bool {
        !self.limiters.is_empty()
    }

    fn limiter(&self, kind: Kind) -> Option<&(Limit, Limiter)> {
        self.limiters.iter().find(|(limit, _)| limit.kind == kind)
    }

    /// Counts a request of `kind` from `client`: `Ok` with its standing if it may go on.
    fn check(&self, kind: Kind, client: &Client) -> Option<Result<Standing, Standing>> {
        let (limit, limiter) = self.limiter(kind)?;
        let per_request = limit.window / limit.amount.get();
        Some(match limiter.check_key(client) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let spent = limit.amount.get().saturating_sub(remaining);
                Ok(Standing {
                    limit: *limit,
                    remaining,
                    reset: (per_request * spent).as_secs_f64().ceil() as u64,
                })
            }
            Err(not_until) => {
                use governor::clock::{Clock, DefaultClock};
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Err(Standing {
                    limit: *limit,
                    remaining: 0,
                    reset: wait.as_secs_f64().ceil().max(1.0) as u64,
                })
            }
        })
    }

    /// Forgets the clients whose quota is whole again, every minute, for as long as the
    /// runtime runs: the state kept grows with the clients of the last window, not of all time.
    pub fn start_forgetting(&self) {
        if !self.is_on() {
            return;
        }
        let limits = self.clone();
        actix_web::rt::spawn(async move {
            let mut ticks = actix_web::rt::time::interval(Duration::from_secs(60));
            loop {
                ticks.tick().await;
                limits.forget_recovered();
            }
        });
    }

    /// Forgets the clients whose quota is whole again: they stand as a client never seen.
    pub fn forget_recovered(&self) {
        for (_, limiter) in self.limiters.iter() {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }

    /// How many clients' standings are kept.
    pub fn clients(&self) -> usize {
        self.limiters.iter().map(|(_, limiter)| limiter.len()).sum()
    }
}

impl Standing {
    /// Says the policy and this client's standing in `headers`.
    fn tell(&self, headers: &mut actix_web::http::header::HeaderMap) {
        let name = self.limit.kind.as_str();
        let (amount, window) = (self.limit.amount, self.limit.window.as_secs());
        let fields = [
            (RATELIMIT_POLICY, format!("\"{name}\";q={amount};w={window}")),
            (
                RATELIMIT,
                format!("\"{name}\";r={};t={}", self.remaining, self.reset),
            ),
        ];
        for (field, value) in fields {
            if let Ok(value) = HeaderValue::from_str(&value) {
                headers.insert(field, value);
            }
        }
    }
}

/// Counts `request` against its client's limit of its kind: `None` when no limit applies.
fn standing_of(request: &ServiceRequest) -> Option<(Kind, Result<Standing, Standing>)> {
    let state = request.app_data::<web::Data<AppState>>()?;
    if !state.rate_limits.is_on() {
        return None;
    }
    let kind = Kind::of(request.method(), &routes::route_of(request)?)?;
    // A write is counted against its key (its public prefix), else like any request.
    let key = match kind {
        Kind::Writes => crate::auth::extract::presented_key(request.request())
            .ok()
            .flatten()
            .and_then(|key| crate::auth::keys::prefix_of(&key).map(str::to_owned)),
        _ => None,
    };
    let client = match key {
        Some(prefix) => Client::Key(prefix),
        None => Client::Address(state.trusted_proxies.client_of(request.request())?),
    };
    Some((kind, state.rate_limits.check(kind, &client)?))
}

/// The middleware, inside the response cache: it sees only what the cache did not answer.
pub async fn limit(
    request: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    match standing_of(&request) {
        None => Ok(next.call(request).await?.map_into_boxed_body()),
        Some((kind, Err(refused))) => {
            let error = ApiError::TooManyRequests {
                kind: kind.as_str(),
                limit: refused.limit.amount.get(),
                window: refused.limit.window.as_secs(),
                retry_after: refused.reset,
            };
            let mut response = actix_web::ResponseError::error_response(&error);
            refused.tell(response.headers_mut());
            Ok(request.into_response(response))
        }
        Some((kind, Ok(allowed))) => {
            let mut response = next.call(request).await?.map_into_boxed_body();
            // Only on answers no cache keeps: a kept one would give this count to others.
            if matches!(kind, Kind::Beacons | Kind::Writes) {
                allowed.tell(response.headers_mut());
            }
            Ok(response)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_read_as_written() {
        let limits: Vec<Limit> = ["search=60/min", " writes=10/s", "beacons=5/30s"]
            .map(|limit| limit.parse().unwrap())
            .into();
        assert_eq!(limits[0].kind, Kind::Search);
        assert_eq!(limits[0].amount.get(), 60);
        assert_eq!(limits[0].window, Duration::from_secs(60));
        assert_eq!(limits[1].kind, Kind::Writes);
        assert_eq!(limits[2].window, Duration::from_secs(30));
        for wrong in [
            "search",
            "search=0/min",
            "searches=1/s",
            "reads=1/fortnight",
            "reads=1/0s",
            "reads=2000000000/s",
        ] {
            let error = wrong.parse::<Limit>().unwrap_err();
            assert!(error.contains("KIND=AMOUNT/WINDOW"), "{wrong}: {error}");
        }
    }

    #[test]
    fn a_client_spends_its_quota_then_waits_and_others_are_not_affected() {
        let limits = RateLimits::new(&["search=3/min".parse().unwrap()]);
        let one = Client::Address("192.0.2.1".parse().unwrap());
        let other = Client::Address("192.0.2.2".parse().unwrap());
        let remaining: Vec<u32> = (0..3)
            .map(|_| limits.check(Kind::Search, &one).unwrap().ok().unwrap().remaining)
            .collect();
        assert_eq!(remaining, [2, 1, 0]);
        let refused = limits.check(Kind::Search, &one).unwrap().err().unwrap();
        assert!((1..=20).contains(&refused.reset), "{}", refused.reset);
        assert!(limits.check(Kind::Search, &other).unwrap().is_ok());
        assert!(limits.check(Kind::Reads, &one).is_none(), "no limit on reads");
    }

    #[test]
    fn clients_whose_quota_is_back_are_forgotten() {
        let limits = RateLimits::new(&["beacons=1000/s".parse().unwrap()]);
        for n in 0..500u32 {
            let client = Client::Address(IpAddr::from(n.to_be_bytes()));
            assert!(limits.check(Kind::Beacons, &client).unwrap().is_ok());
        }
        assert_eq!(limits.clients(), 500);
        std::thread::sleep(Duration::from_millis(20));
        limits.forget_recovered();
        assert_eq!(limits.clients(), 0);
    }
}
