//! Browser checks of the table download and the force report: the file a
//! person saves equals `harm-prep table --metadata` for the same view, and
//! the report's sentences equal `harm-prep report`'s (both computed here by
//! the library calls the commands make).

use crate::support::*;
use fantoccini::{Client, Locator};
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;
use harm_core::level::Level;
use harm_core::modules::Module;
use harm_prep::error::PrepError;
use harm_prep::table::{module_arg, view_table_in, Choice, MeasureOptions};
use std::path::Path;

/// `harm-prep table --metadata` for a view.
fn cli_table(force: &str, measure: &str, period: &str, level: Level, module: Option<&str>) -> String {
    cli_table_weighted(force, measure, period, level, module, None)
}

fn cli_table_weighted(force: &str, measure: &str, period: &str, level: Level, module: Option<&str>, weights: Option<&str>) -> String {
    let choice = Choice { period, baseline: None, scheme: WeightScheme::Css, level, basis: Basis::SelfDefined };
    let options = MeasureOptions { module: module_arg(module).unwrap(), weights, peers: false };
    view_table_in(&project().join("data"), force, measure, &choice, &options, true).unwrap().csv
}

/// Opens `query`, presses "Download this table (CSV)" and returns the file saved as `name`.
async fn download(client: &Client, profile: &Path, base: &str, query: &str, name: &str) -> String {
    client.goto(&format!("{base}/?{query}")).await.unwrap();
    assert!(wait_for_count(client, "#ward-table tbody tr", 1).await >= 1, "no table rows for {query}");
    client.find(Locator::Css("#table-download")).await.unwrap().click().await.unwrap();
    String::from_utf8(downloaded(profile, name).await).unwrap()
}

/// The saved table equals the command's output byte for byte, for a ward
/// harm map, a district stop-and-search ratio, a module and the trauma
/// score with its weights; its header
/// names the build and the symbols, and a reader skipping `#` lines gets
/// one row per area and the total.
pub async fn downloaded_table_equals_the_cli(client: &Client, profile: &Path, base: &str) {
    let harm = download(client, profile, base, "force=hampshire&period=2022-23&view=table", "hampshire-harm-rate-2022-23-ward.csv").await;
    assert_eq!(harm, cli_table("hampshire", "harm-rate", "2022-23", Level::Ward, None));
    let manifest: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(project().join("data/manifest.json")).unwrap()).unwrap();
    assert!(harm.contains(&format!("# built: {}\n", manifest["built"].as_str().unwrap())));
    assert!(harm.contains(&format!("# data version: {}\n", manifest["data_version"].as_str().unwrap())));
    assert!(harm.contains("# [c]: Suppressed to protect the people counted.\n"));
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(harm.as_bytes());
    assert_eq!(reader.headers().unwrap().get(0), Some("area_code"));
    assert_eq!(reader.records().count(), 262, "261 wards and the force total");

    let searches = download(
        client,
        profile,
        base,
        "force=west-midlands&measure=stop-search-ratio&period=2019&level=district&view=table",
        "west-midlands-stop-search-ratio-2019-district.csv",
    )
    .await;
    assert_eq!(searches, cli_table("west-midlands", "stop-search-ratio", "2019", Level::District, None));

    let module = download(client, profile, base, "force=hampshire&period=2022-23&module=urban&view=table", "hampshire-harm-rate-2022-23-ward-urban.csv").await;
    assert_eq!(module, cli_table("hampshire", "harm-rate", "2022-23", Level::Ward, Some("urban")));
    assert!(module.contains("# wards: Urban wards of Hampshire & Isle of Wight: "));

    let trauma = download(
        client,
        profile,
        base,
        "force=hampshire&period=2022-23&measure=trauma-score&weights=harm-rate:2,harm-change:1&view=table",
        "hampshire-trauma-score-2022-23-ward.csv",
    )
    .await;
    assert_eq!(trauma, cli_table_weighted("hampshire", "trauma-score", "2022-23", Level::Ward, None, Some("harm-rate:2,harm-change:1")));
    assert!(trauma.contains("# weights: harm-rate:2,harm-change:1\n"));

    // A view the command refuses (Hampshire has no stop and search in
    // 2022-23) offers no file of [x]: the page gives the command's reason.
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&measure=stop-search-ratio&view=table")).await.unwrap();
    let shown = text_of(client, "#table-download-refused").await;
    let choice = Choice { period: "2022-23", baseline: None, scheme: WeightScheme::Css, level: Level::Ward, basis: Basis::SelfDefined };
    let options = MeasureOptions { module: module_arg(None).unwrap(), weights: None, peers: false };
    let Err(PrepError::Check(refused)) = view_table_in(&project().join("data"), "hampshire", "stop-search-ratio", &choice, &options, true) else {
        panic!("the command refuses a stop-and-search table of 2022-23 for Hampshire")
    };
    assert_eq!(shown, format!("No table to download for this choice: {refused}"));
    assert!(client.find_all(Locator::Css("#table-download")).await.unwrap().is_empty(), "and offers no button");
}

/// The report's title and sentences on the page, once all `count` are there.
async fn shown_report(client: &Client, base: &str, query: &str, count: usize) -> (String, Vec<String>) {
    client.goto(&format!("{base}/?{query}")).await.unwrap();
    assert_eq!(wait_for_count(client, "#force-report [data-report-sentence]", count).await, count, "{query}");
    let shown = client
        .execute("return [...document.querySelectorAll('#force-report [data-report-sentence]')].map(p => p.textContent);", vec![])
        .await
        .unwrap();
    (text_of(client, "#report-title").await, serde_json::from_value(shown).unwrap())
}

/// The report page says `harm-prep report`'s sentences, in its order, under
/// its title and headings (Hampshire 2022-23, and West Midlands 2019 with
/// its stop and search); draws the map and the force's trend; prints on a
/// few A4 pages; fits a phone; and is screenshotted for a person to check.
pub async fn report_page_equals_the_cli(client: &Client, base: &str) {
    for (force, period) in [("west-midlands", "2019"), ("hampshire", "2022-23")] {
        let choice = Choice { period, baseline: None, scheme: WeightScheme::Css, level: Level::Ward, basis: Basis::SelfDefined };
        let report = harm_prep::force_report::report(&project().join("data"), force, &choice, &Module::ALL_WARDS).unwrap();
        let expected: Vec<String> = report.sections.iter().flat_map(|s| s.sentences.clone()).collect();
        let (title, shown) = shown_report(client, base, &format!("force={force}&period={period}&view=report"), expected.len()).await;
        assert_eq!(title, report.title);
        assert_eq!(shown, expected);
        let headings = client.execute("return [...document.querySelectorAll('#force-report h3')].map(h => h.textContent);", vec![]).await.unwrap();
        let headings: Vec<String> = serde_json::from_value(headings).unwrap();
        for s in &report.sections {
            assert!(headings.contains(&s.heading.to_string()), "no heading {} in {headings:?}", s.heading);
        }
    }
    // The map draws every ward inside the report, and the trend has ink.
    assert_eq!(wait_for_count(client, "#force-report #map .ward", 261).await, 261);
    assert!(super::inked_pixels(client, "report-trend").await > 500, "the trend chart is drawn");
    // The whole report in one picture.
    let height = client.execute("return document.documentElement.scrollHeight;", vec![]).await.unwrap().as_u64().unwrap();
    client.set_window_size(1280, height.min(8000) as u32).await.unwrap();
    screenshot(client, "report.png").await;
    // Printed on A4 (794 px wide at 96 px per inch, less the 14 mm margins
    // of 53 px; 1,123 px tall less 53 and 60 px): a few pages, without the
    // navigation, choices or methodology, the map and trend together.
    client.set_window_size(794 - 2 * 53, 1000).await.unwrap();
    crate::site_layout::emulate_media(client, "print").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let number = |script: &'static str| async move { client.execute(script, vec![]).await.unwrap().as_f64().unwrap() };
    let printed = number("return document.documentElement.scrollHeight;").await;
    let pages = printed / f64::from(1123 - 53 - 60);
    eprintln!("the report prints {printed} px tall: {pages:.1} A4 pages");
    assert!(pages <= 5.0, "a few A4 pages, not {pages:.1}");
    let shown = number("return ['nav.sections', '#choices', '#methodology'].filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none').length;").await;
    assert_eq!(shown, 0.0, "navigation, choices and methodology are not printed");
    client.set_window_size(794 - 2 * 53, printed.min(8000.0) as u32).await.unwrap();
    screenshot(client, "report-print.png").await;
    crate::site_layout::emulate_media(client, "").await;
    // At phone width the report reflows: nothing wider than the screen.
    client.set_window_size(320, 1000).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let wide = client.execute("return document.documentElement.scrollWidth;", vec![]).await.unwrap().as_u64().unwrap();
    assert!(wide <= 320, "the report is {wide} px wide at 320 px");
    client.set_window_size(1280, 1000).await.unwrap();
}
