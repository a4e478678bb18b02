//! End to end in headless Chromium: the built site (dist/) on the committed
//! published data. What a person sees must equal `harm-prep table`.

mod site_axe;
mod site_forces;
mod site_first_view;
mod site_layout;
mod site_lenses;
mod site_map;
mod site_modules;
mod site_report;
mod site_offline;
mod site_overview;
mod support;

use fantoccini::{Client, Locator};
use harm_core::level::Level;
use harm_core::ethnicity::Basis;
use harm_core::harm::WeightScheme;
use std::collections::BTreeSet;
use support::*;

fn published_wards(force: &str) -> Vec<String> {
    let text = std::fs::read_to_string(project().join(format!("data/{force}/wards.csv"))).unwrap();
    text.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect()
}

async fn ward_codes_on_map(client: &Client) -> Vec<String> {
    let mut codes = Vec::new();
    for path in client.find_all(Locator::Css("#map .ward")).await.unwrap() {
        codes.push(path.attr("data-area-code").await.unwrap().unwrap_or_default());
    }
    codes
}

/// The CSV `text`'s row whose first field is `code`, as a column lookup.
fn csv_row(text: &str, code: &str) -> impl Fn(&str) -> String {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let row = reader.records().map(|r| r.unwrap()).find(|r| &r[0] == code).unwrap_or_else(|| panic!("no row {code}"));
    move |column: &str| row[header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"))].to_string()
}

/// Waits until the text of `css` equals `wanted`.
async fn wait_for_text(client: &Client, css: &str, wanted: &str) {
    let started = std::time::Instant::now();
    loop {
        let shown = text_of(client, css).await;
        if shown == wanted {
            return;
        }
        assert!(started.elapsed().as_secs() < 15, "{css} shows '{shown}', expected '{wanted}'");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Chooses `value` in the select `#id` as a person would (a change event).
async fn choose(client: &Client, id: &str, value: &str) {
    client
        .execute(
            "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![id.into(), value.into()],
        )
        .await
        .unwrap();
}

const CHARLES_DICKENS: &str = "E05002443";

/// Dark pixels on the canvas `#id`: a drawn chart has many, a blank one none.
async fn inked_pixels(client: &Client, id: &str) -> u64 {
    client
        .execute(
            "const c = document.getElementById(arguments[0]); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] < 200) n++; } return n;",
            vec![id.into()],
        )
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(0)
}

async fn hampshire_map_panel_and_table(client: &Client, base: &str) {
    let wards = published_wards("hampshire");
    client.goto(&format!("{base}/?force=hampshire&period=2018-10..2019-01")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", wards.len()).await, wards.len());
    let codes = ward_codes_on_map(client).await;
    assert_eq!(codes.len(), wards.len(), "one shape per ward");
    assert_eq!(codes.iter().collect::<BTreeSet<_>>(), wards.iter().collect::<BTreeSet<_>>());

    // Select Charles Dickens (Portsmouth) by clicking its shape.
    let code = CHARLES_DICKENS;
    click_area(client, code).await;
    let name = text_of(client, "#ward-panel .ward-name").await;
    assert_eq!(name, "Charles Dickens");

    // The panel shows exactly the CLI's figures for that ward and months.
    let csv = harm_prep::table::ward_table_csv(&project().join("data"), "hampshire", "2018-10..2019-01", WeightScheme::Css).unwrap();
    let cli = csv_row(&csv, code);
    for (figure, column) in [
        ("residents", "residents"),
        ("black_residents", "black_residents"),
        ("white_residents", "white_residents"),
        ("crimes", "crimes"),
        ("asb", "asb"),
        ("harm", "harm"),
        ("harm_per_resident_per_year", "harm_per_resident_per_year"),
        ("crimes_per_1000_per_year", "crimes_per_1000_per_year"),
    ] {
        let shown = text_of(client, &format!("#ward-panel [data-figure='{figure}']")).await;
        assert_eq!(shown, cli(column), "{figure} on screen vs harm-prep table");
    }
    let statement = text_of(client, "#ward-panel .statement").await;
    assert!(statement.contains("Crime Severity Score"), "harm views name the weighting: {statement}");
    let note = text_of(client, "#months-note").await;
    assert!(note.contains("street crime from all 4 months"), "{note}");

    // Another ward (the keyboard's way to a ward is tested in site_map).
    click_area(client, "E05002441").await;
    wait_for_text(client, "#ward-panel .ward-name", "Baffins").await;

    // The table lists every ward, plus the force total.
    site_layout::open_view(client, "Table").await;
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", wards.len()).await, wards.len());
    // Sorting by residents puts the smallest ward first, and says so.
    let residents_header = client.find(Locator::XPath("//table[@id='ward-table']//th[.//button[starts-with(normalize-space(.), 'Residents')]]")).await.unwrap();
    residents_header.find(Locator::Css("button")).await.unwrap().click().await.unwrap();
    assert_eq!(residents_header.attr("aria-sort").await.unwrap().as_deref(), Some("ascending"));
    let published = std::fs::read_to_string(project().join("data/hampshire/wards.csv")).unwrap();
    let smallest = harm_core::dataset::parse_wards("wards.csv", &published)
        .unwrap()
        .into_iter()
        .min_by_key(|w| (w.residents, w.ward_code.clone()))
        .unwrap()
        .ward_code;
    let first = client.find(Locator::Css("#ward-table tbody tr")).await.unwrap();
    assert_eq!(first.attr("data-area-code").await.unwrap().as_deref(), Some(smallest.as_str()));

    let total = text_of(client, "#ward-table tfoot tr").await;
    let force_row = csv_row(&csv, "E23000030");
    assert!(total.contains(&force_row("crimes")), "force crimes {} in {total}", force_row("crimes"));
    screenshot(client, "hampshire-harm.png").await;
}

/// Every measure the site offers, for one ward and the force row, equals
/// `harm-prep measure` for the same selection.
async fn every_measure_equals_the_cli(client: &Client, base: &str) {
    let code = CHARLES_DICKENS;
    client.goto(&format!("{base}/?force=hampshire&period=2018-19&ward={code}")).await.unwrap();
    assert!(wait_for_count(client, "#ward-panel [data-figure='measure_value']", 1).await == 1);
    let mut options = Vec::new();
    for option in client.find_all(Locator::Css("#measure option")).await.unwrap() {
        options.push((option.attr("value").await.unwrap().unwrap(), option.text().await.unwrap()));
    }
    assert!(options.len() >= 20, "the site offers every measure: {options:?}");
    let data = project().join("data");
    let choice = harm_prep::table::Choice {
        period: "2018-19",
        baseline: None,
        scheme: WeightScheme::Css,
        level: Level::Ward,
        basis: Basis::SelfDefined,
    };
    for (key, label) in &options {
        choose(client, "measure", key).await;
        wait_for_text(client, "#ward-panel .headline-measure", label).await;
        let csv = harm_prep::table::measure_csv(&data, "hampshire", key, &choice).unwrap();
        for (area, figure) in [(code, "measure_value"), ("E23000030", "measure_force_value")] {
            let cli = csv_row(&csv, area);
            let expected = format!("{}{}", cli("value"), if cli("reliability").is_empty() { String::new() } else { format!(" {}", cli("reliability")) });
            let shown = text_of(client, &format!("#ward-panel [data-figure='{figure}']")).await;
            assert_eq!(shown, expected, "{key}: {figure} on screen vs harm-prep measure");
        }
    }
}

/// Change since the baseline: a diverging map with its legend, the panel's
/// interval equal to `harm-prep change`, and the ward's trend with a gap.
async fn change_since_the_baseline(client: &Client, base: &str) {
    let code = CHARLES_DICKENS;
    client.goto(&format!("{base}/?force=hampshire&measure=harm-change&period=2022-23&ward={code}")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 261).await, 261);
    let legend = text_of(client, "#legend").await;
    assert!(legend.contains("Change in harm since the baseline"), "{legend}");
    assert!(legend.contains("0.8 to 1.25 (similar to the baseline)"), "diverging classes centred on 1: {legend}");
    assert!(legend.contains("Oct, Nov"), "the legend states the months compared: {legend}");
    let csv = harm_prep::table::change_csv(&project().join("data"), "hampshire", "baseline", "2022-23", Level::Ward, WeightScheme::Css).unwrap();
    let cli = csv_row(&csv, code);
    for (figure, column) in [("change_ratio", "change_ratio"), ("change_lower", "lower"), ("change_upper", "upper"), ("change_baseline", "baseline"), ("change_compare", "compare")] {
        let shown = text_of(client, &format!("#ward-panel [data-figure='{figure}']")).await;
        assert_eq!(shown, cli(column), "{figure} on screen vs harm-prep change");
    }
    // The ward's trend: drawn, with no-data gaps from 2019-10 to 2021-12 and values either side.
    let inked = inked_pixels(client, "ward-trend").await;
    assert!(inked > 500, "the ward's trend chart draws ({inked})");
    let month = |m: &'static str| async move {
        let cell = client
            .execute(&format!("return document.querySelector(\"table[data-trend='ward-trend'] tr[data-month='{m}'] td\").textContent;"), vec![])
            .await
            .unwrap();
        cell.as_str().unwrap().to_string()
    };
    assert_ne!(month("2019-09").await, "no data");
    for gap in ["2019-10", "2020-06", "2021-12"] {
        assert_eq!(month(gap).await, "no data", "{gap} is a gap, not a zero");
    }
    assert_ne!(month("2022-01").await, "no data");
    screenshot(client, "hampshire-change-since-baseline.png").await;
}

async fn ratio_map_panel_and_funnel(client: &Client, base: &str) {
    client
        .goto(&format!("{base}/?force=west-midlands&measure=stop-search-ratio&period=2019&ward=E05011118"))
        .await
        .unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 192).await, 192);
    let legend = text_of(client, "#legend").await;
    assert!(legend.contains("[c] suppressed"), "legend names the hatched suppressed wards: {legend}");
    assert!(legend.contains("0.8 to 1.25"), "diverging classes centred on 1: {legend}");
    let sentence = text_of(client, "#ward-panel [data-figure='search_sentence']").await;
    assert!(!sentence.is_empty());
    // A ward whose ratio is published (coloured, or striped [u]) shows the interval drawing.
    click_area(client, &first_area(client, "#map .ward[data-fill^='#'], #map .ward[data-fill^='url(#hatch-u']").await).await;
    let found = wait_for_count(client, "#ward-panel svg.interval", 1).await == 1;
    assert!(found, "a ward with a published ratio shows its interval");
    screenshot(client, "west-midlands-stop-search-ratio.png").await;
    site_layout::open_view(client, "Force summary").await;
    let force = text_of(client, "[data-figure='force_search_sentence']").await;
    assert!(force.starts_with("Black residents were subject to stop and search at about"), "{force}");
    assert!(force.contains("95% interval"), "{force}");
    // The funnel chart has drawn: its canvas is not blank.
    site_layout::open_view(client, "Trends").await;
    wait_for_count(client, "#funnel-chart", 1).await;
    let started = std::time::Instant::now();
    while inked_pixels(client, "funnel-chart").await < 500 {
        assert!(started.elapsed().as_secs() < 15, "the funnel chart draws");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A ward with no searches in a period that has stop-and-search records
/// shows 0, not "no data".
async fn zero_searches_are_zero(client: &Client, base: &str) {
    let text = std::fs::read_to_string(project().join("data/west-midlands/stop-search.csv")).unwrap();
    let rows = harm_core::searches::parse_area_searches("stop-search.csv", &text).unwrap();
    let searched: BTreeSet<String> = rows
        .iter()
        .filter(|r| r.level == Level::Ward && r.basis == Basis::SelfDefined && r.total != harm_core::disclosure::Cell::Value(0))
        .map(|r| r.area_code.clone())
        .collect();
    let quiet = published_wards("west-midlands").into_iter().find(|w| !searched.contains(w)).expect("a ward without searches");
    client.goto(&format!("{base}/?force=west-midlands&measure=stop-search-rate&period=2019&area={quiet}")).await.unwrap();
    assert_eq!(text_of(client, "#ward-panel [data-figure='all_searches']").await, "0");
    assert_eq!(text_of(client, "#ward-panel [data-figure='measure_value']").await, "0.00 [u]");
}

async fn no_crime_data_is_said_not_zeroed(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=west-midlands&measure=crime-rate&ward=E05011118")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 192).await, 192);
    let note = text_of(client, "#months-note").await;
    assert!(note.contains("no street-crime data"), "{note}");
    let panel = text_of(client, "#ward-panel").await;
    assert!(panel.contains("not shown (not zero)"), "{panel}");
    assert!(client.find_all(Locator::Css("#ward-panel [data-figure='crimes']")).await.unwrap().is_empty());
}

/// Hampshire's published `file` (under data/hampshire), as text.
fn hampshire_text(file: &str) -> String {
    std::fs::read_to_string(project().join("data/hampshire").join(file)).unwrap()
}

/// Hampshire's published CSV `file` with the field `column` of line `line`
/// (the header is line 1) set to `value`.
fn with_field(file: &str, line: usize, column: &str, value: &str) -> String {
    let text = hampshire_text(file);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let at = header.iter().position(|h| h == column).unwrap_or_else(|| panic!("{file} has no column {column}"));
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(&header).unwrap();
    for (i, record) in reader.records().enumerate() {
        let mut fields: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if i + 2 == line {
            fields[at] = value.to_string();
        }
        writer.write_record(&fields).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Hampshire's published `file` with its lines (the header first) changed by `change`.
fn with_lines(file: &str, change: impl FnOnce(&mut Vec<String>)) -> String {
    let mut lines: Vec<String> = hampshire_text(file).lines().map(String::from).collect();
    change(&mut lines);
    lines.join("\n") + "\n"
}

/// One of Hampshire's published files broken one way, and what the page must say.
struct Breakage {
    /// Under data/hampshire.
    file: &'static str,
    text: String,
    /// Each must be in the message, word for word.
    says: Vec<String>,
    /// Whether to check that West Midlands still works, then Hampshire fails again.
    switch_forces: bool,
}

/// Every file a force loads broken in some way. Where harm-core reads the
/// file, the message expected is harm-core's own on the broken text, so the
/// page is seen to keep its file, line, field and value in full.
fn breakages() -> Vec<Breakage> {
    use harm_core::dataset::{parse_category_weights, parse_crime, parse_manifest, parse_wards};
    use harm_core::outlines::parse_outlines;
    use harm_core::searches::{parse_force_searches, parse_search_counts};
    let manifest = parse_manifest("manifest.json", &std::fs::read_to_string(project().join("data/manifest.json")).unwrap()).unwrap();
    let entry = manifest.forces.iter().find(|f| f.id == "hampshire").unwrap();
    let wards = parse_wards("hampshire/wards.csv", &hampshire_text("wards.csv")).unwrap();
    let core = |e: harm_core::csv_rows::InputError| vec![e.to_string()];
    let crime = with_field("crime.csv", 7, "Burglary", "many");
    let crime_says = parse_crime("hampshire/crime.csv", &crime, &wards, &entry.crime_months).unwrap_err().to_string();
    assert!(crime_says.contains("line 7, field 'Burglary': value 'many'"), "{crime_says}");
    let outlines = hampshire_text("ward-outlines.csv");
    let cut = outlines[..outlines.len() / 2].to_string();
    let areas: Vec<(String, String)> = wards.iter().map(|w| (w.ward_code.clone(), w.ward_name.clone())).collect();
    let cut_says = parse_outlines("hampshire/ward-outlines.csv", &cut, Level::Ward, &areas, "hampshire/wards.csv").unwrap_err().to_string();
    let searches = hampshire_text("stop-search.csv").replacen(",black,", ",blak,", 1);
    let weights = with_field("category-weights.csv", 3, "weight", "-3");
    let force_searches = with_field("stop-search-force.csv", 2, "searches", "26");
    let uses = with_field("use-of-force.csv", 4, "tactic", "tazer");
    let wards_text = hampshire_text("wards.csv");
    let repeated = format!("{wards_text}{}\n", wards_text.lines().nth(1).unwrap());
    let (lost_code, lost_name) = (wards[3].ward_code.clone(), wards[3].ward_name.clone());
    vec![
        Breakage { file: "crime.csv", text: crime, says: vec![crime_says], switch_forces: true },
        // Cut short in transfer: the areas after the cut are named as missing.
        Breakage { file: "ward-outlines.csv", text: cut, says: vec![cut_says], switch_forces: true },
        Breakage {
            file: "stop-search.csv",
            says: core(parse_search_counts("hampshire/stop-search.csv", &searches, &wards, &entry.stop_search_period_keys()).unwrap_err()),
            text: searches,
            switch_forces: true,
        },
        Breakage { file: "category-weights.csv", says: core(parse_category_weights("hampshire/category-weights.csv", &weights).unwrap_err()), text: weights, switch_forces: false },
        Breakage { file: "stop-search-force.csv", says: core(parse_force_searches("hampshire/stop-search-force.csv", &force_searches).unwrap_err()), text: force_searches, switch_forces: false },
        Breakage { file: "use-of-force.csv", says: core(harm_core::use_of_force::parse_use_of_force("hampshire/use-of-force.csv", &uses).unwrap_err()), text: uses, switch_forces: false },
        // A ward given twice, which harm-core's readers would misplace.
        Breakage {
            file: "wards.csv",
            says: core(parse_wards("hampshire/wards.csv", &repeated).unwrap_err()),
            text: repeated,
            switch_forces: false,
        },
        // Outlines that do not match wards.csv one for one: said, not drawn short.
        Breakage {
            file: "ward-outlines.csv",
            text: with_lines("ward-outlines.csv", |lines| lines.retain(|l| !l.starts_with(&format!("{lost_code},")))),
            says: vec![format!("hampshire/ward-outlines.csv: has no outline for 1 ward(s) of hampshire/wards.csv: {lost_code} ({lost_name})")],
            switch_forces: false,
        },
        Breakage {
            file: "ward-outlines.csv",
            text: with_lines("ward-outlines.csv", |lines| {
                let first = &lines[1];
                lines.push(format!("E05999999{}", &first[first.find(',').unwrap()..]));
            }),
            says: vec!["hampshire/ward-outlines.csv: has outlines for 1 area(s) that are not wards of hampshire/wards.csv: E05999999".into()],
            switch_forces: false,
        },
    ]
}

/// With Hampshire's error shown, West Midlands can be chosen from the force
/// picker and works fully; choosing Hampshire again shows its error again.
async fn another_force_still_works(client: &Client, message: &str) {
    let picker = client.find(Locator::Css("#force")).await.unwrap();
    picker.select_by_value("west-midlands").await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 192).await, 192, "West Midlands' wards are drawn");
    assert!(client.find_all(Locator::Css("#load-error")).await.unwrap().is_empty(), "Hampshire's error does not linger");
    site_layout::open_view(client, "Table").await;
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", 192).await, 192, "the table lists every ward");
    site_layout::open_view(client, "Map").await;
    assert_eq!(wait_for_count(client, "#map .ward", 192).await, 192);
    let ward = first_area(client, "#map .ward").await;
    let name = area_name(client, &ward).await;
    click_area(client, &ward).await;
    wait_for_text(client, "#ward-panel .ward-name", &name).await;
    client.find(Locator::Css("#force")).await.unwrap().select_by_value("hampshire").await.unwrap();
    assert_eq!(text_of(client, "#load-error .problem").await, message, "choosing Hampshire again says the same");
    assert!(client.find_all(Locator::Css("#map .area")).await.unwrap().is_empty(), "no map is drawn for Hampshire");
}

/// Whether the page reflows to the window's width (no sideways scrolling)
/// and the element `css` shows its text whole.
async fn fits_the_width(client: &Client, css: &str) -> bool {
    let fits = client
        .execute(
            "const page = document.documentElement, e = document.querySelector(arguments[0]); return page.scrollWidth <= page.clientWidth && [e, ...e.querySelectorAll('*')].every(x => x.scrollWidth <= x.clientWidth);",
            vec![css.into()],
        )
        .await
        .unwrap();
    fits.as_bool().unwrap_or(false)
}

/// Each malformed file of Hampshire's gives a message naming the file and
/// what is wrong, announced politely and readable at 320 px; other forces
/// still work, and a malformed district outline file leaves the ward map working.
async fn malformed_files_are_named_and_other_forces_still_work(client: &Client) {
    let broken = tempfile::tempdir().unwrap();
    copy_tree(&dist(), broken.path());
    let base = serve(broken.path().to_path_buf()).await;
    let folder = broken.path().join("data/hampshire");
    for (n, case) in breakages().into_iter().enumerate() {
        std::fs::write(folder.join(case.file), &case.text).unwrap();
        republish(broken.path(), &format!("hampshire/{}", case.file));
        client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
        let message = text_of(client, "#load-error .problem").await;
        assert!(message.contains(&format!("hampshire/{}", case.file)), "the message names the file: {message}");
        for said in &case.says {
            assert!(message.contains(said.as_str()), "{}: '{said}' is not in the message '{message}'", case.file);
        }
        assert!(text_of(client, "#load-error h2").await.starts_with("Hampshire & Isle of Wight cannot be shown"));
        if n == 0 {
            let live = client.execute("return document.getElementById('load-error').closest('[aria-live]').getAttribute('aria-live');", vec![]).await.unwrap();
            assert_eq!(live.as_str(), Some("polite"), "the message is announced");
            screenshot(client, "malformed-data.png").await;
            client.set_window_size(320, 900).await.unwrap();
            let width = client.execute("return window.innerWidth;", vec![]).await.unwrap().as_u64().unwrap();
            assert!(width <= 340, "the window narrows to 320 px ({width})");
            assert!(fits_the_width(client, "#load-error").await, "the page and its message reflow to 320 px");
            client.execute("document.getElementById('load-error').scrollIntoView();", vec![]).await.unwrap();
            screenshot(client, "malformed-data-320px.png").await;
            client.set_window_size(1280, 1000).await.unwrap();
        }
        if case.switch_forces {
            another_force_still_works(client, &message).await;
        }
        std::fs::copy(dist().join("data/hampshire").join(case.file), folder.join(case.file)).unwrap();
        republish(broken.path(), &format!("hampshire/{}", case.file));
    }

    // Districts: their outlines are fetched only when mapped, and their problem stays there.
    let wards = harm_core::dataset::parse_wards("wards.csv", &hampshire_text("wards.csv")).unwrap();
    let (portsmouth, name) = (wards[0].district_code.clone(), wards[0].district_name.clone());
    let districts = harm_core::level::area_groups(&wards, Level::District, ("", "")).len();
    std::fs::write(
        folder.join("district-outlines.csv"),
        with_lines("district-outlines.csv", |lines| lines.retain(|l| !l.starts_with(&format!("{portsmouth},")))),
    )
    .unwrap();
    republish(broken.path(), "hampshire/district-outlines.csv");
    client.goto(&format!("{base}/?force=hampshire&level=district")).await.unwrap();
    let message = text_of(client, "#district-error").await;
    assert!(
        message.contains(&format!("hampshire/district-outlines.csv: has no outline for 1 district(s) of hampshire/wards.csv: {portsmouth} ({name})")),
        "{message}"
    );
    assert!(client.find_all(Locator::Css("#load-error")).await.unwrap().is_empty(), "the force itself loaded");
    screenshot(client, "malformed-districts.png").await;
    site_layout::open_view(client, "Table").await;
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", districts).await, districts, "the district table still works");
    site_layout::open_view(client, "Map").await;
    client.find(Locator::Css("#level")).await.unwrap().select_by_value("ward").await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", wards.len()).await, wards.len(), "the ward map still works");
    assert!(client.find_all(Locator::Css("#district-error")).await.unwrap().is_empty(), "the districts' problem is not shown for wards");

    // The five-year series is fetched by the views that show it, and its problem stays there too.
    let series = with_field("stop-search-series.csv", 5, "year", "20x9");
    let says = harm_core::search_series::parse_series("hampshire/stop-search-series.csv", &series).unwrap_err().to_string();
    std::fs::write(folder.join("stop-search-series.csv"), &series).unwrap();
    republish(broken.path(), "hampshire/stop-search-series.csv");
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", wards.len()).await, wards.len(), "the map is drawn without the series");
    site_layout::open_view(client, "Trends").await;
    let message = text_of(client, "#search-series .problem").await;
    assert!(message.contains(&says), "'{says}' is not in '{message}'");
    assert!(client.find_all(Locator::Css("#load-error")).await.unwrap().is_empty(), "the force itself loaded");
}

/// A force chosen while another is still loading stays chosen: the slow
/// earlier load is dropped, not drawn over the later choice.
async fn a_slow_earlier_force_does_not_overwrite_a_later_choice(client: &Client) {
    let slow = std::time::Duration::from_secs(3);
    let base = serve_slowly(dist(), Some(("data/hampshire/ward-outlines.csv", slow))).await;
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert!(wait_for_count(client, "#force option", 2).await >= 2, "the force list loads");
    choose(client, "force", "west-midlands").await;
    assert_eq!(wait_for_count(client, "#map .ward", 192).await, 192);
    tokio::time::sleep(slow + std::time::Duration::from_secs(1)).await;
    let drawn = client.find_all(Locator::Css("#map .ward")).await.unwrap().len();
    assert_eq!(drawn, 192, "West Midlands' 192 wards stay after Hampshire's slow file arrives");
    site_layout::open_view(client, "Force summary").await;
    let heading = text_of(client, "#force-summary h2").await;
    assert!(heading.starts_with("West Midlands"), "{heading}");
}

/// Districts: West Midlands' 7 dissolved outlines; a district's panel adds
/// up its wards; the funnel and table list districts.
async fn district_level(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=west-midlands&level=district&measure=black-share&area=E08000025")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .district", 7).await, 7);
    assert_eq!(client.find_all(Locator::Css("#map .ward")).await.unwrap().len(), 0);
    wait_for_text(client, "#ward-panel .ward-name", "Birmingham").await;
    let published = std::fs::read_to_string(project().join("data/west-midlands/wards.csv")).unwrap();
    let wards = harm_core::dataset::parse_wards("wards.csv", &published).unwrap();
    let birmingham: u64 = wards.iter().filter(|w| w.district_code == "E08000025").map(|w| w.residents).sum();
    assert_eq!(text_of(client, "#ward-panel [data-figure='residents']").await, birmingham.to_string());
    site_layout::open_view(client, "Table").await;
    assert_eq!(wait_for_count(client, "#ward-table tbody tr[data-area-code]", 7).await, 7);
    // Stop and search by district for 2019: every one of the 7 districts has a published ratio.
    client.goto(&format!("{base}/?force=west-midlands&level=district&measure=stop-search-ratio&period=2019&area=E08000025")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .district", 7).await, 7);
    wait_for_text(client, "#ward-panel .ward-name", "Birmingham").await;
    let ratio = text_of(client, "#ward-panel [data-figure='search_ratio']").await;
    assert!(ratio.parse::<f64>().is_ok(), "Birmingham's ratio is published: {ratio}");
    let csv = harm_prep::table::stop_search_table_csv(&project().join("data"), "west-midlands", Basis::SelfDefined, "2019", Level::District).unwrap();
    let ratios: Vec<String> = csv::Reader::from_reader(csv.as_bytes()).records().map(|r| r.unwrap()[11].to_string()).collect();
    assert_eq!(ratios.len(), 8, "7 districts and the force");
    // From the two months of record-level files in 2019, Dudley and Solihull had
    // 1 to 9 Black searches: suppressed, so no ratio; the other five and the force have one.
    let published = ratios.iter().filter(|r| r.parse::<f64>().is_ok()).count();
    assert_eq!(published, 6, "five districts and the force have a record-level ratio for 2019: {ratios:?}");
    assert_eq!(ratio, csv_row(&csv, "E08000025")("rate_ratio"));
    screenshot(client, "west-midlands-districts.png").await;
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Use of force and Taser: the Taser table shows both years, and each ratio
/// cell equals the core function's figure on the published data.
async fn use_of_force_and_taser_by_year(client: &Client, base: &str) {
    use harm_core::use_of_force::{parse_use_of_force, ratio_text, use_of_force_figures, Tactic};
    client.goto(&format!("{base}/?force=hampshire&view=summary")).await.unwrap();
    let data = project().join("data");
    let wards = harm_prep::table::load_force(&data, "hampshire").unwrap().data.wards;
    let residents = wards.iter().fold([0u64; 5], |mut s, w| {
        s.iter_mut().zip([w.asian, w.black, w.mixed, w.white, w.other]).for_each(|(s, n)| *s += n);
        s
    });
    let text = std::fs::read_to_string(data.join("hampshire/use-of-force.csv")).unwrap();
    let rows = parse_use_of_force("use-of-force.csv", &text).unwrap();
    for (tactic, figure) in [(Tactic::Ced, "taser_ratio"), (Tactic::All, "use_of_force_ratio")] {
        assert_eq!(wait_for_count(client, &format!("[data-figure='{figure}']"), 2).await, 2, "{figure}: both years");
        for period in ["2018-19", "2019-20"] {
            let expected = ratio_text(use_of_force_figures(&rows, period, tactic, residents).unwrap().black_white.as_ref());
            let shown = text_of(client, &format!("[data-figure='{figure}'][data-period='{period}']")).await;
            assert_eq!(shown, expected, "{figure} {period} on screen vs harm-core");
        }
    }
    assert!(text_of(client, "[data-figure='use_of_force_unit']").await.contains("one officer's use of one tactic on one person"));
}

/// The five-year district series: at district level with Birmingham
/// selected, the chart draws and its table twin lists 2017-2021, each ratio
/// equal to `harm-prep series` on the published data.
async fn series_chart_draws_five_years(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=west-midlands&level=district&area=E08000025&view=trends")).await.unwrap();
    let rows = "table[data-series='E08000025'] tbody tr[data-year]";
    assert_eq!(wait_for_count(client, rows, 5).await, 5);
    let mut years = Vec::new();
    for row in client.find_all(Locator::Css(rows)).await.unwrap() {
        years.push(row.attr("data-year").await.unwrap().unwrap_or_default());
    }
    assert_eq!(years, ["2017", "2018", "2019", "2020", "2021"]);
    let started = std::time::Instant::now();
    while inked_pixels(client, "series-chart").await < 500 {
        assert!(started.elapsed().as_secs() < 15, "the series chart stays blank");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let cli = harm_prep::series_table::series_csv(&project().join("data"), "west-midlands", Some("E08000025")).unwrap();
    let mut reader = csv::Reader::from_reader(cli.as_bytes());
    for record in reader.records() {
        let record = record.unwrap();
        let (year, ratio) = (&record[2], &record[5]);
        let shown = text_of(client, &format!("{rows}[data-year='{year}'] td[data-col='ratio']")).await;
        assert_eq!(shown, if ratio.is_empty() { "–" } else { ratio }, "Birmingham {year} ratio on screen vs harm-prep series");
    }
    assert!(text_of(client, "[data-figure='series_source']").await.contains("Black Thrive district series"));
    screenshot(client, "west-midlands-series.png").await;
}

/// The icon the page names is served (it was a 404 in every browser tab).
async fn the_page_icon_is_served(client: &Client, base: &str) {
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    let status = client
        .execute(
            "return fetch(document.querySelector('link[rel=icon]').href).then(r => r.status + ' ' + r.headers.get('content-type'));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(status.as_str(), Some("200 image/svg+xml"));
}

#[tokio::test(flavor = "multi_thread")]
async fn site_shows_what_harm_prep_computes() {
    let session = Session::open().await;
    the_page_icon_is_served(&session.client, &session.base).await;
    site_lenses::data_availability_page(&session.client, &session.base).await;
    site_lenses::amber_measure_links_to_data_availability(&session.client, &session.base).await;
    site_lenses::crime_survey_beside_the_force(&session.client, &session.base, &project().join("data")).await;
    site_lenses::real_data_is_not_called_synthetic(&session.client, &session.base).await;
    site_lenses::force_held_lenses_on_the_fixture(&session.client).await;
    hampshire_map_panel_and_table(&session.client, &session.base).await;
    every_measure_equals_the_cli(&session.client, &session.base).await;
    change_since_the_baseline(&session.client, &session.base).await;
    ratio_map_panel_and_funnel(&session.client, &session.base).await;
    no_crime_data_is_said_not_zeroed(&session.client, &session.base).await;
    zero_searches_are_zero(&session.client, &session.base).await;
    district_level(&session.client, &session.base).await;
    malformed_files_are_named_and_other_forces_still_work(&session.client).await;
    a_slow_earlier_force_does_not_overwrite_a_later_choice(&session.client).await;
    use_of_force_and_taser_by_year(&session.client, &session.base).await;
    series_chart_draws_five_years(&session.client, &session.base).await;
    site_modules::a_module_changes_the_force_figure(&session.client, &session.base).await;
    site_modules::peers_sentence_for_a_ward(&session.client, &session.base).await;
    site_modules::trauma_weights_change_the_map(&session.client, &session.base).await;
    session.close().await;
}

/// axe-core finds no WCAG 2.2 A/AA violation (its own browser, so it can run alone: `-- axe`).
#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_wcag_violation() {
    let session = Session::open().await;
    site_axe::no_wcag_violations(&session.client, &session.base).await;
    session.close().await;
}

/// The table download and the force report (tests/site_report), in a
/// browser of their own whose downloads folder the test reads.
#[tokio::test(flavor = "multi_thread")]
async fn downloads_and_the_force_report_equal_harm_prep() {
    let session = Session::open().await;
    site_report::downloaded_table_equals_the_cli(&session.client, session.profile.path(), &session.base).await;
    site_report::report_page_equals_the_cli(&session.client, &session.base).await;
    session.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn site_works_off_its_home_and_offline() {
    let session = Session::open().await;
    site_offline::works_under_a_path_prefix_and_its_policy(&session.client).await;
    site_offline::a_changed_data_file_is_named(&session.client).await;
    site_offline::an_older_manifest_is_said_to_be_unchecked(&session.client).await;
    site_offline::works_offline_after_a_first_visit(&session.client).await;
    site_offline::the_single_file_works_from_disk(&session.client).await;
    session.close().await;
}

/// The page's layout, views, phone width, history and print (tests/site_layout).
#[tokio::test(flavor = "multi_thread")]
async fn site_layout_views_phone_history_print() {
    let session = Session::open().await;
    site_layout::page_figures(&session.client, &session.base).await;
    site_layout::each_file_is_fetched_once(&session.client, &session.base).await;
    site_layout::skip_link(&session.client, &session.base).await;
    site_layout::title_names_the_area(&session.client, &session.base).await;
    site_layout::bad_addresses_are_named(&session.client, &session.base).await;
    site_layout::back_and_forward(&session.client, &session.base).await;
    site_layout::outlier_link_filters_the_table(&session.client, &session.base).await;
    site_layout::screenshots(&session.client, &session.base).await;
    site_layout::no_sideways_scrolling(&session.client, &session.base).await;
    session.close().await;
}

/// The map's keyboard, wheel, district names, place search and downloads
/// (its own browser, so it can run alone: `-- map_`).
#[tokio::test(flavor = "multi_thread")]
async fn map_keyboard_search_and_downloads() {
    let session = Session::open().await;
    site_map::map_keyboard_search_and_downloads(&session.client, &session.base, session.profile.path()).await;
    session.close().await;
}

/// The first view: `data-wards-drawn`, selection by click and keyboard, and
/// the files only other views need left off its path (tests/site_first_view).
#[tokio::test(flavor = "multi_thread")]
async fn first_view_draws_every_ward_selectably() {
    let session = Session::open().await;
    site_first_view::wards_drawn_and_selectable(&session.client, &session.base).await;
    session.close().await;
}

/// The national overview of every district (tests/site_overview).
#[tokio::test(flavor = "multi_thread")]
async fn national_overview_draws_every_district() {
    let session = Session::open().await;
    site_overview::every_district_its_figure_and_its_force(&session.client, &session.base, session.profile.path()).await;
    session.close().await;
}

/// The force picker lists every force with its data, and a force without
/// street crime says what is missing (tests/site_forces; alone: `-- forces`).
#[tokio::test(flavor = "multi_thread")]
async fn force_picker_lists_every_force_with_its_data() {
    let session = Session::open().await;
    site_forces::picker_lists_every_force_and_a_force_without_crime_says_so(&session.client, &session.base).await;
    session.close().await;
}
