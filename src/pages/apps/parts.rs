//! Small pieces the apps screens share: logos, badges, changelogs and the
//! preview of what a switch changes.

use crate::api::Connector;
use crate::connector_versions::{Class, FieldChange, SwitchPreview};
use leptos::prelude::*;

/// An app's logo. The name is always beside it, so the image is decorative.
#[component]
pub fn AppLogo(src: Option<String>) -> impl IntoView {
    match src {
        Some(src) => {
            view! { <img class="app-logo" src=src alt="" width="32" height="32"/> }.into_any()
        }
        None => view! { <span class="app-logo placeholder" aria-hidden="true"></span> }.into_any(),
    }
}

/// "Public" or "Custom" next to a connector's name.
#[component]
pub fn ConnectorBadge(custom: bool) -> impl IntoView {
    if custom {
        view! { <span class="badge custom">"Custom"</span> }
    } else {
        view! { <span class="badge public">"Public"</span> }
    }
}

/// The connector's name with its badge; "Unknown connector" when the engine
/// does not list it.
#[component]
pub fn ConnectorName(connector: Option<Connector>) -> impl IntoView {
    match connector {
        Some(c) => view! {
            <span class="connector-name">{c.display_name().to_owned()} " " <ConnectorBadge custom=c.is_custom()/></span>
        }
        .into_any(),
        None => view! { <span class="connector-name muted">"Unknown connector"</span> }.into_any(),
    }
}

/// "Update 2.1.1 · patch": the class in words, its colour only a reminder.
#[component]
pub fn UpdateBadge(version: String, class: Class) -> impl IntoView {
    view! {
        <span class=format!("badge update {}", class.word())>
            <span aria-hidden="true">"↑ "</span>
            "Update " {version} " · " {class.word()}
        </span>
    }
}

/// "No apps match." / "1 app" / "12 apps", for result counts.
pub fn count_words(n: usize, none: &'static str) -> String {
    match n {
        0 => none.to_owned(),
        1 => "1 app".to_owned(),
        n => format!("{n} apps"),
    }
}

/// One block of a changelog.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    List(Vec<String>),
}

/// Reads the small Markdown subset connector changelogs use (headings,
/// paragraphs, `-` lists) into blocks shown as text, never as HTML.
pub fn changelog_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if let Some(item) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
            match blocks.last_mut() {
                Some(Block::List(items)) => items.push(item.to_owned()),
                _ => blocks.push(Block::List(vec![item.to_owned()])),
            }
        } else if line.starts_with('#') {
            blocks.push(Block::Heading(
                line.trim_start_matches('#').trim().to_owned(),
            ));
        } else {
            blocks.push(Block::Paragraph(line.to_owned()));
        }
    }
    blocks
}

/// Text with `code` spans, as text nodes and `<code>` elements.
fn inline(text: &str) -> impl IntoView {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                view! { <code>{part.to_owned()}</code> }.into_any()
            } else {
                part.to_owned().into_any()
            }
        })
        .collect_view()
}

/// A changelog; the version heading is left out where the version is shown
/// already.
#[component]
pub fn Changelog(text: Option<String>) -> impl IntoView {
    let blocks = changelog_blocks(text.as_deref().unwrap_or_default());
    if blocks.is_empty() {
        return view! { <p class="muted">"No changelog was published for this version."</p> }
            .into_any();
    }
    view! {
        <div class="changelog">
            {blocks.into_iter().map(|block| match block {
                Block::Heading(_) => ().into_any(),
                Block::Paragraph(p) => view! { <p>{inline(&p)}</p> }.into_any(),
                Block::List(items) => view! {
                    <ul>{items.into_iter().map(|i| view! { <li>{inline(&i)}</li> }).collect_view()}</ul>
                }.into_any(),
            }).collect_view()}
        </div>
    }
    .into_any()
}

fn change_list(title: &'static str, changes: Vec<FieldChange>) -> impl IntoView {
    view! {
        <h4>{title}</h4>
        {if changes.is_empty() {
            view! { <p class="muted">"No changes."</p> }.into_any()
        } else {
            view! {
                <ul class="changes">
                    {changes.into_iter().map(|c| view! {
                        <li class:breaking=c.breaking>
                            <strong>{c.label}</strong> ": " {c.change}
                            {c.breaking.then(|| view! { <span class="badge major">"breaking"</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// What a switch changes in the parameters and the connection form, and
/// which parameters must be filled afterwards.
#[component]
pub fn PreviewView(preview: SwitchPreview) -> impl IntoView {
    let SwitchPreview {
        parameters,
        connection_inputs,
        must_fill,
    } = preview;
    view! {
        <section class="switch-preview" aria-label="What changes">
            {change_list("Connector parameters", parameters)}
            {change_list("Connection form", connection_inputs)}
            {(!must_fill.is_empty()).then(|| view! {
                <div class="notice warning">
                    <p><span aria-hidden="true">"⚠ "</span>"After the switch, fill these required parameters: "
                        <strong>{must_fill.join(", ")}</strong></p>
                </div>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changelog_becomes_blocks() {
        let text = "## 2.0.0\n\nMajor release: breaking.\n\n- Added `portalId`.\n- Removed `apiVersion`.\nThanks.";
        assert_eq!(
            changelog_blocks(text),
            [
                Block::Heading("2.0.0".into()),
                Block::Paragraph("Major release: breaking.".into()),
                Block::List(vec![
                    "Added `portalId`.".into(),
                    "Removed `apiVersion`.".into()
                ]),
                Block::Paragraph("Thanks.".into()),
            ]
        );
        assert!(changelog_blocks("  \n").is_empty());
    }
}
