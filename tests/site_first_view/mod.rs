//! The first view: the map says how many wards it has drawn
//! (`data-wards-drawn`, what a benchmark waits for), every ward is still
//! selectable by click and by keyboard now that one effect paints the
//! selection, and the ratings and survey files are fetched only for a view
//! that shows them, not for the map's first paint.

use super::{published_wards, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};

const KEY_ENTER: &str = "\u{E007}";
const KEY_RIGHT: &str = "\u{E014}";

async fn wards_drawn(client: &Client) -> usize {
    let n = client.execute("return document.getElementById('map').dataset.wardsDrawn || '0';", vec![]).await.unwrap();
    n.as_str().unwrap().parse().unwrap()
}

/// The codes of the map's areas marked selected, by class and by `aria-selected`.
async fn selected(client: &Client) -> (Vec<String>, Vec<String>) {
    let pair = client
        .execute(
            "const codes = css => [...document.querySelectorAll(css)].map(p => p.dataset.areaCode);
             return [codes('svg#map path.area.selected'), codes('svg#map path.area[aria-selected=\"true\"]')];",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(pair).unwrap()
}

async fn data_files_fetched(client: &Client) -> Vec<String> {
    let names = client
        .execute("return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.includes('/data/'));", vec![])
        .await
        .unwrap();
    serde_json::from_value(names).unwrap()
}

pub async fn wards_drawn_and_selectable(client: &Client, base: &str) {
    // A view without the ratings or the survey fetches neither.
    client.goto(&format!("{base}/?force=hampshire&view=methodology")).await.unwrap();
    assert_eq!(wait_for_count(client, "main h2", 1).await, 1);
    let fetched = data_files_fetched(client).await;
    assert!(!fetched.iter().any(|p| p.ends_with("/rag.csv") || p.ends_with("/crime-survey.csv")), "{fetched:?}");

    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    let wards = published_wards("hampshire").len();
    assert_eq!(wait_for_count(client, "svg#map path.ward", wards).await, wards);
    assert_eq!(wards_drawn(client).await, wards, "the map says it has drawn every ward");
    let no_label = client
        .execute("return [...document.querySelectorAll('svg#map path.ward')].filter(p => !p.getAttribute('fill') || !p.getAttribute('aria-label')).length;", vec![])
        .await
        .unwrap();
    assert_eq!(no_label.as_u64(), Some(0), "every ward has its fill and label");
    assert_eq!(selected(client).await, (vec![], vec![]));
    // The legend's data-availability note follows the first paint, so the ratings are fetched for it.
    assert!(wait_for_count(client, "#legend .rag-notes", 1).await >= 1);

    // A click selects the ward, and only it.
    let first = published_wards("hampshire")[0].clone();
    clickable(client, &format!("svg#map path.ward[data-area-code='{first}']")).await.click().await.unwrap();
    let name = client
        .execute(&format!("return document.querySelector(\"svg#map path.ward[data-area-code='{first}'] title\").textContent;"), vec![])
        .await
        .unwrap();
    wait_for_text(client, "#ward-panel .ward-name", name.as_str().unwrap()).await;
    assert_eq!(selected(client).await, (vec![first.clone()], vec![first.clone()]));

    // The keyboard moves to a neighbour and Enter selects it; the first is no longer selected.
    client.execute("document.getElementById('map').focus();", vec![]).await.unwrap();
    client.active_element().await.unwrap().send_keys(KEY_RIGHT).await.unwrap();
    let focused = client.execute("return document.getElementById('map').getAttribute('aria-activedescendant');", vec![]).await.unwrap();
    let next = focused.as_str().expect("an area has the keyboard").trim_start_matches("map-area-").to_string();
    assert_ne!(next, first, "the arrow key moves to another ward");
    client.active_element().await.unwrap().send_keys(KEY_ENTER).await.unwrap();
    let started = std::time::Instant::now();
    while selected(client).await != (vec![next.clone()], vec![next.clone()]) {
        assert!(started.elapsed() < std::time::Duration::from_secs(30), "Enter selects {next}: {:?}", selected(client).await);
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(wards_drawn(client).await, wards);
    assert_eq!(client.find_all(Locator::Css("svg#map path.ward")).await.unwrap().len(), wards);
    let fetched = data_files_fetched(client).await;
    assert!(fetched.iter().any(|p| p.ends_with("/rag.csv")), "the note's ratings were fetched after the map: {fetched:?}");
}
