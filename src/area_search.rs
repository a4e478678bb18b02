//! "Find a ward or district": a search box above the map (the ARIA 1.2
//! combobox pattern with a listbox of matches) that finds a place by name as
//! a person types (`harm_core::place_search`). Up and Down move through the
//! matches, Enter selects, Escape closes the list (or clears the box).
//!
//! A ward is selected on the ward map. A district switches the map to
//! districts with that district selected: a person looking up "Fareham"
//! expects Fareham's own figures, with the district's name drawn on the
//! map, and its wards are one step away under Areas.

use crate::state::AppState;
use harm_core::level::Level;
use harm_core::place_search::find;
use leptos::prelude::*;

/// Matches listed at once: enough to tell apart wards of the same name.
const LISTED: usize = 12;

#[derive(Debug, Clone, PartialEq)]
struct Place {
    code: String,
    name: String,
    level: Level,
    /// Said after the name, e.g. "ward in Fareham" or "district".
    kind: String,
}

#[component]
pub fn AreaSearch() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    // The match the arrow keys are on, an index into `matches`.
    let active = RwSignal::new(None::<usize>);
    let places = Memo::new(move |_| {
        let Some(b) = state.force() else { return Vec::new() };
        let districts = b.entry.districts.iter().map(|d| Place { code: d.code.clone(), name: d.name.clone(), level: Level::District, kind: "district".into() });
        let wards = b.data.wards.iter().map(|w| Place {
            code: w.ward_code.clone(),
            name: w.ward_name.clone(),
            level: Level::Ward,
            kind: format!("ward in {}", w.district_name),
        });
        districts.chain(wards).collect::<Vec<_>>()
    });
    let matches = Memo::new(move |_| {
        let typed = query.get();
        places.with(|all| {
            let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
            find(&typed, &names).into_iter().take(LISTED).map(|i| all[i].clone()).collect::<Vec<_>>()
        })
    });
    let expanded = move || open.get() && !matches.with(Vec::is_empty);
    let choose = move |place: Place| {
        if state.level.get_untracked() != place.level {
            state.level.set(place.level);
        }
        state.area.set(Some(place.code));
        query.set(place.name);
        open.set(false);
        active.set(None);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let count = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                ev.prevent_default();
                open.set(true);
                let down = ev.key() == "ArrowDown";
                active.update(|a| {
                    *a = Some(match *a {
                        None if down => 0,
                        None => count - 1,
                        Some(i) if down => (i + 1) % count,
                        Some(i) => (i + count - 1) % count,
                    })
                });
            }
            "Enter" => {
                // Enter without moving takes the best match.
                let wanted = matches.with_untracked(|m| m.get(active.get_untracked().unwrap_or(0)).cloned());
                if let Some(place) = wanted {
                    ev.prevent_default();
                    choose(place);
                }
            }
            "Escape" => {
                if open.get_untracked() {
                    open.set(false);
                    active.set(None);
                } else {
                    query.set(String::new());
                }
            }
            _ => {}
        }
    };
    let status = move || {
        let typed = query.get();
        (open.get() && !typed.trim().is_empty() && matches.with(Vec::is_empty)).then(|| format!("No ward or district name contains “{}”.", typed.trim()))
    };

    view! {
        <div class="area-search">
            <label for="area-search">"Find a ward or district"</label>
            <input id="area-search" type="text" role="combobox" autocomplete="off" spellcheck="false"
                aria-autocomplete="list" aria-controls="area-search-list"
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().filter(|_| expanded()).map(|i| format!("area-search-{i}"))
                prop:value=move || query.get()
                on:input=move |ev| { query.set(event_target_value(&ev)); open.set(true); active.set(None); }
                on:keydown=on_key
                on:blur=move |_| open.set(false)/>
            <ul id="area-search-list" role="listbox" aria-label="Places found" class:hidden=move || !expanded()>
                {move || matches.get().into_iter().enumerate().map(|(i, place)| {
                    let chosen = place.clone();
                    view! {
                        <li id=format!("area-search-{i}") role="option" data-area-code=place.code.clone()
                            aria-selected=move || (active.get() == Some(i)).to_string()
                            // Before the box loses focus, so the choice is not lost with the list.
                            on:mousedown=move |ev| { ev.prevent_default(); choose(chosen.clone()) }>
                            {place.name}" "<span class="place-kind">{format!("({})", place.kind)}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="search-status" role="status">{status}</p>
        </div>
    }
}
