//! HTML rendering helpers: every interpolated value goes through one of these.

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON text made safe to embed inside a `<script>` element: no `<`, `>`, `&` or line
/// separators survive, so the data can never close the element or break the script.
pub fn script_json(json: &str) -> String {
    let mut out = String::new();
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            _ => out.push(c),
        }
    }
    out
}

/// A complete, minimal HTML page.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>\n",
        title = escape(title),
    )
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1a1a1a;margin:0}\
main{max-width:28rem;margin:10vh auto;background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px #0002}\
h1{font-size:1.3rem;margin-top:0}img{vertical-align:middle;margin-right:.5rem}\
.actions{display:flex;gap:.75rem;margin-top:1.5rem}\
button{font:inherit;padding:.6rem 1.2rem;border-radius:8px;border:1px solid #888;background:#fff;cursor:pointer}\
button.primary{background:#0b5cad;border-color:#0b5cad;color:#fff}.error{color:#a00}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_script_breakers() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        let json = serde_json::json!({ "m": "</script><b>&\u{2028}" });
        let embedded = script_json(&json.to_string());
        assert!(
            !embedded.contains('<') && !embedded.contains('&') && !embedded.contains('\u{2028}')
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&embedded).ok(),
            Some(json)
        );
    }
}
