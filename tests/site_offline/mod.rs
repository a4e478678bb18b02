//! The site off its home: under a path prefix, under its Content-Security-
//! Policy, with a data file changed after publication, offline after a first
//! visit, and as a single file opened from disk.

use crate::support::*;
use fantoccini::{Client, Locator};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn manifest() -> harm_core::dataset::Manifest {
    let text = std::fs::read_to_string(project().join("data/manifest.json")).unwrap();
    harm_core::dataset::parse_manifest("manifest.json", &text).unwrap()
}

fn hampshire_wards() -> usize {
    manifest().forces.iter().find(|f| f.id == "hampshire").unwrap().ward_count
}

/// What the page says about the data it shows, from the committed manifest.
fn built_note() -> String {
    let m = manifest();
    format!("Data built {} (version {}); each file checked against its published SHA-256.", m.built, m.data_version)
}

async fn strings(client: &Client, script: &str) -> Vec<String> {
    let value = client.execute(script, vec![]).await.unwrap();
    value.as_array().unwrap_or_else(|| panic!("{script} gave {value}")).iter().map(|v| v.as_str().unwrap_or_default().to_string()).collect()
}

/// Served under `/some/prefix/`, under its own policy: the map draws, says
/// when its data was built, fetches nothing outside the prefix, and nothing
/// breaks the policy.
pub async fn works_under_a_path_prefix_and_its_policy(client: &Client) {
    let base = serve_hosted(dist(), Hosting { prefix: "some/prefix/", watch_csp: true, ..Hosting::default() }).await;
    assert!(base.ends_with("/some/prefix"));
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    let wards = hampshire_wards();
    assert_eq!(wait_for_count(client, "#map .ward", wards).await, wards, "the map draws under the prefix");
    assert_eq!(text_of(client, "#built-note").await, built_note());
    let policy = client
        .execute("const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]'); return m ? m.content : '';", vec![])
        .await
        .unwrap();
    let policy = policy.as_str().unwrap();
    for directive in ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval';", "connect-src 'self'", "img-src 'self' data: blob:"] {
        assert!(policy.contains(directive), "the policy has {directive}: {policy}");
    }
    assert!(!policy.contains("script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline'"), "{policy}");
    // Every URL the page named or fetched is under the prefix.
    let fetched = strings(client, "return performance.getEntriesByType('resource').map(e => e.name);").await;
    assert!(fetched.iter().any(|u| u.ends_with("/some/prefix/data/hampshire/crime.csv")), "{fetched:?}");
    let outside: Vec<&String> = fetched.iter().filter(|u| !u.starts_with(&format!("{base}/"))).collect();
    assert!(outside.is_empty(), "fetched outside the prefix: {outside:?}");
    // A ward chosen and the table shown, still within the policy.
    click_area(client, &first_area(client, "#map .ward").await).await;
    assert!(wait_for_count(client, "#ward-panel .ward-name", 1).await >= 1);
    let violations = strings(client, "return window.cspViolations;").await;
    assert!(violations.is_empty(), "the policy was broken: {violations:?}");
    screenshot(client, "under-a-prefix.png").await;
}

/// One byte of a published file changed after the build: the force is not
/// shown, and the page names the file.
pub async fn a_changed_data_file_is_named(client: &Client) {
    let site = tempfile::tempdir().unwrap();
    crate::copy_tree(&dist(), site.path());
    let crime = site.path().join("data/hampshire/crime.csv");
    let mut bytes = std::fs::read(&crime).unwrap();
    // A count's last digit, so the file still reads as a valid table.
    let at = bytes.iter().rposition(|b| b.is_ascii_digit()).unwrap();
    bytes[at] = if bytes[at] == b'9' { b'8' } else { bytes[at] + 1 };
    std::fs::write(&crime, bytes).unwrap();
    let base = serve(site.path().to_path_buf()).await;
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert_eq!(
        text_of(client, "#load-error .problem").await,
        "hampshire/crime.csv was changed after it was published: its SHA-256 is not the one the manifest lists."
    );
    assert!(client.find_all(Locator::Css("#map .area")).await.unwrap().is_empty(), "no map is drawn from a changed file");
    screenshot(client, "changed-data-file.png").await;
    // The other force's files are untouched, and it still works.
    client.goto(&format!("{base}/?force=west-midlands")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", 192).await, 192);
}

/// A manifest from before file hashes were published: its data is shown,
/// and the page says its files were not checked.
pub async fn an_older_manifest_is_said_to_be_unchecked(client: &Client) {
    let site = tempfile::tempdir().unwrap();
    crate::copy_tree(&dist(), site.path());
    let path = site.path().join("data/manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for field in ["files", "built", "data_version"] {
        m.as_object_mut().unwrap().remove(field);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    let base = serve(site.path().to_path_buf()).await;
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    let wards = hampshire_wards();
    assert_eq!(wait_for_count(client, "#map .ward", wards).await, wards);
    assert_eq!(
        text_of(client, "#built-note").await,
        "Data build date not recorded; files not checked: this data's manifest lists no file hashes."
    );
}

/// Waits until `script` (returning a boolean, perhaps as a promise) is true.
async fn wait_until(client: &Client, script: &str, what: &str) {
    let started = Instant::now();
    while client.execute(script, vec![]).await.unwrap().as_bool() != Some(true) {
        assert!(started.elapsed() < Duration::from_secs(30), "waited 30 s for {what}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// After one visit, the map still appears with the host refusing everything.
pub async fn works_offline_after_a_first_visit(client: &Client) {
    let hosting = Hosting::default();
    let refuse = hosting.refuse.clone();
    let base = serve_hosted(dist(), hosting).await;
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    let wards = hampshire_wards();
    assert_eq!(wait_for_count(client, "#map .ward", wards).await, wards);
    wait_until(client, "return navigator.serviceWorker.ready.then(r => !!r.active);", "the service worker").await;
    // Every data file this visit fetched is kept, including those fetched before the worker started.
    let uncached = "const fetched = performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/data/'));\
         return caches.open('community-harm-map').then(c => Promise.all(fetched.map(n => c.match(n).then(m => m ? '' : n)))).then(m => m.filter(Boolean));";
    let started = Instant::now();
    loop {
        let missing = strings(client, uncached).await;
        if missing.is_empty() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "waited 30 s for the data viewed to be cached: {missing:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // A file of an earlier release is dropped when the page comes again and no longer names it.
    let old = "new URL('community-harm-map-0123456789abcdef_bg.wasm', location.href).href";
    client
        .execute(&format!("return caches.open('community-harm-map').then(c => c.put({old}, new Response('an earlier release')));"), vec![])
        .await
        .unwrap();
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", wards).await, wards);
    wait_until(
        client,
        &format!("return caches.open('community-harm-map').then(c => c.match({old})).then(m => m === undefined);"),
        "the earlier release's file to leave the cache",
    )
    .await;
    refuse.store(true, Ordering::SeqCst);
    client.goto(&format!("{base}/?force=hampshire")).await.unwrap();
    assert_eq!(wait_for_count(client, "#map .ward", wards).await, wards, "the map appears with the host down");
    assert_eq!(text_of(client, "#built-note").await, built_note(), "and says when its data was built");
    click_area(client, &first_area(client, "#map .ward").await).await;
    assert!(wait_for_count(client, "#ward-panel .ward-name", 1).await >= 1, "a ward can be chosen offline");
    screenshot(client, "offline-after-a-visit.png").await;
    refuse.store(false, Ordering::SeqCst);
}

/// The single file of Hampshire's map, opened from disk with no server.
pub async fn the_single_file_works_from_disk(client: &Client) {
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("hampshire.html");
    let html = harm_prep::single_file::single_file(&dist(), &project().join("data"), "hampshire").unwrap();
    std::fs::write(&out, &html).unwrap();
    eprintln!("single file: {} bytes", html.len());
    client.goto(&format!("file://{}", out.display())).await.unwrap();
    let wards = hampshire_wards();
    assert_eq!(wait_for_count(client, "#map .ward", wards).await, wards, "the map draws from file://");
    assert_eq!(text_of(client, "#built-note").await, built_note(), "its files are checked");
    let forces = strings(client, "return [...document.querySelectorAll('#force option')].map(o => o.value);").await;
    assert_eq!(forces, ["hampshire"], "the file holds one force");
    let ward = first_area(client, "#map .ward").await;
    let name = area_name(client, &ward).await;
    click_area(client, &ward).await;
    assert_eq!(text_of(client, "#ward-panel .ward-name").await, name, "a ward can be chosen");
    screenshot(client, "single-file.png").await;
}
