//! The selected ward: the chosen measure beside the force's, who lives
//! there, what was recorded, how harm has changed since the baseline, its
//! trend, and the caveats that belong next to every figure.

use crate::state::{AppState, Derived};
use crate::trend_chart::TrendChart;
use harm_core::change::Change;
use harm_core::ethnicity::Basis;
use harm_core::figures::{self, AreaFigures, GROUP_NAMES};
use harm_core::level::Level;
use harm_core::searches::{describe, GroupComparison};
use harm_core::trend::monthly_harm;
use harm_core::view::ForceView;
use harm_core::{format, Category};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn WardPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let picker = move || {
        let view = derived.view.get()?;
        let level = state.level.get();
        let mut wards: Vec<(String, String, String)> =
            view.at(level).areas.iter().map(|w| (w.name.clone(), w.district_name.clone(), w.code.clone())).collect();
        wards.sort();
        Some(view! {
            <label class="ward-picker">{match level { Level::Ward => "Ward ", Level::District => "District ", Level::Force => "Force area " }}
                <select id="ward" prop:value=move || state.area.get().unwrap_or_default()
                    on:change=move |ev| { let v = event_target_value(&ev); state.area.set((!v.is_empty()).then_some(v)) }>
                    <option value="">"Choose an area…"</option>
                    {wards.into_iter().map(|(name, district, code)| {
                        let mine = code.clone();
                        let label = if district.is_empty() { name } else { format!("{name} ({district})") };
                        view! { <option value=code selected=move || state.area.get().as_deref() == Some(mine.as_str())>{label}</option> }
                    }).collect_view()}
                </select>
            </label>
        })
    };
    let body = move || {
        let code = state.area.get()?;
        let view = derived.view.get()?;
        let level = state.level.get();
        let Some(i) = view.at(level).areas.iter().position(|w| w.code == code) else {
            // An area outside the module: said, not shown as empty.
            let b = state.force()?;
            let name = b.data.wards.iter().find_map(|w| match level {
                Level::District => (w.district_code == code).then(|| w.district_name.clone()),
                _ => (w.ward_code == code).then(|| w.ward_name.clone()),
            })?;
            return view.module.as_ref().map(|_| view! {
                <p class="hint" id="outside-module-area">{format!(
                    "{name} is outside the module chosen ({}), so none of its figures are part of this view. Choose “all wards” under Wards to see them.",
                    state.module.get().label()
                )}</p>
            }.into_any());
        };
        Some(view! { <WardFigures view level i/> }.into_any())
    };
    view! {
        <aside id="ward-panel" class="ward-panel" aria-label="Selected area">
            {picker}
            <Headline/>
            {move || body().unwrap_or_else(|| view! {
                <p class="hint">"Select an area on the map, in the table or from the list to see its figures."</p>
            }.into_any())}
        </aside>
    }
}

fn row(label: &'static str, figure: &'static str, value: String) -> impl IntoView {
    view! { <tr><th scope="row">{label}</th><td data-figure=figure>{value}</td></tr> }
}

/// The selected area's name and measure, beside the force's, with its
/// period: the one part of the panel announced when the selection changes
/// (the whole panel would be thousands of characters), so it stays on the
/// page while the figures below it are redrawn.
#[component]
fn Headline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let content = move || {
        let code = state.area.get()?;
        let view = derived.view.get()?;
        let level = state.level.get();
        let i = view.at(level).areas.iter().position(|w| w.code == code)?;
        let name = view.at(level).areas[i].name.clone();
        let measure = state.measure.get();
        let trauma = state.trauma.get();
        let ward = derived.values.get()?.get(i)?.clone();
        let force = if trauma { harm_core::trauma::force_value() } else { view.force_value(measure) };
        let unit = if trauma { harm_core::trauma::UNIT } else { measure.unit() };
        let force_word = if view.module.is_some() { "; module total " } else { "; force " };
        let period = derived.period.get()?;
        let interval = |v: &harm_core::measures::MeasureValue| {
            v.interval.map(|(l, u)| format!(" (95% interval {} to {})", format::limit(Some(l)), format::limit(Some(u)))).unwrap_or_default()
        };
        Some(view! {
            <p class="headline">
                <span class="headline-area">{format!("{name}. ")}</span>
                <span class="headline-measure">{state.mapped_label()}</span>
                ": " <strong data-figure="measure_value">{ward.flagged_text()}</strong>{interval(&ward)}
                {force_word} <span data-figure="measure_force_value">{force.flagged_text()}</span>{interval(&force)}
                <span class="headline-period">{format!(" ({unit}, {})", period.label)}</span>
            </p>
        })
    };
    view! { <div id="ward-headline" class="headline-box" aria-live="polite" aria-atomic="true">{content}</div> }
}

#[component]
fn WardFigures(view: Arc<ForceView>, level: Level, i: usize) -> AnyView {
    let state = expect_context::<AppState>();
    let derived = expect_context::<Derived>();
    let ward = view.at(level).areas[i].clone();
    let force = view.force().clone();
    let statement = state.weights_info().map(|w| w.statement).unwrap_or_default();
    // The force's wards that make up the area (in a module, only the module's).
    let members = view.members(level, i);
    // Exposure within the area's district (a ward's or the district itself), and the force.
    let district_code = if level == Level::District { ward.code.clone() } else { ward.district_code.clone() };
    let district: Vec<AreaFigures> = view.wards().iter().filter(|w| w.district_code == district_code).cloned().collect();
    let district_name = district.first().map(|w| w.district_name.clone()).unwrap_or_default();
    let force_exposure = figures::exposure(view.wards());
    let district_exposure = figures::exposure(&district);
    let basis = state.basis.get_untracked();
    let period = derived.period.get().map(|p| p.label).unwrap_or_default();
    let crime = ward.crime.clone();
    let crime_section = match &crime {
        None => view! {
            <p class="no-data">"No street-crime data is published for this force and period, so crime and harm are not shown (not zero)."</p>
        }.into_any(),
        Some(c) => {
            let force_rate = force.harm_per_resident_per_year();
            let compare = match (c.harm_per_resident_per_year, force_rate) {
                (Some(w), Some(f)) if f > 0.0 => format!("{:.2} times the force rate ({})", w / f, format::harm_rate(Some(f))),
                _ => "not comparable".into(),
            };
            let crime_months = state.force().map(|b| b.entry.crime_months.clone()).unwrap_or_default();
            let coverage = derived.period.get().map(|p| p.coverage(&crime_months).describe()).unwrap_or_default();
            view! {
                <h3>{format!("Crime and harm, {period}")}</h3>
                <p class="statement">{statement}</p>
                <table class="figures">
                    <caption>{format!("Counts over the months with data; rates per year, {coverage}")}</caption>
                    <tbody>
                        {row("Crimes (excluding anti-social behaviour)", "crimes", c.crimes.to_string())}
                        {row("Anti-social behaviour incidents", "asb", c.anti_social_behaviour.to_string())}
                        {row("Harm", "harm", format::harm(c.harm))}
                        {row("Harm per resident per year", "harm_per_resident_per_year", format::harm_rate(c.harm_per_resident_per_year))}
                        <tr><th scope="row">"Compared with the force"</th><td>{compare}</td></tr>
                        {row("Crimes per 1,000 residents per year", "crimes_per_1000_per_year", format::per_thousand(c.crimes_per_1000_per_year))}
                    </tbody>
                </table>
                <details>
                    <summary>"Counts by police.uk category"</summary>
                    <table class="figures">
                        <thead><tr><th scope="col">"Category"</th><th scope="col">"Count"</th></tr></thead>
                        <tbody>
                            {Category::ALL.into_iter().map(|cat| view! {
                                <tr><th scope="row">{cat.label()}{(!cat.carries_harm()).then_some(" (not in harm)")}</th>
                                <td>{c.by_category[cat.index()]}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            }.into_any()
        }
    };
    let exposure_text = |e: Option<harm_core::exposure::ExposureDisparity>| {
        e.map(|e| format!("{} (Black residents' areas {} vs White residents' areas {} harm per resident per year)", format::ratio(Some(e.ratio)), format::harm_rate(Some(e.black_mean_rate)), format::harm_rate(Some(e.white_mean_rate))))
            .unwrap_or_else(|| "not available for this period".into())
    };
    let trend = state.force().and_then(|b| {
        let weights = b.data.weights(state.scheme())?;
        let points = monthly_harm(&b.data.crime, &members, ward.residents, weights, derived.baseline.get().as_ref());
        (!points.is_empty()).then(|| view! { <TrendChart id="ward-trend" title=format!("Harm per resident per year, {}, by month", ward.name) points/> })
    });
    let change = view.change(level, i).copied();
    let force_change = view.force_change().copied();
    view! {
        {let scored = view.clone(); move || state.trauma.get().then(|| view! { <crate::trauma_score::TraumaArea view=scored.clone() level i/> })}
        <h2 class="ward-name">{ward.name.clone()}</h2>
        <p class="district">{match level {
            Level::Ward => format!("{} · {} · ward {}", ward.district_name, ward.rural_urban, ward.code),
            Level::District => format!("district {} · {} wards{}", ward.code, members.len(), if view.module.is_some() { " in the module" } else { "" }),
            Level::Force => format!("force area {} · {} wards", ward.code, members.len()),
        }}</p>
        <table class="figures">
            <caption>"Usual residents, Census 2021"</caption>
            <tbody>
                {match ward.residents_note {
                    // A ward no LSOA best-fits: the reason, never a zero.
                    Some(note) => view! { <tr><th scope="row">"All residents"</th><td data-figure="residents" class="missing">{note}</td></tr> }.into_any(),
                    None => view! {
                        {row("All residents", "residents", ward.residents.to_string())}
                        {row("Black residents", "black_residents", ward.black().to_string())}
                        {row("White residents", "white_residents", ward.white().to_string())}
                        {GROUP_NAMES.iter().zip(ward.groups).filter(|(n, _)| **n != "Black" && **n != "White").map(|(name, n)| view! {
                            <tr><th scope="row">{format!("{name} residents")}</th><td>{n}</td></tr>
                        }).collect_view()}
                        <tr><th scope="row">"Black residents, share"</th><td data-figure="black_share">{format::percent(ward.black_share())}</td></tr>
                    }.into_any(),
                }}
                <tr><th scope="row">"Deprivation (IMD 2025 decile, 1 = most deprived)"</th><td data-figure="imd_decile">{ward.imd_decile.map(|d| d.to_string()).unwrap_or_else(|| ward.deprivation_note.unwrap_or("not available").into())}</td></tr>
            </tbody>
        </table>
        {(level == Level::Ward).then(|| view! { <crate::peers_panel::PeersSection i/> })}
        {crime_section}
        <ChangeSection view=view.clone() change force_change/>
        {trend}
        <h3>"Where harm falls: exposure disparity"</h3>
        <p>{format!("{}: {}", if view.module.is_some() { "Module total" } else { "Force" }, exposure_text(force_exposure))}</p>
        {(level != Level::Force).then(|| view! { <p>{format!("{district_name}: {}", exposure_text(district_exposure))}</p> })}
        {match (view.at(level).searches.as_ref().map(|s| s[i].clone()), view.force_searches().cloned()) {
            (Some(area), Some(force)) => view! { <SearchComparison ward=area force basis/> }.into_any(),
            _ => view! {
                <h3>"Stop and search, Black and White residents"</h3>
                <p class="no-data" data-figure="search_sentence">{
                    view.searches_missing(level, &period).or_else(|| view.searches_missing(Level::Force, &period)).unwrap_or_default()
                }" No comparison is shown (not zero)."</p>
            }.into_any(),
        }}
        <crate::force_held_lens::LensAreaFigures view=view.clone() level i/>
        <details class="caveats" open>
            <summary>"Read these figures with care"</summary>
            <ul>
                <li>"Rates use usual residents (Census 2021). People who work, shop or travel through a ward are not counted, so busy centres show high rates."</li>
                <li>"Rates are per year, from the months with data; a period with few months of data is less certain, and months missing from the data are gaps, not zeros."</li>
                <li>"Disparity is not by itself evidence of discrimination: Black residents more often live in more deprived, higher-crime areas, and deprivation and rurality sit beside every figure."</li>
                <li>"police.uk places each record at an approximate, anonymised location; a few records near boundaries fall in a neighbouring ward."</li>
                <li>"Counts about people by ethnic group are rounded to 5 and small ones suppressed ([c]); rates marked [u] rest on few events or residents."</li>
            </ul>
        </details>
    }
    .into_any()
}

/// Change in harm per resident per year since the baseline, with its
/// interval drawn on a log axis and the months compared stated.
#[component]
fn ChangeSection(view: Arc<ForceView>, change: Option<Change>, force_change: Option<Change>) -> impl IntoView {
    let derived = expect_context::<Derived>();
    let (Some(period), Some(baseline)) = (derived.period.get(), derived.baseline.get()) else { return ().into_any() };
    let compared = view.compared.describe();
    let body = match change {
        None => view! {
            <p data-figure="change_sentence">{if view.compared.is_empty() {
                format!("Change cannot be measured like for like: {compared}.")
            } else {
                "Change cannot be measured here: there were no crimes in the compared months of one of the periods.".to_string()
            }}</p>
        }.into_any(),
        Some(c) => {
            let direction = if c.spans_one() {
                "no change beyond chance (the 95% interval includes 1)".to_string()
            } else if c.ratio > 1.0 {
                format!("harm per resident rose to {} times the baseline rate", format::ratio(Some(c.ratio)))
            } else {
                format!("harm per resident fell to {} times the baseline rate", format::ratio(Some(c.ratio)))
            };
            view! {
                <p class="sentence" data-figure="change_sentence">{format!("Since the baseline, {direction}.")}{c.low_reliability.then_some(" [u] few crimes behind this figure.")}</p>
                <IntervalChart ratio=Some(c.ratio) lower=c.lower upper=c.upper reference=force_change.map(|f| f.ratio) label="Change since the baseline"/>
                <p class="caveat">"Dot: this ward's change; bar: its 95% interval; dashed line: no change (1); triangle: the force's change. Log scale."</p>
                <table class="figures">
                    <tbody>
                        {row("Harm per resident per year, baseline months", "change_baseline", format::harm_rate(Some(c.baseline_rate)))}
                        {row("Harm per resident per year, compared months", "change_compare", format::harm_rate(Some(c.compare_rate)))}
                        <tr><th scope="row">"Change (ratio)"</th><td><span data-figure="change_ratio">{format::ratio(Some(c.ratio))}</span>
                            " (95% interval " <span data-figure="change_lower">{format::ratio(Some(c.lower))}</span>
                            " to " <span data-figure="change_upper">{format::ratio(Some(c.upper))}</span> ")"</td></tr>
                    </tbody>
                </table>
            }.into_any()
        }
    };
    view! {
        <h3>{format!("Change: {} against {}", period.label, baseline.label)}</h3>
        <p class="caveat" data-figure="months_compared">{format!("Like for like, comparing {compared}.")}</p>
        {body}
        <p class="force-context">{format!("Force: {}", force_change.map(|f| format!("{} (95% interval {} to {})", format::ratio(Some(f.ratio)), format::ratio(Some(f.lower)), format::ratio(Some(f.upper)))).unwrap_or_else(|| "not measurable".into()))}</p>
    }.into_any()
}

/// Stop and search: the ratio with its interval, the counts behind it, the
/// share with ethnicity not stated, and a plain sentence.
#[component]
fn SearchComparison(ward: GroupComparison, force: GroupComparison, basis: Basis) -> impl IntoView {
    let sentence = describe(&ward, basis, "stop and search");
    let force_sentence = describe(&force, basis, "stop and search");
    view! {
        <h3>"Stop and search, Black and White residents"</h3>
        <p class="sentence" data-figure="search_sentence">{sentence}</p>
        {ward.ratio.map(|r| view! {
            <IntervalChart ratio=r.ratio lower=r.lower upper=r.upper reference=force.ratio.and_then(|f| f.ratio) label="Black/White rate ratio"/>
            <p class="caveat">"Dot: this ward's ratio; bar: its 95% interval; dashed line: equal rates (1); triangle: the force's ratio. Log scale."</p>
        })}
        <table class="figures">
            <thead><tr><th scope="col">""</th><th scope="col">"Black"</th><th scope="col">"White"</th><th scope="col">"All"</th></tr></thead>
            <tbody>
                <tr><th scope="row">"Searches (as published)"</th>
                    <td data-figure="black_searches">{format::published_count(ward.black)}</td>
                    <td data-figure="white_searches">{format::published_count(ward.white)}</td>
                    <td data-figure="all_searches">{format::published_count(ward.all)}</td></tr>
                <tr><th scope="row">"Per 1,000 residents"</th>
                    <td>{format::per_thousand(ward.black_rate)}</td>
                    <td>{format::per_thousand(ward.white_rate)}</td>
                    <td>{format::per_thousand(ward.all_rate)}</td></tr>
            </tbody>
        </table>
        {match ward.ratio {
            Some(r) => view! {
                <p>"Black/White rate ratio: " <span data-figure="search_ratio">{format::ratio(r.ratio)}</span>
                    " (95% interval " <span data-figure="search_ratio_lower">{format::limit(Some(r.lower))}</span>
                    " to " <span data-figure="search_ratio_upper">{format::limit(Some(r.upper))}</span> ")"
                    {ward.low_reliability.then_some(" [u] low reliability")}</p>
            }.into_any(),
            None => view! { <p>"Black/White rate ratio: " <span data-figure="search_ratio">"not shown"</span></p> }.into_any(),
        }}
        <p>"Ethnicity not stated: " <span data-figure="unknown_share">{
            if ward.not_stated.is_none() || ward.all.is_none() { "[c] suppressed".to_string() } else { format::percent(ward.unknown_share).if_empty("no searches") }
        }</span></p>
        <p class="force-context">{format!("Force: {force_sentence}")}</p>
    }
}

trait OrElse {
    fn if_empty(self, text: &str) -> String;
}

impl OrElse for String {
    fn if_empty(self, text: &str) -> String {
        if self.is_empty() { text.to_string() } else { self }
    }
}

/// A ratio and its interval on a log axis from 0.1 to 10, with 1 (no
/// difference) and a reference (the force's figure) marked; the numbers are
/// written beside it.
#[component]
fn IntervalChart(ratio: Option<f64>, lower: f64, upper: f64, reference: Option<f64>, label: &'static str) -> impl IntoView {
    let x = |r: f64| 20.0 + (r.clamp(0.1, 10.0).log10() + 1.0) / 2.0 * 260.0;
    let point = ratio.map(x);
    view! {
        <svg class="interval" viewBox="0 0 300 60" role="img"
            aria-label=format!("{label} {} with 95% interval {} to {}, on a scale from 0.1 to 10", format::ratio(ratio), format::limit(Some(lower)), format::limit(Some(upper)))>
            <line x1="20" y1="30" x2="280" y2="30" stroke="#595959"/>
            {[0.1, 0.5, 1.0, 2.0, 10.0].map(|t| view! {
                <line x1=x(t) y1="25" x2=x(t) y2="35" stroke="#595959"/>
                <text x=x(t) y="52" text-anchor="middle" font-size="11" fill="#1a1a1a">{format!("{t}")}</text>
            }).collect_view()}
            <line x1=x(1.0) y1="8" x2=x(1.0) y2="40" stroke="#1a1a1a" stroke-dasharray="3 2"/>
            {reference.map(|f| view! { <path d=format!("M{:.1} 8 l-5 -6 h10 z", x(f)) fill="#5e3c99"><title>"Force"</title></path> })}
            <line x1=x(lower) y1="30" x2=x(upper) y2="30" stroke="#08519c" stroke-width="6"/>
            {point.map(|p| view! { <circle cx=p cy="30" r="6" fill="#b2182b" stroke="#1a1a1a"/> })}
        </svg>
    }
}
