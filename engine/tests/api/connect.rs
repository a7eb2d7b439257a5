use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{Engine, Reply};

async fn post_connect(engine: &Engine, payload: Value, origin: Option<&str>) -> Reply {
    let body: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("payload", &payload.to_string())
        .finish();
    let mut request =
        Request::post("/connect").header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(origin) = origin {
        request = request.header(header::ORIGIN, origin);
    }
    engine.send(request.body(Body::from(body)).unwrap()).await
}

/// The message a result page posts to its opener.
fn posted_message(page: &Reply) -> Value {
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert!(page.header("content-type").starts_with("text/html"));
    let start = page
        .text
        .find("type=\"application/json\">")
        .expect("result script")
        + "type=\"application/json\">".len();
    let end = start + page.text[start..].find("</script>").unwrap();
    serde_json::from_str(&page.text[start..end]).unwrap()
}

fn location(reply: &Reply) -> String {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.text);
    reply.header("location").to_string()
}

async fn get(engine: &Engine, path: &str) -> Reply {
    engine
        .send(Request::get(path).body(Body::empty()).unwrap())
        .await
}

async fn decide(engine: &Engine, authorize: &str, decision: &str) -> String {
    let page = get(engine, authorize).await;
    let state = authorize.split("state=").nth(1).unwrap();
    let body = format!("state={state}&decision={decision}");
    let request = Request::post("/oauth/authorize")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    assert!(page.text.contains(">Approve</button>") && page.text.contains(">Deny</button>"));
    location(&engine.send(request).await)
}

#[tokio::test]
async fn api_key_connection_succeeds_and_messages_the_opener_origin() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    let payload = json!({ "token": token, "requestId": "req-1", "integrationKey": "stripe", "input": { "apiKey": "sk_live_ok" } });
    let page = post_connect(&engine, payload, Some("http://localhost:5173")).await;
    let message = posted_message(&page);
    assert_eq!(message["source"], "integration.app");
    assert_eq!(message["requestId"], "req-1");
    assert_eq!(message["type"], "newConnectionCreated");
    assert_eq!(message["connection"]["connected"], true);
    assert_eq!(message["connection"]["authOptionKey"], "api-key");
    assert!(
        page.text.contains("var origin = \"http://localhost:5173\""),
        "posts to the opener's origin only"
    );
    assert!(!page.text.contains("\"*\""));
    assert!(page.text.contains("window.opener") && page.text.contains("window.close()"));
    let id = message["connection"]["id"].as_str().unwrap();
    let stored = engine
        .get(&format!("/connections/{id}?includeSecrets=true"))
        .await;
    assert_eq!(stored["credentials"]["apiKey"], "sk_live_ok");
}

#[tokio::test]
async fn api_key_failures_are_reported_as_connection_failures() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    let cases = [
        (
            json!({ "apiKey": "sk_invalid_123" }),
            "The API key was rejected by Stripe: 401 Unauthorized",
        ),
        (json!({}), "input: missing required field(s): apiKey"),
    ];
    for (input, expected) in cases {
        let payload =
            json!({ "token": token, "requestId": "r", "integrationKey": "stripe", "input": input });
        let message =
            posted_message(&post_connect(&engine, payload, Some("http://localhost:5173")).await);
        assert_eq!(message["type"], "newConnectionFailure");
        assert_eq!(message["error"]["message"], expected);
    }
    let payload = json!({ "token": "bad", "requestId": "r", "integrationKey": "stripe" });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert_eq!(message["error"]["key"], "not_authenticated");
    let payload = json!({ "token": token, "requestId": "r", "integrationKey": "pipedrive", "input": { "apiKey": "k" }, "authOptionKey": "api-key" });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .contains("deactivated"));
    let payload = json!({ "token": token, "requestId": "r", "integrationKey": "jira", "authOptionKey": "magic" });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("authOptionKey:"));
    let admin = json!({ "token": engine.admin, "requestId": "r", "integrationKey": "stripe", "input": { "apiKey": "k" } });
    let message = posted_message(&post_connect(&engine, admin, None).await);
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("userId:"));
    let page = post_connect(&engine, json!({ "token": token }), None).await;
    assert_eq!(page.status, 400, "no requestId: nothing to report to");
}

#[tokio::test]
async fn oauth_approve_goes_through_the_provider_pages() {
    let engine = Engine::new();
    let globex = engine.customer_id("cust-00002").await;
    // An admin token acting for a customer.
    let payload = json!({ "token": engine.admin, "userId": globex, "requestId": "oauth-1", "integrationKey": "hubspot", "allowMultipleConnections": true });
    let authorize = location(&post_connect(&engine, payload, Some("http://127.0.0.1:4000")).await);
    assert!(authorize.starts_with("/oauth/authorize?state="));
    let page = get(&engine, &authorize).await;
    assert!(page.text.contains("<title>HubSpot wants access</title>"));
    assert!(page.text.contains("Globex Inc."));
    let callback = decide(&engine, &authorize, "approve").await;
    assert!(callback.starts_with("/oauth-callback?code="));
    let message = posted_message(&get(&engine, &callback).await);
    assert_eq!(message["type"], "newConnectionCreated");
    assert_eq!(message["requestId"], "oauth-1");
    assert_eq!(message["connection"]["userId"], globex.as_str());
    assert_eq!(message["connection"]["authOptionKey"], "oauth");
    let id = message["connection"]["id"].as_str().unwrap();
    let secret = engine
        .get(&format!("/connections/{id}?includeSecrets=true"))
        .await;
    assert!(
        secret["credentials"]["accessToken"].is_string()
            && secret["credentials"]["refreshToken"].is_string()
    );
    // The state is single-use.
    assert_eq!(get(&engine, &callback).await.status, 400);
}

#[tokio::test]
async fn oauth_deny_reports_access_denied() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    let payload = json!({ "token": token, "requestId": "oauth-2", "integrationKey": "slack" });
    let authorize = location(&post_connect(&engine, payload, Some("http://localhost:5173")).await);
    let callback = decide(&engine, &authorize, "deny").await;
    assert!(callback.starts_with("/oauth-callback?error=access_denied"));
    let message = posted_message(&get(&engine, &callback).await);
    assert_eq!(message["type"], "newConnectionFailure");
    assert_eq!(message["error"]["type"], "connection");
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .contains("denied"));
    assert_eq!(
        get(&engine, "/oauth/authorize?state=unknown").await.status,
        400
    );
}

#[tokio::test]
async fn oauth_with_a_subdomain_needs_the_input() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    let payload = json!({ "token": token, "requestId": "sf", "integrationKey": "salesforce" });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert!(message["error"]["message"]
        .as_str()
        .unwrap()
        .contains("subdomain"));
    let payload = json!({ "token": token, "requestId": "sf", "integrationKey": "salesforce", "input": { "subdomain": "Not Valid!" } });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert!(
        message["error"]["message"]
            .as_str()
            .unwrap()
            .contains("/subdomain"),
        "{message}"
    );
    let payload = json!({ "token": token, "requestId": "sf", "integrationKey": "salesforce", "input": { "subdomain": "soylent" } });
    let authorize = location(&post_connect(&engine, payload, None).await);
    assert!(get(&engine, &authorize)
        .await
        .text
        .contains("<b>soylent</b>"));
}

#[tokio::test]
async fn sse_delivers_the_result_once_available() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    // Subscribe before the result exists; the stream waits for it.
    let waiting = {
        let request = Request::get(format!("/sse/connection-events/sse-1?token={token}"))
            .body(Body::empty())
            .unwrap();
        let pending = engine.send(request);
        let payload = json!({ "token": token, "requestId": "sse-1", "integrationKey": "stripe", "input": { "apiKey": "k1" } });
        let (reply, _) = tokio::join!(pending, async {
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            post_connect(&engine, payload, None).await
        });
        reply
    };
    assert_eq!(waiting.status, 200);
    assert_eq!(waiting.header("content-type"), "text/event-stream");
    let data = waiting
        .text
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .expect("an event");
    let message: Value = serde_json::from_str(data).unwrap();
    assert_eq!(message["type"], "newConnectionCreated");
    assert_eq!(message["requestId"], "sse-1");
    // A late subscriber still gets it.
    let late = engine
        .send(
            Request::get(format!("/sse/connection-events/sse-1?token={token}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(late.text.contains("newConnectionCreated"));
    // Another customer does not.
    let other = engine.customer_token("cust-00001");
    let hidden = engine
        .send(
            Request::get(format!("/sse/connection-events/sse-1?token={other}"))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(!hidden.text.contains("data:"));
    let refused = engine
        .send(
            Request::get("/sse/connection-events/sse-1?token=nope")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json()["key"], "not_authenticated");
}

#[tokio::test]
async fn redirect_mode_ends_on_the_redirect_uri() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    let ok = json!({ "token": token, "requestId": "rd", "integrationKey": "stripe", "input": { "apiKey": "k" }, "redirectUri": "http://localhost:5173/done?tab=apps" });
    let target = location(&post_connect(&engine, ok, None).await);
    assert!(
        target.starts_with("http://localhost:5173/done?tab=apps&connectionId="),
        "{target}"
    );
    let bad = json!({ "token": token, "requestId": "rd", "integrationKey": "stripe", "input": { "apiKey": "invalid" }, "redirectUri": "http://localhost:5173/done" });
    let target = location(&post_connect(&engine, bad, None).await);
    assert!(
        target.starts_with("http://localhost:5173/done?error=The+API+key+was+rejected"),
        "{target}"
    );
    let oauth = json!({ "token": token, "requestId": "rd2", "integrationKey": "hubspot", "redirectUri": "http://127.0.0.1:9/x" });
    let authorize = location(&post_connect(&engine, oauth, None).await);
    let callback = decide(&engine, &authorize, "approve").await;
    assert!(
        location(&get(&engine, &callback).await).starts_with("http://127.0.0.1:9/x?connectionId=")
    );
    let evil = json!({ "token": token, "requestId": "rd", "integrationKey": "stripe", "redirectUri": "https://evil.example/steal" });
    let refused = post_connect(&engine, evil, None).await;
    assert_eq!(refused.status, 400);
    assert!(refused.text.contains("redirectUri"));
}

#[tokio::test]
async fn reconnect_and_multiple_connections() {
    let engine = Engine::new();
    let acme = engine.customer_id("cust-00001").await;
    let token = engine.customer_token("cust-00001");
    let stripe_of_acme = format!("/connections?userId={acme}&integrationKey=stripe");
    assert_eq!(engine.all(&stripe_of_acme).await.len(), 1);
    // Connecting again without allowMultipleConnections updates the existing connection.
    let payload = json!({ "token": token, "requestId": "m1", "integrationKey": "stripe", "input": { "apiKey": "k2" } });
    posted_message(&post_connect(&engine, payload, None).await);
    assert_eq!(engine.all(&stripe_of_acme).await.len(), 1);
    let payload = json!({ "token": token, "requestId": "m2", "integrationKey": "stripe", "input": { "apiKey": "k3" }, "allowMultipleConnections": true, "name": "Second Stripe" });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert_eq!(message["connection"]["name"], "Second Stripe");
    assert_eq!(engine.all(&stripe_of_acme).await.len(), 2);

    // Reconnecting the revoked Salesforce connection repairs it in place.
    let revoked = engine
        .get(&format!(
            "/connections?userId={acme}&integrationKey=salesforce"
        ))
        .await["items"][0]
        .clone();
    let id = revoked["id"].as_str().unwrap();
    let payload = json!({ "token": token, "requestId": "m3", "integrationKey": "salesforce", "connectionId": id, "input": { "subdomain": "acme" } });
    let authorize = location(&post_connect(&engine, payload, None).await);
    let callback = decide(&engine, &authorize, "approve").await;
    let message = posted_message(&get(&engine, &callback).await);
    assert_eq!(message["connection"]["id"], id);
    assert_eq!(message["connection"]["connected"], true);
    assert!(message["connection"].get("error").is_none());

    let globex_connection = engine
        .get("/connections?search=globex&integrationKey=jira")
        .await["items"][0]["id"]
        .clone();
    let payload = json!({ "token": token, "requestId": "m4", "integrationKey": "jira", "connectionId": globex_connection });
    let message = posted_message(&post_connect(&engine, payload, None).await);
    assert_eq!(
        message["error"]["key"], "not_found",
        "cannot reconnect another customer's connection"
    );
}

#[tokio::test]
async fn rendered_html_escapes_every_value() {
    let engine = Engine::new();
    let token = engine::auth::customer_token(
        crate::common::KEY,
        crate::common::SECRET,
        "xss-1",
        Some("<img src=x onerror=alert(1)>"),
        None,
        60,
    )
    .expect("customer token");
    let payload = json!({ "token": token, "requestId": "</script><script>alert(2)</script>", "integrationKey": "hubspot" });
    let authorize =
        location(&post_connect(&engine, payload.clone(), Some("http://localhost:5173")).await);
    let page = get(&engine, &authorize).await;
    assert!(!page.text.contains("<img src=x"));
    assert!(page.text.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let callback = decide(&engine, &authorize, "deny").await;
    let result = get(&engine, &callback).await;
    assert!(!result.text.contains("</script><script>alert(2)"));
    assert_eq!(
        posted_message(&result)["requestId"],
        "</script><script>alert(2)</script>"
    );
}

#[tokio::test]
async fn without_an_origin_nothing_is_posted() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00009");
    let payload = json!({ "token": token, "requestId": "no-origin", "integrationKey": "stripe", "input": { "apiKey": "k" } });
    let page = post_connect(&engine, payload, None).await;
    assert!(page.text.contains("var origin = null"));
}

#[tokio::test]
async fn connection_options_describe_the_auth_forms() {
    let engine = Engine::new();
    let options = engine
        .ok(
            Method::POST,
            "/connection-options",
            Some(json!({ "integrationKey": "jira" })),
        )
        .await;
    let options = options.as_array().unwrap();
    assert_eq!(options.len(), 2, "Jira offers OAuth and an API key");
    assert_eq!(
        (options[0]["key"].as_str(), options[0]["type"].as_str()),
        (Some("oauth"), Some("oauth2"))
    );
    assert!(options[0].get("inputSchema").is_none());
    let api_key = &options[1];
    assert_eq!(
        (api_key["key"].as_str(), api_key["type"].as_str()),
        (Some("api-key"), Some("client-credentials"))
    );
    assert_eq!(api_key["inputSchema"]["type"], "object");
    assert_eq!(
        api_key["inputSchema"]["required"],
        json!(["apiKey", "email", "subdomain"])
    );
    assert_eq!(
        api_key["inputSchema"]["properties"]["apiKey"],
        json!({
            "type": "string", "title": "API key", "isSensitive": true,
            "description": "Create a key in Jira's settings under API access.",
        })
    );
    for key in ["description", "title"] {
        assert!(api_key[key].is_string());
    }

    let stripe = engine.get("/integrations/stripe").await;
    let by_id = engine
        .ok(
            Method::POST,
            "/connection-options",
            Some(json!({ "integrationId": stripe["id"] })),
        )
        .await;
    assert_eq!(by_id.as_array().unwrap().len(), 1);
    assert_eq!(by_id[0]["type"], "client-credentials");
    let salesforce = engine
        .ok(
            Method::POST,
            "/connection-options",
            Some(json!({ "integrationKey": "salesforce" })),
        )
        .await;
    assert_eq!(
        salesforce[0]["inputSchema"]["required"],
        json!(["subdomain"])
    );

    let token = engine.customer_token("cust-00001");
    let acme = engine.customer_id("cust-00001").await;
    let own = engine
        .get(&format!(
            "/connections?userId={acme}&integrationKey=hubspot"
        ))
        .await["items"][0]["id"]
        .clone();
    let reply = engine
        .call(
            Method::POST,
            "/connection-options",
            Some(&token),
            Some(json!({ "connectionId": own })),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()[0]["type"], "oauth2");
    let globex = engine.get("/connections?search=globex").await["items"][0]["id"].clone();
    let reply = engine
        .call(
            Method::POST,
            "/connection-options",
            Some(&token),
            Some(json!({ "connectionId": globex })),
        )
        .await;
    assert_eq!(reply.status, 404);
    let error = engine
        .fails(Method::POST, "/connection-options", Some(json!({})), 400)
        .await;
    assert!(error["message"]
        .as_str()
        .unwrap()
        .starts_with("integrationId:"));
    engine
        .fails(
            Method::POST,
            "/connection-options",
            Some(json!({ "integrationKey": "nope" })),
            404,
        )
        .await;
}
