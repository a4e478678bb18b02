//! The map as a keyboard, mouse, wheel and phone user meets it: one tab
//! stop with arrow keys to the geographic neighbour (the expected ward is
//! computed by `harm_core::neighbours` from the published centres), Enter and
//! clicks select, the wheel zooms only with Ctrl, district names for
//! orientation, the place search, and the map and chart downloads.

use super::wait_for_text;
use crate::support::*;
use fantoccini::{Client, Locator};
use harm_core::level::Level;
use harm_core::neighbours::{neighbour, Direction};
use std::path::Path;

const CHARLES_DICKENS: &str = "E05002443";
const KEY_TAB: &str = "\u{E004}";
const KEY_ENTER: &str = "\u{E007}";
const KEY_DOWN: &str = "\u{E015}";
const KEY_LEFT: &str = "\u{E012}";
const KEY_RIGHT: &str = "\u{E014}";

/// Each ward's code and centre, as the build published them for the map
/// (`harm_core::outlines`: the centre of each ward's largest ring).
fn published_centres() -> Vec<(String, (f64, f64))> {
    published_outlines().into_iter().map(|s| (s.code, s.centre)).collect()
}

/// Hampshire's ward outlines as the build published them for the map.
fn published_outlines() -> Vec<harm_core::outlines::WardShape> {
    let read = |file: &str| std::fs::read_to_string(project().join("data/hampshire").join(file)).unwrap();
    let wards = harm_core::dataset::parse_wards("wards.csv", &read("wards.csv")).unwrap();
    let areas: Vec<(String, String)> = wards.into_iter().map(|w| (w.ward_code, w.ward_name)).collect();
    let outlines = harm_core::outlines::parse_outlines("ward-outlines.csv", &read("ward-outlines.csv"), Level::Ward, &areas, "wards.csv").unwrap();
    outlines.shapes
}

/// The code of the map's keyboard area (its `aria-activedescendant`).
async fn focused_code(client: &Client) -> Option<String> {
    let id = client.execute("return document.getElementById('map').getAttribute('aria-activedescendant');", vec![]).await.unwrap();
    id.as_str().map(|id| id.trim_start_matches("map-area-").to_string())
}

async fn active_id(client: &Client) -> String {
    let id = client.execute("return document.activeElement.id;", vec![]).await.unwrap();
    id.as_str().unwrap_or_default().to_string()
}

async fn press(client: &Client, keys: &str) {
    client.active_element().await.unwrap().send_keys(keys).await.unwrap();
}

async fn view_box(client: &Client) -> Vec<f64> {
    let v = client.execute("return document.getElementById('map').dataset.viewBox;", vec![]).await.unwrap();
    v.as_str().unwrap().split_whitespace().map(|x| x.parse().unwrap()).collect()
}

/// Whether the focused ward's box lies inside the map's view box (to its one-decimal rounding).
async fn focused_in_view(client: &Client) -> bool {
    let inside = client
        .execute(
            "const m = document.getElementById('map'); const p = m.querySelector('.focus-ring');
             const [x, y, w, h] = m.dataset.viewBox.split(' ').map(Number); const b = p.getBBox();
             return b.x >= x - 0.1 && b.y >= y - 0.1 && b.x + b.width <= x + w + 0.1 && b.y + b.height <= y + h + 0.1;",
            vec![],
        )
        .await
        .unwrap();
    inside.as_bool().unwrap()
}

/// Dispatches a wheel event over the map; returns whether the page's default (scrolling) was stopped.
async fn wheel(client: &Client, ctrl: bool) -> bool {
    let stopped = client
        .execute(
            "const e = new WheelEvent('wheel', { deltaY: -100, ctrlKey: arguments[0], bubbles: true, cancelable: true });
             document.getElementById('map').dispatchEvent(e); return e.defaultPrevented;",
            vec![ctrl.into()],
        )
        .await
        .unwrap();
    stopped.as_bool().unwrap()
}

/// Every `<text>` element's words of an SVG, joined by spaces (so a wrapped line reads whole).
fn svg_words(svg: &str) -> String {
    svg.split("<text").skip(1).filter_map(|t| t.split_once('>').map(|(_, rest)| rest.split("</text>").next().unwrap_or_default())).flat_map(str::split_whitespace).collect::<Vec<_>>().join(" ")
}

/// The source line every download carries: the manifest's title, build date and version, and the licence.
fn source() -> String {
    let manifest = std::fs::read_to_string(project().join("data/manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    let text = |key: &str| manifest[key].as_str().unwrap().to_string();
    format!(
        "Source: {}, built {}, data version {}. Contains public sector information licensed under the Open Government Licence v3.0",
        text("title"),
        text("built"),
        text("data_version")
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

pub async fn map_keyboard_search_and_downloads(client: &Client, base: &str, profile: &Path) {
    let published = std::fs::read_to_string(project().join("data/hampshire/wards.csv")).unwrap();
    let wards = harm_core::dataset::parse_wards("wards.csv", &published).unwrap();
    client.goto(&format!("{base}/?force=hampshire&period=2022-23")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", wards.len()).await, wards.len());

    // The wheel scrolls the page; only Ctrl + wheel zooms, and a hint says so.
    let before = view_box(client).await;
    assert!(!wheel(client, false).await, "a plain wheel over the map must scroll the page");
    assert_eq!(view_box(client).await, before, "a plain wheel must not zoom");
    assert!(text_of(client, ".map-hint").await.contains("Ctrl + scroll"));
    assert!(wheel(client, true).await);
    let zoomed = view_box(client).await;
    assert!(zoomed[2] < before[2] * 0.9, "Ctrl + wheel zooms in: {before:?} -> {zoomed:?}");
    client.find(Locator::XPath("//div[@class='zoom-controls']/button[normalize-space(.)='Reset']")).await.unwrap().click().await.unwrap();

    // One tab stop: no shape is focusable, the map is; Tab enters it and the next Tab leaves.
    let stops = client.execute("return document.querySelectorAll('#map [tabindex]').length;", vec![]).await.unwrap();
    assert_eq!(stops.as_u64(), Some(0));
    client.execute("document.querySelector('.zoom-controls button:last-child').focus();", vec![]).await.unwrap();
    press(client, KEY_TAB).await;
    assert_eq!(active_id(client).await, "map", "Tab from the zoom buttons reaches the map");
    let start = focused_code(client).await.expect("arriving focuses an area");
    // The keyboard's area is outlined on top of every shape: the ring is its outline.
    let ring = client.find(Locator::Css("#map .map-overlay path.focus-ring")).await.unwrap();
    assert_eq!(ring.attr("data-area-code").await.unwrap().as_deref(), Some(start.as_str()));
    let outline = published_outlines().into_iter().find(|s| s.code == start).unwrap().path;
    assert_eq!(ring.attr("d").await.unwrap(), Some(outline), "the ring is the keyboard's area's outline");
    let last = client.execute("return document.querySelector('#map .map-overlay').lastElementChild.getAttribute('class');", vec![]).await.unwrap();
    assert_eq!(last.as_str(), Some("focus-ring"), "the focus ring is drawn last, over the wards and the other rings");

    // Right arrow: the ward harm_core::neighbours says lies east, then Enter selects it.
    let centres = published_centres();
    let points: Vec<(f64, f64)> = centres.iter().map(|(_, p)| *p).collect();
    let from = centres.iter().position(|(c, _)| *c == start).unwrap();
    let east = neighbour(&points, from, Direction::East).expect("a ward lies east of the middle of Hampshire");
    assert!(points[east].0 > points[from].0);
    press(client, KEY_RIGHT).await;
    let expected = &centres[east].0;
    assert_eq!(focused_code(client).await.as_deref(), Some(expected.as_str()), "Right goes to the eastern neighbour");
    let label = client.find(Locator::Css(&format!("#map-area-{expected}"))).await.unwrap().attr("aria-label").await.unwrap().unwrap();
    let name = &wards.iter().find(|w| w.ward_code == *expected).unwrap().ward_name;
    assert!(label.starts_with(&format!("{name}: Harm per resident per year, 2022-23 (April 2022 to March 2023): ")), "{label}");
    press(client, KEY_ENTER).await;
    wait_for_text(client, "#ward-panel .ward-name", name).await;
    let selected = client.find(Locator::Css(&format!("#map-area-{expected}"))).await.unwrap().attr("aria-selected").await.unwrap();
    assert_eq!(selected.as_deref(), Some("true"));
    assert_eq!(client.find_all(Locator::Css("#map [aria-selected=true]")).await.unwrap().len(), 1);

    // Zoomed in, the view follows the keyboard's ward.
    for _ in 0..4 {
        client.find(Locator::Css(".zoom-controls button[aria-label='Zoom in']")).await.unwrap().click().await.unwrap();
    }
    client.execute("document.getElementById('map').focus();", vec![]).await.unwrap();
    for _ in 0..8 {
        press(client, KEY_LEFT).await;
        assert!(focused_in_view(client).await, "the focused ward {:?} left the view {:?}", focused_code(client).await, view_box(client).await);
    }
    assert_ne!(focused_code(client).await.as_deref(), Some(expected.as_str()), "Left moved the focus");
    press(client, KEY_TAB).await;
    let left_to = active_id(client).await;
    let inside = client.execute("return document.getElementById('map').contains(document.activeElement);", vec![]).await.unwrap();
    assert!(left_to != "map" && inside == serde_json::Value::Bool(false), "Tab leaves the map (now on '{left_to}')");

    // A click still selects.
    client.find(Locator::XPath("//div[@class='zoom-controls']/button[normalize-space(.)='Reset']")).await.unwrap().click().await.unwrap();
    click_area(client, CHARLES_DICKENS).await;
    wait_for_text(client, "#ward-panel .ward-name", "Charles Dickens").await;

    // District names are drawn for orientation, hidden from screen readers (the search names them).
    let district_names: Vec<String> = {
        let mut names: Vec<String> = wards.iter().map(|w| w.district_name.clone()).collect();
        names.sort();
        names.dedup();
        names
    };
    assert!(wait_for_count(client, "#map .district-label", 5).await >= 5, "district names on the map");
    let drawn = client.execute("return [...document.querySelectorAll('#map .district-label')].map(t => t.textContent);", vec![]).await.unwrap();
    let drawn: Vec<String> = serde_json::from_value(drawn).unwrap();
    assert!(drawn.iter().all(|n| district_names.contains(n)), "{drawn:?}");
    let outlined = client.find(Locator::Css("#map")).await.unwrap().attr("data-districts-outlined").await.unwrap();
    assert_eq!(outlined, Some(district_names.len().to_string()), "every district outlined over the wards");
    let hidden = client.find(Locator::Css("#map .map-overlay")).await.unwrap().attr("aria-hidden").await.unwrap();
    assert_eq!(hidden.as_deref(), Some("true"));
    screenshot(client, "map-districts.png").await;

    // The map download: the SVG has the title, every legend label and the source line; the PNG is a PNG of it.
    let legend = client.execute("return [...document.querySelectorAll('#legend .legend-classes li span')].map(s => s.textContent);", vec![]).await.unwrap();
    let legend: Vec<String> = serde_json::from_value(legend).unwrap();
    assert!(legend.len() >= 3, "{legend:?}");
    client.find(Locator::Css(".map-wrap .download-svg")).await.unwrap().click().await.unwrap();
    let svg = String::from_utf8(downloaded(profile, "map-hampshire-harm-rate-2022-23-ward.svg").await).unwrap();
    assert!(svg.contains(&escape("Harm per resident per year, 2022-23 (April 2022 to March 2023), Hampshire & Isle of Wight (wards)")), "title");
    for label in &legend {
        assert!(svg.contains(&escape(label)), "legend label '{label}' in the SVG");
    }
    assert!(svg_words(&svg).contains(&source()), "source line in {}", svg_words(&svg));
    assert_eq!(svg.matches(r##"stroke="#404040" stroke-width="0.6"/>"##).count(), wards.len(), "every ward");
    assert_eq!(svg.matches(r##"fill="none" stroke="#1a1a1a""##).count(), district_names.len(), "every district outline");
    assert!(svg.contains("<pattern id=\"hatch-no-data\""), "the patterns the fills name travel with them");
    let width: u32 = svg.split("width=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    client.find(Locator::Css(".map-wrap .download-png")).await.unwrap().click().await.unwrap();
    let png = downloaded(profile, "map-hampshire-harm-rate-2022-23-ward.png").await;
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let png_width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    assert_eq!(png_width, 2 * width, "the PNG is the SVG at twice its size");
    assert!(png.len() > 50_000, "a drawn map, not a blank: {} bytes", png.len());

    // In a module, the downloaded map's legend names the areas left outside it.
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&module=urban")).await.unwrap();
    let outside = text_of(client, "#legend-outside").await;
    client.find(Locator::Css(".map-wrap .download-svg")).await.unwrap().click().await.unwrap();
    let module_svg = String::from_utf8(downloaded(profile, "map-hampshire-harm-rate-2022-23-ward-urban.svg").await).unwrap();
    assert!(module_svg.contains(&escape(&outside)), "'{outside}' in the module's map");
    assert!(module_svg.contains(r#"fill="url(#outside-module)""#));

    // A chart's SVG download carries its title, legend and source (the charts are in the Trends view).
    client.goto(&format!("{base}/?force=hampshire&period=2022-23&view=trends")).await.unwrap();
    let title = text_of(client, "figure.trend:has(#force-trend) figcaption").await;
    client.execute("document.getElementById('force-trend').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "chart-with-title-legend-source.png").await;
    client.find(Locator::Css("figure.trend:has(#force-trend) .download-svg")).await.unwrap().click().await.unwrap();
    let chart = String::from_utf8(downloaded(profile, "force-trend.svg").await).unwrap();
    assert!(chart.contains(&escape(&title)), "chart title '{title}' in its SVG");
    assert!(chart.contains("Baseline months") || chart.contains("Harm per resident per year"), "legend");
    assert!(svg_words(&chart).contains(&source()), "source line in {}", svg_words(&chart));
    client.find(Locator::Css("section.funnel .download-svg")).await.unwrap().click().await.unwrap();
    let funnel = String::from_utf8(downloaded(profile, "funnel-hampshire.svg").await).unwrap();
    assert!(funnel.contains("99.8% limits"), "funnel legend");

    // The search finds a ward by typing and selects it with the keyboard.
    client.goto(&format!("{base}/?force=hampshire&period=2022-23")).await.unwrap();
    wait_for_count(client, "#area-search", 1).await;
    let search = client.find(Locator::Css("#area-search")).await.unwrap();
    search.click().await.unwrap();
    search.send_keys("charles dick").await.unwrap();
    assert!(wait_for_count(client, "#area-search-list li[role=option]", 1).await >= 1);
    assert_eq!(search.attr("aria-expanded").await.unwrap().as_deref(), Some("true"));
    press(client, KEY_DOWN).await;
    assert_eq!(search.attr("aria-activedescendant").await.unwrap().as_deref(), Some("area-search-0"));
    press(client, KEY_ENTER).await;
    wait_for_text(client, "#ward-panel .ward-name", "Charles Dickens").await;
    // A district: the first match of "fareham" is the district, which switches to districts.
    client.goto(&format!("{base}/?force=hampshire&period=2022-23")).await.unwrap();
    wait_for_count(client, "#area-search", 1).await;
    let search = client.find(Locator::Css("#area-search")).await.unwrap();
    search.click().await.unwrap();
    search.send_keys("FAREHAM").await.unwrap();
    let first = text_of(client, "#area-search-list li[role=option]").await;
    assert_eq!(first, "Fareham (district)");
    press(client, KEY_ENTER).await;
    wait_for_text(client, "#ward-panel .ward-name", "Fareham").await;
    assert!(client.current_url().await.unwrap().as_str().contains("level=district"));

    // On a phone the map fits and its names are fewer, not crowded.
    client.goto(&format!("{base}/?force=hampshire&period=2022-23")).await.unwrap();
    wait_for_count(client, "#map .district-label", 1).await;
    client.set_window_size(320, 800).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let right = client.execute("return document.getElementById('map').getBoundingClientRect().right;", vec![]).await.unwrap();
    assert!(right.as_f64().unwrap() <= 320.0, "the map fits 320 px: right edge {right}");
    let phone_labels = client.find_all(Locator::Css("#map .district-label")).await.unwrap().len();
    assert!(phone_labels < drawn.len(), "fewer names on a phone ({phone_labels}) than on a desktop ({})", drawn.len());
    client.execute("document.getElementById('map').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "map-phone-320.png").await;
    client.set_window_size(1280, 1000).await.unwrap();
}
