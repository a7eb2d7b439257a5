use std::collections::HashSet;

use axum::http::Method;
use serde_json::json;

use crate::common::{ids, Engine, CUSTOMERS};

#[tokio::test]
async fn lists_newest_first_without_archived_by_default() {
    let engine = Engine::new();
    let page = engine.get("/customers").await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 100);
    assert!(page["cursor"].is_string());
    assert_eq!(items[0]["name"], "Acme Corporation");
    assert_eq!(items[0]["internalId"], "cust-00001");
    let created: Vec<&str> = items
        .iter()
        .map(|c| c["createdAt"].as_str().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for customer in items {
        for field in [
            "id",
            "name",
            "internalId",
            "fields",
            "isTest",
            "isActive",
            "createdAt",
        ] {
            assert!(
                customer.get(field).is_some(),
                "{field} missing in {customer}"
            );
        }
        assert!(customer.get("archivedAt").is_none());
    }
    let all = engine.all("/customers?limit=1000").await;
    let with_archived = engine
        .all("/customers?limit=1000&includeArchived=true")
        .await;
    assert!(all.len() < with_archived.len());
    assert_eq!(with_archived.len(), CUSTOMERS);
    let vandelay = with_archived
        .iter()
        .find(|c| c["name"] == "Vandelay Industries")
        .unwrap();
    assert!(vandelay["archivedAt"].is_string());
    assert!(!all.iter().any(|c| c["name"] == "Vandelay Industries"));
}

#[tokio::test]
async fn searches_name_internal_id_and_id_case_insensitively() {
    let engine = Engine::new();
    let names = |page: serde_json::Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        names(engine.get("/customers?search=ACME%20corp").await),
        ["Acme Corporation"]
    );
    assert!(names(engine.get("/customers?search=hoo").await).contains(&"Hooli".to_string()));
    assert!(
        names(engine.get("/customers?search=Ho").await).contains(&"Hooli".to_string()),
        "2-char fallback"
    );
    assert_eq!(
        names(engine.get("/customers?search=cust-00007").await),
        ["Hooli"]
    );
    let hooli = engine.customer_id("cust-00007").await;
    let by_id = engine
        .get(&format!("/customers?search={}", &hooli[4..16]))
        .await;
    assert_eq!(ids(by_id["items"].as_array().unwrap()), [hooli]);
    assert!(
        names(engine.get("/customers?search=%25").await).is_empty(),
        "LIKE wildcards are literal"
    );
    assert!(
        names(engine.get("/customers?search=%22%22%22").await).is_empty(),
        "quotes are literal"
    );
}

#[tokio::test]
async fn filters_test_customers() {
    let engine = Engine::new();
    let test = engine.all("/customers?isTest=true&limit=1000").await;
    assert!(test.iter().all(|c| c["isTest"] == true));
    assert!(test.iter().any(|c| c["name"] == "Pied Piper (test)"));
    let real = engine.all("/customers?isTest=false&limit=1000").await;
    assert!(real.iter().all(|c| c["isTest"] == false));
    let error = engine
        .fails(Method::GET, "/customers?isTest=yes", None, 400)
        .await;
    assert!(error["message"].as_str().unwrap().starts_with("isTest:"));
}

#[tokio::test]
async fn validates_limit_and_cursor() {
    let engine = Engine::new();
    for bad in ["0", "1001", "-1", "ten", "1.5"] {
        let error = engine
            .fails(Method::GET, &format!("/customers?limit={bad}"), None, 400)
            .await;
        assert_eq!(error["type"], "bad_request");
        assert!(
            error["message"].as_str().unwrap().starts_with("limit:"),
            "{error}"
        );
    }
    assert_eq!(
        engine.get("/customers?limit=1").await["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let archived = engine
        .all("/customers?limit=1000&includeArchived=true")
        .await
        .iter()
        .filter(|c| c["archivedAt"].is_string())
        .count();
    assert!(archived > 0);
    assert_eq!(
        engine.get("/customers?limit=1000").await["items"]
            .as_array()
            .unwrap()
            .len(),
        CUSTOMERS - archived
    );
    assert!(
        engine
            .get("/customers?limit=1000")
            .await
            .get("cursor")
            .is_none(),
        "last page has no cursor"
    );
    for bad in ["nonsense", "MTpub3Q", "%FF"] {
        let error = engine
            .fails(Method::GET, &format!("/customers?cursor={bad}"), None, 400)
            .await;
        assert!(
            error["message"].as_str().unwrap().starts_with("cursor:"),
            "{error}"
        );
    }
}

/// Walks every page while inserting and archiving between pages: every customer that was there
/// at the start and never archived is seen exactly once, and nothing is seen twice.
#[tokio::test]
async fn paging_is_stable_under_inserts_and_archives() {
    let engine = Engine::new();
    let initial = ids(&engine.all("/customers?limit=1000").await);
    let mut seen: Vec<String> = Vec::new();
    let mut archived: HashSet<String> = HashSet::new();
    let mut cursor: Option<String> = None;
    let mut round = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/customers?limit=7&cursor={c}"),
            None => "/customers?limit=7".to_string(),
        };
        let page = engine.get(&path).await;
        seen.extend(ids(page["items"].as_array().unwrap()));
        round += 1;
        engine
            .ok(
                Method::POST,
                "/customers",
                Some(json!({ "name": format!("Inserted {round}") })),
            )
            .await;
        // Archive one customer not yet seen (ahead of the cursor) and one already seen.
        let ahead = initial
            .iter()
            .rev()
            .find(|id| !seen.contains(id) && !archived.contains(*id))
            .cloned();
        for id in ahead.into_iter().chain(seen.first().cloned()) {
            engine
                .ok(Method::DELETE, &format!("/customers/{id}"), None)
                .await;
            archived.insert(id);
        }
        match page["cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no duplicates");
    for id in initial.iter().filter(|id| !archived.contains(*id)) {
        assert!(unique.contains(id), "survivor {id} skipped");
    }
    assert!(round > 10);
}

#[tokio::test]
async fn creates_and_refuses_duplicates() {
    let engine = Engine::new();
    let created = engine
        .ok(
            Method::POST,
            "/customers",
            Some(json!({ "name": "New Co", "internalId": "new-co", "fields": { "plan": "pro" }, "extra": 1 })),
        )
        .await;
    assert_eq!(created["name"], "New Co");
    assert_eq!(created["internalId"], "new-co");
    assert_eq!(created["fields"], json!({ "plan": "pro" }));
    assert_eq!(created["isTest"], false);
    let fetched = engine
        .get(&format!("/customers/{}", created["id"].as_str().unwrap()))
        .await;
    assert_eq!(fetched, created);
    let dup = engine
        .fails(
            Method::POST,
            "/customers",
            Some(json!({ "name": "Again", "internalId": "new-co" })),
            409,
        )
        .await;
    assert_eq!(dup["key"], "already_exists");
    assert_eq!(dup["data"]["field"], "internalId");
    // New and renamed customers are searchable at once.
    let found = engine.get("/customers?search=new%20co").await;
    assert_eq!(
        ids(found["items"].as_array().unwrap()),
        ids(std::slice::from_ref(&created))
    );
    let path = format!("/customers/{}", created["id"].as_str().unwrap());
    engine
        .ok(Method::PATCH, &path, Some(json!({ "name": "Zyxwv Labs" })))
        .await;
    assert_eq!(
        engine.get("/customers?search=zyxwv").await["items"][0]["id"],
        created["id"]
    );
    assert!(engine.get("/customers?search=new%20co").await["items"]
        .as_array()
        .unwrap()
        .is_empty());
    let anonymous = engine
        .ok(
            Method::POST,
            "/customers",
            Some(json!({ "name": "No Internal Id" })),
        )
        .await;
    assert_eq!(anonymous["internalId"], anonymous["id"]);
}

#[tokio::test]
async fn rejects_bad_customer_bodies_naming_the_field() {
    let engine = Engine::new();
    let cases = [
        (json!({}), "name:"),
        (json!({ "name": "" }), "name:"),
        (json!({ "name": "   " }), "name:"),
        (json!({ "name": 42 }), "name:"),
        (json!({ "name": "x".repeat(256) }), "name:"),
        (json!({ "name": "ok", "internalId": ["a"] }), "internalId:"),
        (json!({ "name": "ok", "fields": "plan=pro" }), "fields:"),
        (json!({ "name": "ok", "isTest": "yes" }), "isTest:"),
    ];
    for (body, field) in cases {
        let error = engine
            .fails(Method::POST, "/customers", Some(body.clone()), 400)
            .await;
        assert!(
            error["message"].as_str().unwrap().starts_with(field),
            "{body} -> {error}"
        );
    }
    let too_long = engine
        .fails(
            Method::POST,
            "/customers",
            Some(json!({ "name": "x".repeat(256) })),
            400,
        )
        .await;
    assert_eq!(
        too_long["message"],
        "name: must be a non-empty string of at most 255 characters"
    );
}

#[tokio::test]
async fn patch_merges_fields_and_put_replaces() {
    let engine = Engine::new();
    let id = engine.customer_id("cust-00001").await;
    let path = format!("/customers/{id}");
    let before = engine.get(&path).await;
    let patched = engine
        .ok(
            Method::PATCH,
            &path,
            Some(json!({ "fields": { "plan": "enterprise", "website": null, "newKey": 1 } })),
        )
        .await;
    assert_eq!(patched["name"], "Acme Corporation");
    assert_eq!(patched["fields"]["plan"], "enterprise");
    assert_eq!(patched["fields"]["newKey"], 1);
    assert!(patched["fields"].get("website").is_none(), "null deletes");
    assert_eq!(
        patched["fields"]["contactEmail"], before["fields"]["contactEmail"],
        "other keys kept"
    );
    let renamed = engine
        .ok(Method::PATCH, &path, Some(json!({ "name": "Acme Corp" })))
        .await;
    assert_eq!(renamed["fields"], patched["fields"]);
    let replaced = engine
        .ok(
            Method::PUT,
            &path,
            Some(json!({ "name": "Acme", "fields": { "plan": "free" } })),
        )
        .await;
    assert_eq!(replaced["fields"], json!({ "plan": "free" }));
    assert_eq!(replaced["internalId"], "cust-00001");
    let error = engine
        .fails(Method::PUT, &path, Some(json!({ "fields": {} })), 400)
        .await;
    assert!(error["message"].as_str().unwrap().starts_with("name:"));
    let taken = engine
        .fails(
            Method::PATCH,
            &path,
            Some(json!({ "internalId": "cust-00002" })),
            409,
        )
        .await;
    assert_eq!(taken["key"], "already_exists");
    assert_eq!(taken["data"]["field"], "internalId");
    let error = engine
        .fails(
            Method::PATCH,
            &path,
            Some(json!({ "internalId": null })),
            400,
        )
        .await;
    assert!(error["message"]
        .as_str()
        .unwrap()
        .starts_with("internalId:"));
}

#[tokio::test]
async fn archive_blocks_changes_until_restored() {
    let engine = Engine::new();
    let id = engine.customer_id("cust-00009").await;
    let path = format!("/customers/{id}");
    let archived = engine.ok(Method::DELETE, &path, None).await;
    assert!(archived["archivedAt"].is_string());
    let error = engine
        .fails(Method::PATCH, &path, Some(json!({ "name": "Nope" })), 400)
        .await;
    assert!(
        error["message"].as_str().unwrap().contains("archived"),
        "{error}"
    );
    assert!(!ids(&engine.all("/customers?limit=1000").await).contains(&id));
    let restored = engine
        .ok(Method::POST, &format!("{path}/restore"), None)
        .await;
    assert!(restored.get("archivedAt").is_none());
    engine
        .ok(Method::PATCH, &path, Some(json!({ "name": "Soylent" })))
        .await;
    engine
        .fails(
            Method::DELETE,
            "/customers/000000000000000000000000",
            None,
            404,
        )
        .await;
    engine
        .fails(Method::POST, "/customers/missing/restore", None, 404)
        .await;
}

#[tokio::test]
async fn users_is_an_alias_of_customers() {
    let engine = Engine::new();
    let users = engine.get("/users?limit=5").await;
    let customers = engine.get("/customers?limit=5").await;
    assert_eq!(users, customers);
    let created = engine
        .ok(Method::POST, "/users", Some(json!({ "name": "Via Users" })))
        .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        engine.get(&format!("/customers/{id}")).await["name"],
        "Via Users"
    );
    engine
        .ok(Method::DELETE, &format!("/users/{id}"), None)
        .await;
    engine
        .ok(Method::POST, &format!("/users/{id}/restore"), None)
        .await;
}
