//! The customer field schema editor of Settings › General: a visual editor
//! of the workspace's customer field schema, a raw JSON view of it, and a
//! live preview of the form it makes. The schema is edited as JSON, so
//! keywords the editor does not know are kept exactly.

use crate::api::{Api, ApiError, FieldSchema};
use crate::forms::schema_edit::{self as edit, FORMATS, KINDS};
use crate::forms::{remount, FormMode, FormState, SchemaForm};
use crate::ui::{ActionButton, ErrorPanel};
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The editor of the workspace's customer field schema, under the name the
/// engine's users know it by.
#[component]
pub(super) fn TenantFieldSchema(api: Api, schema: FieldSchema) -> impl IntoView {
    view! {
        <section class="settings-section" aria-labelledby="tenant-field-schema-title">
            <h2 id="tenant-field-schema-title">"Tenant field schema"</h2>
            <p class="lead">
                "Tenants are what this console calls customers: the engine's documentation says tenant, user or customer for the same record. "
                "These are the fields every customer has. Changes apply to all customers once saved; values already stored stay as they are."
            </p>
            {match schema {
                FieldSchema::Read(initial) => view! { <SchemaEditor api initial/> }.into_any(),
                FieldSchema::Absent => view! { <SchemaEditor api initial=edit::empty_schema()/> }.into_any(),
                FieldSchema::Unreadable { reason } => view! {
                    <div class="notice warning" role="alert">
                        <p><strong>"The workspace's field schema could not be read: "</strong>{reason}</p>
                        <p>"The editor below starts from an empty schema. Saving it replaces the unreadable one; "
                            "customers keep their stored values."</p>
                    </div>
                    <SchemaEditor api initial=edit::empty_schema()/>
                }.into_any(),
            }}
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Fields,
    Raw,
}

/// What the field editors share: the schema being edited, which fields are
/// expanded, and the field to focus once it appears.
#[derive(Clone, Copy)]
struct Draft {
    schema: RwSignal<Value>,
    expanded: RwSignal<HashSet<String>>,
    focus: RwSignal<Option<String>>,
}

/// A field's identity in the tree: its group's path and its key.
fn field_path(path: &[String], key: &str) -> String {
    let mut all = path.to_vec();
    all.push(key.to_owned());
    serde_json::to_string(&all).unwrap_or_default()
}

fn focus(element: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if let Some(element) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// Unique ids for the editor's inputs.
fn next_id() -> usize {
    static IDS: AtomicUsize = AtomicUsize::new(0);
    IDS.fetch_add(1, Ordering::Relaxed)
}

#[component]
fn SchemaEditor(api: Api, initial: Value) -> impl IntoView {
    let baseline = RwSignal::new(initial.clone());
    let draft = Draft {
        schema: RwSignal::new(initial),
        expanded: RwSignal::new(HashSet::new()),
        focus: RwSignal::new(None),
    };
    let tab = RwSignal::new(Tab::Fields);
    let raw_text = RwSignal::new(String::new());
    let raw_error = RwSignal::new(None::<String>);
    // Bumped when the schema changes outside the visual editor (raw JSON,
    // discard): its inputs start from the draft again.
    let generation = RwSignal::new(0u64);
    let dirty = crate::ui::memo(move |_| baseline.with(|b| draft.schema.with(|d| b != d)));
    let notices = crate::ui::memo(move |_| {
        draft.schema.with(|d| {
            switchboard_schema::parse(d)
                .notices()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        })
    });

    let save = crate::ui::write(move |schema: &Value| {
        let schema = schema.clone();
        async move {
            let workspace = api.workspace().set_fields_schema(&schema).await?;
            baseline.set(
                workspace
                    .user_fields_schema
                    .value()
                    .cloned()
                    .unwrap_or(schema),
            );
            Ok::<_, ApiError>(())
        }
    });

    let show_raw = move || {
        let current = draft.schema.get_untracked();
        let text_matches = raw_text.with_untracked(|t| serde_json::from_str::<Value>(t).ok())
            == Some(current.clone());
        // Keep the person's own formatting when it still says the same.
        if !text_matches {
            raw_text.set(serde_json::to_string_pretty(&current).unwrap_or_default());
        }
        raw_error.set(None);
        tab.set(Tab::Raw);
    };
    let show_fields = move || {
        if raw_error.with_untracked(Option::is_none) {
            generation.update(|g| *g += 1);
            tab.set(Tab::Fields);
        }
    };
    let discard = move |_| {
        draft.schema.set(baseline.get_untracked());
        raw_text.set(serde_json::to_string_pretty(&baseline.get_untracked()).unwrap_or_default());
        raw_error.set(None);
        generation.update(|g| *g += 1);
        save.value().set(None);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.pending().get_untracked() || raw_error.with_untracked(Option::is_some) {
            return;
        }
        save.dispatch(draft.schema.get_untracked());
    };
    let on_tab_key = move |ev: leptos::ev::KeyboardEvent| {
        if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight") {
            ev.prevent_default();
            if tab.get_untracked() == Tab::Fields {
                show_raw();
            } else {
                show_fields();
            }
            let target = if tab.get_untracked() == Tab::Raw {
                "cf-tab-raw"
            } else {
                "cf-tab-fields"
            };
            if let Some(el) = document().get_element_by_id(target) {
                focus(&el);
            }
        }
    };

    view! {
        <form class="cf-editor" on:submit=submit novalidate>
            <div class="cf-columns">
                <div class="card cf-schema">
                    <div class="tabs" role="tablist" aria-label="Edit the schema as">
                        <button type="button" role="tab" id="cf-tab-fields" aria-controls="cf-panel-fields"
                            aria-selected=move || (tab.get() == Tab::Fields).to_string()
                            tabindex=move || if tab.get() == Tab::Fields { "0" } else { "-1" }
                            on:click=move |_| show_fields() on:keydown=on_tab_key>"Fields"</button>
                        <button type="button" role="tab" id="cf-tab-raw" aria-controls="cf-panel-raw"
                            aria-selected=move || (tab.get() == Tab::Raw).to_string()
                            tabindex=move || if tab.get() == Tab::Raw { "0" } else { "-1" }
                            on:click=move |_| show_raw() on:keydown=on_tab_key>"Raw JSON"</button>
                    </div>
                    <div role="tabpanel" id="cf-panel-fields" aria-labelledby="cf-tab-fields"
                        hidden=move || tab.get() != Tab::Fields>
                        {remount(
                            move || (tab.get() == Tab::Fields).then(|| generation.get()),
                            move |shown| shown.map(|_| view! { <FieldList draft path=Vec::new()/> }).into_any(),
                        )}
                    </div>
                    <div role="tabpanel" id="cf-panel-raw" aria-labelledby="cf-tab-raw"
                        hidden=move || tab.get() != Tab::Raw>
                        <div class="field">
                            <label for="cf-raw">"Schema as JSON"</label>
                            <textarea id="cf-raw" class="code" rows="20" spellcheck="false"
                                aria-describedby="cf-raw-help cf-raw-error"
                                aria-invalid=move || raw_error.with(Option::is_some).then_some("true")
                                prop:value=move || raw_text.get()
                                on:input=move |ev| {
                                    let text = event_target_value(&ev);
                                    match serde_json::from_str::<Value>(&text) {
                                        Ok(value) => {
                                            raw_error.set(None);
                                            draft.schema.set(value);
                                        }
                                        Err(e) => raw_error.set(Some(format!("Not valid JSON: {e}"))),
                                    }
                                    raw_text.set(text);
                                }></textarea>
                            <p id="cf-raw-help" class="hint">
                                "A DataSchema (JSON Schema with engine extensions). Saved exactly as written."
                            </p>
                            <p id="cf-raw-error" class="field-error">
                                {move || raw_error.get().map(|e| view! { <span aria-hidden="true">"⚠ "</span>{e} })}
                            </p>
                        </div>
                    </div>
                </div>
                <section class="card cf-preview" aria-labelledby="cf-preview-title">
                    <h2 id="cf-preview-title">"Preview"</h2>
                    <p class="hint">"The customer form these fields make. Nothing typed here is saved."</p>
                    {remount(move || draft.schema.with(Value::to_string), move |text| {
                        let schema = serde_json::from_str(&text).unwrap_or(Value::Null);
                        let state = FormState::new(&schema, Value::Null, FormMode::Create);
                        view! { <SchemaForm state id_prefix="cf-preview"/> }.into_any()
                    })}
                </section>
            </div>
            {move || {
                let list = notices.get();
                (!list.is_empty()).then(|| view! {
                    <div class="form-notice" role="note">
                        <p><span aria-hidden="true">"⚠ "</span>"The engine will refuse this schema:"</p>
                        <ul>{list.into_iter().take(10).map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <div class="actions cf-actions">
                <ActionButton label="Save" busy="Saving…" pending=save.pending()
                    disabled=Signal::derive(move || !dirty.get())/>
                <button type="button" class="button secondary" on:click=discard
                    disabled=move || save.pending().get() || !dirty.get()>"Discard changes"</button>
                <p class="cf-state" role="status">
                    {move || if dirty.get() {
                        view! { <span class="status warn"><span aria-hidden="true">"● "</span>"Unsaved changes"</span> }.into_any()
                    } else if matches!(save.value().get(), Some(Ok(_))) {
                        view! { <span class="status ok"><span aria-hidden="true">"✓ "</span>"Saved"</span> }.into_any()
                    } else {
                        ().into_any()
                    }}
                </p>
            </div>
            {move || match save.value().get() {
                Some(Err(error)) => Some(view! { <SaveError error/> }),
                _ => None,
            }}
        </form>
    }
}

#[component]
fn SaveError(error: ApiError) -> impl IntoView {
    view! {
        <div class="cf-save-error">
            <ErrorPanel error/>
            <p class="hint">"Your changes are still here; fix them and save again."</p>
        </div>
    }
}

/// The fields of one group, with buttons to add and reorder them.
#[component]
fn FieldList(draft: Draft, path: Vec<String>) -> impl IntoView {
    let keys_path = path.clone();
    let keys = crate::ui::memo(move |_| draft.schema.with(|s| edit::field_keys(s, &keys_path)));
    let add_path = path.clone();
    let add = move |_| {
        let mut key = None;
        draft.schema.update(|s| key = edit::add_field(s, &add_path));
        if let Some(key) = key {
            let id = field_path(&add_path, &key);
            draft.expanded.update(|e| {
                e.insert(id.clone());
            });
            draft.focus.set(Some(id));
        }
    };
    let group_name = if path.is_empty() {
        "Customer fields".to_owned()
    } else {
        path.join(" › ")
    };
    let add_label = format!("Add field to {group_name}");
    view! {
        <div class="cf-fields">
            {move || keys.with(Vec::is_empty).then(|| view! { <p class="hint">"No fields yet."</p> })}
            <ul class="cf-field-list" aria-label=group_name>
                <For each=move || keys.get() key=|k| k.clone()
                    children=move |key| view! { <FieldEditor draft path=path.clone() key keys/> }.into_any()/>
            </ul>
            <button type="button" class="button secondary" aria-label=add_label on:click=add>"Add field"</button>
        </div>
    }
}

/// One field: a row with its name and reorder/remove buttons, and when
/// expanded, its settings.
#[component]
fn FieldEditor(
    draft: Draft,
    path: Vec<String>,
    key: String,
    keys: Memo<Vec<String>>,
) -> impl IntoView {
    let id = format!("cf-{}", next_id());
    let full = field_path(&path, &key);
    let expanded = {
        let full = full.clone();
        crate::ui::memo(move |_| draft.expanded.with(|e| e.contains(&full)))
    };
    let (p1, k1) = (path.clone(), key.clone());
    let label = crate::ui::memo(move |_| {
        draft.schema.with(|s| {
            let title = edit::field(s, &p1, &k1)
                .and_then(|f| f.get("title"))
                .and_then(Value::as_str)
                .filter(|t| !t.trim().is_empty())
                .map(str::to_owned);
            title.unwrap_or_else(|| switchboard_schema::humanize(&k1))
        })
    });
    let (p2, k2) = (path.clone(), key.clone());
    let summary = crate::ui::memo(move |_| {
        draft.schema.with(|s| {
            let kind = edit::field(s, &p2, &k2)
                .map(|f| match edit::kind_of(f) {
                    Some(k) => KINDS.iter().find(|(n, _)| *n == k).map_or("", |(_, w)| w),
                    None => "Other",
                })
                .unwrap_or_default();
            let required = edit::is_required(s, &p2, &k2);
            format!("{kind}{}", if required { ", required" } else { "" })
        })
    });
    let index = {
        let key = key.clone();
        crate::ui::memo(move |_| keys.with(|k| k.iter().position(|x| *x == key).unwrap_or(0)))
    };
    let count = crate::ui::memo(move |_| keys.with(Vec::len));
    let confirming = RwSignal::new(false);

    let toggle = {
        let full = full.clone();
        move |_| {
            draft.expanded.update(|e| {
                if !e.remove(&full) {
                    e.insert(full.clone());
                }
            });
        }
    };
    let (up_id, down_id) = (format!("{id}-up"), format!("{id}-down"));
    // Moving re-inserts the row, which drops focus: put it back on the
    // button, or on the other one when this one is now disabled.
    let shift = {
        let (path, key) = (path.clone(), key.clone());
        let (up_id, down_id) = (up_id.clone(), down_id.clone());
        move |by: isize| {
            draft
                .schema
                .update(|s| edit::move_field(s, &path, &key, by));
            let (same, other) = if by < 0 {
                (up_id.clone(), down_id.clone())
            } else {
                (down_id.clone(), up_id.clone())
            };
            request_animation_frame(move || {
                let enabled = |id: &str| {
                    document()
                        .get_element_by_id(id)
                        .filter(|el| !el.matches(":disabled").unwrap_or(true))
                };
                if let Some(el) = enabled(&same).or_else(|| enabled(&other)) {
                    focus(&el);
                }
            });
        }
    };
    let shift_down = shift.clone();
    let remove = {
        let (path, key, full) = (path.clone(), key.clone(), full.clone());
        move |_| {
            draft.schema.update(|s| edit::remove_field(s, &path, &key));
            draft.expanded.update(|e| {
                e.remove(&full);
            });
        }
    };
    // A field just added gets focus on its key.
    let key_input = format!("{id}-key");
    if draft.focus.get_untracked().as_deref() == Some(full.as_str()) {
        draft.focus.set(None);
        let key_input = key_input.clone();
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&key_input) {
                focus(&el);
            }
        });
    }
    let name = key.clone();
    view! {
        <li class="cf-field">
            <div class="cf-field-head">
                <button type="button" class="cf-toggle" aria-expanded=move || expanded.get().to_string()
                    aria-controls=format!("{id}-body") on:click=toggle>
                    <span aria-hidden="true">{move || if expanded.get() { "▾ " } else { "▸ " }}</span>
                    <span class="cf-label">{move || label.get()}</span>
                    " " <code class="cf-key">{name.clone()}</code>
                    " " <span class="hint">{move || summary.get()}</span>
                </button>
                <div class="row-actions">
                    <button type="button" class="button secondary" id=up_id aria-label=format!("Move up: {name}")
                        disabled=move || index.get() == 0 on:click=move |_| shift(-1)>"Up"</button>
                    <button type="button" class="button secondary" id=down_id aria-label=format!("Move down: {name}")
                        disabled={move || index.get() + 1 >= count.get()} on:click=move |_| shift_down(1)>"Down"</button>
                    <button type="button" class="button secondary" aria-label=format!("Remove: {name}")
                        on:click=move |_| confirming.set(true)>"Remove"</button>
                </div>
            </div>
            {move || confirming.get().then(|| {
                let remove = remove.clone();
                view! {
                    <div class="cf-confirm" role="alert">
                        <p>{format!("Remove the field “{}”? Values customers already have stay stored but are no longer shown as a field.", label.get_untracked())}</p>
                        <button type="button" class="button danger" on:click=remove>"Remove field"</button>
                        <button type="button" class="button secondary" on:click=move |_| confirming.set(false)>"Keep it"</button>
                    </div>
                }
            })}
            <div id=format!("{id}-body")>
                {let id = id.clone(); move || expanded.get().then(|| view! {
                    <FieldSettings draft path=path.clone() key=key.clone() id=id.clone()/>
                })}
            </div>
        </li>
    }
}

/// The settings of one field. Inputs start from the schema and write to it.
#[component]
fn FieldSettings(draft: Draft, path: Vec<String>, key: String, id: String) -> impl IntoView {
    let current = draft
        .schema
        .with_untracked(|s| edit::field(s, &path, &key).cloned())
        .unwrap_or_default();
    let text = |name: &str| {
        current
            .get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let required = draft
        .schema
        .with_untracked(|s| edit::is_required(s, &path, &key));
    let secret = current
        .get("isSensitive")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let (kp, kk) = (path.clone(), key.clone());
    let kind = crate::ui::memo(move |_| {
        draft
            .schema
            .with(|s| edit::field(s, &kp, &kk).map(|f| edit::kind_of(f).map(str::to_owned)))
            .flatten()
    });
    let key_error = RwSignal::new(None::<String>);

    let update = {
        let (path, key) = (path.clone(), key.clone());
        move |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
            draft
                .schema
                .update(|s| edit::update_field(s, &path, &key, f));
        }
    };
    let rename = {
        let (path, key) = (path.clone(), key.clone());
        move |ev: leptos::ev::Event| {
            let to = event_target_value(&ev);
            let mut result = Ok(());
            draft
                .schema
                .update(|s| result = edit::rename_field(s, &path, &key, &to));
            match result {
                Ok(()) => {
                    key_error.set(None);
                    let (from, to) = (field_path(&path, &key), field_path(&path, to.trim()));
                    draft.expanded.update(|e| {
                        e.remove(&from);
                        e.insert(to);
                    });
                }
                Err(message) => key_error.set(Some(message)),
            }
        }
    };
    let (u1, u2, u3, u4, u5, u6) = (
        update.clone(),
        update.clone(),
        update.clone(),
        update.clone(),
        update.clone(),
        update,
    );
    let (rp, rk) = (path.clone(), key.clone());
    let nested = {
        let mut inner = path.clone();
        inner.push(key.clone());
        inner
    };
    let (fp, fk) = (path.clone(), key.clone());
    let kind_now = kind.get_untracked();
    let known = kind_now.is_some();
    view! {
        <div class="cf-settings">
            <div class="field">
                <label for=format!("{id}-key")>"Key"</label>
                <input id=format!("{id}-key") type="text" value=key.clone() spellcheck="false" autocomplete="off"
                    aria-describedby=format!("{id}-key-help {id}-key-error")
                    aria-invalid=move || key_error.with(Option::is_some).then_some("true")
                    on:change=rename/>
                <p id=format!("{id}-key-help") class="hint">"Where the value is stored; renaming does not move values customers already have."</p>
                <p id=format!("{id}-key-error") class="field-error">{move || key_error.get()}</p>
            </div>
            <div class="field">
                <label for=format!("{id}-title")>"Title"</label>
                <input id=format!("{id}-title") type="text" value=text("title")
                    on:input=move |ev| { let t = event_target_value(&ev); u1(&|f| edit::set_text(f, "title", &t)); }/>
            </div>
            <div class="field">
                <label for=format!("{id}-description")>"Description"</label>
                <textarea id=format!("{id}-description") rows="2" prop:value=text("description")
                    on:input=move |ev| { let t = event_target_value(&ev); u2(&|f| edit::set_text(f, "description", &t)); }></textarea>
            </div>
            <div class="field">
                <label for=format!("{id}-type")>"Type"</label>
                <select id=format!("{id}-type") disabled=!known aria-describedby=format!("{id}-type-help")
                    on:change=move |ev| { let k = event_target_value(&ev); u3(&|f| edit::set_kind(f, &k)); }>
                    {(!known).then(|| view! { <option value="" selected>"Other"</option> })}
                    {KINDS.iter().map(|(value, word)| view! {
                        <option value=*value selected=kind_now.as_deref() == Some(*value)>{*word}</option>
                    }).collect_view()}
                </select>
                <p id=format!("{id}-type-help") class="hint">
                    {if known { "" } else { "This field uses schema features the editor does not change; edit it in Raw JSON." }}
                </p>
            </div>
            <div class="field checkbox">
                <input id=format!("{id}-required") type="checkbox" checked=required
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        draft.schema.update(|s| edit::set_required(s, &rp, &rk, on));
                    }/>
                <label for=format!("{id}-required")>"Required"</label>
            </div>
            {remount(move || kind.get(), move |kind| {
                let string = kind.as_deref() == Some("string");
                let choices = matches!(kind.as_deref(), Some("string" | "number" | "integer"));
                let (u4, u5, u6) = (u4.clone(), u5.clone(), u6.clone());
                // Read now: a type change may just have dropped the choices.
                let (enum_lines, format) = draft.schema.with_untracked(|s| {
                    let field = edit::field(s, &fp, &fk);
                    let format = field.and_then(|f| f.get("format")).and_then(Value::as_str).unwrap_or_default().to_owned();
                    (field.map(edit::enum_lines).unwrap_or_default(), format)
                });
                let id = id.clone();
                view! {
                    {string.then(|| view! {
                        <div class="field checkbox">
                            <input id=format!("{id}-secret") type="checkbox" checked=secret
                                on:change=move |ev| { let on = event_target_checked(&ev); u4(&|f| edit::set_flag(f, "isSensitive", on)); }/>
                            <label for=format!("{id}-secret")>"Secret (never shown back once saved)"</label>
                        </div>
                        <div class="field">
                            <label for=format!("{id}-format")>"Format"</label>
                            <select id=format!("{id}-format")
                                on:change=move |ev| { let v = event_target_value(&ev); u5(&|f| edit::set_text(f, "format", &v)); }>
                                {FORMATS.iter().map(|(value, word)| view! {
                                    <option value=*value selected=format == *value>{*word}</option>
                                }).collect_view()}
                            </select>
                        </div>
                    })}
                    {choices.then(|| view! {
                        <div class="field">
                            <label for=format!("{id}-choices")>"Choices"</label>
                            <textarea id=format!("{id}-choices") rows="3" prop:value=enum_lines
                                aria-describedby=format!("{id}-choices-help")
                                on:input=move |ev| { let t = event_target_value(&ev); u6(&|f| edit::set_enum_lines(f, &t)); }></textarea>
                            <p id=format!("{id}-choices-help") class="hint">"One per line. Leave empty for a free value."</p>
                        </div>
                    })}
                }
                .into_any()
            })}
            {move || (kind.get().as_deref() == Some("object")).then(|| view! {
                <div class="cf-nested">
                    <p class="field-label">"Fields in this group"</p>
                    <FieldList draft path=nested.clone()/>
                </div>
            }.into_any())}
        </div>
    }
}
