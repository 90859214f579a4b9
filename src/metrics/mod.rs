//! Metrics in the Prometheus text format, at `GET /metrics`: requests and their latency per
//! route and status, the response cache's hits and misses and size, the reading connections in
//! use, and the view beacon's counts. Counters
//! are kept as requests go; gauges are read when scraped.

pub mod handlers;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::caching::ResponseStore;
use crate::db::Database;
use crate::views_counter::ViewCounter;

/// The route label of a request no route matched (so that made-up paths can't add series).
pub const UNMATCHED: &str = "unmatched";

/// The server's metrics; cheap to clone (the series are shared).
#[derive(Clone)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    readers: IntGaugeVec,
    views_pending: IntGauge,
    views: IntCounterVec,
    cache_lookups: IntCounterVec,
    cache_size: IntGaugeVec,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let requests = IntCounterVec::new(
            Opts::new(
                "newsroom_http_requests_total",
                "Requests answered, by route, method and status",
            ),
            &["route", "method", "status"],
        )
        .expect("a valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "newsroom_http_request_duration_seconds",
                "Time to answer a request, by route and method",
            )
            .buckets(vec![
                0.000_25, 0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ]),
            &["route", "method"],
        )
        .expect("a valid metric");
        let readers = IntGaugeVec::new(
            Opts::new("newsroom_db_readers", "Reading connections of the pool, by state"),
            &["state"],
        )
        .expect("a valid metric");
        let views_pending = IntGauge::new(
            "newsroom_views_pending",
            "Views counted by the beacon and not yet written",
        )
        .expect("a valid metric");
        let views = IntCounterVec::new(
            Opts::new(
                "newsroom_views_total",
                "Views by what became of them: accepted by the beacon, written (counted), or dropped (not a public article)",
            ),
            &["outcome"],
        )
        .expect("a valid metric");
        let cache_lookups = IntCounterVec::new(
            Opts::new(
                "newsroom_response_cache_lookups_total",
                "Public reads looked up in the response cache, by outcome (hit or miss)",
            ),
            &["outcome"],
        )
        .expect("a valid metric");
        let cache_size = IntGaugeVec::new(
            Opts::new(
                "newsroom_response_cache_size",
                "What the response cache holds, by unit (entries or bytes)",
            ),
            &["unit"],
        )
        .expect("a valid metric");
        let registry = Registry::new();
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(readers.clone()),
            Box::new(views_pending.clone()),
            Box::new(views.clone()),
            Box::new(cache_lookups.clone()),
            Box::new(cache_size.clone()),
        ] {
            registry.register(collector).expect("each metric once");
        }
        Self {
            registry,
            requests,
            latency,
            readers,
            views_pending,
            views,
            cache_lookups,
            cache_size,
        }
    }

    /// Records one lookup in the response cache.
    pub fn response_cache(&self, hit: bool) {
        self.cache_lookups
            .with_label_values(&[if hit { "hit" } else { "miss" }])
            .inc();
    }

    /// Records one answered request.
    pub fn observe(&self, route: &str, method: &str, status: actix_web::http::StatusCode, seconds: f64) {
        self.requests
            .with_label_values(&[route, method, status.as_str()])
            .inc();
        self.latency.with_label_values(&[route, method]).observe(seconds);
    }

    /// Every metric in the text format, gauges read now from `db`, `views` and `responses`.
    pub fn render(&self, db: &Database, views: &ViewCounter, responses: &ResponseStore) -> String {
        let (entries, bytes) = responses.usage();
        self.cache_size
            .with_label_values(&["entries"])
            .set(entries as i64);
        self.cache_size.with_label_values(&["bytes"]).set(bytes as i64);
        let pool = db.readers_state();
        self.readers
            .with_label_values(&["idle"])
            .set(i64::from(pool.idle_connections));
        self.readers
            .with_label_values(&["in_use"])
            .set(i64::from(pool.connections.saturating_sub(pool.idle_connections)));
        self.views_pending.set(views.pending() as i64);
        let totals = views.totals();
        for (outcome, total) in [
            ("accepted", totals.accepted),
            ("counted", totals.counted),
            ("dropped", totals.dropped),
        ] {
            let counter = self.views.with_label_values(&[outcome]);
            counter.inc_by(total.saturating_sub(counter.get()));
        }
        let mut text = Vec::new();
        // Encoding what the registry gathered into memory does not fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut text);
        String::from_utf8(text).unwrap_or_default()
    }
}
