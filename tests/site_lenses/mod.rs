//! Browser checks of the data availability page, the force-held lenses and
//! the crime survey context (called from `site_shows_what_harm_prep_computes`).

use super::{choose, copy_tree, csv_row, fits_the_width, wait_for_text};
use crate::support::*;
use fantoccini::{Client, Locator};
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;
use harm_core::level::Level;
use harm_core::lenses::Lens;
use harm_core::measures::{LensStat, Measure};

/// Every `#rag-matrix` cell as [force, dataset, period, letter, reason, class].
async fn matrix_cells(client: &Client) -> Vec<Vec<String>> {
    let cells = client
        .execute(
            "return [...document.querySelectorAll('#rag-matrix td[data-force]')].map(td => [td.dataset.force, td.dataset.dataset, td.dataset.period, td.querySelector('.rag-letter').textContent, td.querySelector('.rag-reason').textContent, td.className]);",
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(cells).unwrap()
}

/// Whether the element `css` lies within the window's width and everything
/// in it shows whole (no sideways scrolling inside it), whatever the rest of
/// the page does.
async fn fits_inside(client: &Client, css: &str) -> bool {
    client
        .execute(
            "const e = document.querySelector(arguments[0]); return e.getBoundingClientRect().right <= window.innerWidth + 1 && [e, ...e.querySelectorAll('*')].every(x => x.scrollWidth <= x.clientWidth);",
            vec![css.into()],
        )
        .await
        .unwrap()
        .as_bool()
        .unwrap_or(false)
}

/// Elements wider than their box (for a failure's message).
async fn too_wide(client: &Client) -> serde_json::Value {
    client
        .execute(
            "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, ...[...document.querySelectorAll('body *')].filter(x => x.scrollWidth > x.clientWidth && x.clientWidth > 0).slice(0, 8).map(x => x.tagName + '.' + x.className + '#' + x.id + ' ' + x.scrollWidth + '>' + x.clientWidth)];",
            vec![],
        )
        .await
        .unwrap()
}

/// The lowest contrast ratio between the text of `css` elements and the
/// background behind them (their own, or the nearest ancestor's).
async fn lowest_contrast(client: &Client, css: &str) -> f64 {
    let script = "
        const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
        const lum = ([r, g, b]) => { const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
        const bg = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length < 4 || c[3] > 0) return c; } return [255, 255, 255]; };
        let lowest = 21;
        for (const e of document.querySelectorAll(arguments[0])) {
            const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
            lowest = Math.min(lowest, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05));
        }
        return lowest;";
    client.execute(script, vec![css.into()]).await.unwrap().as_f64().unwrap()
}

/// The data availability page lists both forces' ratings, each cell with
/// its colour, letter and reason equal to `rag.csv`, with the thresholds in
/// words; it reads at 320 px without sideways scrolling.
pub async fn data_availability_page(client: &Client, base: &str) {
    let text = std::fs::read_to_string(project().join("data/rag.csv")).unwrap();
    let rows = harm_core::rag::parse_rag("rag.csv", &text).unwrap();
    client.goto(&format!("{base}/?force=hampshire&view=data-availability")).await.unwrap();
    assert_eq!(wait_for_count(client, "#rag-matrix td[data-force]", rows.len()).await, rows.len());
    let cells = matrix_cells(client).await;
    let expected: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.force.clone(),
                r.dataset.clone(),
                r.period.clone(),
                r.rating.letter().to_string(),
                r.reason.clone(),
                format!("rag rag-{}", r.rating.label().to_lowercase()),
            ]
        })
        .collect();
    let mut shown = cells.clone();
    shown.sort();
    let mut wanted = expected.clone();
    wanted.sort();
    assert_eq!(shown, wanted, "every rag.csv row is a cell with its letter, reason and colour");
    for force in ["Hampshire & Isle of Wight", "West Midlands"] {
        let heading = client.find(Locator::XPath(&format!("//table[@id='rag-matrix']//tr[@class='rag-force']/th[normalize-space(.)='{force}']"))).await;
        assert!(heading.is_ok(), "{force} has its rows");
    }
    let caption = text_of(client, "#rag-matrix caption").await;
    assert!(
        caption.contains("Green (G) needs every month of the year with data, at least 95% of records located (placed in a ward), ethnicity stated for at least 90% of records"),
        "{caption}"
    );
    assert!(caption.contains("Amber (A) needs at least half of the months with data, at least 80% of records located") && caption.contains("Red (R) is anything less, or no data"), "{caption}");
    let contrast = lowest_contrast(client, "#rag-matrix td, #rag-matrix .rag-letter, #rag-matrix th").await;
    assert!(contrast >= 4.5, "text in the matrix meets AA contrast ({contrast:.2})");
    screenshot(client, "data-availability.png").await;
    client.set_window_size(320, 900).await.unwrap();
    assert!(fits_the_width(client, "#data-availability").await, "the page reflows to 320 px: {:?}", too_wide(client).await);
    client.execute("document.querySelector('#rag-matrix tbody[data-force=\"west-midlands\"]').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "data-availability-320px.png").await;
    client.set_window_size(1280, 1000).await.unwrap();
}

/// A measure whose data is rated Amber or Red for the force and period says
/// so beside its legend, linking to the page; a Green one does not.
pub async fn amber_measure_links_to_data_availability(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire&measure=harm-rate&period=2022-23")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    let note = text_of(client, "#legend .rag-note[data-dataset='street-crime']").await;
    assert_eq!(note, "A Data availability: Amber — 8 of 12 months (Street crime, 2022-23) (see data availability)");
    client.find(Locator::Css("#legend .rag-note a.rag-link")).await.unwrap().click().await.unwrap();
    // One cell per row of rag.csv (force, dataset and financial year).
    let cells = std::fs::read_to_string(project().join("data/rag.csv")).unwrap().lines().count() - 1;
    assert_eq!(wait_for_count(client, "#rag-matrix td[data-force]", cells).await, cells);
    let url = client.current_url().await.unwrap();
    assert!(url.as_str().contains("view=data-availability"), "the page has its own URL: {url}");
    let focused = client.execute("return document.activeElement.id;", vec![]).await.unwrap();
    assert_eq!(focused.as_str(), Some("rag-title"), "focus moves to the page's heading");
    client.find(Locator::Css("#data-availability a.back")).await.unwrap().click().await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    // In the table-only view, where the legend is hidden, the table says it.
    crate::site_layout::open_view(client, "Table").await;
    let in_table = text_of(client, ".table-area .rag-note[data-dataset='street-crime']").await;
    assert!(in_table.contains("Data availability: Amber — 8 of 12 months (Street crime, 2022-23)"), "{in_table}");
    crate::site_layout::open_view(client, "Map").await;
    // Black residents' share rests on the census alone, rated Green: no note.
    choose(client, "measure", "black-share").await;
    wait_for_text(client, "#legend .legend-title", "Black residents, % of residents").await;
    assert!(client.find_all(Locator::Css("#legend .rag-note")).await.unwrap().is_empty(), "no note for Green data");
    // Stop and search in 2019 (West Midlands): Red, named.
    client.goto(&format!("{base}/?force=west-midlands&measure=stop-search-ratio&period=2019")).await.unwrap();
    let red = text_of(client, "#legend .rag-note[data-rating='Red']").await;
    assert!(red.contains("Data availability: Red — 1 of 12 months; ethnicity stated (officer-defined) for 24.5% (Stop and search, 2018-19)"), "{red}");
}

/// The national crime survey table, with the published estimates and intervals, and its caveat.
pub async fn crime_survey_beside_the_force(client: &Client, base: &str, data: &std::path::Path) {
    use harm_core::survey::{parse_crime_survey, SurveyMeasure, SURVEY_GROUPS};
    let estimates = parse_crime_survey("crime-survey.csv", &std::fs::read_to_string(data.join("crime-survey.csv")).unwrap()).unwrap();
    client.goto(&format!("{base}/?force=west-midlands&view=summary")).await.unwrap();
    assert_eq!(wait_for_count(client, "#survey-table tbody tr[data-measure]", 3).await, 3);
    let caveat = text_of(client, "[data-figure='survey_caveat']").await;
    assert!(caveat.starts_with("These are national survey estimates for England and Wales, not local or police-recorded figures"), "{caveat}");
    for m in SurveyMeasure::ALL {
        for g in SURVEY_GROUPS {
            let e = estimates.iter().find(|e| e.measure == m && e.group == g).unwrap();
            let css = format!("#survey-table tr[data-measure='{}'] td[data-group='{}'][data-col='estimate']", m.key(), g.key());
            assert_eq!(text_of(client, &css).await, harm_core::survey_table::estimate_text(e), "{css}");
        }
    }
    client.execute("document.getElementById('crime-survey').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "crime-survey.png").await;
    client.set_window_size(320, 900).await.unwrap();
    assert!(fits_inside(client, "#crime-survey").await, "the survey table reflows to 320 px: {:?}", too_wide(client).await);
    client.set_window_size(1280, 1000).await.unwrap();
}

/// Served with the fixture's published data (synthetic, with victims and
/// calls for service): every view says so; each lens shows the figures of
/// `harm-prep measure`, its definition, and for calls the threshold and the
/// figures with and without persistent callers.
pub async fn force_held_lenses_on_the_fixture(client: &Client) {
    let fixture = project().join("crates/harm-prep/tests/golden/fixture-dataset");
    let site = tempfile::tempdir().unwrap();
    copy_tree(&dist(), site.path());
    std::fs::remove_dir_all(site.path().join("data")).unwrap();
    copy_tree(&fixture, &site.path().join("data"));
    let base = serve(site.path().to_path_buf()).await;
    let area = "E05900003";
    client.goto(&format!("{base}/?force=testshire&period=2019&area={area}&view=summary")).await.unwrap();
    assert_eq!(wait_for_count(client, "section.lens", 2).await, 2, "victims and calls, each its own lens");
    let banner = text_of(client, ".banner.synthetic").await;
    assert!(banner.contains("synthetic demonstration data"), "{banner}");
    screenshot(client, "fixture-synthetic.png").await;
    let choice = harm_prep::table::Choice { period: "2019", baseline: None, scheme: WeightScheme::Css, level: Level::Ward, basis: Basis::SelfDefined };
    let force = harm_prep::table::load_force(&fixture, "testshire").unwrap();
    for lens in [Lens::Victims, Lens::CallsForService] {
        let section = format!("#lens-{}", lens.key());
        assert_eq!(text_of(client, &format!("{section} [data-figure='lens_definition']")).await, format!("Definition. {}", lens.definition()));
        for (stat, group) in [(LensStat::RateBlack, "black"), (LensStat::RateWhite, "white"), (LensStat::Rate, "all")] {
            let key = Measure::Lens(lens, stat).key();
            let csv = harm_prep::table::measure_csv(&fixture, "testshire", &key, &choice).unwrap();
            let cli = csv_row(&csv, "E23900001");
            let shown = text_of(client, &format!("{section} tr[data-group='{group}'] td[data-col='per_year']")).await;
            assert_eq!(shown, format!("{}{}", cli("value"), if cli("reliability").is_empty() { String::new() } else { format!(" {}", cli("reliability")) }), "{key}");
        }
        let csv = harm_prep::table::measure_csv(&fixture, "testshire", &Measure::Lens(lens, LensStat::Ratio).key(), &choice).unwrap();
        let cli = csv_row(&csv, "E23900001");
        let ratio = text_of(client, &format!("{section} [data-figure='lens_ratio']")).await;
        assert_eq!(ratio, format!("{} ({} to {})", cli("value"), cli("lower"), cli("upper")), "{} ratio", lens.key());
    }
    // Calls: the threshold and the persistent callers where the figures are, and the force with them added back.
    let note = text_of(client, "#lens-calls-for-service [data-figure='persistent_note']").await;
    assert!(note.starts_with("Calls of callers with 10 or more calls in a month are counted apart"), "{note}");
    assert!(note.ends_with("In 2019 (January to December), 1 persistent caller-month (a caller tagged in two months counts twice) made 11 calls, counted apart."), "{note}");
    let calls = force.lenses.iter().find(|t| t.lens == Lens::CallsForService).unwrap();
    let year = harm_core::period::Period::calendar_year(2019);
    let figures = calls.force_figures(&force.data.wards, Basis::SelfDefined, &year).unwrap();
    let (with, counts) = figures.with_persistent.unwrap();
    assert_eq!(counts[harm_core::ethnicity::EthnicGroup::Black.index()], 31, "20 calls and the persistent caller's 11");
    let shown = text_of(client, "#lens-calls-for-service [data-figure='lens_ratio_with_persistent']").await;
    assert_eq!(shown, harm_core::use_of_force::ratio_text(with.comparison.ratio.as_ref()));
    assert_eq!(text_of(client, "#lens-calls-for-service tr[data-group='black'] td[data-col='with_count']").await, "31");
    // Every lens measure on the map and in the panel equals harm-prep measure.
    crate::site_layout::open_view(client, "Map").await;
    let mut options = Vec::new();
    for option in client.find_all(Locator::Css("#measure option")).await.unwrap() {
        options.push((option.attr("value").await.unwrap().unwrap(), option.text().await.unwrap()));
    }
    let lens_keys: Vec<String> = Measure::lens_measures(&[Lens::Victims, Lens::CallsForService]).iter().map(|m| m.key()).collect();
    let offered: Vec<&(String, String)> = options.iter().filter(|(k, _)| lens_keys.contains(k)).collect();
    assert_eq!(offered.len(), 8, "the two lenses' measures are offered, and no suspects: {options:?}");
    assert!(!options.iter().any(|(k, _)| k.starts_with("suspects")));
    for (key, label) in offered {
        choose(client, "measure", key).await;
        wait_for_text(client, "#ward-panel .headline-measure", label).await;
        let csv = harm_prep::table::measure_csv(&fixture, "testshire", key, &choice).unwrap();
        for (code, figure) in [(area, "measure_value"), ("E23900001", "measure_force_value")] {
            let cli = csv_row(&csv, code);
            let expected = format!("{}{}", cli("value"), if cli("reliability").is_empty() { String::new() } else { format!(" {}", cli("reliability")) });
            assert_eq!(text_of(client, &format!("#ward-panel [data-figure='{figure}']")).await, expected, "{key}: {figure} on screen vs harm-prep measure");
        }
    }
    let panel = text_of(client, "#ward-panel .lens-area").await;
    assert!(panel.contains("Victims: ") && panel.contains("Calls for service: "), "{panel}");
    crate::site_layout::open_view(client, "Force summary").await;
    wait_for_count(client, "#lens-calls-for-service", 1).await;
    client.execute("document.getElementById('lens-calls-for-service').scrollIntoView();", vec![]).await.unwrap();
    screenshot(client, "fixture-calls-lens.png").await;
    client.set_window_size(320, 900).await.unwrap();
    assert!(fits_inside(client, "#force-held-lenses").await, "the lenses reflow to 320 px: {:?}", too_wide(client).await);
    screenshot(client, "fixture-calls-lens-320px.png").await;
    client.set_window_size(1280, 1000).await.unwrap();
    // Every view says the data is synthetic: the table view and the data availability page too.
    for view in ["table", "data-availability"] {
        client.goto(&format!("{base}/?force=testshire&view={view}")).await.unwrap();
        let banner = text_of(client, ".banner.synthetic").await;
        assert!(banner.contains("synthetic demonstration data"), "{view}: {banner}");
    }
    assert!(wait_for_count(client, "#rag-matrix td[data-force='testshire']", 1).await >= 1, "the fixture's own ratings");
    crime_survey_beside_the_force_in(client, &base).await;
}

/// The fixture publishes the crime survey too: the table shows there as well.
async fn crime_survey_beside_the_force_in(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=testshire&view=summary")).await.unwrap();
    assert_eq!(wait_for_count(client, "#survey-table tbody tr[data-measure]", 3).await, 3);
}

/// The real data is never called synthetic.
pub async fn real_data_is_not_called_synthetic(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    assert!(client.find_all(Locator::Css(".banner.synthetic")).await.unwrap().is_empty());
    crate::site_layout::open_view(client, "Force summary").await;
    wait_for_count(client, "#force-summary h2", 1).await;
    assert!(client.find_all(Locator::Css("section.lens")).await.unwrap().is_empty(), "no lens without force-held data");
}
