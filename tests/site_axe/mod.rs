//! axe-core (the npm package scripts/setup installs into .tools/), injected
//! into the page, checks the rules of WCAG 2.0, 2.1 and 2.2 at levels A and
//! AA in the views a person reaches first. Any violation fails the test,
//! listed with the rule, its help text and the elements at fault.

use crate::support::*;
use fantoccini::Client;
use std::time::Duration;

/// The WCAG levels checked: axe-core's tags for A and AA of 2.0, 2.1 and 2.2.
const TAGS: [&str; 6] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

fn axe_source() -> String {
    let path = project().join(".tools/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (scripts/setup installs axe-core)", path.display()))
}

/// The violations axe-core finds in the page as it is now, one line each.
async fn violations(client: &Client) -> Vec<String> {
    client.execute(&axe_source(), vec![]).await.expect("axe-core loads into the page");
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
                .then(r => done(r.violations.map(v => `${v.id} (${v.impact}): ${v.help}: ` +
                    v.nodes.slice(0, 5).map(n => `${n.target.join(' ')} [${n.failureSummary.replace(/\\s+/g, ' ')}]`).join('; ') +
                    (v.nodes.length > 5 ? `; and ${v.nodes.length - 5} more` : ''))))
                .catch(e => done([`axe-core failed: ${e}`]));",
            vec![serde_json::json!(TAGS)],
        )
        .await
        .expect("axe-core runs");
    found.as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// Loads `query`, waits for `ready` (a CSS selector) and a moment for the
/// page to settle, and returns axe-core's violations with the view named.
async fn check(client: &Client, base: &str, name: &str, query: &str, ready: &str) -> Vec<String> {
    client.goto(&format!("{base}/?{query}")).await.unwrap();
    assert!(wait_for_count(client, ready, 1).await >= 1, "{name}: {ready} never appeared");
    tokio::time::sleep(Duration::from_millis(500)).await;
    violations(client).await.into_iter().map(|v| format!("{name}: {v}")).collect()
}

/// A selected area on the map, however the map marks it.
const SELECTED: &str = "#map [aria-selected=true], #map [aria-current=true], #map .selected-ring";

/// No WCAG 2.2 A or AA violation in the default view, with a ward selected,
/// on the ratio map, in the table view and at phone width.
pub async fn no_wcag_violations(client: &Client, base: &str) {
    let mut found = Vec::new();
    found.extend(check(client, base, "default view", "force=hampshire", "#map .area").await);
    found.extend(check(client, base, "a ward selected", "force=hampshire&area=E05002441", SELECTED).await);
    found.extend(check(client, base, "ratio map", "force=west-midlands&measure=stop-search-ratio&period=2019", "#map .area").await);
    found.extend(check(client, base, "table view", "force=hampshire&view=table", "table").await);
    found.extend(check(client, base, "force report", "force=hampshire&period=2022-23&view=report", "#force-report [data-report-sentence]").await);
    found.extend(check(client, base, "national overview", "force=england-and-wales&area=E06000044", "#overview-value").await);
    found.extend(check(client, base, "national overview table", "force=england-and-wales&view=table", "#overview-table tbody tr").await);
    set_width(client, 320).await;
    found.extend(check(client, base, "phone layout", "force=hampshire&area=E05002441", SELECTED).await);
    set_width(client, 1280).await;
    assert!(found.is_empty(), "axe-core found {} WCAG 2.2 A/AA violation(s):\n{}", found.len(), found.join("\n"));
}
