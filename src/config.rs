//! Where the engine URL and token come from.
//!
//! Nothing about the engine is compiled in. At start the console takes each
//! value from the first source that has it: the host page's mount call, then a
//! `config.json` served beside the app, then what a person saved in
//! Settings › Engine. Tokens stay in memory and sessionStorage; localStorage
//! only when the person ticks "remember on this device".

use serde::Deserialize;

/// Where a value came from, in order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    MountCall,
    ConfigFile,
    Settings,
}

impl Source {
    pub fn describe(self) -> &'static str {
        match self {
            Source::MountCall => "set by the host page",
            Source::ConfigFile => "set by config.json",
            Source::Settings => "saved in this browser",
        }
    }
}

/// The values one source may provide; each is optional.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartialConfig {
    pub api_url: Option<String>,
    pub token: Option<String>,
    /// How long to wait for the engine before giving up on a request.
    pub timeout_seconds: Option<u32>,
}

/// Used when no source sets `timeoutSeconds`.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 30;

/// The connection to the engine in use, with where each value came from.
#[derive(Clone, Debug, PartialEq)]
pub struct EngineConfig {
    pub api_url: Option<(String, Source)>,
    pub token: Option<(String, Source)>,
    pub timeout_seconds: u32,
}

impl EngineConfig {
    /// Picks each value from the first source that has a usable one.
    pub fn resolve(mount: &PartialConfig, file: &PartialConfig, saved: &PartialConfig) -> Self {
        let sources = [
            (mount, Source::MountCall),
            (file, Source::ConfigFile),
            (saved, Source::Settings),
        ];
        let api_url = sources.iter().find_map(|(c, s)| {
            let url = normalize_api_url(c.api_url.as_deref()?).ok()?;
            Some((url, *s))
        });
        let token = sources.iter().find_map(|(c, s)| {
            let token = c.token.as_deref()?.trim();
            (!token.is_empty()).then(|| (token.to_owned(), *s))
        });
        let timeout_seconds = sources
            .iter()
            .find_map(|(c, _)| c.timeout_seconds.filter(|s| *s > 0))
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        EngineConfig {
            api_url,
            token,
            timeout_seconds,
        }
    }

    pub fn api_url(&self) -> Option<&str> {
        self.api_url.as_ref().map(|(u, _)| u.as_str())
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_ref().map(|(t, _)| t.as_str())
    }
}

/// Checks and tidies an engine base URL: http(s), no trailing slash, no query.
pub fn normalize_api_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    if url.is_empty() {
        return Err("Enter the engine's base URL, like https://api.getmembrane.com".to_owned());
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| "The engine URL must start with https:// or http://".to_owned())?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(
            "The engine URL needs a host name, like https://api.getmembrane.com".to_owned(),
        );
    }
    if url.contains(['?', '#']) {
        return Err("The engine URL must not contain a query (?) or fragment (#)".to_owned());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Browser storage of what a person saved in Settings › Engine.
pub mod saved {
    use super::PartialConfig;
    use web_sys::Storage;

    const URL_KEY: &str = "switchboard.apiUrl";
    const TOKEN_KEY: &str = "switchboard.token";

    fn session() -> Option<Storage> {
        web_sys::window()?.session_storage().ok()?
    }

    fn local() -> Option<Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    /// The saved values: sessionStorage first, then a remembered token.
    pub fn load() -> PartialConfig {
        let get = |s: Option<Storage>, key: &str| s.and_then(|s| s.get_item(key).ok().flatten());
        PartialConfig {
            api_url: get(session(), URL_KEY).or_else(|| get(local(), URL_KEY)),
            token: get(session(), TOKEN_KEY).or_else(|| get(local(), TOKEN_KEY)),
            timeout_seconds: None,
        }
    }

    /// Whether the token is remembered on this device (in localStorage).
    pub fn is_remembered() -> bool {
        local().is_some_and(|s| s.get_item(TOKEN_KEY).ok().flatten().is_some())
    }

    /// Saves for this tab; `remember` also keeps them after the browser closes.
    /// Not remembering removes any earlier remembered copy.
    pub fn store(api_url: &str, token: &str, remember: bool) {
        if let Some(s) = session() {
            let _ = s.set_item(URL_KEY, api_url);
            let _ = s.set_item(TOKEN_KEY, token);
        }
        if let Some(l) = local() {
            if remember {
                let _ = l.set_item(URL_KEY, api_url);
                let _ = l.set_item(TOKEN_KEY, token);
            } else {
                let _ = l.remove_item(TOKEN_KEY);
            }
        }
    }

    /// Forgets the token everywhere (sign out).
    pub fn forget_token() {
        for s in [session(), local()].into_iter().flatten() {
            let _ = s.remove_item(TOKEN_KEY);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(url: Option<&str>, token: Option<&str>) -> PartialConfig {
        PartialConfig {
            api_url: url.map(str::to_owned),
            token: token.map(str::to_owned),
            timeout_seconds: None,
        }
    }

    #[test]
    fn mount_call_beats_config_file_beats_settings() {
        let c = EngineConfig::resolve(
            &cfg(Some("https://mount.example"), None),
            &cfg(Some("https://file.example"), Some("file-token")),
            &cfg(Some("https://saved.example"), Some("saved-token")),
        );
        assert_eq!(
            c.api_url,
            Some(("https://mount.example".into(), Source::MountCall))
        );
        assert_eq!(c.token, Some(("file-token".into(), Source::ConfigFile)));
    }

    #[test]
    fn settings_are_used_when_nothing_else_provides() {
        let c = EngineConfig::resolve(
            &PartialConfig::default(),
            &PartialConfig::default(),
            &cfg(Some("http://127.0.0.1:8787/"), Some(" tok ")),
        );
        assert_eq!(c.api_url(), Some("http://127.0.0.1:8787"));
        assert_eq!(c.token(), Some("tok"));
        assert_eq!(c.token.map(|t| t.1), Some(Source::Settings));
    }

    #[test]
    fn empty_or_invalid_values_fall_through() {
        let c = EngineConfig::resolve(
            &cfg(Some("ftp://nope"), Some("  ")),
            &cfg(Some(""), None),
            &cfg(Some("https://saved.example"), Some("t")),
        );
        assert_eq!(c.api_url(), Some("https://saved.example"));
        assert_eq!(c.token(), Some("t"));
    }

    #[test]
    fn nothing_configured() {
        let none = PartialConfig::default();
        let c = EngineConfig::resolve(&none, &none, &none);
        assert_eq!((c.api_url, c.token), (None, None));
        assert_eq!(c.timeout_seconds, DEFAULT_TIMEOUT_SECONDS);
    }

    #[test]
    fn config_file_parses_with_unknown_and_missing_fields() {
        let f: PartialConfig = serde_json::from_str(r#"{"apiUrl":"http://x:1","extra":true}"#)
            .expect("valid config.json");
        assert_eq!(f.api_url.as_deref(), Some("http://x:1"));
        assert_eq!(f.token, None);
    }

    #[test]
    fn url_rules() {
        assert_eq!(
            normalize_api_url(" https://a.b/v1/ "),
            Ok("https://a.b/v1".into())
        );
        assert!(normalize_api_url("a.b").is_err());
        assert!(normalize_api_url("https://").is_err());
        assert!(normalize_api_url("https://a.b/?x=1").is_err());
        assert!(normalize_api_url("").is_err());
    }
}
