//! The navigation bar: one link per view (`state::VIEWS`), each a real
//! address (`?...&view=table`) so it can be opened in a new tab or shared;
//! a plain click switches the view in place, and the URL effect pushes the
//! history entry.

use crate::state::{AppState, View, VIEWS};
use crate::url_state::address_with;
use leptos::ev::MouseEvent;
use leptos::prelude::*;

/// A click the page handles itself: the main button, no key held (those
/// open a new tab or window, which the address serves).
pub fn plain_click(ev: &MouseEvent) -> bool {
    ev.button() == 0 && !(ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key())
}

/// Opens `view` as a new page would: at its top.
pub fn open_view(state: AppState, view: View) {
    state.view.set(view);
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A link to `view`, keeping every other choice.
#[component]
pub fn ViewLink(view: View, children: Children) -> impl IntoView {
    let state = expect_context::<AppState>();
    let open = move |ev: MouseEvent| {
        if plain_click(&ev) {
            ev.prevent_default();
            open_view(state, view);
        }
    };
    view! {
        <a href=move || address_with(&state, &[("view", view.key())])
            aria-current=move || (state.view.get() == view).then_some("page") on:click=open>{children()}</a>
    }
}

#[component]
pub fn SectionNav() -> impl IntoView {
    view! {
        <nav class="sections" aria-label="Sections">
            <ul>
                {VIEWS.iter().map(|&(view, _, label)| view! { <li><ViewLink view>{label}</ViewLink></li> }).collect_view()}
            </ul>
        </nav>
    }
}
