//! `harm-prep single-file`: one force's map as a single HTML file that opens
//! from disk (file://) with no network. The built site's WebAssembly (base64),
//! its JavaScript and style sheet, the icon and the force's published files
//! are inlined; a small script answers the page's fetches of `data/...` from
//! the inlined files, so the site runs unchanged and still checks every file
//! against the manifest's SHA-256. The manifest lists that force only.

use crate::error::{PrepError, Result};
use crate::publish::sha256_hex;
use base64::Engine;
use harm_core::dataset::{parse_manifest, Manifest};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Answers `fetch("data/<path>")` from the inlined files; any other request
/// goes to the browser's own fetch, which the page's policy keeps off the network.
const DATA_FETCH: &str = r#"(() => {
  const files = JSON.parse(document.getElementById("published-data").textContent);
  const data = new URL("data/", location.href).href;
  const network = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input, location.href).href;
    if (!url.startsWith(data)) return network(input, init);
    const path = decodeURIComponent(url.slice(data.length));
    return Promise.resolve(path in files
      ? new Response(files[path], { status: 200 })
      : new Response(path + " is not in this file", { status: 404, statusText: "Not Found" }));
  };
})();"#;

/// What `dist/index.html` names: the bindings, the WebAssembly and the style sheet.
struct Built {
    js: String,
    wasm: String,
    css: String,
}

fn attribute(page: &str, after: &str, name: &str) -> Option<String> {
    let start = page.find(after)?;
    let rest = &page[start..];
    let value = rest.find(&format!("{name}=\""))? + name.len() + 2;
    let end = rest[value..].find('"')?;
    Some(rest[value..value + end].trim_start_matches("./").to_string())
}

fn built_files(dist: &Path) -> Result<Built> {
    let index = dist.join("index.html");
    let page = std::fs::read_to_string(&index).map_err(PrepError::io(&index))?;
    let missing = |what: &str| PrepError::Check(format!("{}: names no {what}; build the site with `trunk build --release`", index.display()));
    Ok(Built {
        js: attribute(&page, "src=\"./boot.js\"", "data-js").ok_or_else(|| missing("JavaScript bindings"))?,
        wasm: attribute(&page, "src=\"./boot.js\"", "data-wasm").ok_or_else(|| missing("WebAssembly"))?,
        css: attribute(&page, "rel=\"stylesheet\"", "href").ok_or_else(|| missing("style sheet"))?,
    })
}

/// The published manifest limited to `force`, and the files it lists for it
/// (the force's folder but its GeoJSON, and the files of every force), each checked against
/// its hash.
fn force_files(data: &Path, force: &str) -> Result<(Manifest, BTreeMap<String, String>)> {
    let path = data.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(PrepError::io(&path))?;
    let mut manifest = parse_manifest(&path.display().to_string(), &text)?;
    if !manifest.forces.iter().any(|f| f.id == force) {
        let ids: Vec<&str> = manifest.forces.iter().map(|f| f.id.as_str()).collect();
        return Err(PrepError::Check(format!("{} has no force '{force}'; it has {}", path.display(), ids.join(", "))));
    }
    if manifest.files.is_empty() {
        return Err(PrepError::Check(format!("{} lists no file hashes: rebuild the data with harm-prep build", path.display())));
    }
    manifest.forces.retain(|f| f.id == force);
    // One force's file has no national overview.
    manifest.overview = None;
    let folder = format!("{force}/");
    // The page draws from the outline files; the GeoJSON is for other tools.
    manifest.files.retain(|p, _| (p.starts_with(&folder) || !p.contains('/')) && !p.ends_with(".geojson"));
    let mut texts = BTreeMap::new();
    for (relative, hash) in &manifest.files {
        let file = data.join(relative);
        let bytes = std::fs::read(&file).map_err(PrepError::io(&file))?;
        if &sha256_hex(&bytes) != hash {
            return Err(PrepError::Check(format!("{} was changed after it was published: rebuild the data", file.display())));
        }
        let text = String::from_utf8(bytes).map_err(|_| PrepError::Check(format!("{} is not UTF-8 text", file.display())))?;
        texts.insert(relative.clone(), text);
    }
    let manifest_text = serde_json::to_string_pretty(&manifest).expect("manifest serialises") + "\n";
    texts.insert("manifest.json".to_string(), manifest_text);
    Ok((manifest, texts))
}

/// JSON safe inside a `<script>` element: `<` only ever occurs inside its strings.
fn script_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("serialises").replace('<', "\\u003c")
}

fn csp_hash(script: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script.as_bytes())))
}

fn read_text(dist: &Path, name: &str) -> Result<String> {
    let path = dist.join(name);
    std::fs::read_to_string(&path).map_err(PrepError::io(&path))
}

/// The single HTML file of `force`'s map, from the built site in `dist` and
/// the published data in `data`.
pub fn single_file(dist: &Path, data: &Path, force: &str) -> Result<String> {
    let built = built_files(dist)?;
    let (manifest, texts) = force_files(data, force)?;
    let bindings = read_text(dist, &built.js)?;
    let css = read_text(dist, &built.css)?;
    if bindings.contains("</script") || css.contains("</style") {
        return Err(PrepError::Check(format!("{} or {} cannot be inlined: it closes its own element", built.js, built.css)));
    }
    let wasm_path = dist.join(&built.wasm);
    let wasm = std::fs::read(&wasm_path).map_err(PrepError::io(&wasm_path))?;
    let icon = std::fs::read(dist.join("favicon.svg")).map_err(PrepError::io(dist.join("favicon.svg")))?;
    let b64 = base64::engine::general_purpose::STANDARD;
    // The bindings module, then its start with the inlined WebAssembly.
    let start = format!(
        "{bindings}\nconst wasmBytes = Uint8Array.from(atob(document.getElementById(\"app-wasm\").textContent), c => c.charCodeAt(0));\n\
         await __wbg_init({{ module_or_path: wasmBytes }});\n"
    );
    // Scripts and the style sheet are allowed by their hashes: nothing else runs, nothing is fetched.
    let policy = format!(
        "default-src 'none'; script-src {} {} 'wasm-unsafe-eval'; style-src {}; style-src-attr 'unsafe-inline'; img-src data: blob:; connect-src data: blob:; base-uri 'none'; form-action 'none'",
        csp_hash(DATA_FETCH),
        csp_hash(&start),
        csp_hash(&css),
    );
    let name = &manifest.forces[0].name;
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\"/>\n\
         <title>Community Harm Map: {name}</title>\n\
         <meta name=\"description\" content=\"Crime harm and ethnic disparity by ward in {name}, data built {built} (version {version}), in one file that works without a network.\"/>\n\
         <link rel=\"icon\" href=\"data:image/svg+xml;base64,{icon}\"/>\n\
         <style>{css}</style>\n\
         <script type=\"application/json\" id=\"published-data\">{data}</script>\n\
         <script type=\"application/octet-stream\" id=\"app-wasm\">{wasm}</script>\n\
         <script>{DATA_FETCH}</script>\n\
         <script type=\"module\">{start}</script>\n\
         </head>\n<body>\n<noscript>This map needs JavaScript and WebAssembly.</noscript>\n</body>\n</html>\n",
        name = html_escape(name),
        built = manifest.built,
        version = manifest.data_version,
        icon = b64.encode(icon),
        data = script_json(&texts),
        wasm = b64.encode(wasm),
    ))
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_cannot_close_it() {
        let text = script_json(&BTreeMap::from([("a", "</script><script>alert(1)</script>")]));
        assert!(!text.contains('<'), "{text}");
        assert_eq!(serde_json::from_str::<BTreeMap<String, String>>(&text).unwrap()["a"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn the_policy_hash_is_the_browsers() {
        // SHA-256 of "" in base64, as the CSP specification writes it.
        assert_eq!(csp_hash(""), "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    }

    fn golden() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/fixture-dataset")
    }

    #[test]
    fn the_manifest_and_files_of_one_force_only() {
        let (manifest, texts) = force_files(&golden(), "testshire").unwrap();
        assert_eq!(manifest.forces.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["testshire"]);
        assert!(manifest.files.keys().all(|p| p.starts_with("testshire/") || !p.contains('/')), "{:?}", manifest.files.keys());
        assert!(manifest.files.contains_key("testshire/crime.csv") && manifest.files.contains_key("rag.csv"));
        let mut inlined: Vec<&String> = texts.keys().collect();
        inlined.retain(|p| *p != "manifest.json");
        assert_eq!(inlined, manifest.files.keys().collect::<Vec<_>>());
        let limited = parse_manifest("manifest.json", &texts["manifest.json"]).unwrap();
        assert_eq!(limited, manifest);
        let e = force_files(&golden(), "nowhere").unwrap_err().to_string();
        assert!(e.ends_with("has no force 'nowhere'; it has testshire, otherforce"), "{e}");
    }

    #[test]
    fn a_file_changed_after_the_build_is_refused() {
        let data = tempfile::tempdir().unwrap();
        for (path, _) in force_files(&golden(), "otherforce").unwrap().1 {
            let to = data.path().join(&path);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(golden().join(&path), to).unwrap();
        }
        std::fs::write(data.path().join("otherforce/crime.csv"), "ward_code,month\n").unwrap();
        let e = force_files(data.path(), "otherforce").unwrap_err().to_string();
        assert!(e.contains("otherforce/crime.csv was changed after it was published"), "{e}");
    }

    #[test]
    fn names_the_built_files() {
        let page = r#"<link rel="stylesheet" href="./style-1.css"/><script defer src="./boot.js" data-js="./app-2.js" data-wasm="./app-2_bg.wasm"></script>"#;
        let dist = tempfile::tempdir().unwrap();
        std::fs::write(dist.path().join("index.html"), page).unwrap();
        let built = built_files(dist.path()).unwrap();
        assert_eq!((built.js.as_str(), built.wasm.as_str(), built.css.as_str()), ("app-2.js", "app-2_bg.wasm", "style-1.css"));
        std::fs::write(dist.path().join("index.html"), "<html></html>").unwrap();
        assert!(built_files(dist.path()).err().unwrap().to_string().contains("trunk build"));
    }
}
