use super::remount;
use super::text::set_text;
use super::wiring::{invalid, wiring};
use crate::forms::field::Field;
use crate::forms::{FormMode, FormState};
use leptos::prelude::*;
use serde_json::Value;

/// A secret. In edit mode a stored secret is never put in the page: the
/// field says it is set and offers to replace it; untouched, it stays equal
/// to the baseline and is not sent back.
pub(super) fn secret_view(
    state: FormState,
    field: Field,
    label: String,
    value: RwSignal<Option<Value>>,
) -> AnyView {
    let stored = value
        .get_untracked()
        .filter(|_| state.mode() == FormMode::Edit);
    let replacing = RwSignal::new(stored.is_none());
    let shown = RwSignal::new(false);
    let w = wiring(state, &field, label, None);
    let f1 = field.clone();
    let id = w.id.clone();
    let described_by = w.described_by.clone();
    let has_stored = stored.is_some();
    let field_id = field.id.clone();
    let keep = move |_| {
        value.set(stored.clone());
        replacing.set(false);
        state.edited(&f1);
    };
    let f3 = field.clone();
    view! {
        <div class="field">
            {w.label}
            {remount(move || replacing.get(), move |now_replacing| if now_replacing {
                let f1 = f3.clone();
                view! {
                    <div class="with-button">
                        <input id=id.clone() type=move || if shown.get() { "text" } else { "password" }
                            autocomplete="new-password" spellcheck="false" readonly=f1.spec.read_only
                            aria-describedby=described_by.clone() aria-invalid=invalid(&f1)
                            on:input=move |ev| set_text(state, &f1, value, event_target_value(&ev))/>
                        <button type="button" class="button secondary" aria-pressed=move || shown.get().to_string()
                            aria-label=move || if shown.get() { "Hide secret" } else { "Show secret" }
                            on:click=move |_| shown.update(|s| *s = !*s)>
                            {move || if shown.get() { "Hide" } else { "Show" }}
                        </button>
                        {has_stored.then(|| view! {
                            <button type="button" class="button secondary" on:click=keep.clone()>"Keep current"</button>
                        })}
                    </div>
                }.into_any()
            } else {
                let (id, field_id) = (id.clone(), field_id.clone());
                view! {
                    <div class="with-button">
                        <span class="secret-set" id=id.clone() tabindex="-1">
                            <span aria-hidden="true">"🔒 "</span>"Set; hidden"
                        </span>
                        <button type="button" class="button secondary"
                            on:click=move |_| {
                                value.set(None);
                                replacing.set(true);
                                state.focus_later(field_id.clone());
                            }>"Replace"</button>
                    </div>
                }.into_any()
            })}
            {w.tail}
        </div>
    }
    .into_any()
}
