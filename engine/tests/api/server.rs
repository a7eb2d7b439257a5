//! The real server on a loopback port, and the `engine` binary itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

use axum::http::Method;
use engine::bench::Client;
use engine::{app, open_db, server, AppState, Config, Seed};
use serde_json::json;

use crate::common::{ANCHOR, KEY, SECRET};

async fn start(faults: bool) -> (String, String) {
    let (db, _) = open_db(":memory:", Seed::Demo { customers: 50 }, KEY, ANCHOR).unwrap();
    let (listener, base_url) = server::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let config = Config {
        workspace_key: KEY.into(),
        workspace_secret: SECRET.into(),
        base_url: base_url.clone(),
        allowed_origins: Vec::new(),
        faults,
    };
    tokio::spawn(server::serve(listener, app(AppState::new(db, config))));
    (
        base_url,
        engine::auth::admin_token(KEY, SECRET, 60).expect("admin token"),
    )
}

#[tokio::test]
async fn serves_over_loopback_and_drops_connections_on_request() {
    let (base, token) = start(true).await;
    let mut client = Client::connect(&base).await.unwrap();
    let page = client
        .json(Method::GET, "/customers?limit=2", &token, None)
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let apps = client
        .json(Method::GET, "/external-apps?limit=1", &token, None)
        .await
        .unwrap();
    assert_eq!(
        apps["items"][0]["logoUri"],
        format!("{base}/logos/hubspot.svg")
    );

    let fault = json!({ "path": "/customers", "drop": true });
    let (status, _) = client
        .send(Method::POST, "/_faults", None, Some(&fault))
        .await
        .unwrap();
    assert_eq!(status, 201);
    let dropped = client
        .send(Method::GET, "/customers", Some(&token), None)
        .await;
    assert!(
        dropped.is_err(),
        "the connection closes without a response: {dropped:?}"
    );
    // The server itself is fine.
    let mut fresh = Client::connect(&base).await.unwrap();
    assert!(fresh
        .json(Method::GET, "/customers?limit=1", &token, None)
        .await
        .is_ok());
}

fn engine_binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_engine"));
    command
        .env_remove("ENGINE_WORKSPACE_KEY")
        .env_remove("ENGINE_WORKSPACE_SECRET")
        .env_remove("ENGINE_LOG");
    command
}

/// Serves with `log_level` (None: the default), makes one authorised request whose query
/// carries a token-like value, stops the engine and returns its stdout lines and stderr.
fn serve_one_request(log_level: Option<&str>) -> (Vec<String>, String) {
    let mut command = engine_binary();
    if let Some(level) = log_level {
        command.env("ENGINE_LOG", level);
    }
    let mut child = command
        .args(["serve", "--listen", "127.0.0.1:0", "--db", ":memory:"])
        .args(["--seed", "none"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let stdout: Vec<String> = (0..2).map(|_| lines.next().unwrap().unwrap()).collect();
    let port = stdout[0].rsplit(':').next().unwrap().to_string();
    let token = stdout[1].strip_prefix("admin token: ").unwrap();
    let mut stream = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
    write!(stream, "GET /customers?limit=1&token=query-secret HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    child.kill().unwrap();
    child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (stdout, stderr)
}

#[test]
fn the_request_log_names_method_path_status_and_latency_but_no_token() {
    let (stdout, log) = serve_one_request(Some("info"));
    assert!(stdout[0].starts_with("listening on http://127.0.0.1:"));
    assert!(stdout[1].starts_with("admin token: "));
    let token = stdout[1].strip_prefix("admin token: ").unwrap();
    let line = log
        .lines()
        .find(|line| line.contains("path=/customers"))
        .unwrap_or_else(|| panic!("no request line in {log:?}"));
    for part in ["INFO", "method=GET", "status=200", "latency="] {
        assert!(line.contains(part), "{part} in {line:?}");
    }
    for secret in [token, "query-secret", "Bearer", "limit=1"] {
        assert!(!log.contains(secret), "{secret} logged: {log:?}");
    }
}

#[test]
fn by_default_requests_are_not_logged() {
    let (_, log) = serve_one_request(None);
    assert!(log.is_empty(), "{log:?}");
}

#[test]
fn the_binary_prints_its_address_first_and_an_admin_token() {
    let mut child = engine_binary()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--db",
            ":memory:",
            "--seed",
            "none",
            "--workspace-key",
            "k1",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    let port: u16 = first
        .strip_prefix("listening on http://127.0.0.1:")
        .expect(&first)
        .parse()
        .unwrap();
    let token = second
        .strip_prefix("admin token: ")
        .expect(&second)
        .to_string();
    let claims = engine::auth::verify(&token, "switchboard-dev-secret", "k1").unwrap();
    assert_eq!(claims["isAdmin"], true);
    let lifetime = claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap();
    assert_eq!(lifetime, 30 * 86_400);

    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET /workspace HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"key\":\"k1\""));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn the_binary_mints_tokens_and_refuses_public_addresses() {
    let output = engine_binary()
        .env("ENGINE_WORKSPACE_SECRET", "s2")
        .args([
            "token",
            "customer",
            "cust-00001",
            "--name",
            "Acme",
            "--ttl",
            "60",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.ends_with('\n') && text.lines().count() == 1);
    let claims = engine::auth::verify(text.trim(), "s2", "switchboard-dev").unwrap();
    assert_eq!(
        (claims["id"].as_str(), claims["name"].as_str()),
        (Some("cust-00001"), Some("Acme"))
    );

    let output = engine_binary().args(["token", "admin"]).output().unwrap();
    assert!(output.status.success());

    let output = engine_binary()
        .args(["serve", "--listen", "0.0.0.0:0", "--db", ":memory:"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--public"));
}
