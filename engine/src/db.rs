//! The embedded SQLite database: schema, the shared connection, and time/id helpers.

use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::{Connection, OptionalExtension};

use crate::errors::ApiResult;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS workspace (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    user_fields_schema TEXT
);

CREATE TABLE IF NOT EXISTS customers (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    internal_id TEXT NOT NULL UNIQUE,
    fields TEXT NOT NULL DEFAULT '{}',
    is_test INTEGER NOT NULL DEFAULT 0,
    last_active_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    archived_at INTEGER
);

-- Trigram index so that substring search stays fast at 100k customers.
CREATE VIRTUAL TABLE IF NOT EXISTS customers_fts USING fts5 (
    name, internal_id, id, content = 'customers', content_rowid = 'seq', tokenize = 'trigram'
);
CREATE TRIGGER IF NOT EXISTS customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, name, internal_id, id)
    VALUES (new.seq, new.name, new.internal_id, new.id);
END;
CREATE TRIGGER IF NOT EXISTS customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, name, internal_id, id)
    VALUES ('delete', old.seq, old.name, old.internal_id, old.id);
END;
CREATE TRIGGER IF NOT EXISTS customers_fts_update AFTER UPDATE OF name, internal_id ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, name, internal_id, id)
    VALUES ('delete', old.seq, old.name, old.internal_id, old.id);
    INSERT INTO customers_fts (rowid, name, internal_id, id)
    VALUES (new.seq, new.name, new.internal_id, new.id);
END;

CREATE TABLE IF NOT EXISTS external_apps (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    categories TEXT NOT NULL,
    default_connector_id TEXT NOT NULL,
    is_public INTEGER NOT NULL,
    popularity INTEGER NOT NULL,
    color TEXT NOT NULL,
    can_test INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS connectors (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    external_app_id TEXT NOT NULL,
    is_public INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS connector_versions (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    connector_id TEXT NOT NULL,
    version TEXT NOT NULL,
    major INTEGER NOT NULL,
    minor INTEGER NOT NULL,
    patch INTEGER NOT NULL,
    changelog TEXT NOT NULL,
    parameters_schema TEXT NOT NULL,
    auth_options TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (connector_id, version)
);

CREATE TABLE IF NOT EXISTS integrations (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    connector_id TEXT NOT NULL,
    connector_version TEXT NOT NULL,
    parameters TEXT NOT NULL DEFAULT '{}',
    is_deactivated INTEGER NOT NULL DEFAULT 0,
    external_app_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    archived_at INTEGER
);
CREATE INDEX IF NOT EXISTS integrations_order ON integrations (created_at DESC, id);

CREATE TABLE IF NOT EXISTS connections (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    integration_id TEXT NOT NULL,
    auth_option_key TEXT NOT NULL,
    state TEXT NOT NULL,
    error TEXT,
    credentials TEXT NOT NULL DEFAULT '{}',
    last_active_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    archived_at INTEGER
);
CREATE INDEX IF NOT EXISTS connections_order ON connections (created_at DESC, id);
CREATE INDEX IF NOT EXISTS connections_user ON connections (user_id);
CREATE INDEX IF NOT EXISTS connections_integration ON connections (integration_id);

-- Customer instances of every kind: the columns every kind has, the kind's own fields as JSON
-- (`own`) and what a reset restores (`original`: the name and the own fields as deployed).
CREATE TABLE IF NOT EXISTS instances (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT,
    user_id TEXT NOT NULL,
    connection_id TEXT,
    integration_id TEXT,
    instance_key TEXT,
    state TEXT,
    errors TEXT,
    own TEXT NOT NULL DEFAULT '{}',
    original TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    archived_at INTEGER
);
CREATE INDEX IF NOT EXISTS instances_order ON instances (kind, created_at DESC, id);
CREATE INDEX IF NOT EXISTS instances_user ON instances (user_id);

-- Flow runs. A run's state follows from its times (see instances/runs.rs): `settle_time` is
-- when it ends with `outcome`, unless `stopped_at` came first. `plan` holds its nodes in order,
-- `{key, output?, skippedAfter?}` each (bare keys in databases written before outputs).
CREATE TABLE IF NOT EXISTS flow_runs (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    flow_instance_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    connection_id TEXT,
    integration_id TEXT,
    name TEXT,
    start_node_key TEXT NOT NULL,
    plan TEXT NOT NULL,
    outcome TEXT NOT NULL,
    errors TEXT,
    input TEXT,
    launched_by TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    settle_time INTEGER NOT NULL,
    stopped_at INTEGER
);
CREATE INDEX IF NOT EXISTS flow_runs_order ON flow_runs (start_time DESC, id);
-- One flow's runs in list order, so its history pages without sorting every run it has.
DROP INDEX IF EXISTS flow_runs_instance;
CREATE INDEX IF NOT EXISTS flow_runs_of_instance ON flow_runs (flow_instance_id, start_time DESC, id);

-- The record pairs of a data link table instance.
CREATE TABLE IF NOT EXISTS data_links (
    seq INTEGER PRIMARY KEY,
    instance_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    app_record_id TEXT NOT NULL,
    external_record_id TEXT NOT NULL,
    UNIQUE (instance_id, direction, app_record_id, external_record_id)
);
"#;

/// The single SQLite connection, shared by all requests. Queries are short, so one connection
/// behind a mutex is simpler than a pool and is what `:memory:` needs anyway.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

impl Db {
    /// Opens (creating if needed) the database at `path`, or a private in-memory one for
    /// `:memory:`.
    pub fn open(path: &str) -> rusqlite::Result<Db> {
        let conn = if path == ":memory:" {
            Connection::open_in_memory()?
        } else {
            Connection::open(path)?
        };
        if path != ":memory:" {
            // WAL keeps readers and the single writer from blocking each other on disk.
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        create_schema(&conn)?;
        Ok(Db {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection. On the multi-threaded runtime the worker thread is
    /// marked as blocking for the duration, so other requests move to another worker; that
    /// avoids the two cross-thread hand-offs of `spawn_blocking`, which dominate the latency
    /// of sub-millisecond queries on a busy machine. The current-thread runtime (tests) cannot
    /// do that and simply runs the query.
    pub async fn call<T, F>(&self, f: F) -> ApiResult<T>
    where
        F: FnOnce(&mut Connection) -> ApiResult<T>,
    {
        let run = || {
            // A panic while holding the lock cannot leave SQLite itself inconsistent (every
            // write is a statement or transaction), so a poisoned lock is still usable.
            let mut guard = self
                .conn
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        };
        match tokio::runtime::Handle::try_current().map(|h| h.runtime_flavor()) {
            Ok(tokio::runtime::RuntimeFlavor::MultiThread) => tokio::task::block_in_place(run),
            _ => run(),
        }
    }

    /// Synchronous access for startup work (seeding) outside the runtime's request path.
    pub fn with<T>(&self, f: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self
            .conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }
}

/// Creates whatever part of the schema is missing.
pub fn create_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(SCHEMA)
}

/// True when nothing has been seeded yet (a fresh file or `:memory:`).
pub fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    let found: Option<String> = conn
        .query_row("SELECT id FROM workspace LIMIT 1", [], |r| r.get("id"))
        .optional()?;
    Ok(found.is_none())
}

pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Formats epoch milliseconds as ISO-8601 UTC with milliseconds, like the real engine.
pub fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Formats epoch milliseconds as an ISO-8601 date.
pub fn iso_date(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parses an ISO-8601 date (`2026-01-31`) or UTC/offset time (`2026-01-31T12:00:00.000Z`,
/// `...+02:00`) to epoch milliseconds.
pub fn parse_iso(text: &str) -> Option<i64> {
    let text = text.trim();
    let number = |s: &str| -> Option<i64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, time) = match text.split_once(['T', 't', ' ']) {
        Some((date, time)) => (date, Some(time)),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let (y, m, d) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(0..=9999).contains(&y) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    let Some(time) = time else {
        return Some(days * 86_400_000);
    };
    let (clock, offset_ms) = if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        (clock, 0)
    } else if let Some(at) = time.rfind(['+', '-']) {
        let (clock, offset) = time.split_at(at);
        let sign = if offset.starts_with('-') { -1 } else { 1 };
        let (h, min) = offset[1..].split_once(':').unwrap_or((&offset[1..], "0"));
        (clock, sign * (number(h)? * 60 + number(min)?) * 60_000)
    } else {
        (time, 0)
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let mut hms = clock.split(':');
    let h = number(hms.next()?)?;
    let min = number(hms.next().unwrap_or("0"))?;
    let sec = number(hms.next().unwrap_or("0"))?;
    if h > 23 || min > 59 || sec > 60 || hms.next().is_some() {
        return None;
    }
    let millis = match fraction {
        "" => 0,
        f if f.bytes().all(|b| b.is_ascii_digit()) => {
            number(&format!("{:0<3}", &f[..f.len().min(3)]))?
        }
        _ => return None,
    };
    Some(days * 86_400_000 + ((h * 60 + min) * 60 + sec) * 1000 + millis - offset_ms)
}

/// Howard Hinnant's civil-to-days algorithm, the inverse of `civil_from_days`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Random lowercase hex of `bytes` bytes, from the OS random source.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    if getrandom::fill(&mut buf).is_err() {
        // The OS source does not fail on supported platforms; the time-based fallback only
        // keeps ids unique, which is all they need to be.
        let seed = now_ms() as u64 ^ u64::from(std::process::id());
        let mut rng = crate::seed::Rng::new(seed);
        buf.iter_mut().for_each(|b| *b = rng.next_u64() as u8);
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new engine id, shaped like the real engine's 24-hex-digit ids.
pub fn new_id() -> String {
    random_hex(12)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_formats_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(iso(1_767_225_599_999), "2025-12-31T23:59:59.999Z");
        assert_eq!(iso_date(1_709_164_800_000), "2024-02-29");
        for ms in [0, 951_782_400_123, 1_767_225_599_999] {
            assert_eq!(parse_iso(&iso(ms)), Some(ms));
        }
        assert_eq!(parse_iso("2024-02-29"), Some(1_709_164_800_000));
        assert_eq!(
            parse_iso("2000-02-29T02:00:00+02:00"),
            Some(951_782_400_000)
        );
        for bad in [
            "",
            "x",
            "2024-13-01",
            "2024-01-01T25:00Z",
            "2024-01-01T1é:00Z",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
    }
}
