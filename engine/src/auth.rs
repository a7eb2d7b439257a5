//! Workspace tokens: HS256/HS512 JWTs signed with the workspace secret, and the request's
//! principal (the workspace admin or one customer).

use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde_json::{json, Map, Value};

use crate::customers;
use crate::db::now_ms;
use crate::errors::{ApiError, ApiResult};
use crate::AppState;

/// The algorithms the engine signs with and accepts; every other one is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alg {
    Hs256,
    Hs512,
}

impl Alg {
    fn algorithm(self) -> Algorithm {
        match self {
            Alg::Hs256 => Algorithm::HS256,
            Alg::Hs512 => Algorithm::HS512,
        }
    }
}

const EMPTY_SECRET: &str = "the workspace secret is empty: set ENGINE_WORKSPACE_SECRET";

/// Signs `claims` as a compact JWT; fails only for an empty secret.
pub fn sign(claims: &Value, secret: &str, alg: Alg) -> Result<String, String> {
    let key = EncodingKey::from_secret(secret.as_bytes()).map_err(|_| EMPTY_SECRET.to_string())?;
    jsonwebtoken::encode(&Header::new(alg.algorithm()), claims, &key)
        .map_err(|err| format!("cannot sign the token: {err}"))
}

/// An admin token valid for `ttl_secs`.
pub fn admin_token(key: &str, secret: &str, ttl_secs: i64) -> Result<String, String> {
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
) -> Result<String, String> {
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
pub fn verify(token: &str, secret: &str, issuer: &str) -> Result<Map<String, Value>, String> {
    let key = DecodingKey::from_secret(secret.as_bytes()).map_err(|_| EMPTY_SECRET.to_string())?;
    let mut validation = Validation::new(Algorithm::HS256);
    validation.algorithms = vec![Algorithm::HS256, Algorithm::HS512];
    validation.set_issuer(&[issuer]);
    validation.set_required_spec_claims(&["exp", "iss"]);
    // Checked to the second, and a token is dead at its `exp` (RFC 7519 4.1.4), where
    // jsonwebtoken alone would still accept it for that second.
    validation.leeway = 0;
    validation.reject_tokens_expiring_in_less_than = 1;
    // Tokens carry no audience; one that does is not for anyone else here.
    validation.validate_aud = false;
    match jsonwebtoken::decode::<Map<String, Value>>(token, &key, &validation) {
        Ok(data) => Ok(data.claims),
        Err(err) => Err(match err.kind() {
            ErrorKind::InvalidSignature => {
                "token signature is invalid: it was not signed with this workspace's secret".into()
            }
            ErrorKind::InvalidAlgorithm => refused_algorithm(token),
            ErrorKind::ExpiredSignature => "token expired: mint a fresh one".into(),
            ErrorKind::InvalidIssuer => "token issuer (iss) is not this workspace's key".into(),
            ErrorKind::MissingRequiredClaim(claim) if claim == "iss" => {
                "token is malformed: payload has no iss (the workspace key)".into()
            }
            ErrorKind::MissingRequiredClaim(claim) => {
                format!("token is malformed: payload has no {claim}")
            }
            ErrorKind::InvalidClaimFormat(claim) => {
                format!("token is malformed: {claim} has the wrong type")
            }
            // jsonwebtoken cannot name an algorithm it does not know ("none"), so a header it
            // could not read is looked at once more, for the message only.
            ErrorKind::Json(_) if header_alg(token).is_some() => refused_algorithm(token),
            ErrorKind::InvalidToken => {
                "token is malformed: expected three dot-separated parts".into()
            }
            ErrorKind::Base64(_) => "token is malformed: a part is not base64url".into(),
            ErrorKind::Json(err) => format!("token is malformed: {err}"),
            _ => format!("token is malformed: {err}"),
        }),
    }
}

fn refused_algorithm(token: &str) -> String {
    let alg = header_alg(token).unwrap_or_default();
    format!("token algorithm \"{alg}\" is not accepted; sign with HS256 or HS512")
}

/// The `alg` a token's header names, when it is not one the engine accepts.
fn header_alg(token: &str) -> Option<String> {
    let header = URL_SAFE_NO_PAD.decode(token.split('.').next()?).ok()?;
    let alg = serde_json::from_slice::<Value>(&header)
        .ok()?
        .get("alg")?
        .as_str()?
        .to_string();
    (alg != "HS256" && alg != "HS512").then_some(alg)
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

    /// Whether the principal may see what belongs to the customer `owner`.
    pub fn may_see(&self, owner: &str) -> bool {
        self.customer_id().is_none_or(|own| own == owner)
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

    fn now() -> i64 {
        now_ms() / 1000
    }

    #[test]
    fn round_trips_both_algorithms() {
        for alg in [Alg::Hs256, Alg::Hs512] {
            let token = sign(
                &json!({ "iss": "k", "exp": now() + 60, "isAdmin": true }),
                "s",
                alg,
            )
            .expect("signed");
            let claims = verify(&token, "s", "k").expect("valid token");
            assert_eq!(claims["isAdmin"], json!(true));
        }
    }

    #[test]
    fn refuses_each_problem_with_its_reason() {
        let good = sign(&json!({ "iss": "k", "exp": now() + 60 }), "s", Alg::Hs256).unwrap();
        assert!(verify(&good, "other", "k")
            .unwrap_err()
            .contains("signature"));
        let expired = sign(&json!({ "iss": "k", "exp": now() }), "s", Alg::Hs256).unwrap();
        assert!(verify(&expired, "s", "k").unwrap_err().contains("expired"));
        assert!(verify(&good, "s", "x").unwrap_err().contains("issuer"));
        assert!(verify("abc", "s", "k").unwrap_err().contains("malformed"));
        for (token, reason) in [
            ("abc", "three dot-separated parts"),
            ("a.b.c", "base64url"),
            ("e30.e30.", "missing field `alg`"),
        ] {
            let message = verify(token, "s", "k").unwrap_err();
            assert!(message.contains(reason), "{token}: {message}");
        }
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#);
        let claims = URL_SAFE_NO_PAD.encode(r#"{"iss":"k","exp":100}"#);
        assert!(verify(&format!("{header}.{claims}."), "s", "k")
            .unwrap_err()
            .contains("\"none\""));
    }

    #[test]
    fn an_empty_secret_signs_and_verifies_nothing() {
        assert!(sign(&json!({ "iss": "k" }), "", Alg::Hs256)
            .unwrap_err()
            .contains("secret is empty"));
        assert!(verify("a.b.c", "", "k")
            .unwrap_err()
            .contains("secret is empty"));
    }
}
