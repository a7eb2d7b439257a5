//! Workspace tokens: HS256/HS512 JWTs signed with the workspace secret, and the request's
//! principal (the workspace admin or one customer).

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::{Sha256, Sha512};

use crate::customers;
use crate::db::{iso, now_ms};
use crate::errors::{ApiError, ApiResult};
use crate::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Hs256,
    Hs512,
}

impl Alg {
    fn name(self) -> &'static str {
        match self {
            Alg::Hs256 => "HS256",
            Alg::Hs512 => "HS512",
        }
    }

    fn mac(self, secret: &[u8], data: &[u8]) -> Vec<u8> {
        match self {
            Alg::Hs256 => hmac::<Hmac<Sha256>>(secret, data),
            Alg::Hs512 => hmac::<Hmac<Sha512>>(secret, data),
        }
    }
}

fn hmac<M: Mac + KeyInit>(secret: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail; verify refuses an empty MAC anyway.
    match <M as Mac>::new_from_slice(secret) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Signs `claims` as a compact JWT.
pub fn sign(claims: &Value, secret: &str, alg: Alg) -> String {
    let header = json!({ "alg": alg.name(), "typ": "JWT" });
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let signature = alg.mac(secret.as_bytes(), signing_input.as_bytes());
    format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// An admin token valid for `ttl_secs`.
pub fn admin_token(key: &str, secret: &str, ttl_secs: i64) -> String {
    let now = now_ms() / 1000;
    sign(
        &json!({ "iss": key, "isAdmin": true, "iat": now, "exp": now + ttl_secs }),
        secret,
        Alg::Hs256,
    )
}

/// A customer token for the customer whose internal id is `id`.
pub fn customer_token(
    key: &str,
    secret: &str,
    id: &str,
    name: Option<&str>,
    fields: Option<&Map<String, Value>>,
    ttl_secs: i64,
) -> String {
    let now = now_ms() / 1000;
    let mut claims = json!({ "iss": key, "id": id, "iat": now, "exp": now + ttl_secs });
    if let Some(name) = name {
        claims["name"] = json!(name);
    }
    if let Some(fields) = fields {
        claims["fields"] = json!(fields);
    }
    sign(&claims, secret, Alg::Hs256)
}

/// Verifies a token and returns its claims. The error says exactly what is wrong, because a
/// developer wiring up token minting needs to know.
pub fn verify(
    token: &str,
    secret: &str,
    issuer: &str,
    now_secs: i64,
) -> Result<Map<String, Value>, String> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(claims_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("token is malformed: expected three dot-separated parts".into());
    };
    let decode_json = |part: &str, what: &str| -> Result<Map<String, Value>, String> {
        let bytes = URL_SAFE_NO_PAD
            .decode(part.trim_end_matches('='))
            .map_err(|_| format!("token is malformed: {what} is not base64url"))?;
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(format!("token is malformed: {what} is not a JSON object")),
        }
    };
    let header = decode_json(header_b64, "header")?;
    let alg = match header.get("alg").and_then(Value::as_str) {
        Some("HS256") => Alg::Hs256,
        Some("HS512") => Alg::Hs512,
        Some(other) => {
            return Err(format!(
                "token algorithm \"{other}\" is not accepted; sign with HS256 or HS512"
            ))
        }
        None => return Err("token is malformed: header has no alg".into()),
    };
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64.trim_end_matches('='))
        .map_err(|_| "token is malformed: signature is not base64url".to_string())?;
    let expected = alg.mac(
        secret.as_bytes(),
        format!("{header_b64}.{claims_b64}").as_bytes(),
    );
    if expected.is_empty() || !constant_time_eq(&signature, &expected) {
        return Err(
            "token signature is invalid: it was not signed with this workspace's secret".into(),
        );
    }
    let claims = decode_json(claims_b64, "payload")?;
    match claims.get("iss").and_then(Value::as_str) {
        Some(iss) if iss == issuer => {}
        Some(iss) => {
            return Err(format!(
                "token issuer \"{iss}\" is not this workspace's key"
            ))
        }
        None => return Err("token is malformed: payload has no iss (the workspace key)".into()),
    }
    match claims.get("exp").and_then(Value::as_f64) {
        Some(exp) if (exp as i64) > now_secs => Ok(claims),
        Some(exp) => Err(format!("token expired at {}", iso(exp as i64 * 1000))),
        None => Err("token is malformed: payload has no exp".into()),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Who is calling.
#[derive(Debug, Clone)]
pub enum Principal {
    Admin,
    Customer(CustomerRef),
}

/// The customer a customer token stands for.
#[derive(Debug, Clone)]
pub struct CustomerRef {
    pub id: String,
}

impl Principal {
    pub fn is_admin(&self) -> bool {
        matches!(self, Principal::Admin)
    }

    pub fn require_admin(&self, action: &str) -> ApiResult<()> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ApiError::access_denied(format!(
                "{action} needs a workspace admin token"
            )))
        }
    }

    /// The customer this principal is limited to; `None` for the admin.
    pub fn customer_id(&self) -> Option<&str> {
        match self {
            Principal::Admin => None,
            Principal::Customer(c) => Some(&c.id),
        }
    }
}

/// Verifies `token` and resolves it to a principal, creating the customer on first sight.
pub async fn authenticate(state: &AppState, token: &str) -> ApiResult<Principal> {
    let claims = verify(
        token,
        &state.config.workspace_secret,
        &state.config.workspace_key,
        now_ms() / 1000,
    )
    .map_err(ApiError::unauthenticated)?;
    if claims.get("isAdmin").and_then(Value::as_bool) == Some(true) {
        return Ok(Principal::Admin);
    }
    let internal_id = match claims.get("id") {
        Some(Value::String(id)) if !id.trim().is_empty() && id.len() <= 255 => id.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err(ApiError::unauthenticated(
                "token is malformed: a customer token needs an id (the customer's internal id)",
            ))
        }
    };
    let name = claims
        .get("name")
        .and_then(Value::as_str)
        .map(str::to_string);
    let fields = match claims.get("fields") {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let id = state
        .db
        .call(move |conn| customers::find_or_create_for_token(conn, &internal_id, name, fields))
        .await?;
    Ok(Principal::Customer(id))
}

/// The bearer token of a request, or why there is none.
pub fn bearer(parts: &Parts) -> ApiResult<&str> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthenticated(
            "Authorization header is missing: send `Authorization: Bearer <token>`",
        ));
    };
    let value = value
        .to_str()
        .map_err(|_| ApiError::unauthenticated("Authorization header is malformed"))?;
    match value.split_once(' ') {
        Some((scheme, token))
            if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() =>
        {
            Ok(token.trim())
        }
        _ => Err(ApiError::unauthenticated(
            "Authorization header is malformed: expected `Bearer <token>`",
        )),
    }
}

impl FromRequestParts<AppState> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?.to_string();
        authenticate(state, &token).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_both_algorithms() {
        for alg in [Alg::Hs256, Alg::Hs512] {
            let token = sign(
                &json!({ "iss": "k", "exp": 100, "isAdmin": true }),
                "s",
                alg,
            );
            let claims = verify(&token, "s", "k", 50).expect("valid token");
            assert_eq!(claims["isAdmin"], json!(true));
        }
    }

    #[test]
    fn refuses_each_problem_with_its_reason() {
        let good = sign(&json!({ "iss": "k", "exp": 100 }), "s", Alg::Hs256);
        assert!(verify(&good, "other", "k", 50)
            .unwrap_err()
            .contains("signature"));
        assert!(verify(&good, "s", "k", 100)
            .unwrap_err()
            .contains("expired"));
        assert!(verify(&good, "s", "x", 50).unwrap_err().contains("issuer"));
        assert!(verify("abc", "s", "k", 50)
            .unwrap_err()
            .contains("malformed"));
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#);
        let claims = URL_SAFE_NO_PAD.encode(r#"{"iss":"k","exp":100}"#);
        assert!(verify(&format!("{header}.{claims}."), "s", "k", 50)
            .unwrap_err()
            .contains("\"none\""));
    }
}
