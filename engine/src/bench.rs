//! `engine bench`: latency and throughput of the customer endpoints over real loopback HTTP,
//! and the small HTTP/1 client it uses (also used by the tests).

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

fn percentile(sorted: &[Duration], p: usize) -> f64 {
    let index = (sorted.len() * p / 100).min(sorted.len().saturating_sub(1));
    sorted.get(index).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn report(name: &str, mut samples: Vec<Duration>, customers: usize) {
    samples.sort();
    println!(
        "engine {name} p50={:.2}ms p99={:.2}ms (n={}, {customers} customers)",
        percentile(&samples, 50),
        percentile(&samples, 99),
        samples.len()
    );
}

const LIST_REQUESTS: usize = 2000;
const SEARCH_REQUESTS: usize = 500;
const CREATE_REQUESTS: usize = 2000;
const SEARCH_TERMS: &[&str] = &[
    "acme",
    "logistics",
    "cust-0004",
    "nova",
    "gmbh",
    "zz",
    "holdings",
];

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
    let token = auth::admin_token(workspace_key, workspace_secret, 3600);
    let mut client = Client::connect(&base_url).await?;

    for _ in 0..50 {
        client
            .json(Method::GET, "/customers?limit=50", &token, None)
            .await?;
    }

    // Alternate between the first page and successive cursor pages.
    let mut samples = Vec::with_capacity(LIST_REQUESTS);
    let mut cursor: Option<String> = None;
    for i in 0..LIST_REQUESTS {
        let path = match (&cursor, i % 2) {
            (Some(c), 1) => format!("/customers?limit=50&cursor={c}"),
            _ => "/customers?limit=50".to_string(),
        };
        let t = Instant::now();
        let page = client.json(Method::GET, &path, &token, None).await?;
        samples.push(t.elapsed());
        if i % 2 == 1 || cursor.is_none() {
            cursor = page["cursor"].as_str().map(str::to_string);
        }
    }
    report("list-customers", samples, customers);

    let mut samples = Vec::with_capacity(SEARCH_REQUESTS);
    for i in 0..SEARCH_REQUESTS {
        let path = format!(
            "/customers?limit=50&search={}",
            SEARCH_TERMS[i % SEARCH_TERMS.len()]
        );
        let t = Instant::now();
        client.json(Method::GET, &path, &token, None).await?;
        samples.push(t.elapsed());
    }
    report("search-customers", samples, customers);

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
