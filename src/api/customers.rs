//! Customers (the engine also says tenants or users).

use super::{lenient, path, Api, ApiError, Page, Request};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub id: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::field")]
    pub internal_id: Option<String>,
    /// Values described by the workspace's customer field schema, plus any
    /// the schema does not describe.
    #[serde(default, deserialize_with = "lenient::field")]
    pub fields: Map<String, Value>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_test: bool,
    #[serde(default, deserialize_with = "lenient::field")]
    pub is_active: Option<bool>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub last_active_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub created_at: Option<String>,
    #[serde(default, deserialize_with = "lenient::field")]
    pub archived_at: Option<String>,
}

impl Customer {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }

    /// What to call the customer on screen, even when the engine has no name.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() {
            self.internal_id.as_deref().unwrap_or(&self.id)
        } else {
            &self.name
        }
    }
}

/// Which test customers a list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TestFilter {
    #[default]
    All,
    Only,
    Hide,
}

impl TestFilter {
    /// The engine's `isTest` parameter for this filter.
    fn is_test(self) -> Option<bool> {
        match self {
            TestFilter::All => None,
            TestFilter::Only => Some(true),
            TestFilter::Hide => Some(false),
        }
    }
}

/// One page of the customer list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CustomerQuery {
    pub search: String,
    pub test: TestFilter,
    pub include_archived: bool,
    pub cursor: Option<String>,
}

/// Rows per page: enough to fill a screen twice, small enough to come fast.
const PAGE_SIZE: u32 = 50;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewCustomer {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_id: Option<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub fields: Map<String, Value>,
    /// A test customer: the one the console uses when configuring and
    /// running integrations (Settings › Testing).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub is_test: bool,
}

/// A PATCH body: only what changed. In `fields`, a null removes the key.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internal_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Map<String, Value>>,
}

pub(crate) fn list_request(query: &CustomerQuery) -> Request {
    let search = query.search.trim();
    Request::get("/customers")
        .query("limit", Some(PAGE_SIZE))
        .query("search", (!search.is_empty()).then_some(search))
        .query("isTest", query.test.is_test())
        .query("includeArchived", query.include_archived.then_some(true))
        .query("cursor", query.cursor.as_deref())
}

/// Customer calls: `api.customers().list(&query)`.
#[derive(Clone, Copy)]
pub struct CustomersApi(Api);

impl Api {
    pub fn customers(self) -> CustomersApi {
        CustomersApi(self)
    }
}

pub(crate) fn get_request(id: &str) -> Request {
    Request::get(path("/customers", id))
}

impl CustomersApi {
    pub async fn list(self, query: &CustomerQuery) -> Result<Page<Customer>, ApiError> {
        self.0.send(list_request(query)).await
    }

    pub async fn get(self, id: &str) -> Result<Customer, ApiError> {
        self.0.send(get_request(id)).await
    }

    pub async fn create(self, customer: &NewCustomer) -> Result<Customer, ApiError> {
        self.0.send(Request::post("/customers", customer)).await
    }

    pub async fn update(self, id: &str, changes: &CustomerChanges) -> Result<Customer, ApiError> {
        self.0
            .send(Request::patch(path("/customers", id), changes))
            .await
    }

    pub async fn archive(self, id: &str) -> Result<Customer, ApiError> {
        self.0.send(Request::delete(path("/customers", id))).await
    }

    pub async fn restore(self, id: &str) -> Result<Customer, ApiError> {
        let restore = format!("{}/restore", path("/customers", id));
        self.0.send(Request::post(restore, &Map::new())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_minimal_customer_and_ignores_unknown_fields() {
        let c: Customer =
            serde_json::from_str(r#"{"id":"c1","name":"","internalId":"acme","futureField":[1]}"#)
                .expect("lenient decoding");
        assert_eq!(c.display_name(), "acme");
        assert!(!c.is_test && !c.is_archived());
        assert!(c.fields.is_empty());
    }

    #[test]
    fn decodes_the_vendor_minimal_customer() {
        // What the vendor's SDK requires of a customer, and nothing more.
        let c: Customer = serde_json::from_str(r#"{"id":"c1","name":"Acme","internalId":"acme"}"#)
            .expect("minimal customer");
        assert_eq!(c.display_name(), "Acme");
        assert_eq!(c.internal_id.as_deref(), Some("acme"));
        assert_eq!(
            (c.created_at, c.last_active_at, c.is_active),
            (None, None, None)
        );
    }

    #[test]
    fn odd_optional_fields_read_as_absent() {
        let c: Customer = serde_json::from_str(
            r#"{"id":"c1","name":null,"internalId":7,"fields":null,"isTest":"yes",
                "isActive":"no","lastActiveAt":"not a date","createdAt":12345,"archivedAt":{}}"#,
        )
        .expect("lenient customer");
        assert_eq!(c.display_name(), "c1");
        assert!(c.fields.is_empty() && !c.is_test && !c.is_archived());
        assert_eq!(
            (c.internal_id, c.is_active, c.created_at),
            (None, None, None)
        );
        // A text that is not a date is kept, and shown as written.
        assert_eq!(c.last_active_at.as_deref(), Some("not a date"));
    }

    #[test]
    fn a_list_with_one_unreadable_customer_keeps_the_others() {
        let page: Page<Customer> = serde_json::from_str(
            r#"{"items":[{"id":"c1","name":"A"},{"name":"no id"},{"id":"c3","name":{"x":1}},
                {"id":"c4","isTest":"true"}]}"#,
        )
        .expect("a page");
        let (read, unreadable) = crate::api::split(page.items);
        let ids: Vec<&str> = read.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["c1", "c3", "c4"]);
        assert_eq!(unreadable.len(), 1);
        assert_eq!(unreadable[0].id, None);
        assert!(unreadable[0].reason.contains("missing field `id`"));
    }

    #[test]
    fn a_customer_record_without_an_id_is_a_clear_error() {
        let e = super::super::decode::<Customer>(r#"{"name":"Acme"}"#).expect_err("no id");
        assert_eq!(e.title(), "Unexpected answer from the engine");
        assert!(
            e.message().contains("missing field `id`"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn list_query_sends_only_what_is_set() {
        let r = list_request(&CustomerQuery {
            search: "  acme ".into(),
            test: TestFilter::Hide,
            include_archived: true,
            cursor: Some("abc".into()),
        });
        let params: Vec<_> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            params,
            [
                "limit=50",
                "search=acme",
                "isTest=false",
                "includeArchived=true",
                "cursor=abc"
            ]
        );
        let r = list_request(&CustomerQuery::default());
        assert_eq!(r.query.len(), 1, "only the limit: {:?}", r.query);
    }

    #[test]
    fn a_new_test_customer_says_so_and_others_say_nothing() {
        let mut new = NewCustomer {
            name: "Test".into(),
            internal_id: Some("test-1".into()),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&new).expect("serializable"),
            r#"{"name":"Test","internalId":"test-1"}"#
        );
        new.is_test = true;
        assert_eq!(
            serde_json::to_string(&new).expect("serializable"),
            r#"{"name":"Test","internalId":"test-1","isTest":true}"#
        );
    }

    #[test]
    fn changes_serialize_only_what_changed() {
        let mut fields = Map::new();
        fields.insert("plan".into(), Value::Null);
        let body = CustomerChanges {
            fields: Some(fields),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_string(&body).expect("serializable"),
            r#"{"fields":{"plan":null}}"#
        );
    }
}
