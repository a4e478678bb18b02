//! The funnel plot's outliers in one sentence, with a link to the table
//! filtered to them (`view=table&filter=outliers`): the areas outside the
//! 99.8% limits, as `harm_core::view::ForceView::funnel` flags them for the
//! chart, the table's funnel column and `harm-prep table`.

use crate::section_nav::{open_view, plain_click};
use crate::state::{AppState, Derived, View, OUTLIERS};
use crate::url_state::address_with;
use harm_core::funnel::FunnelFlag;
use leptos::prelude::*;

/// Outside the funnel plot's outer (99.8%) limits, above or below.
pub fn is_outlier(flag: Option<FunnelFlag>) -> bool {
    matches!(flag, Some(FunnelFlag::AboveOuter | FunnelFlag::BelowOuter))
}

#[component]
pub fn FunnelOutliers() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || {
        let funnel = derived.funnel.get()?;
        let count = |wanted: FunnelFlag| funnel.flags.iter().filter(|f| **f == Some(wanted)).count();
        let (above, below) = (count(FunnelFlag::AboveOuter), count(FunnelFlag::BelowOuter));
        let areas = state.level.get().areas_word();
        let centre = format!("Force rate: {:.2} per 1,000 in the period. ", funnel.centre * 1000.0);
        if above + below == 0 {
            return Some(view! { <p id="funnel-outliers">{format!("{centre}No {} are outside the 99.8% limits.", areas)}</p> }.into_any());
        }
        let open_table = move |ev: leptos::ev::MouseEvent| {
            if plain_click(&ev) {
                ev.prevent_default();
                state.outliers_only.set(true);
                open_view(state, View::Table);
            }
        };
        Some(view! {
            <p id="funnel-outliers">{format!(
                "{centre}{above} {areas} are above the funnel's upper 99.8% limit and {below} below its lower limit: they differ from the force by more than chance would explain. "
            )}
                <a id="outliers-link" href=move || address_with(&state, &[("view", View::Table.key()), ("filter", OUTLIERS)]) on:click=open_table>{format!("List these {} {areas} in the table", above + below)}</a>
            </p>
        }.into_any())
    };
    view! { <div class="funnel-text">{content}</div> }
}
