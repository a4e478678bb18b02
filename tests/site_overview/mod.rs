//! The national overview (`?force=england-and-wales`) as a person meets it:
//! every district of the published overview drawn (`data-wards-drawn`), a
//! district's figure equal to `harm-prep table --force england-and-wales`,
//! missing data said with its reason, views that need a force saying so,
//! the table and its download, 320 px without sideways scrolling, and
//! choosing a district opening its force's map with it selected.

use super::{choose, csv_row, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};
use harm_core::level::Level;
use std::path::Path;

const PORTSMOUTH: &str = "E06000044";
const BIRMINGHAM: &str = "E08000025";

/// What `harm-prep table --force england-and-wales` prints for `measure` and `period`.
fn overview_table(measure: &str, period: &str, metadata: bool) -> String {
    harm_prep::overview_table::overview_table_csv(&project().join("data"), measure, Some(period), Level::District, metadata).unwrap()
}

fn district_count() -> usize {
    let text = std::fs::read_to_string(project().join("data/manifest.json")).unwrap();
    harm_core::dataset::parse_manifest("manifest.json", &text).unwrap().overview.expect("the data has an overview").district_count
}

pub async fn every_district_its_figure_and_its_force(client: &Client, base: &str, profile: &Path) {
    set_width(client, 1280).await;
    client.goto(&format!("{base}?force=england-and-wales")).await.unwrap();
    let count = district_count();
    assert_eq!(wait_for_count(client, "#map[data-wards-drawn] .area", count).await, count);
    let drawn = client.find(Locator::Css("#map")).await.unwrap().attr("data-wards-drawn").await.unwrap();
    assert_eq!(drawn, Some(count.to_string()), "data-wards-drawn is the number of districts");
    // The address's force is one the map has: no notice says otherwise.
    let notices = client.find_all(Locator::Css(".address-notice")).await.unwrap().len();
    assert_eq!(notices, 0, "the overview is named in the address, not refused");
    // Listed first in the force choice.
    let first = client.execute("return document.querySelector('#force option').textContent;", vec![]).await.unwrap();
    assert_eq!(first.as_str(), Some("England and Wales (every district)"));

    // By keyboard: the map is one tab stop, and Enter chooses the district the arrow keys are on.
    let map = client.find(Locator::Css("#map")).await.unwrap();
    client.execute("document.getElementById('map').focus();", vec![]).await.unwrap();
    map.send_keys("\u{E015}").await.unwrap();
    map.send_keys("\u{E007}").await.unwrap();
    assert!(text_of(client, "#overview-value").await.starts_with("Stop and search: Black/White rate ratio, 2021: "));

    // A district's figure, as harm-prep prints it: the 2021 ratio, chosen by its first place in the list.
    click_area(client, PORTSMOUTH).await;
    let cli = overview_table("stop-search-ratio", "2021", false);
    let row = csv_row(&cli, PORTSMOUTH);
    let expected = format!("Stop and search: Black/White rate ratio, 2021: {} (95% interval {} to {})", row("value"), row("lower"), row("upper"));
    wait_for_text(client, "#overview-value", &expected).await;
    screenshot(client, "overview-desktop.png").await;
    // The map's download: every district, titled as the overview.
    client.find(Locator::Css(".download-svg")).await.unwrap().click().await.unwrap();
    let svg = String::from_utf8(downloaded(profile, "map-england-and-wales-stop-search-ratio-2021.svg").await).unwrap();
    assert!(svg.contains("<title>Stop and search: Black/White rate ratio, 2021, England and Wales (every district)</title>"), "{}", &svg[..svg.len().min(400)]);
    assert_eq!(svg.matches(r##"stroke="#404040" stroke-width="0.6""##).count(), count, "one area per district");

    // Harm where a force has no street crime: said, with the reason, never zero.
    choose(client, "overview-measure", "harm-rate|baseline").await;
    click_area(client, BIRMINGHAM).await;
    let cli = overview_table("harm-rate", "baseline", false);
    let row = csv_row(&cli, BIRMINGHAM);
    assert_eq!(row("value"), "no street crime data");
    wait_for_text(client, "#overview-missing", &row("why_missing")).await;
    let legend = text_of(client, "#legend").await;
    assert!(legend.contains("districts have no value: the table says why"), "{legend}");

    // The table twin and its download, byte for byte the command's.
    client.goto(&format!("{base}?force=england-and-wales&measure=harm-rate&period=baseline&view=table")).await.unwrap();
    assert_eq!(wait_for_count(client, "#overview-table tbody tr", count).await, count);
    let birmingham = text_of(client, &format!("#overview-table tr[data-area-code='{BIRMINGHAM}']")).await;
    assert!(birmingham.contains("no street crime data") && birmingham.contains("West Midlands has no police.uk street crime"), "{birmingham}");
    client.find(Locator::Css("#table-download")).await.unwrap().click().await.unwrap();
    let saved = downloaded(profile, "england-and-wales-harm-rate-baseline-district.csv").await;
    assert_eq!(String::from_utf8(saved).unwrap(), overview_table("harm-rate", "baseline", true));

    // A view for one force says so rather than showing nothing.
    client.goto(&format!("{base}?force=england-and-wales&view=trends")).await.unwrap();
    let said = text_of(client, "#for-a-force").await;
    assert!(said.contains("is for one force: choose a force under Force area"), "{said}");

    // 320 px: no sideways scrolling, and the map still draws every district.
    set_width(client, 320).await;
    client.goto(&format!("{base}?force=england-and-wales")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map[data-wards-drawn] .area", count).await, count);
    let wide = client.execute("return document.documentElement.scrollWidth > window.innerWidth;", vec![]).await.unwrap();
    assert_eq!(wide.as_bool(), Some(false), "the overview scrolls sideways at 320 px");
    screenshot(client, "overview-320.png").await;
    set_width(client, 1280).await;

    // Choosing a district opens its force's map with that district selected.
    client.goto(&format!("{base}?force=england-and-wales")).await.unwrap();
    click_area(client, PORTSMOUTH).await;
    client.find(Locator::Css("#open-force")).await.unwrap().click().await.unwrap();
    let started = std::time::Instant::now();
    loop {
        let url = client.current_url().await.unwrap().to_string();
        if url.contains("force=hampshire") && url.contains(&format!("area={PORTSMOUTH}")) && url.contains("level=district") {
            break;
        }
        assert!(started.elapsed().as_secs() < 15, "the district did not open its force: {url}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let selected = format!("#map-area-{PORTSMOUTH}[aria-selected='true']");
    assert_eq!(wait_for_count(client, &selected, 1).await, 1, "Portsmouth is selected on Hampshire's map");
}
