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

/// The codes of the map's areas marked selected, by the ring drawn round them and by `aria-selected`.
async fn selected(client: &Client) -> (Vec<String>, Vec<String>) {
    evaluate(
        client,
        "const codes = css => [...document.querySelectorAll(css)].map(p => p.dataset.areaCode);
         return [codes('#map .selected-ring'), codes('#map .area[aria-selected=\"true\"]')];",
    )
    .await
}

pub async fn wards_drawn_and_selectable(client: &Client, base: &str) {
    // A view without the ratings or the survey fetches neither.
    client.goto(&format!("{base}/?force=hampshire&view=methodology")).await.unwrap();
    assert_eq!(wait_for_count(client, "main h2", 1).await, 1);
    let fetched = data_files_fetched(client).await;
    assert!(!fetched.iter().any(|p| p.ends_with("/rag.csv") || p.ends_with("/crime-survey.csv")), "{fetched:?}");

    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    let wards = published_wards("hampshire").len();
    assert_eq!(wait_for_count(client, &format!("#map[data-wards-drawn='{wards}']"), 1).await, 1, "the map says it has drawn every ward");
    assert_eq!(client.find_all(Locator::Css("#map .ward")).await.unwrap().len(), wards, "one option per ward");
    let no_label = client
        .execute("return [...document.querySelectorAll('#map .ward')].filter(p => !p.dataset.fill || !p.getAttribute('aria-label')).length;", vec![])
        .await
        .unwrap();
    assert_eq!(no_label.as_u64(), Some(0), "every ward has its fill and label");
    assert_eq!(selected(client).await, (vec![], vec![]));
    // The legend's data-availability note follows the first paint, so the ratings are fetched for it.
    assert!(wait_for_count(client, "#legend .rag-notes", 1).await >= 1);

    // The canvas shows the ward's class colour where the ward is.
    let roomy = roomiest_ward(client).await;
    let fill = client.find(Locator::Css(&format!("#map-area-{roomy}"))).await.unwrap().attr("data-fill").await.unwrap().unwrap();
    assert!(fill.starts_with('#'), "{roomy} is coloured, not patterned, in this view: {fill}");
    let colours = canvas_colours(client, &roomy, 0).await;
    assert_eq!(colours, vec![fill.clone()], "the canvas at {roomy}'s centre is its class colour");

    // A click where a ward is drawn selects it, and only it.
    let first = published_wards("hampshire")[0].clone();
    click_area(client, &first).await;
    let name = area_name(client, &first).await;
    wait_for_text(client, "#ward-panel .ward-name", &name).await;
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
    assert_eq!(client.find_all(Locator::Css("#map .ward")).await.unwrap().len(), wards);
    let fetched = data_files_fetched(client).await;
    assert!(fetched.iter().any(|p| p.ends_with("/rag.csv")), "the note's ratings were fetched after the map: {fetched:?}");

    // West Midlands publishes no street crime: every ward's crime rate is hatched grey, on the canvas too.
    client.goto(&format!("{base}/?force=west-midlands&measure=crime-rate")).await.unwrap();
    let wards = published_wards("west-midlands").len();
    assert_eq!(wait_for_count(client, "#map .ward[data-fill='url(#hatch-no-data)']", wards).await, wards, "no ward has a crime rate");
    let hatch = canvas_colours(client, &roomiest_ward(client).await, 4).await;
    assert!(hatch.contains(&"#f0f0f0".to_string()), "the hatching's grey ground shows: {hatch:?}");
    assert!(hatch.iter().any(|c| u32::from_str_radix(&c[1..3], 16).unwrap() < 0xc0), "the hatching's dark lines show: {hatch:?}");
    assert!(hatch.iter().all(|c| c[1..3] == c[3..5] && c[3..5] == c[5..7]), "only greys, no class colour: {hatch:?}");
    screenshot(client, "map-no-data-hatched.png").await;
}

/// The ward whose centre is farthest from any other's: the one with most
/// room round its centre, so a few pixels there are all its own.
async fn roomiest_ward(client: &Client) -> String {
    let centres = client.execute("return [...document.querySelectorAll('#map .ward')].map(p => [p.dataset.areaCode, p.dataset.centre]);", vec![]).await.unwrap();
    let centres: Vec<(String, (f64, f64))> = serde_json::from_value::<Vec<(String, String)>>(centres)
        .unwrap()
        .into_iter()
        .map(|(code, at)| {
            let xy: Vec<f64> = at.split_whitespace().map(|v| v.parse().unwrap()).collect();
            (code, (xy[0], xy[1]))
        })
        .collect();
    let room = |i: usize| {
        let (x, y) = centres[i].1;
        centres.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, (_, (u, v)))| (u - x).powi(2) + (v - y).powi(2)).fold(f64::MAX, f64::min)
    };
    let best = (0..centres.len()).max_by(|a, b| room(*a).total_cmp(&room(*b))).unwrap();
    centres[best].0.clone()
}

/// The distinct colours (`#rrggbb`) the map's canvas has within `reach` CSS
/// pixels of where area `code`'s centre is drawn.
async fn canvas_colours(client: &Client, code: &str, reach: u32) -> Vec<String> {
    let (x, y) = area_point(client, code).await;
    let colours = client
        .execute(
            "const [x, y, reach] = arguments; const c = document.querySelector('#map canvas.map-canvas');
             const r = c.getBoundingClientRect(), k = c.width / r.width;
             const d = Math.ceil(reach * k), cx = Math.round((x - r.left) * k), cy = Math.round((y - r.top) * k);
             const px = c.getContext('2d').getImageData(cx - d, cy - d, 2 * d + 1, 2 * d + 1).data;
             const hex = v => v.toString(16).padStart(2, '0'); const seen = new Set();
             for (let i = 0; i < px.length; i += 4) seen.add('#' + hex(px[i]) + hex(px[i + 1]) + hex(px[i + 2]));
             return [...seen].sort();",
            vec![x.into(), y.into(), reach.into()],
        )
        .await
        .unwrap();
    serde_json::from_value(colours).unwrap()
}
