use engine::db::Db;
use engine::{open_db, Seed};

use crate::common::{Engine, ANCHOR, KEY};

fn dump(db: &Db) -> Vec<String> {
    db.with(|conn| {
        let mut rows = Vec::new();
        for table in [
            "workspace",
            "customers",
            "external_apps",
            "connectors",
            "connector_versions",
            "integrations",
            "connections",
            "instances",
            "flow_runs",
            "data_links",
        ] {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
                .unwrap();
            let width = stmt.column_count();
            let mut query = stmt.query([]).unwrap();
            while let Some(row) = query.next().unwrap() {
                let values: Vec<String> = (0..width)
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect();
                rows.push(format!("{table}: {}", values.join("|")));
            }
        }
        rows
    })
}

#[test]
fn the_demo_seed_is_deterministic() {
    let (a, _) = open_db(":memory:", Seed::Demo { customers: 500 }, KEY, ANCHOR).unwrap();
    let (b, _) = open_db(":memory:", Seed::Demo { customers: 500 }, KEY, ANCHOR).unwrap();
    let (dump_a, dump_b) = (dump(&a), dump(&b));
    assert!(dump_a.len() > 500);
    assert_eq!(dump_a, dump_b);
}

#[test]
fn the_demo_population_has_the_advertised_mix() {
    let (db, _) = open_db(":memory:", Seed::Demo { customers: 3000 }, KEY, ANCHOR).unwrap();
    let count =
        |sql: &str| db.with(|conn| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap());
    assert_eq!(count("SELECT COUNT(*) FROM customers"), 3000);
    let test = count("SELECT COUNT(*) FROM customers WHERE is_test");
    let archived = count("SELECT COUNT(*) FROM customers WHERE archived_at IS NOT NULL");
    assert_eq!(test, 1, "only Pied Piper (test) is a test customer");
    assert!(
        (50..=130).contains(&archived),
        "{archived} archived customers"
    );
    let two_years = 731 * 86_400_000;
    assert_eq!(
        count(&format!(
            "SELECT COUNT(*) FROM customers WHERE created_at < {}",
            ANCHOR - two_years
        )),
        0
    );
    assert_eq!(
        count(&format!(
            "SELECT COUNT(*) FROM customers WHERE created_at > {ANCHOR}"
        )),
        0
    );
    assert!(count("SELECT COUNT(DISTINCT name) FROM customers") > 2500);
    assert_eq!(
        count("SELECT COUNT(*) FROM customers WHERE internal_id = 'cust-03000'"),
        1
    );
}

#[test]
fn seed_none_has_the_catalogue_but_no_tenants() {
    let (db, seeded) = open_db(":memory:", Seed::None, KEY, ANCHOR).unwrap();
    assert!(seeded);
    let count = |table: &str| {
        db.with(|conn| {
            conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap()
        })
    };
    assert_eq!(count("customers"), 0);
    assert_eq!(count("integrations"), 0);
    assert_eq!(count("external_apps"), 15);
}

#[test]
fn an_existing_database_file_is_kept() {
    let dir = std::env::temp_dir().join(format!("engine-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("keep.db");
    let path = path.to_str().unwrap();
    let (db, seeded) = open_db(path, Seed::Demo { customers: 20 }, KEY, ANCHOR).unwrap();
    assert!(seeded);
    db.with(|conn| {
        conn.execute(
            "UPDATE customers SET name = 'Renamed' WHERE internal_id = 'cust-00001'",
            [],
        )
    })
    .unwrap();
    drop(db);
    let (db, seeded) = open_db(path, Seed::Demo { customers: 20 }, "other-key", ANCHOR).unwrap();
    assert!(!seeded);
    let name: String = db
        .with(|conn| {
            conn.query_row(
                "SELECT name FROM customers WHERE internal_id = 'cust-00001'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(name, "Renamed");
    let key: String = db
        .with(|conn| conn.query_row("SELECT key FROM workspace", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(key, "other-key");
    drop(db);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn named_demo_customers_are_stable() {
    let engine = Engine::new();
    for (internal_id, name) in [
        ("cust-00001", "Acme Corporation"),
        ("cust-00002", "Globex Inc."),
        ("cust-00003", "Initech LLC"),
        ("cust-00004", "Umbrella Health GmbH"),
        ("cust-00007", "Hooli"),
        ("cust-00008", "Pied Piper (test)"),
        ("cust-00010", "Vandelay Industries"),
    ] {
        let id = engine.customer_id(internal_id).await;
        assert_eq!(engine.get(&format!("/customers/{id}")).await["name"], name);
    }
    // Documented in the engine's README for the console's end-to-end tests.
    assert_eq!(
        engine.customer_id("cust-00001").await,
        "0c1274502c4e4e542333a59d"
    );
    assert_eq!(
        engine.customer_id("cust-00002").await,
        "b01ef41628683ec77dae2d8c"
    );
}

#[tokio::test]
async fn the_test_customer_has_fields_of_the_workspace_schema() {
    let engine = Engine::new();
    let test = engine.get("/customers?isTest=true&search=Pied").await;
    let piper = &test["items"][0];
    assert_eq!(piper["name"], "Pied Piper (test)");
    let raw_schema = engine.get("/workspace").await["userFieldsSchema"].clone();
    let schema = switchboard_schema::parse(&raw_schema);
    let fields = &piper["fields"];
    assert!(schema.missing_required(fields).is_empty(), "{fields}");
    assert!(schema.validate(fields).is_empty(), "{fields}");
    for key in fields.as_object().unwrap().keys() {
        assert!(
            raw_schema["properties"].get(key).is_some(),
            "{key} is in the schema"
        );
    }
}

#[test]
fn the_demo_timeline_is_consistent() {
    let (db, _) = open_db(":memory:", Seed::Demo { customers: 300 }, KEY, ANCHOR).unwrap();
    let count =
        |sql: &str| db.with(|conn| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap());
    let checks = [
        "SELECT COUNT(*) FROM connections x JOIN customers c ON c.id = x.user_id WHERE x.created_at < c.created_at",
        "SELECT COUNT(*) FROM connections x JOIN integrations i ON i.id = x.integration_id WHERE x.created_at < i.created_at",
        "SELECT COUNT(*) FROM connections WHERE last_active_at < created_at OR archived_at < created_at",
        "SELECT COUNT(*) FROM customers WHERE last_active_at < created_at OR archived_at < created_at",
        "SELECT COUNT(*) FROM instances x JOIN connections c ON c.id = x.connection_id WHERE x.created_at < c.created_at",
        "SELECT COUNT(*) FROM flow_runs r JOIN instances x ON x.id = r.flow_instance_id WHERE r.start_time < x.created_at",
        "SELECT COUNT(*) FROM flow_runs WHERE settle_time < start_time OR stopped_at > settle_time",
    ];
    for sql in checks {
        assert_eq!(count(sql), 0, "{sql}");
    }
    for table in [
        "customers",
        "connections",
        "integrations",
        "connector_versions",
        "instances",
    ] {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE created_at > {ANCHOR}");
        assert_eq!(count(&sql), 0, "{table} in the future");
    }
    let sql = format!("SELECT COUNT(*) FROM flow_runs WHERE settle_time > {ANCHOR}");
    assert_eq!(count(&sql), 0, "seeded runs have all ended");
    for column in ["last_active_at", "archived_at"] {
        let sql = format!("SELECT COUNT(*) FROM customers WHERE {column} > {ANCHOR}");
        assert_eq!(count(&sql), 0, "{column} in the future");
    }
    let order = "SELECT COUNT(*) FROM customers a JOIN customers b ON b.seq = a.seq + 1 WHERE b.created_at < a.created_at";
    assert_eq!(count(order), 0, "rowid order is creation order");
}
