//! `engine bench`: latency and throughput of the customer, flow instance and flow run endpoints
//! over real loopback HTTP, and the small HTTP/1 client it uses (also used by the tests).

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpStream;

use crate::{app, auth, db, open_db, server, AppState, Config, Seed};

/// A keep-alive HTTP/1 connection to the engine.
pub struct Client {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

impl Client {
    pub async fn connect(base_url: &str) -> Result<Client, String> {
        let host = base_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let stream = TcpStream::connect(&host)
            .await
            .map_err(|e| format!("connect {host}: {e}"))?;
        let _ = stream.set_nodelay(true);
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        Ok(Client { sender, host })
    }

    /// Sends one request and reads the whole response.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Result<(StatusCode, Bytes), String> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, &self.host);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let payload = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Bytes::from(body.to_string())
            }
            None => Bytes::new(),
        };
        let request = request
            .body(Full::new(payload))
            .map_err(|e| e.to_string())?;
        self.sender.ready().await.map_err(|e| e.to_string())?;
        let response = self
            .sender
            .send_request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok((status, body))
    }

    /// Like `send`, decoding a JSON body and insisting on a 2xx status.
    pub async fn json(
        &mut self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let (status, bytes) = self.send(method, path, Some(token), body).await?;
        if !status.is_success() {
            return Err(format!(
                "{path}: {status} {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        serde_json::from_slice(&bytes).map_err(|e| format!("{path}: {e}"))
    }
}

/// Only the cursor of a list page: skipping the items keeps the client's share of the
/// measured latency small.
#[derive(serde::Deserialize)]
struct PageCursor {
    cursor: Option<String>,
}

/// CPU time used by this process so far (server and client together), from /proc.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let index = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// `population` says what the engine held: "3000 customers".
fn report(name: &str, mut samples: Vec<Duration>, population: &str, cpu_start: Option<f64>) {
    samples.sort();
    // CPU per request does not depend on what else the machine is doing, unlike latency.
    let cpu = match (cpu_start, cpu_seconds()) {
        (Some(start), Some(end)) => format!(
            ", cpu {:.2}ms/req",
            (end - start) * 1000.0 / samples.len() as f64
        ),
        _ => String::new(),
    };
    println!(
        "engine {name} p50={:.2}ms p99={:.2}ms (n={}, {population}{cpu})",
        percentile(&samples, 50),
        percentile(&samples, 99),
        samples.len()
    );
}

/// GET `path`, returning the page's cursor.
async fn page(client: &mut Client, path: &str, token: &str) -> Result<Option<String>, String> {
    let (status, bytes) = client.send(Method::GET, path, Some(token), None).await?;
    if !status.is_success() {
        return Err(format!(
            "{path}: {status} {}",
            String::from_utf8_lossy(&bytes)
        ));
    }
    let page: PageCursor = serde_json::from_slice(&bytes).map_err(|e| format!("{path}: {e}"))?;
    Ok(page.cursor)
}

const LIST_REQUESTS: usize = 2000;
/// Flow runs the engine holds for the flow lists' latency.
const FLOW_RUNS: i64 = 100_000;
const SEARCH_REQUESTS: usize = 500;
const CREATE_REQUESTS: usize = 2000;
/// Terms of three characters or more, from rare to very common; they use the trigram index.
const SEARCH_TERMS: &[&str] = &[
    "acme",
    "logistics",
    "cust-0004",
    "nova",
    "gmbh",
    "holdings",
    "qqq",
];
/// Shorter terms scan the table; a rare one ("zz") scans all of it, the worst case.
const SHORT_SEARCH_TERMS: &[&str] = &["zz", "ac", "a", "7"];

/// `LIST_REQUESTS` GETs of `first` (a path ending in a query), alternating
/// between the first page and successive cursor pages.
async fn paged(client: &mut Client, first: &str, token: &str) -> Result<Vec<Duration>, String> {
    let mut samples = Vec::with_capacity(LIST_REQUESTS);
    let mut cursor: Option<String> = None;
    for i in 0..LIST_REQUESTS {
        let path = match (&cursor, i % 2) {
            (Some(c), 1) => format!("{first}&cursor={c}"),
            _ => first.to_string(),
        };
        let t = Instant::now();
        let next = page(client, &path, token).await?;
        samples.push(t.elapsed());
        if i % 2 == 1 || cursor.is_none() {
            cursor = next;
        }
    }
    Ok(samples)
}

/// Copies the demo's flow runs, each copy a minute earlier, until there are
/// `FLOW_RUNS`; returns the busiest flow instance's id.
fn fill_flow_runs(conn: &rusqlite::Connection) -> rusqlite::Result<String> {
    let demo: i64 = conn.query_row("SELECT COUNT(*) AS runs FROM flow_runs", [], |r| {
        r.get("runs")
    })?;
    let copies = (FLOW_RUNS - demo).max(0) / demo.max(1);
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO flow_runs (id, flow_instance_id, user_id, connection_id, integration_id, name,
             start_node_key, plan, outcome, errors, input, launched_by, start_time, settle_time, stopped_at)
         SELECT 'bench-' || n.i || '-' || r.seq, r.flow_instance_id, r.user_id, r.connection_id,
             r.integration_id, r.name, r.start_node_key, r.plan, r.outcome, r.errors, r.input,
             r.launched_by, r.start_time - n.i * 60000, r.settle_time - n.i * 60000,
             r.stopped_at - n.i * 60000
         FROM flow_runs r, n",
        [copies],
    )?;
    conn.query_row(
        "SELECT flow_instance_id FROM flow_runs GROUP BY flow_instance_id ORDER BY COUNT(*) DESC LIMIT 1",
        [],
        |r| r.get("flow_instance_id"),
    )
}

/// Runs the benchmark against an in-process server with `customers` seeded customers.
pub async fn run(
    customers: usize,
    workspace_key: &str,
    workspace_secret: &str,
) -> Result<(), String> {
    let started = Instant::now();
    let (db, _) = open_db(
        ":memory:",
        Seed::Demo { customers },
        workspace_key,
        db::now_ms(),
    )
    .map_err(|e| e.to_string())?;
    println!(
        "engine seed {customers} customers in {:.2}s",
        started.elapsed().as_secs_f64()
    );
    let filled = Instant::now();
    let busiest = db
        .with(|conn| fill_flow_runs(conn))
        .map_err(|e| e.to_string())?;
    println!(
        "engine seed {FLOW_RUNS} flow runs in {:.2}s",
        filled.elapsed().as_secs_f64()
    );
    let addr = "127.0.0.1:0".parse().map_err(|e| format!("{e}"))?;
    let (listener, base_url) = server::bind(addr).await.map_err(|e| e.to_string())?;
    let config = Config {
        workspace_key: workspace_key.into(),
        workspace_secret: workspace_secret.into(),
        base_url: base_url.clone(),
        allowed_origins: Vec::new(),
        faults: false,
    };
    let server = tokio::spawn(server::serve(listener, app(AppState::new(db, config))));
    let token = auth::admin_token(workspace_key, workspace_secret, 3600)?;
    let mut client = Client::connect(&base_url).await?;

    for _ in 0..50 {
        page(&mut client, "/customers?limit=50", &token).await?;
    }

    let cpu_start = cpu_seconds();
    let samples = paged(&mut client, "/customers?limit=50", &token).await?;
    let population = format!("{customers} customers");
    report("list-customers", samples, &population, cpu_start);

    for (name, terms) in [
        ("search-customers", SEARCH_TERMS),
        ("short-search-customers", SHORT_SEARCH_TERMS),
    ] {
        let mut samples = Vec::with_capacity(SEARCH_REQUESTS);
        let cpu_start = cpu_seconds();
        for i in 0..SEARCH_REQUESTS {
            let path = format!("/customers?limit=50&search={}", terms[i % terms.len()]);
            let t = Instant::now();
            page(&mut client, &path, &token).await?;
            samples.push(t.elapsed());
        }
        report(name, samples, &population, cpu_start);
    }

    let population = format!("{FLOW_RUNS} flow runs");
    for (name, first) in [
        (
            "list-flow-instances",
            "/flow-instances?limit=50".to_string(),
        ),
        ("list-flow-runs", "/flow-runs?limit=50".to_string()),
        (
            "list-flow-runs-of-one-flow",
            format!("/flow-runs?limit=50&connectionFlowId={busiest}"),
        ),
    ] {
        let cpu_start = cpu_seconds();
        let samples = paged(&mut client, &first, &token).await?;
        report(name, samples, &population, cpu_start);
    }

    let t = Instant::now();
    for i in 0..CREATE_REQUESTS {
        let body = json!({ "name": format!("Bench Customer {i}"), "internalId": format!("bench-{i}"), "fields": { "plan": "pro" } });
        client
            .json(Method::POST, "/customers", &token, Some(&body))
            .await?;
    }
    let rate = CREATE_REQUESTS as f64 / t.elapsed().as_secs_f64();
    println!("engine create-customers {rate:.0}/s (n={CREATE_REQUESTS})");
    server.abort();
    Ok(())
}
