use axum::http::Method;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use engine::auth::{sign, Alg};
use serde_json::json;

use crate::common::{Engine, KEY, SECRET};

fn now() -> i64 {
    engine::db::now_ms() / 1000
}

async fn refused(engine: &Engine, token: Option<&str>, reason: &str) {
    let reply = engine.call(Method::GET, "/customers", token, None).await;
    assert_eq!(reply.status, 401, "{}", reply.text);
    let error = reply.json();
    assert_eq!(error["type"], "bad_request");
    assert_eq!(error["key"], "not_authenticated");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains(reason),
        "{message:?} should mention {reason:?}"
    );
}

#[tokio::test]
async fn refuses_missing_malformed_forged_expired_and_unsigned_tokens() {
    let engine = Engine::new();
    refused(&engine, None, "missing").await;
    refused(&engine, Some("not-a-jwt"), "malformed").await;
    refused(&engine, Some("a.b.c"), "malformed").await;
    let forged = sign(
        &json!({ "iss": KEY, "isAdmin": true, "exp": now() + 60 }),
        "wrong-secret",
        Alg::Hs256,
    )
    .expect("signed");
    refused(&engine, Some(&forged), "signature").await;
    let expired = sign(
        &json!({ "iss": KEY, "isAdmin": true, "exp": now() - 1 }),
        SECRET,
        Alg::Hs256,
    )
    .expect("signed");
    refused(&engine, Some(&expired), "expired").await;
    let no_exp = sign(&json!({ "iss": KEY, "isAdmin": true }), SECRET, Alg::Hs256).expect("signed");
    refused(&engine, Some(&no_exp), "exp").await;
    let other_workspace = sign(
        &json!({ "iss": "other", "isAdmin": true, "exp": now() + 60 }),
        SECRET,
        Alg::Hs256,
    )
    .expect("signed");
    refused(&engine, Some(&other_workspace), "issuer").await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD
        .encode(json!({ "iss": KEY, "isAdmin": true, "exp": now() + 60 }).to_string());
    refused(&engine, Some(&format!("{header}.{claims}.")), "none").await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#);
    refused(&engine, Some(&format!("{header}.{claims}.c2ln")), "RS256").await;
    let reply = engine.call(Method::GET, "/customers", Some(""), None).await;
    assert_eq!(reply.status, 401);
}

#[tokio::test]
async fn accepts_hs512_admin_tokens() {
    let engine = Engine::new();
    let token = sign(
        &json!({ "iss": KEY, "isAdmin": true, "exp": now() + 60 }),
        SECRET,
        Alg::Hs512,
    )
    .expect("signed");
    let reply = engine
        .call(Method::GET, "/customers?limit=1", Some(&token), None)
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

#[tokio::test]
async fn customer_tokens_see_only_their_customer() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00001");
    let acme = engine.customer_id("cust-00001").await;
    let globex = engine.customer_id("cust-00002").await;

    let list = engine
        .call(Method::GET, "/customers", Some(&token), None)
        .await
        .json();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], acme.as_str());
    assert_eq!(
        engine
            .call(
                Method::GET,
                &format!("/customers/{acme}"),
                Some(&token),
                None
            )
            .await
            .status,
        200
    );
    let other = engine
        .call(
            Method::GET,
            &format!("/customers/{globex}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(other.status, 404);
    assert_eq!(other.json()["key"], "not_found");

    let connections = engine
        .call(Method::GET, "/connections?limit=1000", Some(&token), None)
        .await
        .json();
    let connections = connections["items"].as_array().unwrap();
    assert!(!connections.is_empty());
    assert!(connections.iter().all(|c| c["userId"] == acme.as_str()));
    let theirs = engine.get(&format!("/connections?userId={globex}")).await;
    let theirs = theirs["items"][0]["id"].as_str().unwrap();
    assert_eq!(
        engine
            .call(
                Method::GET,
                &format!("/connections/{theirs}"),
                Some(&token),
                None
            )
            .await
            .status,
        404
    );
    assert_eq!(
        engine
            .call(
                Method::DELETE,
                &format!("/connections/{theirs}"),
                Some(&token),
                None
            )
            .await
            .status,
        404
    );
    let filtered = engine
        .call(
            Method::GET,
            &format!("/connections?userId={globex}"),
            Some(&token),
            None,
        )
        .await;
    assert!(
        filtered.json()["items"].as_array().unwrap().is_empty(),
        "a filter cannot widen the scope"
    );
}

#[tokio::test]
async fn admin_only_operations_are_denied_to_customers() {
    let engine = Engine::new();
    let token = engine.customer_token("cust-00001");
    let acme = engine.customer_id("cust-00001").await;
    let own_connection = engine.get(&format!("/connections?userId={acme}")).await["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        (
            Method::PATCH,
            "/workspace".to_string(),
            Some(json!({ "userFieldsSchema": { "type": "object" } })),
        ),
        (
            Method::GET,
            format!("/connections/{own_connection}?includeSecrets=true"),
            None,
        ),
        (
            Method::POST,
            "/integrations".to_string(),
            Some(json!({ "externalAppId": "notion" })),
        ),
        (
            Method::PATCH,
            "/integrations/hubspot".to_string(),
            Some(json!({ "name": "x" })),
        ),
        (Method::DELETE, "/integrations/hubspot".to_string(), None),
        (
            Method::POST,
            "/customers".to_string(),
            Some(json!({ "name": "x" })),
        ),
        (
            Method::PATCH,
            format!("/customers/{acme}"),
            Some(json!({ "name": "x" })),
        ),
    ];
    for (method, path, body) in cases {
        let reply = engine.call(method.clone(), &path, Some(&token), body).await;
        assert_eq!(reply.status, 403, "{method} {path}: {}", reply.text);
        assert_eq!(reply.json()["key"], "access_denied");
    }
    // Reading is fine.
    for path in [
        "/workspace",
        "/integrations",
        "/external-apps",
        "/connectors",
    ] {
        assert_eq!(
            engine
                .call(Method::GET, path, Some(&token), None)
                .await
                .status,
            200,
            "{path}"
        );
    }
    let own = engine
        .call(
            Method::GET,
            &format!("/connections/{own_connection}"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(own.status, 200);
    assert!(own.json().get("credentials").is_none());
}

#[tokio::test]
async fn first_seen_customer_token_creates_the_customer() {
    let engine = Engine::new();
    let token = sign(
        &json!({ "iss": KEY, "id": "brand-new-7", "name": "Brand New Ltd", "fields": { "plan": "pro" }, "exp": now() + 60 }),
        SECRET,
        Alg::Hs256,
    )
    .expect("signed");
    let list = engine
        .call(Method::GET, "/customers", Some(&token), None)
        .await
        .json();
    let me = &list["items"][0];
    assert_eq!(me["internalId"], "brand-new-7");
    assert_eq!(me["name"], "Brand New Ltd");
    assert_eq!(me["fields"], json!({ "plan": "pro" }));
    assert!(me["lastActiveAt"].is_string());
    // Seen again: the same customer, not a second one.
    engine
        .call(Method::GET, "/customers", Some(&token), None)
        .await;
    let found = engine.get("/customers?search=brand-new-7").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
}
