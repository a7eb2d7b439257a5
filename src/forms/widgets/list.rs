use super::field_view;
use crate::forms::field::{Body, Field};
use crate::forms::spec::Widget;
use crate::forms::FormState;
use leptos::prelude::*;

pub(super) fn list_view(state: FormState, field: Field, label: String, depth: usize) -> AnyView {
    let (Body::List(rows), Widget::List { items, max_items }) = (&field.body, &field.spec.widget)
    else {
        return ().into_any();
    };
    let (rows, items, max_items) = (*rows, items.clone(), *max_items);
    let id = state.dom_id(&field.id);
    let error = field.error;
    let required = field.spec.required;
    let description = field.spec.description.clone();
    let name = label.clone();
    let f_add = field.clone();
    let add = move |_| {
        let row = state.new_field(&items, None, depth + 1);
        let row_id = row.id.clone();
        rows.update(|r| r.push(row));
        state.edited(&f_add);
        state.focus_later(row_id);
    };
    let full = move || max_items.is_some_and(|max| rows.with(|r| r.len() as u64 >= max));
    // Keyed by row and position: a moved row is rebuilt with its new name,
    // the others stay as they are.
    let rows_view = view! {
        <For each=move || rows.get().into_iter().enumerate()
            key=|(i, row)| (row.id.clone(), *i)
            children=move |(i, row)| row_view(state, &field, row, &name, i, depth)/>
    };
    view! {
        <fieldset class="list" aria-describedby=format!("{id}-error")>
            <legend>{label.clone()}{required.then(|| view! { <span class="required">" (required)"</span> })}</legend>
            {description.map(|d| view! { <p class="hint">{d}</p> })}
            <p id=format!("{id}-error") class="field-error">
                {move || error.get().map(|e| view! { <span aria-hidden="true">"⚠ "</span>{e} })}
            </p>
            {rows_view}
            {move || rows.with(Vec::is_empty).then(|| view! { <p class="hint">"No items yet."</p> })}
            <button type="button" class="button secondary" disabled=full on:click=add>
                {format!("Add to {label}")}
            </button>
        </fieldset>
    }
    .into_any()
}

/// One list row: its fields and buttons whose names say which row they act on.
fn row_view(
    state: FormState,
    list: &Field,
    row: Field,
    name: &str,
    index: usize,
    depth: usize,
) -> AnyView {
    let Body::List(rows) = &list.body else {
        return ().into_any();
    };
    let rows = *rows;
    let row_name = format!("{name} {}", index + 1);
    let button_id = |what: &str| format!("{}-{what}", row.id);
    let (up_id, down_id) = (button_id("up"), button_id("down"));
    let (l1, l2, l3) = (list.clone(), list.clone(), list.clone());
    let up_focus = up_id.clone();
    let down_focus = down_id.clone();
    let move_row = move |from: usize, to: usize, list: &Field, focus: &str| {
        rows.update(|r| r.swap(from, to));
        state.edited(list);
        state.focus_later(focus.to_owned());
    };
    let remove = move |_| {
        rows.update(|r| {
            if index < r.len() {
                r.remove(index);
            }
        });
        state.edited(&l3);
    };
    view! {
        <div class="list-row" role="group" aria-label=row_name.clone()>
            {field_view(state, row, Some(row_name.clone()), depth + 1)}
            <div class="row-actions">
                <button type="button" class="button secondary" id=state.dom_id(&up_id) disabled={index == 0}
                    aria-label=format!("Move up: {row_name}")
                    on:click=move |_| move_row(index, index - 1, &l1, &up_focus)>"Move up"</button>
                <button type="button" class="button secondary" id=state.dom_id(&down_id) disabled={move || index + 1 >= rows.with(Vec::len)}
                    aria-label=format!("Move down: {row_name}")
                    on:click=move |_| move_row(index, index + 1, &l2, &down_focus)>"Move down"</button>
                <button type="button" class="button secondary" aria-label=format!("Remove: {row_name}")
                    on:click=remove>"Remove"</button>
            </div>
        </div>
    }
    .into_any()
}
