//! Peer wards in the ward panel: the selected ward against the wards with
//! the same IMD decile and urban/rural class in every force of the dataset,
//! for the selected measure and selection, in a sentence and a small table.
//! The other forces' files (not their outlines: their crime, residents and
//! stop and search; about 250 KB compressed for 41 forces) are fetched only
//! when a person asks for the comparison, and once per force; with every
//! force of England and Wales on the map, fetching and valuing them all for
//! every ward shown would cost a phone more than the map itself. The comparison is `harm_core::peers::compare_with_peers`, as
//! `harm-prep measure --peers` prints it.

use crate::html_text::{cell, data_cell, el, table, Row};
use crate::load::{fetch_text, parse_tables, LoadError};
use crate::state::{AppState, Derived};
use harm_core::dataset::{ForceEntry, ForceFiles, Manifest, WardRow};
use harm_core::figures::ForceData;
use harm_core::level::Level;
use harm_core::measures::MeasureValue;
use harm_core::peers::{compare_with_peers, written_like, PeerCandidate, PeerComparison};
use harm_core::searches::{ForceSearches, SearchCounts};
use harm_core::view::{force_view, SearchTables, Selection};
use leptos::prelude::*;
use std::sync::Arc;

/// What another force contributes to peers: its wards, crime and stop and
/// search (no outlines).
#[derive(Debug)]
pub struct PeerForce {
    entry: ForceEntry,
    data: ForceData,
    ward_searches: SearchCounts,
    force_searches: Vec<ForceSearches>,
}

async fn load_peer_force(entry: ForceEntry) -> Result<PeerForce, LoadError> {
    let id = &entry.id;
    let paths = [
        ForceFiles::wards(id),
        ForceFiles::crime(id),
        ForceFiles::category_weights(id),
        ForceFiles::stop_search(id),
        ForceFiles::stop_search_force(id),
    ];
    let texts = futures::future::try_join_all(paths.iter().cloned().map(fetch_text)).await?;
    let (data, ward_searches, force_searches) =
        parse_tables(&entry, paths.each_ref().map(String::as_str), std::array::from_fn(|i| texts[i].as_str()))?;
    Ok(PeerForce { ward_searches, force_searches, data, entry })
}

/// One force's wards and their values of the selected measure.
struct ForceValues {
    id: String,
    wards: Vec<WardRow>,
    /// `None` for every ward when the force has none of the selection's months.
    values: Vec<Option<MeasureValue>>,
}

/// Every force's wards valued for the selection, or which are still loading.
struct PeerValues {
    forces: Vec<ForceValues>,
    loading: Vec<String>,
    failed: Vec<(String, String)>,
}

/// Each other force's files, by id: `None` while they load.
type Loaded = Vec<(String, Option<Result<Arc<PeerForce>, LoadError>>)>;

/// The other forces' files, fetched once asked for and kept.
#[derive(Clone, Copy)]
pub struct PeerForces {
    loaded: RwSignal<Loaded>,
    /// Whether the comparison was asked for: it then stays on for every ward.
    asked: RwSignal<bool>,
}

impl PeerForces {
    pub fn provide() {
        provide_context(PeerForces { loaded: RwSignal::new(Vec::new()), asked: RwSignal::new(false) });
    }

    /// Fetches every other force of the manifest not yet asked for.
    fn ensure(&self, manifest: &Manifest, chosen: &str) {
        for entry in manifest.forces.iter().filter(|f| f.id != chosen) {
            if self.loaded.with_untracked(|l| l.iter().any(|(id, _)| *id == entry.id)) {
                continue;
            }
            self.loaded.update(|l| l.push((entry.id.clone(), None)));
            let (entry, loaded) = (entry.clone(), self.loaded);
            leptos::task::spawn_local(async move {
                let id = entry.id.clone();
                let result = load_peer_force(entry).await.map(Arc::new);
                loaded.update(|l| {
                    if let Some(slot) = l.iter_mut().find(|(i, _)| *i == id) {
                        slot.1 = Some(result);
                    }
                });
            });
        }
    }
}

/// Values of `force`'s wards for the chosen period, baseline, weighting and
/// basis, the keys read against its own months (as `harm-prep measure --peers`).
fn values_of(state: &AppState, derived: &Derived, manifest: &Manifest, force: &PeerForce) -> Vec<Option<MeasureValue>> {
    let none = || vec![None; force.data.wards.len()];
    let (Some(period), Some(baseline)) = (derived.period.get(), derived.baseline.get()) else { return none() };
    let resolve = |key: &str| force.entry.period(key, &manifest.periods).ok();
    let (Some(period), Some(baseline), Some(weights)) = (resolve(&period.key), resolve(&baseline.key), force.data.weights(state.scheme()))
    else {
        return none();
    };
    let selection = Selection { period: &period, baseline: &baseline, weights, basis: state.basis.get() };
    let tables = SearchTables { wards: &force.ward_searches, force: &force.force_searches, months: &force.entry.stop_search_months };
    let view = force_view(&force.data, tables, (&force.entry.code, &force.entry.name), &selection);
    view.values(Level::Ward, state.measure.get()).into_iter().map(Some).collect()
}

fn peer_values(state: &AppState, derived: &Derived, loaded: &Loaded) -> Option<PeerValues> {
    if state.trauma.get() || state.level.get() != Level::Ward {
        return None;
    }
    let (manifest, b, view) = (state.manifest()?, state.force()?, derived.view.get()?);
    let measure = state.measure.get();
    // The chosen force: every ward, also those outside a module (a ward's
    // own value does not depend on the module).
    let own: Vec<Option<MeasureValue>> = match &view.module {
        None => view.values(Level::Ward, measure).into_iter().map(Some).collect(),
        Some(_) => {
            let (period, baseline) = (derived.period.get()?, derived.baseline.get()?);
            let selection = Selection { period: &period, baseline: &baseline, weights: b.data.weights(state.scheme())?, basis: state.basis.get() };
            let tables = SearchTables { wards: &b.ward_searches, force: &b.force_searches, months: &b.entry.stop_search_months };
            force_view(&b.data, tables, (&b.entry.code, &b.entry.name), &selection).values(Level::Ward, measure).into_iter().map(Some).collect()
        }
    };
    let mut result = PeerValues {
        forces: vec![ForceValues { id: b.entry.id.clone(), wards: b.data.wards.clone(), values: own }],
        loading: Vec::new(),
        failed: Vec::new(),
    };
    for entry in manifest.forces.iter().filter(|f| f.id != b.entry.id) {
        match loaded.iter().find(|(id, _)| *id == entry.id).and_then(|(_, r)| r.as_ref()) {
            None => result.loading.push(entry.name.clone()),
            Some(Err(e)) => result.failed.push((entry.name.clone(), e.to_string())),
            Some(Ok(force)) => result.forces.push(ForceValues {
                id: entry.id.clone(),
                wards: force.data.wards.clone(),
                values: values_of(state, derived, &manifest, force),
            }),
        }
    }
    Some(result)
}

/// The comparison's table twin: count, median, range, the ward, its rank.
fn peer_table(c: &PeerComparison, ward_text: &str, written: &dyn Fn(f64) -> String) -> String {
    let summary = c.summary;
    let of = |f: &dyn Fn(&harm_core::peers::PeerSummary) -> String| summary.as_ref().map(f).unwrap_or_else(|| "none".into());
    let row = |label: &str, figure: &str, text: String| Row { attrs: String::new(), cells: vec![cell(label), data_cell("figure", figure, text)] };
    let rows = [
        row("Peer wards with a value", "peers_with_value", summary.map_or(0, |s| s.count).to_string()),
        row("Peer wards without a value (left out)", "peers_without_value", c.without_value.to_string()),
        row("Median", "peer_median", of(&|s| written(s.median))),
        row("Lowest", "peer_min", of(&|s| written(s.min))),
        row("Highest", "peer_max", of(&|s| written(s.max))),
        row("This ward", "peer_ward", ward_text.to_string()),
        row(
            "Rank among the ward and its peers (1 = highest)",
            "peer_rank",
            c.position.map(|p| format!("{} of {}", p.rank, p.of)).unwrap_or_else(|| "not placed".into()),
        ),
    ];
    let caption = format!("Peers: {}, from every force on this map", c.group.label());
    table("class=\"figures\" id=\"peer-table\"", ("", &caption), &[], &rows)
}

/// The selected ward (ward `i` of the view) against its peers.
#[component]
pub fn PeersSection(i: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let peers = expect_context::<PeerForces>();
    // Fetch the other forces' files once asked for, not before.
    Effect::new(move |_| {
        if let (Some(manifest), false, true) = (state.manifest(), state.trauma.get(), peers.asked.get()) {
            peers.ensure(&manifest, &state.chosen_force_id());
        }
    });
    let content = move || -> Option<String> {
        if !peers.asked.get() {
            return None;
        }
        if state.trauma.get() {
            return Some(el(
                "p",
                "class=\"no-data\" data-figure=\"peer_sentence\"",
                "The trauma score is relative to the areas scored in this force, so it is not compared with other forces' wards.",
            ));
        }
        let view = derived.view.get()?;
        let b = state.force()?;
        let ward = b.data.wards.get(*view.members(Level::Ward, i).first()?)?;
        let own = derived.values.get()?.get(i)?.clone();
        let values = peer_values(&state, &derived, &peers.loaded.get())?;
        if !values.loading.is_empty() {
            return Some(el("p", "class=\"loading\" data-figure=\"peer_loading\"", &format!("Finding peers: loading the wards of {}…", values.loading.join(", "))));
        }
        let candidates: Vec<PeerCandidate> = values
            .forces
            .iter()
            .flat_map(|f| {
                f.wards.iter().zip(&f.values).map(|(ward, v)| PeerCandidate { force: &f.id, ward, value: v.as_ref().and_then(|v| v.value) })
            })
            .collect();
        // Values of a measure are all written alike; any one shows how.
        let example = values.forces.iter().flat_map(|f| f.values.iter().flatten()).find(|v| v.value.is_some()).map(|v| v.text.clone()).unwrap_or_default();
        let written = move |v: f64| written_like(&example, v);
        let failed = if values.failed.is_empty() {
            String::new()
        } else {
            let which: Vec<String> = values.failed.iter().map(|(name, e)| format!("{name} ({e})")).collect();
            el("p", "class=\"no-data\"", &format!("Not among the peers, as their figures could not be loaded: {}.", which.join("; ")))
        };
        let me = PeerCandidate { force: &b.entry.id, ward, value: own.value };
        Some(match compare_with_peers(me, &candidates) {
            Err(no_group) => el("p", "class=\"no-data\" data-figure=\"peer_sentence\"", &no_group.to_string()),
            Ok(c) => format!(
                "{}{}{failed}",
                el("p", "class=\"peer-sentence\" data-figure=\"peer_sentence\"", &c.describe(&ward.ward_name, &own.flagged_text(), &written)),
                peer_table(&c, &own.flagged_text(), &written)
            ),
        })
    };
    view! {
        <section class="peers" id="peers">
            <h3>{move || format!("Peer wards: {}", harm_core::trauma::in_a_sentence(&state.measure.get().label()))}</h3>
            <p class="caveat">"Peers are wards with the same national deprivation decile and the same urban or rural class, in any force on this map, valued for the same period and choices."</p>
            {move || (!peers.asked.get()).then(|| {
                let others = state.manifest().map_or(0, |m| m.forces.len().saturating_sub(1));
                view! {
                    <button type="button" id="peers-compare" on:click=move |_| peers.asked.set(true)>"Compare with peer wards in other forces"</button>
                    <p class="caveat">{format!("This fetches the residents, crime and stop and search figures of the {others} other forces.")}</p>
                }
            })}
            <div inner_html=move || content().unwrap_or_default()></div>
        </section>
    }
}
