//! Access tokens the engine mints for a customer, so that test code can call
//! the engine as that customer. The console shows one only on request and
//! never stores it.

use super::{path, Api, ApiError, Request};
use serde::{Deserialize, Serialize};

/// A token as minted. Its `Debug` hides it, so it cannot end up in a log.
#[derive(Clone, PartialEq, Deserialize)]
pub struct AccessToken {
    pub token: String,
}

impl std::fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

impl AccessToken {
    /// When the token stops working, in ms since the epoch, read from its
    /// `exp` claim. Only shown to the person: nothing is verified or trusted.
    pub fn expires_at_ms(&self) -> Option<i64> {
        let payload = self.token.split('.').nth(1)?;
        let claims: serde_json::Value = serde_json::from_slice(&base64url_decode(payload)?).ok()?;
        let exp = claims.get("exp")?.as_f64()?;
        (exp.is_finite() && exp > 0.0).then_some((exp * 1000.0) as i64)
    }
}

/// Decodes unpadded (or padded) base64url, as JWT segments are written.
fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in text.trim_end_matches('=').bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CustomerTokenRequest<'a> {
    tenant_id: &'a str,
}

fn customer_token_request(workspace_id: &str, customer_id: &str) -> Request {
    let mint = format!("{}/access-token", path("/org-workspaces", workspace_id));
    Request::post(
        mint,
        &CustomerTokenRequest {
            tenant_id: customer_id,
        },
    )
}

/// Token calls: `api.access_tokens().for_customer(&workspace_id, &customer_id)`.
#[derive(Clone, Copy)]
pub struct AccessTokensApi(Api);

impl Api {
    pub fn access_tokens(self) -> AccessTokensApi {
        AccessTokensApi(self)
    }
}

impl AccessTokensApi {
    /// A token that acts as the customer with engine id `customer_id`;
    /// `workspace_id` is the `id` of the workspace.
    pub async fn for_customer(
        self,
        workspace_id: &str,
        customer_id: &str,
    ) -> Result<AccessToken, ApiError> {
        self.0
            .send(customer_token_request(workspace_id, customer_id))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> AccessToken {
        AccessToken {
            token: format!("eyJhbGciOiJIUzI1NiJ9.{payload}.c2ln"),
        }
    }

    #[test]
    fn reads_the_expiry_from_the_claims() {
        // {"id":"cust-00008","exp":1800000000}
        let t = token("eyJpZCI6ImN1c3QtMDAwMDgiLCJleHAiOjE4MDAwMDAwMDB9");
        assert_eq!(t.expires_at_ms(), Some(1_800_000_000_000));
    }

    #[test]
    fn an_odd_token_has_no_expiry_and_never_panics() {
        for odd in [
            "",
            "abc",
            "a.b.c",
            "a.!!!.c",
            "a.e30.c",
            "a.eyJleHAiOiJzb29uIn0.c",
        ] {
            let t = AccessToken { token: odd.into() };
            assert_eq!(t.expires_at_ms(), None, "{odd}");
        }
        // {"exp":-5}
        assert_eq!(token("eyJleHAiOi01fQ").expires_at_ms(), None);
    }

    #[test]
    fn decodes_base64url_with_and_without_padding() {
        assert_eq!(base64url_decode("aGk").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64url_decode("aGk=").as_deref(), Some(&b"hi"[..]));
        assert_eq!(base64url_decode("-_8").as_deref(), Some(&[0xfb, 0xff][..]));
        assert_eq!(base64url_decode("a+b"), None);
    }

    #[test]
    fn the_token_stays_out_of_debug_output() {
        let t = AccessToken {
            token: "secret.secret.secret".into(),
        };
        assert!(!format!("{t:?}").contains("secret"));
    }

    #[test]
    fn asks_the_workspace_for_a_customer_token() {
        let r = customer_token_request("ws 1", "cust-8");
        assert_eq!(r.path, "/org-workspaces/ws%201/access-token");
        assert_eq!(r.body.as_deref(), Some(r#"{"tenantId":"cust-8"}"#));
    }
}
