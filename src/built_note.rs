//! When the data shown was built, its version, and whether its files were
//! checked against the hashes the manifest publishes: said on every view, so
//! a printed page or a copy opened offline names the data it shows.

use crate::load::files_are_checked;
use crate::state::AppState;
use harm_core::dataset::Manifest;
use leptos::prelude::*;

#[component]
pub fn BuiltNote() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || state.manifest().map(|m| view! { <p id="built-note" class="built-note">{built_sentence(&m, files_are_checked(&m))}</p> })
}

fn built_sentence(m: &Manifest, checked: bool) -> String {
    let built = if m.built.is_empty() {
        "Data build date not recorded".to_string()
    } else {
        format!("Data built {} (version {})", m.built, m.data_version)
    };
    let check = if checked {
        "each file checked against its published SHA-256"
    } else if m.files.is_empty() {
        "files not checked: this data's manifest lists no file hashes"
    } else {
        "files not checked: the browser hashes files only for pages served over https, from localhost or from a file"
    };
    format!("{built}; {check}.")
}
