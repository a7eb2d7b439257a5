//! Which browser origins may call the engine.

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// With no origins configured, any page served from this machine may call the engine, which is
/// what local development wants; configured origins replace that default.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    if !allowed.is_empty() {
        return allowed
            .iter()
            .any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin));
    }
    ["http://127.0.0.1", "http://localhost"]
        .iter()
        .any(|host| match origin.strip_prefix(host) {
            Some("") => true,
            Some(rest) => rest
                .strip_prefix(':')
                .is_some_and(|port| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())),
            None => false,
        })
}

/// The `scheme://host[:port]` of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let scheme_end = if lower.starts_with("http://") {
        7
    } else if lower.starts_with("https://") {
        8
    } else {
        return None;
    };
    let rest = &url[scheme_end..];
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    if authority.is_empty() || authority.contains('@') || authority.contains(char::is_whitespace) {
        return None;
    }
    Some(format!(
        "{}{}",
        &lower[..scheme_end],
        authority.to_ascii_lowercase()
    ))
}

pub fn layer(allowed: Vec<String>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
            origin
                .to_str()
                .is_ok_and(|origin| origin_allowed(&allowed, origin))
        }))
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            HeaderName::from_static("membrane-api-version"),
        ])
        // The console backs off on 429 using Retry-After, which it can only read if exposed.
        .expose_headers([header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy_is_loopback_only() {
        assert!(origin_allowed(&[], "http://127.0.0.1:8080"));
        assert!(origin_allowed(&[], "http://localhost:3000"));
        assert!(origin_allowed(&[], "http://localhost"));
        assert!(!origin_allowed(&[], "http://localhost.evil.example"));
        assert!(!origin_allowed(&[], "http://127.0.0.1:80.evil.example"));
        assert!(!origin_allowed(&[], "https://example.com"));
        let configured = vec!["https://console.example".to_string()];
        assert!(origin_allowed(&configured, "https://console.example"));
        assert!(!origin_allowed(&configured, "http://localhost:3000"));
    }

    #[test]
    fn origin_of_takes_scheme_and_authority() {
        assert_eq!(
            origin_of("http://localhost:3000/done?x=1").as_deref(),
            Some("http://localhost:3000")
        );
        assert_eq!(
            origin_of("HTTPS://Console.Example#a").as_deref(),
            Some("https://console.example")
        );
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("http://user@evil.example/"), None);
    }
}
