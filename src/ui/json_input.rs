//! A JSON value typed as text: checked as the person types, so a mistake is
//! shown before anything is sent.

use leptos::prelude::*;
use serde_json::Value;

/// The typed text as JSON: `Ok(None)` when empty, or why it is not JSON.
pub fn parse_json_input(text: &str) -> Result<Option<Value>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| format!("This is not valid JSON: {e}."))
}

/// A labelled textarea for JSON, with the parse error tied to it.
#[component]
pub fn JsonInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    text: RwSignal<String>,
    #[prop(optional, into)] hint: String,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    let error = move || text.with(|t| parse_json_input(t).err());
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let described = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), !hint.is_empty());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field json-input">
            <label for=id.clone()>{label}</label>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <textarea id=id class="mono" rows="8" spellcheck="false" autocomplete="off"
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=described
                disabled=move || disabled.get()
                prop:value=move || text.get()
                on:input:target=move |ev| text.set(ev.target().value())></textarea>
            {move || error().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_is_no_value_and_bad_text_says_where() {
        assert_eq!(parse_json_input("  "), Ok(None));
        assert_eq!(
            parse_json_input(r#"{"a": 1}"#),
            Ok(Some(serde_json::json!({"a": 1})))
        );
        let e = parse_json_input(r#"{"a": }"#).expect_err("not JSON");
        assert!(e.starts_with("This is not valid JSON: "), "{e}");
        assert!(e.contains("line 1 column 7"), "{e}");
    }
}
