//! What stopped part of the map: the file and what is wrong in it, in the
//! reader's own words (line, field and value where it gives them), what a
//! person can do, and what still works.

use crate::load::LoadError;
use leptos::prelude::*;

#[component]
pub fn LoadProblem(
    /// Element id, for tests and links.
    id: &'static str,
    heading: String,
    error: LoadError,
    /// What still works despite the problem.
    #[prop(optional)]
    still_works: &'static str,
) -> impl IntoView {
    view! {
        <div id=id class="error">
            <h2>{heading}</h2>
            <p class="problem">{error.to_string()}</p>
            <p>{error.advice()}" "{still_works}</p>
        </div>
    }
}
