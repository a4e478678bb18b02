//! Browser checks of the page's layout: its size, the views reached by the
//! navigation bar, phone widths, the skip link, history, notices for a bad
//! address, the outlier link, the page title and the print layout.

use super::{choose, csv_row, wait_for_text};
use crate::support::*;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, Locator};
use harm_core::ethnicity::Basis;
use harm_core::level::Level;
use std::collections::BTreeSet;

const BAFFINS: &str = "E05002441";

/// Page height, element count and Tab presses from the top to the first
/// ward of the map (or the map, once it is one tab stop; capped at 1000),
/// printed for the record.
pub async fn page_figures(client: &Client, base: &str) {
    client.set_window_size(1280, 1000).await.unwrap();
    client.goto(&format!("{base}/")).await.unwrap();
    assert!(wait_for_count(client, "#map .area", 10).await >= 10, "the map draws");
    let height = number(client, "return document.documentElement.scrollHeight;").await;
    let elements = number(client, "return document.getElementsByTagName('*').length;").await;
    client.execute("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);", vec![]).await.unwrap();
    let mut stops = 0;
    while stops < 1000 {
        press(client, '\u{E004}').await;
        stops += 1;
        if number(client, "const a = document.activeElement; return a && (a.matches('#map .area') || a.id === 'map') ? 1 : 0;").await == 1 {
            break;
        }
    }
    eprintln!("page figures: height {height} px at 1280 px, {elements} elements, {stops} tab stops to the map");
    assert!(height <= 4000, "the default view is at most 4,000 px tall at 1280 px: {height}");
}

/// Opens a view by its link in the navigation bar, as a person would.
pub async fn open_view(client: &Client, label: &str) {
    let link = client.find(Locator::XPath(&format!("//nav[@aria-label='Sections']//a[normalize-space(.)='{label}']"))).await.unwrap();
    link.click().await.unwrap();
    let started = std::time::Instant::now();
    while link.attr("aria-current").await.unwrap().as_deref() != Some("page") {
        assert!(started.elapsed().as_secs() < 15, "the {label} view opens");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn number(client: &Client, script: &str) -> u64 {
    client.execute(script, vec![]).await.unwrap().as_u64().unwrap_or_else(|| panic!("{script} gave no number"))
}

/// Presses and releases one key wherever the focus is.
async fn press(client: &Client, key: char) {
    let keys = KeyActions::new("keyboard".into()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    client.perform_actions(keys).await.unwrap();
}

/// Elements wider than the window (for a failure's message).
async fn too_wide(client: &Client) -> serde_json::Value {
    client
        .execute(
            "return [...document.querySelectorAll('body *')].filter(x => x.getBoundingClientRect().right > window.innerWidth + 1 && !x.closest('.table-scroll')).slice(0, 8).map(x => x.tagName + '.' + x.className + '#' + x.id + ' ' + Math.round(x.getBoundingClientRect().right));",
            vec![],
        )
        .await
        .unwrap()
}

/// Nothing scrolls sideways at 1280 px and at 320 px (WCAG 1.4.10) in the
/// default view, with an area selected, and in every other view.
pub async fn no_sideways_scrolling(client: &Client, base: &str) {
    let views = ["", "&area=E05002441", "&view=table", "&view=trends", "&view=summary", "&view=data-availability", "&view=methodology", "&view=report", "&measure=trauma-score&view=summary"];
    for width in [1280, 320] {
        set_width(client, width).await;
        for view in views {
            client.goto(&format!("{base}/?force=hampshire&period=2022-23{view}")).await.unwrap();
            let ready = if view.contains("view=data") || view.contains("methodology") { "main h2" } else { "main h2, main .ward-panel" };
            wait_for_count(client, ready, 1).await;
            // Let the view's figures and charts arrive.
            wait_for_count(client, "#loading", 0).await;
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            let (scroll, inner) = (number(client, "return document.documentElement.scrollWidth;").await, number(client, "return window.innerWidth;").await);
            assert!(scroll <= inner, "{view} at {width} px scrolls sideways ({scroll} > {inner}): {}", too_wide(client).await);
        }
        // The choices, open (they start closed on a phone).
        client.execute("document.getElementById('choices').open = true;", vec![]).await.unwrap();
        let (scroll, inner) = (number(client, "return document.documentElement.scrollWidth;").await, number(client, "return window.innerWidth;").await);
        assert!(scroll <= inner, "the open choices at {width} px scroll sideways ({scroll} > {inner}): {}", too_wide(client).await);
    }
    set_width(client, 1280).await;
}

/// The skip link is the first tab stop and moves the focus to the map.
pub async fn skip_link(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&view=table")).await.unwrap();
    wait_for_count(client, "#ward-table tbody tr", 10).await;
    client.execute("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);", vec![]).await.unwrap();
    press(client, '\u{E004}').await;
    let first = client.execute("return document.activeElement.className + ':' + document.activeElement.textContent;", vec![]).await.unwrap();
    assert_eq!(first.as_str(), Some("skip-link:Skip to the map"), "the first tab stop is the skip link");
    let visible = number(client, "const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight ? 1 : 0;").await;
    assert_eq!(visible, 1, "the skip link shows when focused");
    press(client, '\u{E007}').await;
    let started = std::time::Instant::now();
    while number(client, "return document.activeElement && document.activeElement.id === 'map' ? 1 : 0;").await != 1 {
        assert!(started.elapsed().as_secs() < 15, "the skip link moves the focus to the map");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn url(client: &Client) -> String {
    client.current_url().await.unwrap().to_string()
}

async fn wait_for_url(client: &Client, part: &str, wanted: bool) {
    let started = std::time::Instant::now();
    while url(client).await.contains(part) != wanted {
        assert!(started.elapsed().as_secs() < 15, "the URL {} should {}contain {part}", url(client).await, if wanted { "" } else { "not " });
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Each choice pushes one history entry; Back and Forward move between the
/// views and bring the choices back.
pub async fn back_and_forward(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&period=2022-23")).await.unwrap();
    wait_for_count(client, "#map .area", 10).await;
    let before = number(client, "return history.length;").await;
    client.find(Locator::Css("nav.sections a[href*='view=table']")).await.unwrap().click().await.unwrap();
    wait_for_count(client, "#ward-table tbody tr", 10).await;
    wait_for_url(client, "view=table", true).await;
    assert_eq!(text_of(client, "nav.sections a[aria-current='page']").await, "Table");
    assert!(client.find_all(Locator::Css("#map")).await.unwrap().is_empty(), "only the chosen view is drawn");
    choose(client, "measure", "crime-rate").await;
    wait_for_url(client, "measure=crime-rate", true).await;
    assert_eq!(number(client, "return history.length;").await, before + 2, "one history entry per choice");

    client.back().await.unwrap();
    wait_for_url(client, "measure=crime-rate", false).await;
    wait_for_url(client, "view=table", true).await;
    let measure = client.execute("return document.getElementById('measure').value;", vec![]).await.unwrap();
    assert_eq!(measure.as_str(), Some("harm-rate"), "Back restores the measure chosen before");
    client.back().await.unwrap();
    wait_for_url(client, "view=table", false).await;
    wait_for_count(client, "#map .area", 10).await;
    assert_eq!(text_of(client, "nav.sections a[aria-current='page']").await, "Map");
    client.forward().await.unwrap();
    wait_for_url(client, "view=table", true).await;
    wait_for_count(client, "#ward-table tbody tr", 10).await;
    client.forward().await.unwrap();
    wait_for_url(client, "measure=crime-rate", true).await;
    let measure = client.execute("return document.getElementById('measure').value;", vec![]).await.unwrap();
    assert_eq!(measure.as_str(), Some("crime-rate"), "Forward brings the measure back");
    assert_eq!(number(client, "return history.length;").await, before + 2, "Back and Forward push no entry");
}

/// A value of the address that cannot be used is named on the page, with what is shown instead.
pub async fn bad_addresses_are_named(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&period=2030&measure=harm-per-banana")).await.unwrap();
    wait_for_count(client, "#map .area", 10).await;
    let shown = client.execute("return document.getElementById('period').selectedOptions[0].textContent;", vec![]).await.unwrap();
    let period = text_of(client, "#address-notices [data-key='period']").await;
    assert!(period.starts_with("The address asked for period '2030', which this data does not have"), "{period}");
    assert!(period.ends_with(&format!("showing {}.", shown.as_str().unwrap())), "{period}");
    let measure = text_of(client, "#address-notices [data-key='measure']").await;
    assert_eq!(measure, "The address asked for measure 'harm-per-banana', which is not a measure of this map; showing Harm per resident per year.");
    screenshot(client, "address-notices.png").await;
    // Choosing a measure replaces the refused one, and its notice goes.
    choose(client, "measure", "crime-rate").await;
    wait_for_count(client, "#address-notices [data-key='measure']", 0).await;
    let started = std::time::Instant::now();
    while !client.find_all(Locator::Css("#address-notices [data-key='measure']")).await.unwrap().is_empty() {
        assert!(started.elapsed().as_secs() < 15, "the measure's notice goes once a measure is chosen");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    client.goto(&format!("{base}/?force=hampshire&view=tabel")).await.unwrap();
    wait_for_text(client, "#address-notices [data-key='view']", "The address asked for view 'tabel', which is not a section of this page; showing the map.").await;
}

/// The funnel's outliers are one sentence with a link to the table showing
/// only them: the wards `harm-prep table` places outside the 99.8% limits.
pub async fn outlier_link_filters_the_table(client: &Client, base: &str) {
    let csv = harm_prep::table::stop_search_table_csv(&project().join("data"), "west-midlands", Basis::SelfDefined, "2019", Level::Ward).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let outside: BTreeSet<String> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| r[0].starts_with("E05") && csv_row(&csv, &r[0])("funnel").contains("99.8%"))
        .map(|r| r[0].to_string())
        .collect();
    assert!(outside.len() > 2, "the example has outliers: {outside:?}");
    client.goto(&format!("{base}/?force=west-midlands&measure=stop-search-rate&period=2019&view=trends")).await.unwrap();
    let link = text_of(client, "#outliers-link").await;
    assert_eq!(link, format!("List these {} wards in the table", outside.len()));
    let sentence = text_of(client, "#funnel-outliers").await;
    assert!(sentence.len() < 400, "one short sentence, not a list: {sentence}");
    client.execute("document.getElementById('funnel-outliers').scrollIntoView({block: 'center'});", vec![]).await.unwrap();
    screenshot(client, "trends-outliers.png").await;
    client.find(Locator::Css("#outliers-link")).await.unwrap().click().await.unwrap();
    wait_for_url(client, "filter=outliers", true).await;
    assert!(url(client).await.contains("view=table"));
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", outside.len()).await, outside.len());
    let mut shown = BTreeSet::new();
    for row in client.find_all(Locator::Css("#ward-table tbody tr[data-area-code]")).await.unwrap() {
        shown.insert(row.attr("data-area-code").await.unwrap().unwrap());
    }
    assert_eq!(shown, outside, "the table lists exactly the outliers");
    assert!(text_of(client, "#table-filter").await.starts_with(&format!("Showing only the {} wards outside", outside.len())));
    screenshot(client, "table-outliers.png").await;
    client.find(Locator::Css("#remove-filter")).await.unwrap().click().await.unwrap();
    wait_for_url(client, "filter=outliers", false).await;
    assert!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", outside.len() + 10).await > outside.len() + 10, "every ward again");
}

/// The page title names the selected area, the measure and the period.
pub async fn title_names_the_area(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&area={BAFFINS}")).await.unwrap();
    wait_for_text(client, "#ward-panel .ward-name", "Baffins").await;
    let started = std::time::Instant::now();
    loop {
        let title = client.title().await.unwrap();
        if title == "Baffins: Harm per resident per year, 2022-23 (April 2022 to March 2023) – Community Harm Map" {
            break;
        }
        assert!(started.elapsed().as_secs() < 15, "title: {title}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Only the short headline is announced, not the whole panel.
    let live = client
        .execute("return [...document.querySelectorAll('#ward-panel [aria-live], #ward-panel[aria-live]')].map(e => e.id + ':' + e.textContent.length);", vec![])
        .await
        .unwrap();
    let live: Vec<String> = serde_json::from_value(live).unwrap();
    assert_eq!(live.len(), 1, "one live region in the panel: {live:?}");
    assert!(live[0].starts_with("ward-headline:"), "{live:?}");
    let length: usize = live[0].rsplit(':').next().unwrap().parse().unwrap();
    assert!((40..300).contains(&length), "the announced headline is short: {length} characters");
}

/// A Chrome DevTools command through ChromeDriver.
#[derive(Debug)]
struct DevTools(serde_json::Value);

impl WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

pub async fn emulate_media(client: &Client, media: &str) {
    client.issue_cmd(DevTools(serde_json::json!({"cmd": "Emulation.setEmulatedMedia", "params": {"media": media}}))).await.unwrap();
}

/// Screenshots of the desktop, the phone (a ward selected, its headline
/// brought into view) and the printed page; print fits one A4 page.
pub async fn screenshots(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&area={BAFFINS}")).await.unwrap();
    wait_for_text(client, "#ward-panel .ward-name", "Baffins").await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    screenshot(client, "desktop.png").await;
    let headline_top = number(client, "return Math.max(0, Math.round(document.getElementById('ward-headline').getBoundingClientRect().top));").await;
    assert!(headline_top < 1000, "the selected area's headline is in the first screen at 1280 px ({headline_top})");

    set_width(client, 320).await;
    client.goto(&format!("{base}/?force=hampshire&period=2022-23")).await.unwrap();
    wait_for_count(client, "#map .area", 10).await;
    let open = client.execute("return document.getElementById('choices').open;", vec![]).await.unwrap();
    assert_eq!(open.as_bool(), Some(false), "the choices start closed on a phone");
    // Select a ward as a tap would; its headline comes into view.
    click_area(client, "E05002441").await;
    wait_for_text(client, "#ward-panel .ward-name", "Baffins").await;
    let started = std::time::Instant::now();
    while number(client, "const r = document.getElementById('ward-panel').getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight / 2 ? 1 : 0;").await != 1 {
        assert!(started.elapsed().as_secs() < 10, "selecting a ward on a phone brings its summary into view");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    screenshot(client, "phone.png").await;

    // A4 at 96 px per inch is 794 x 1123 px; the page's margins are 14 mm
    // (53 px) at the sides and top, 16 mm (60 px) at the foot.
    set_width(client, 794 - 2 * 53).await;
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&area={BAFFINS}")).await.unwrap();
    wait_for_text(client, "#ward-panel .ward-name", "Baffins").await;
    emulate_media(client, "print").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let height = number(client, "return document.documentElement.scrollHeight;").await;
    eprintln!("printed height {height} px of an A4 page's {}", 1123 - 53 - 60);
    screenshot(client, "print.png").await;
    let hidden = number(client, "return ['nav.sections', '#choices', '.zoom-controls'].filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none').length;").await;
    assert_eq!(hidden, 0, "navigation, choices and buttons are not printed");
    assert!(height <= 1123 - 53 - 60, "map, legend, figures and caveats fit one A4 page: {height} px");
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&view=table")).await.unwrap();
    wait_for_count(client, "#ward-table tbody tr", 10).await;
    let printed = client
        .execute("return [...document.querySelectorAll('#ward-table thead th')].filter(th => getComputedStyle(th).display !== 'none').map(th => th.textContent.replace(/[▲▼]/g, '').trim());", vec![])
        .await
        .unwrap();
    let printed: Vec<String> = serde_json::from_value(printed).unwrap();
    assert_eq!(printed, ["Ward", "District", "Mapped measure", "Residents", "Harm per resident per year", "Change since baseline (95% interval)", "Funnel plot"], "the table prints its key columns");
    let fits = number(client, "return document.documentElement.scrollWidth <= window.innerWidth ? 1 : 0;").await;
    assert_eq!(fits, 1, "the printed table fits the page's width");
    emulate_media(client, "").await;
    set_width(client, 1280).await;
}

/// Each of the force's files is fetched once on opening a link (not once for
/// the default force and again for the URL's, nor again when the manifest
/// arrives).
pub async fn each_file_is_fetched_once(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=west-midlands&level=district&view=summary")).await.unwrap();
    wait_for_count(client, "#force-summary h2", 1).await;
    wait_for_count(client, "#map", 0).await;
    let fetched = client
        .execute("return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.includes('/data/'));", vec![])
        .await
        .unwrap();
    let fetched: Vec<String> = serde_json::from_value(fetched).unwrap();
    let force: Vec<&String> = fetched.iter().filter(|p| p.contains("/data/west-midlands/")).collect();
    assert!(force.iter().any(|p| p.ends_with("/wards.csv")) && force.iter().any(|p| p.ends_with("/district-outlines.csv")), "{fetched:?}");
    let once: BTreeSet<&&String> = force.iter().collect();
    assert_eq!(once.len(), force.len(), "a file fetched twice: {force:?}");
}
