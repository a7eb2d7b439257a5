use axum::body::Body;
use axum::http::{header, Method, Request};
use engine::Seed;

use crate::common::Engine;

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_the_error_shape() {
    let engine = Engine::new();
    let error = engine.fails(Method::GET, "/nope", None, 404).await;
    assert_eq!(error["key"], "not_found");
    let error = engine.fails(Method::PUT, "/workspace", None, 405).await;
    assert_eq!(error["type"], "bad_request");
    let error = engine
        .fails(Method::GET, "/customers/%00%ff", None, 400)
        .await;
    assert!(error["message"].as_str().unwrap().contains("UTF-8"));
    engine
        .fails(Method::GET, "/customers/a/b/c", None, 404)
        .await;
}

#[tokio::test]
async fn refuses_bad_bodies() {
    let engine = Engine::new();
    let admin = format!("Bearer {}", engine.admin);
    let post = |content_type: Option<&str>, body: Vec<u8>| {
        let mut request = Request::post("/customers").header(header::AUTHORIZATION, admin.clone());
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        request.body(Body::from(body)).unwrap()
    };
    let cases: Vec<(Option<&str>, Vec<u8>, u16, &str)> = vec![
        (
            Some("application/json"),
            b"{\"name\": ".to_vec(),
            400,
            "body: malformed JSON",
        ),
        (
            Some("application/json"),
            b"[1, 2]".to_vec(),
            400,
            "body: must be a JSON object",
        ),
        (
            Some("application/json"),
            b"".to_vec(),
            400,
            "body: malformed JSON",
        ),
        (
            Some("application/json"),
            vec![0xff, 0xfe],
            400,
            "body: malformed JSON",
        ),
        (
            Some("text/plain"),
            b"{\"name\": \"x\"}".to_vec(),
            400,
            "body: expected Content-Type application/json",
        ),
        (
            None,
            b"{\"name\": \"x\"}".to_vec(),
            400,
            "body: expected Content-Type",
        ),
    ];
    for (content_type, body, status, message) in cases {
        let reply = engine.send(post(content_type, body)).await;
        assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
        let error = reply.json();
        assert_eq!(error["type"], "bad_request");
        assert!(
            error["message"].as_str().unwrap().starts_with(message),
            "{error}"
        );
    }
    let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(1 << 20));
    let reply = engine
        .send(post(Some("application/json"), huge.into_bytes()))
        .await;
    assert_eq!(reply.status, 413);
    assert!(reply.json()["message"]
        .as_str()
        .unwrap()
        .starts_with("body:"));
    // Just under the limit is read (and refused for the long name, not the size).
    let big = format!(
        "{{\"name\": \"ok\", \"fields\": {{\"blob\": \"{}\"}}}}",
        "x".repeat((1 << 20) - 100)
    );
    assert_eq!(
        engine
            .send(post(Some("application/json"), big.into_bytes()))
            .await
            .status,
        201
    );
}

#[tokio::test]
async fn cors_allows_loopback_origins_by_default() {
    let engine = Engine::new();
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/customers/abc")
            .header(header::ORIGIN, origin)
            .header("access-control-request-method", "PATCH")
            .header(
                "access-control-request-headers",
                "authorization, content-type, membrane-api-version",
            )
            .body(Body::empty())
            .unwrap()
    };
    let reply = engine.send(preflight("http://localhost:5173")).await;
    assert!(reply.status.is_success());
    assert_eq!(
        reply.header("access-control-allow-origin"),
        "http://localhost:5173"
    );
    assert!(reply
        .header("access-control-allow-methods")
        .contains("PATCH"));
    assert!(reply
        .header("access-control-allow-headers")
        .contains("membrane-api-version"));
    let reply = engine.send(preflight("http://127.0.0.1:8080")).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        "http://127.0.0.1:8080"
    );
    let reply = engine.send(preflight("https://evil.example")).await;
    assert_eq!(reply.header("access-control-allow-origin"), "");

    let configured = Engine::build(
        Seed::Demo { customers: 20 },
        false,
        vec!["https://console.example".into()],
    );
    let reply = configured.send(preflight("https://console.example")).await;
    assert_eq!(
        reply.header("access-control-allow-origin"),
        "https://console.example"
    );
    let reply = configured.send(preflight("http://localhost:5173")).await;
    assert_eq!(reply.header("access-control-allow-origin"), "");
    // Errors carry CORS headers too, so the console can read them.
    let request = Request::get("/customers")
        .header(header::ORIGIN, "https://console.example")
        .body(Body::empty())
        .unwrap();
    let reply = configured.send(request).await;
    assert_eq!(reply.status, 401);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        "https://console.example"
    );
}
