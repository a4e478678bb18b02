//! Browser checks of modules (the Wards control), peer wards and the
//! experimental community trauma score (called from
//! `site_shows_what_harm_prep_computes`). Every figure is compared with
//! `harm-prep measure`'s, computed here by the same library call.

use super::{choose, csv_row, fits_the_width, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;
use harm_core::level::Level;
use harm_core::modules::Module;
use harm_prep::table::{measure_in, Choice, MeasureOptions, Printed};
use std::collections::BTreeMap;

const BAFFINS: &str = "E05002441";
const CHARLES_DICKENS: &str = "E05002443";

fn choice(period: &str) -> Choice<'_> {
    Choice { period, baseline: None, scheme: WeightScheme::Css, level: Level::Ward, basis: Basis::SelfDefined }
}

/// `harm-prep measure` for Hampshire with these options.
fn cli(measure: &str, period: &str, options: MeasureOptions) -> Printed {
    cli_for("hampshire", measure, period, options)
}

fn cli_for(force: &str, measure: &str, period: &str, options: MeasureOptions) -> Printed {
    measure_in(&project().join("data"), force, measure, &choice(period), &options).unwrap()
}

/// Each ward shape's fill, by code.
async fn fills(client: &Client) -> BTreeMap<String, String> {
    let pairs = client
        .execute("return [...document.querySelectorAll('#map .ward')].map(p => [p.dataset.areaCode, p.dataset.fill]);", vec![])
        .await
        .unwrap();
    serde_json::from_value::<Vec<(String, String)>>(pairs).unwrap().into_iter().collect()
}

/// Waits until `script` (returning a boolean) is true.
async fn wait_until(client: &Client, script: &str, what: &str) {
    let started = std::time::Instant::now();
    loop {
        if client.execute(script, vec![]).await.unwrap().as_bool() == Some(true) {
            return;
        }
        assert!(started.elapsed().as_secs() < 20, "timed out waiting for {what}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A module limits the map, the table and the force figure, as
/// `harm-prep measure --module` computes them; wards outside it are greyed
/// and named in the legend; an empty module is said in words.
pub async fn a_module_changes_the_force_figure(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&measure=harm-rate&period=2022-23&area={BAFFINS}")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    let whole = cli("harm-rate", "2022-23", MeasureOptions::default());
    wait_for_text(client, "#ward-panel [data-figure='measure_force_value']", &csv_row(&whole.csv, "E23000030")("value")).await;

    // Urban wards: by keyboard-operable select, as a person would.
    choose(client, "module-rural-urban", "urban").await;
    let urban = cli("harm-rate", "2022-23", MeasureOptions { module: Module::parse("urban").unwrap(), ..Default::default() });
    assert_eq!(urban.notes[0], "Urban wards of Hampshire & Isle of Wight: 205 of 261 wards.");
    wait_for_text(client, "#module-summary", &urban.notes[0]).await;
    let module_force = csv_row(&urban.csv, "E23000030")("value");
    assert_ne!(module_force, csv_row(&whole.csv, "E23000030")("value"), "the module's force figure is its own");
    wait_for_text(client, "#ward-panel [data-figure='measure_force_value']", &module_force).await;
    assert!(text_of(client, "#ward-panel .headline").await.contains("module total"));
    // The 56 rural wards are outside: greyed with a pattern, not coloured as zero.
    let outside = client.find_all(Locator::Css("#map .ward[data-fill='url(#outside-module)']")).await.unwrap();
    assert_eq!(outside.len(), 56);
    let fills = fills(client).await;
    assert_eq!(fills.values().filter(|f| *f == "url(#outside-module)").count(), 56);
    let label = outside[0].attr("aria-label").await.unwrap().unwrap_or_default();
    assert!(label.ends_with(": outside the module (urban wards)"), "{label}");
    let legend = text_of(client, "#legend-outside").await;
    assert!(legend.contains("Grey with horizontal lines: wards outside the module, not among the urban wards"), "{legend}");
    crate::site_layout::open_view(client, "Table").await;
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", 205).await, 205);
    assert!(text_of(client, "#ward-table tfoot tr").await.contains("Urban wards of Hampshire & Isle of Wight (module total)"));
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("module=urban"), "{url}");

    // Urban and deprived: the intersection, still equal to the CLI.
    choose(client, "module-deprivation", "imd-1-2").await;
    let deprived =
        cli("harm-rate", "2022-23", MeasureOptions { module: Module::parse("urban+imd-1-2").unwrap(), ..Default::default() });
    wait_for_text(client, "#module-summary", &deprived.notes[0]).await;
    let rows = deprived.csv.lines().count() - 2;
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", rows).await, rows);
    crate::site_layout::open_view(client, "Map").await;
    // Baffins (decile 6) is now outside: its panel says so.
    wait_for_text(
        client,
        "#outside-module-area",
        "Baffins is outside the module chosen (urban wards in England's most deprived 20% of neighbourhoods (IMD deciles 1-2)), so none of its figures are part of this view. Choose “all wards” under Wards to see them.",
    )
    .await;
    // Charles Dickens (decile 1) is in it: its figure beside the module's total.
    choose(client, "ward", CHARLES_DICKENS).await;
    wait_for_text(client, "#ward-panel [data-figure='measure_value']", &csv_row(&deprived.csv, CHARLES_DICKENS)("value")).await;
    wait_for_text(client, "#ward-panel [data-figure='measure_force_value']", &csv_row(&deprived.csv, "E23000030")("value")).await;
    screenshot(client, "hampshire-module-urban-deprived.png").await;

    // A module's stop and search is summed from its wards' published cells:
    // the caveat says how, as `harm-prep measure --module` says it on stderr.
    client.goto(&format!("{base}/?force=west-midlands&measure=stop-search-rate&period=2019&module=urban%2Bimd-1-2")).await.unwrap();
    let searches = cli_for(
        "west-midlands",
        "stop-search-rate",
        "2019",
        MeasureOptions { module: Module::parse("urban+imd-1-2").unwrap(), ..Default::default() },
    );
    assert!(searches.notes[1].starts_with("Stop and search, module total: Summed from the published counts of the module's 83 wards"));
    wait_for_text(client, "#module-searches", &searches.notes[1]).await;

    // A module without wards: said plainly, no figures, every ward outside.
    client.goto(&format!("{base}/?force=hampshire&measure=harm-rate&period=2022-23&module=smaller-rural-further%2Bimd-1")).await.unwrap();
    let empty = text_of(client, "#module-empty").await;
    assert!(
        empty.starts_with("Hampshire & Isle of Wight has no smaller rural wards further from a major town or city, in England's most deprived 10% of neighbourhoods (IMD decile 1)."),
        "{empty}"
    );
    assert_eq!(wait_for_count(client, "#map .ward[data-fill='url(#outside-module)']", 261).await, 261);
    crate::site_layout::open_view(client, "Table").await;
    wait_for_count(client, "#ward-table", 1).await;
    assert!(client.find_all(Locator::Css("#ward-table tbody tr[data-area-code]")).await.unwrap().is_empty(), "no rows of zeros");
}

/// The selected ward against its peers in both forces, as `harm-prep measure --peers`.
pub async fn peers_sentence_for_a_ward(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&measure=harm-rate&period=2022-23&area={BAFFINS}")).await.unwrap();
    let peers = cli("harm-rate", "2022-23", MeasureOptions { peers: true, ..Default::default() });
    let row = csv_row(&peers.csv, BAFFINS);
    // Other forces' files are fetched only when asked for.
    wait_for_count(client, "#peers-compare", 1).await;
    let fetched = data_files_fetched(client).await;
    assert!(!fetched.iter().any(|p| p.ends_with("/wards.csv") && !p.ends_with("/hampshire/wards.csv")), "no other force's files before the comparison is asked for: {fetched:?}");
    client.find(Locator::Css("#peers-compare")).await.unwrap().click().await.unwrap();
    wait_for_text(client, "#peers [data-figure='peer_sentence']", &row("peer_sentence")).await;
    assert!(client.find_all(Locator::Css("#peers-compare")).await.unwrap().is_empty(), "the comparison stays shown");
    for (figure, column) in [("peer_median", "peer_median"), ("peer_min", "peer_min"), ("peer_max", "peer_max"), ("peer_rank", "peer_rank")] {
        assert_eq!(text_of(client, &format!("#peers [data-figure='{figure}']")).await, row(column), "{figure}");
    }
    assert!(row("peer_sentence").starts_with("Compared with 25 peer wards with a value (urban wards in IMD decile 6"), "{}", row("peer_sentence"));
    // West Midlands publishes no street crime: its peers are counted, not zero.
    assert_eq!(text_of(client, "#peers [data-figure='peers_without_value']").await, row("peers_without_value"));
    client.execute("document.getElementById('peers').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "hampshire-peers.png").await;
}

/// The trauma score on the map: labelled experimental everywhere, its
/// scores and ranks equal to `harm-prep measure --measure trauma-score`,
/// and a changed weight changes the map's fills and the ranks.
pub async fn trauma_weights_change_the_map(client: &Client, base: &str) {
    use crate::site_layout::open_view;
    client.goto(&format!("{base}/?force=hampshire&measure=trauma-score&period=2022-23&area={BAFFINS}")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    let title = text_of(client, "#legend .legend-title").await;
    assert_eq!(title, "Community trauma score (experimental)");
    let ranks = |csv: &str| -> BTreeMap<String, String> {
        csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap()).filter(|r| !r[8].is_empty()).map(|r| (r[0].to_string(), r[8].to_string())).collect()
    };
    let shown_ranks = || async {
        let pairs = client
            .execute("return [...document.querySelectorAll('#trauma-ranks tbody tr')].map(r => [r.dataset.areaCode, r.querySelector(\"[data-col='rank']\").textContent]);", vec![])
            .await
            .unwrap();
        serde_json::from_value::<Vec<(String, String)>>(pairs).unwrap().into_iter().filter(|(_, r)| r != "no rank").collect::<BTreeMap<_, _>>()
    };
    let default = cli("trauma-score", "2022-23", MeasureOptions::default());
    wait_for_text(client, "#ward-panel [data-figure='measure_value']", &csv_row(&default.csv, BAFFINS)("value")).await;
    let before = fills(client).await;
    // The weights and ranks are in the force summary view.
    open_view(client, "Force summary").await;
    assert_eq!(wait_for_count(client, "#trauma-ranks tbody tr", 261).await, 261);
    assert_eq!(shown_ranks().await, ranks(&default.csv), "ranks on screen vs harm-prep measure");

    // Harm per resident per year weighs 3 instead of 1.
    client
        .execute(
            "const i = document.getElementById('weight-harm-rate'); i.value = '3'; i.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![],
        )
        .await
        .unwrap();
    wait_until(client, "return location.search.includes('weights=harm-rate%3A3');", "the weights in the URL").await;
    let heavier = cli(
        "trauma-score",
        "2022-23",
        MeasureOptions { weights: Some("harm-rate:3,harm-change:1,stop-search-rate-black:1"), ..Default::default() },
    );
    assert_ne!(ranks(&heavier.csv), ranks(&default.csv));
    let started = std::time::Instant::now();
    while shown_ranks().await != ranks(&heavier.csv) {
        assert!(started.elapsed().as_secs() < 20, "the ranks follow the weights");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(text_of(client, "#weight-shares [data-measure='harm-rate']").await, "Harm per resident per year: 60.0% of the weight", "3 of 5");
    client.execute("document.getElementById('trauma-weights').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "hampshire-trauma-weights-and-ranks.png").await;

    // Back on the map: the changed weight changes the fills and the panel.
    open_view(client, "Map").await;
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    wait_for_text(client, "#ward-panel [data-figure='measure_value']", &csv_row(&heavier.csv, BAFFINS)("value")).await;
    let after = fills(client).await;
    let changed = before.iter().filter(|(code, fill)| after.get(*code) != Some(fill)).count();
    assert!(changed > 0, "a changed weight changes at least one ward's fill");
    assert!(text_of(client, "#ward-panel [data-figure='trauma_area']").await.starts_with("Score "));
    screenshot(client, "hampshire-trauma-score.png").await;

    // By keyboard: type a weight and Tab on; the next input has the focus
    // (the inputs are not rewritten under the person typing).
    open_view(client, "Force summary").await;
    let input = client.find(Locator::Css("#weight-harm-change")).await.unwrap();
    input.clear().await.unwrap();
    input.send_keys("2\u{E004}").await.unwrap();
    wait_until(client, "return location.search.includes('harm-change%3A2');", "the typed weight in the URL").await;
    let focused = client.execute("return document.activeElement.id;", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("weight-crime-rate"), "focus moves on to the next weight");
    wait_for_text(client, "#weight-shares [data-measure='harm-change']", "Change in harm since the baseline: 33.3% of the weight").await;

    // "Experimental" wherever it appears: legend, panel, table, methodology.
    for (view, places) in [
        ("Force summary", &["#trauma-weights", "#trauma-sensitivity"][..]),
        ("Map", &["#legend", "#ward-panel .headline"][..]),
        ("Table", &["#table-title + p + p"][..]),
        ("Methodology", &["#trauma-method summary"][..]),
    ] {
        open_view(client, view).await;
        for css in places {
            wait_for_count(client, css, 1).await;
            let text = client.execute(&format!("return document.querySelector(\"{css}\").textContent;"), vec![]).await.unwrap();
            assert!(text.as_str().unwrap_or_default().to_lowercase().contains("experimental"), "{css}: {text}");
        }
    }
    let method = client.execute("return document.querySelector('#trauma-method p').textContent;", vec![]).await.unwrap();
    assert_eq!(method.as_str(), Some(harm_core::trauma::METHOD));

    // At 320 px the controls, the weights and the ranks reflow without sideways scrolling.
    open_view(client, "Force summary").await;
    client.set_window_size(320, 900).await.unwrap();
    for css in ["#module-control", "#trauma-weights"] {
        assert!(fits_the_width(client, css).await, "{css} fits 320 px");
    }
    client.execute("document.getElementById('trauma-weights').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "trauma-weights-320px.png").await;
    open_view(client, "Map").await;
    wait_for_count(client, "#ward-panel .ward-name", 1).await;
    assert!(fits_the_width(client, "#ward-panel").await, "#ward-panel fits 320 px");
    client.set_window_size(1280, 1000).await.unwrap();
}
