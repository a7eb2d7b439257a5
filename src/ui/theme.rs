//! Light and dark themes: the system's preference until a person picks one,
//! which is then remembered on this device (a theme is not a secret).

use leptos::prelude::*;

const STORAGE_KEY: &str = "switchboard.theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The value of the root's `data-theme`; none follows the system.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            Theme::Auto => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        }
    }

    /// The remembered choice, if any.
    pub fn remembered() -> Option<Self> {
        let storage = window().local_storage().ok()??;
        Theme::parse(&storage.get_item(STORAGE_KEY).ok()??)
    }

    fn remember(self) {
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, self.attribute().unwrap_or("auto"));
        }
    }

    /// Whether this theme shows dark colours right now.
    fn is_dark(self) -> bool {
        match self {
            Theme::Dark => true,
            Theme::Light => false,
            Theme::Auto => window()
                .match_media("(prefers-color-scheme: dark)")
                .ok()
                .flatten()
                .is_some_and(|m| m.matches()),
        }
    }
}

/// A button that switches between light and dark and remembers the choice.
#[component]
pub fn ThemeToggle(theme: RwSignal<Theme>) -> impl IntoView {
    let dark = move || theme.get().is_dark();
    let toggle = move |_| {
        let next = if dark() { Theme::Light } else { Theme::Dark };
        next.remember();
        theme.set(next);
    };
    view! {
        <button type="button" class="icon-button theme-toggle" on:click=toggle
            aria-label=move || if dark() { "Switch to light theme" } else { "Switch to dark theme" }>
            <span aria-hidden="true">{move || if dark() { "☀" } else { "☾" }}</span>
        </button>
    }
}
