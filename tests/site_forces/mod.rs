//! The force picker: every published force in name order, each saying what
//! data it has in the words `harm-prep forces` prints (harm-core's
//! `force_data`), after the national overview; choosing a force without
//! street crime by keyboard draws its wards and says what is missing, never zero.

use crate::support::*;
use fantoccini::{key::Key, Client, Locator};
use harm_core::dataset::parse_manifest;
use harm_core::force_data::{forces_by_name, picker_label};

/// (value, text) of every option of the force picker, in page order.
async fn picker_options(client: &Client) -> Vec<(String, String)> {
    evaluate(client, "return [...document.querySelectorAll('#force option')].map(o => [o.value, o.textContent]);").await
}

pub async fn picker_lists_every_force_and_a_force_without_crime_says_so(client: &Client, base: &str) {
    let manifest = parse_manifest("manifest.json", &std::fs::read_to_string(project().join("data/manifest.json")).unwrap()).unwrap();
    // The national overview first, when published, then every force by name with its data.
    let expected: Vec<(String, String)> = manifest
        .overview
        .iter()
        .map(|o| (o.id.clone(), o.name.clone()))
        .chain(forces_by_name(&manifest.forces).into_iter().map(|f| (f.id.clone(), picker_label(f))))
        .collect();
    let total = expected.len();

    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert_eq!(wait_for_count(client, "#force option", total).await, total, "the picker lists every force");
    assert_eq!(picker_options(client).await, expected, "in name order, each with its data");
    // Labelled: its accessible name is the visible label.
    let label = client.execute("return document.getElementById('force').labels[0].textContent.trim();", vec![]).await.unwrap();
    assert!(label.as_str().unwrap_or_default().starts_with("Force area"), "{label}");

    // A force without street crime, chosen by keyboard: focus the picker and type its name.
    let quiet = forces_by_name(&manifest.forces).into_iter().find(|f| f.crime_months.is_empty()).expect("a force without street crime");
    let quiet_label = picker_label(quiet);
    assert!(quiet_label.starts_with(&format!("{} — no street crime", quiet.name)), "{quiet_label}");
    let picker = client.find(Locator::Css("#force")).await.unwrap();
    client.execute("document.getElementById('force').focus();", vec![]).await.unwrap();
    picker.send_keys(&quiet.name).await.unwrap();
    picker.send_keys(&Key::Enter.to_string()).await.unwrap();
    let drawn = format!("#map[data-wards-drawn='{}']", quiet.ward_count);
    assert_eq!(wait_for_count(client, &drawn, 1).await, 1, "{}'s {} wards are drawn", quiet.name, quiet.ward_count);
    // Said whether or not the force has other months (stop and search) in the period.
    let note = text_of(client, "#months-note").await;
    let missing = [
        format!("no street-crime data (No police.uk street-level crime data for {} is in this dataset.)", quiet.name),
        format!("No crime or stop-and-search months are published for {}.", quiet.name),
    ];
    assert!(missing.iter().any(|m| note.contains(m.as_str())), "{note}");

    screenshot(client, "force-without-any-months.png").await;

    // A ward of a force with stop and search months but no street crime:
    // its crime is said to be missing, not zero.
    let searched = forces_by_name(&manifest.forces).into_iter().find(|f| f.crime_months.is_empty() && !f.stop_search_months.is_empty()).unwrap();
    client.goto(&format!("{base}/?force={}", searched.id)).await.unwrap();
    let drawn = format!("#map[data-wards-drawn='{}']", searched.ward_count);
    assert_eq!(wait_for_count(client, &drawn, 1).await, 1);
    let ward = first_area(client, "#map .ward").await;
    click_area(client, &ward).await;
    assert!(wait_for_count(client, "#ward-panel .no-data", 1).await >= 1, "the ward panel says what is missing");
    let panel = text_of(client, "#ward-panel").await;
    assert!(panel.contains("No street-crime data is published for this force and period, so crime and harm are not shown (not zero)."), "{panel}");
    screenshot(client, "force-without-street-crime.png").await;

    // At 320 px the long option texts do not widen the page.
    set_width(client, 320).await;
    let fits = client.execute("const p = document.documentElement; return p.scrollWidth <= p.clientWidth;", vec![]).await.unwrap();
    assert_eq!(fits, serde_json::Value::Bool(true), "no sideways scroll at 320 px with the force picker");
    screenshot(client, "force-without-street-crime-320.png").await;
    set_width(client, 1280).await;
}
