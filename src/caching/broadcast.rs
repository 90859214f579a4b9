//! Servers sharing one PostgreSQL database tell each other what changed, so that every one's
//! response cache forgets what a write on any of them changed: PostgreSQL's `LISTEN/NOTIFY`,
//! carrying each [`Invalidation`] as JSON on the channel [`CHANNEL`].
//!
//! One thread a server holds a connection of its own that listens, and sends what this server
//! changed. What it receives from the others (never its own) goes to the `apply` callback
//! within about [`POLL`]. When the connection is lost, notifications sent meanwhile are lost
//! with it: on reconnecting the callback hears [`Received::Missed`] and clears everything, and
//! what this server could not send is sent then.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::caching::Invalidation;

/// The notification channel.
pub const CHANNEL: &str = "newsroom_changes";

/// How often the thread sends what is queued and reads what arrived.
const POLL: Duration = Duration::from_millis(50);

/// How often an idle connection is checked, so that a silent loss is noticed.
const PING_EVERY: Duration = Duration::from_secs(5);

/// How long to wait before connecting again.
const RETRY_AFTER: Duration = Duration::from_secs(1);

/// The most tags in one notification: PostgreSQL takes payloads under 8000 bytes.
const TAGS_A_NOTIFICATION: usize = 80;

/// What a change was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A write through the API: the content changed.
    Write,
    /// View counts were written: only the answers that show them changed.
    Views,
}

/// What another server says it changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Received {
    Changed(Kind, Invalidation),
    /// Notifications may have been lost (the connection was): anything may have changed.
    Missed,
}

/// One notification's payload.
#[derive(Debug, Serialize, Deserialize)]
struct Message {
    /// The server that sent it.
    from: Uuid,
    kind: Kind,
    changed: Invalidation,
}

/// Sends this server's changes to the others; does nothing on a database of one server.
#[derive(Debug, Clone, Default)]
pub struct Broadcast {
    sender: Option<Sender<(Kind, Invalidation)>>,
}

impl Broadcast {
    /// No other server to tell (SQLite).
    pub fn none() -> Self {
        Self::default()
    }

    /// Starts the thread that listens on the database at `url` (PostgreSQL) and hands what
    /// other servers changed to `apply`.
    pub fn start(url: String, apply: impl Fn(Received) + Send + 'static) -> Self {
        let (sender, outgoing) = mpsc::channel();
        let started = std::thread::Builder::new()
            .name("broadcast".into())
            .spawn(move || run(&url, &outgoing, &apply));
        match started {
            Ok(_) => Self { sender: Some(sender) },
            Err(error) => {
                tracing::error!(%error, "cannot start the thread that tells other servers of changes");
                Self::none()
            }
        }
    }

    /// Whether this server tells others of its changes and hears theirs.
    pub fn is_on(&self) -> bool {
        self.sender.is_some()
    }

    /// Tells the other servers what this one changed.
    pub fn publish(&self, kind: Kind, changed: &Invalidation) {
        let changed_something = changed.everything || !changed.tags.is_empty() || changed.due.is_some();
        if changed_something && let Some(sender) = &self.sender {
            let _ = sender.send((kind, changed.clone()));
        }
    }
}

/// The payloads of one change: its tags split so that each payload is small enough.
fn payloads(from: Uuid, kind: Kind, changed: &Invalidation) -> Vec<String> {
    let parts: Vec<Invalidation> = if changed.tags.len() <= TAGS_A_NOTIFICATION {
        vec![changed.clone()]
    } else {
        changed
            .tags
            .chunks(TAGS_A_NOTIFICATION)
            .map(|tags| Invalidation {
                everything: changed.everything,
                tags: tags.to_vec(),
                due: changed.due,
            })
            .collect()
    };
    parts
        .into_iter()
        .filter_map(|changed| serde_json::to_string(&Message { from, kind, changed }).ok())
        .collect()
}

/// The thread: connects (again and again), listens, sends and receives until this server's
/// [`Broadcast`] is dropped.
fn run(url: &str, outgoing: &Receiver<(Kind, Invalidation)>, apply: &dyn Fn(Received)) {
    let me = Uuid::now_v7();
    let mut unsent: Vec<String> = Vec::new();
    let mut first = true;
    loop {
        let mut connection = match listen(url) {
            Ok(connection) => connection,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for other servers' changes; trying again");
                if !wait_queueing(outgoing, me, &mut unsent, RETRY_AFTER) {
                    return;
                }
                continue;
            }
        };
        if !first {
            tracing::info!("listening for other servers' changes again; clearing what may have changed");
            apply(Received::Missed);
        }
        first = false;
        match serve(&mut connection, me, outgoing, &mut unsent, apply) {
            Ok(()) => return,
            Err(error) => tracing::warn!(%error, "lost the connection that hears other servers' changes"),
        }
        if !wait_queueing(outgoing, me, &mut unsent, RETRY_AFTER) {
            return;
        }
    }
}

fn listen(url: &str) -> Result<PgConnection, Box<dyn std::error::Error>> {
    let mut connection = PgConnection::establish(url)?;
    connection.batch_execute(&format!(
        "SET application_name = 'newsroom broadcast'; LISTEN {CHANNEL}"
    ))?;
    Ok(connection)
}

/// Queues what is sent for `wait`; false once nothing can be sent any more.
fn wait_queueing(
    outgoing: &Receiver<(Kind, Invalidation)>,
    me: Uuid,
    unsent: &mut Vec<String>,
    wait: Duration,
) -> bool {
    let until = Instant::now() + wait;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        match outgoing.recv_timeout(left) {
            Ok((kind, changed)) => unsent.extend(payloads(me, kind, &changed)),
            Err(RecvTimeoutError::Timeout) => return true,
            Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// Sends and receives on one connection until it fails (an error) or the server stops.
fn serve(
    connection: &mut PgConnection,
    me: Uuid,
    outgoing: &Receiver<(Kind, Invalidation)>,
    unsent: &mut Vec<String>,
    apply: &dyn Fn(Received),
) -> QueryResult<()> {
    let mut checked = Instant::now();
    loop {
        let stopping = !wait_queueing(outgoing, me, unsent, POLL);
        while let Some(payload) = unsent.first() {
            diesel::sql_query("SELECT pg_notify($1, $2)")
                .bind::<Text, _>(CHANNEL)
                .bind::<Text, _>(payload)
                .execute(connection)?;
            unsent.remove(0);
        }
        if stopping {
            return Ok(());
        }
        if checked.elapsed() >= PING_EVERY {
            connection.batch_execute("SELECT 1")?;
            checked = Instant::now();
        }
        for notification in connection.notifications_iter() {
            let notification = notification?;
            match serde_json::from_str::<Message>(&notification.payload) {
                Ok(message) if message.from == me => {}
                Ok(message) => apply(Received::Changed(message.kind, message.changed)),
                Err(error) => tracing::warn!(%error, "an unreadable change notification"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::caching::CacheTag;
    use crate::db::Id;

    #[test]
    fn a_large_change_is_split_into_payloads_postgresql_takes() {
        let tags: Vec<CacheTag> = (0..1000).map(|_| CacheTag::from(Id::new())).collect();
        let changed = Invalidation::tags(tags.clone());
        let sent = payloads(Uuid::now_v7(), Kind::Views, &changed);
        assert!(sent.len() > 1);
        let mut received = Vec::new();
        for payload in &sent {
            assert!(payload.len() < 8000, "{}", payload.len());
            let message: Message = serde_json::from_str(payload).unwrap();
            assert_eq!(message.kind, Kind::Views);
            received.extend(message.changed.tags);
        }
        assert_eq!(received, tags);
    }
}
