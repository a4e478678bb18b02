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
use harm_prep::table::{module_arg, view_table_in, Choice, MeasureOptions};
use std::path::Path;

/// `harm-prep table --metadata` for a view.
fn cli_table(force: &str, measure: &str, period: &str, level: Level, module: Option<&str>) -> String {
    let choice = Choice { period, baseline: None, scheme: WeightScheme::Css, level, basis: Basis::SelfDefined };
    let options = MeasureOptions { module: module_arg(module).unwrap(), weights: None, peers: false };
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
/// harm map, a district stop-and-search ratio and a module; its header
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
}

/// The report page says `harm-prep report`'s sentences, in its order, under
/// its title, draws the map and the force's trend, and is screenshotted
/// (the whole report) for a person to check.
pub async fn report_page_equals_the_cli(client: &Client, base: &str) {
    let choice = Choice { period: "2022-23", baseline: None, scheme: WeightScheme::Css, level: Level::Ward, basis: Basis::SelfDefined };
    let report = harm_prep::force_report::report(&project().join("data"), "hampshire", &choice, &Module::ALL_WARDS).unwrap();
    let expected: Vec<String> = report.sections.iter().flat_map(|s| s.sentences.clone()).collect();
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&view=report")).await.unwrap();
    assert_eq!(wait_for_count(client, "#force-report [data-report-sentence]", expected.len()).await, expected.len());
    assert_eq!(text_of(client, "#report-title").await, report.title);
    let shown = client
        .execute("return [...document.querySelectorAll('#force-report [data-report-sentence]')].map(p => p.textContent);", vec![])
        .await
        .unwrap();
    let shown: Vec<String> = serde_json::from_value(shown).unwrap();
    assert_eq!(shown, expected);
    let headings = client.execute("return [...document.querySelectorAll('#force-report h3')].map(h => h.textContent);", vec![]).await.unwrap();
    let headings: Vec<String> = serde_json::from_value(headings).unwrap();
    for s in &report.sections {
        assert!(headings.contains(&s.heading.to_string()), "no heading {} in {headings:?}", s.heading);
    }
    // The map draws every ward inside the report, and the trend has ink.
    assert_eq!(wait_for_count(client, "#force-report svg#map path.ward", 261).await, 261);
    assert!(super::inked_pixels(client, "report-trend").await > 500, "the trend chart is drawn");
    // The whole report in one picture.
    let height = client.execute("return document.documentElement.scrollHeight;", vec![]).await.unwrap().as_u64().unwrap();
    client.set_window_size(1280, height.min(8000) as u32).await.unwrap();
    screenshot(client, "report.png").await;
    // At phone width the report reflows: nothing wider than the screen.
    client.set_window_size(320, 1000).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let wide = client.execute("return document.documentElement.scrollWidth;", vec![]).await.unwrap().as_u64().unwrap();
    assert!(wide <= 320, "the report is {wide} px wide at 320 px");
    client.set_window_size(1280, 1000).await.unwrap();
}
