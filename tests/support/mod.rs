//! What the end-to-end test needs around the browser: a static file server
//! for the built site, ChromeDriver, and a WebDriver session in headless
//! Chromium started with the flags that keep it off the network.

use fantoccini::{Client, ClientBuilder, Locator};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub fn project() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built site; the test cannot build it itself (Trunk does). `SITE_DIST`
/// names another build folder (`trunk build --dist <folder>`).
pub fn dist() -> PathBuf {
    let dist = std::env::var_os("SITE_DIST").map_or_else(|| project().join("dist"), PathBuf::from);
    assert!(
        dist.join("index.html").exists(),
        "{} has no built site: run `trunk build --release` first (scripts/test does)",
        dist.display()
    );
    dist
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "json" | "geojson" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// Serves `root` on a free loopback port; returns the base URL.
pub async fn serve(root: PathBuf) -> String {
    serve_slowly(root, None).await
}

/// Like [`serve`], but answers requests for the path `slow.0` (relative to
/// the root) only after `slow.1`, to test what a slow file does to the page.
pub async fn serve_slowly(root: PathBuf, slow: Option<(&'static str, Duration)>) -> String {
    serve_hosted(root, Hosting { slow, ..Hosting::default() }).await
}

/// How [`serve_hosted`] serves the site, as hosts differ.
#[derive(Clone, Default)]
pub struct Hosting {
    /// A path the site sits under, e.g. `some/prefix/`; every other path is a 404.
    pub prefix: &'static str,
    /// While set, every request is answered 404, as by a host that is down.
    pub refuse: Arc<AtomicBool>,
    /// Puts [`CSP_WATCH`] into the page right after its Content-Security-Policy,
    /// so every violation of the policy is recorded in `window.cspViolations`.
    pub watch_csp: bool,
    /// See [`serve_slowly`].
    pub slow: Option<(&'static str, Duration)>,
}

/// Recorded with the page's own policy in force, before any of its scripts run.
pub const CSP_WATCH: &str = "window.cspViolations = []; document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));";

/// Serves `root` on a free loopback port as `hosting` says; returns the base
/// URL (with the prefix, without a final slash).
pub async fn serve_hosted(root: PathBuf, hosting: Hosting) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let base = match hosting.prefix.trim_end_matches('/') {
        "" => format!("http://{address}"),
        prefix => format!("http://{address}/{prefix}"),
    };
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else { continue };
            let (root, hosting) = (root.clone(), hosting.clone());
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let n = socket.read(&mut buffer).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&buffer[..n]);
                let target = request.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split('?').next().unwrap_or("/").trim_start_matches('/');
                if let Some((_, delay)) = hosting.slow.filter(|(p, _)| *p == path) {
                    tokio::time::sleep(delay).await;
                }
                let served = path.strip_prefix(hosting.prefix).filter(|p| !p.contains("..") && !hosting.refuse.load(Ordering::SeqCst));
                let file = served.map(|p| if p.is_empty() { root.join("index.html") } else { root.join(p) });
                let (status, body, kind) = match (served, file.as_ref().map(std::fs::read)) {
                    (Some("csp-watch.js"), _) if hosting.watch_csp => ("200 OK", CSP_WATCH.as_bytes().to_vec(), "text/javascript"),
                    (Some(_), Some(Ok(body))) => {
                        let file = file.unwrap();
                        let body = if hosting.watch_csp && file.ends_with("index.html") { with_csp_watch(body) } else { body };
                        ("200 OK", body, content_type(&file))
                    }
                    _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.write_all(&body).await;
            });
        }
    });
    base
}

/// The page with a script (a file of the site, so the policy allows it)
/// recording violations, right after its Content-Security-Policy.
fn with_csp_watch(page: Vec<u8>) -> Vec<u8> {
    let page = String::from_utf8(page).unwrap();
    let policy = page.find("http-equiv=\"Content-Security-Policy\"").expect("the page has a Content-Security-Policy");
    let end = policy + page[policy..].find('>').unwrap() + 1;
    format!("{}<script src=\"csp-watch.js\"></script>{}", &page[..end], &page[end..]).into_bytes()
}

/// Lists `relative` (a path under `data/`) in `folder`'s manifest with the
/// SHA-256 of its bytes there now, as a build that published it would: the
/// site then reads the file instead of refusing it as changed.
pub fn republish(folder: &Path, relative: &str) {
    let manifest = folder.join("data/manifest.json");
    let mut m: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let bytes = std::fs::read(folder.join("data").join(relative)).unwrap();
    m["files"][relative] = harm_prep::publish::sha256_hex(&bytes).into();
    std::fs::write(&manifest, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

/// ChromeDriver, stopped when dropped.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn start_driver() -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let child = Command::new(&program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program} (install chromium-driver; scripts/test does): {e}"));
    let driver = Driver { child, url: format!("http://127.0.0.1:{port}") };
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_err() {
        assert!(started.elapsed() < Duration::from_secs(20), "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
}

pub async fn browser(driver: &Driver, profile: &Path) -> Client {
    let binary = std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": binary,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                format!("--user-data-dir={}", profile.display()), "--window-size=1280,1000"
            ],
            // Files the page offers for download land in the profile, where `downloaded` finds them.
            "prefs": {
                "download.default_directory": downloads(profile).display().to_string(),
                "download.prompt_for_download": false
            }
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a WebDriver session in headless Chromium")
}

/// One browser test's world: the built site served on loopback, ChromeDriver
/// and a headless Chromium with a profile of its own (where downloads land).
pub struct Session {
    pub base: String,
    pub client: Client,
    pub profile: tempfile::TempDir,
    _driver: Driver,
}

impl Session {
    pub async fn open() -> Session {
        let base = serve(dist()).await;
        let driver = start_driver().await;
        let profile = tempfile::tempdir().unwrap();
        let client = browser(&driver, profile.path()).await;
        Session { base, client, profile, _driver: driver }
    }

    pub async fn close(self) {
        self.client.close().await.unwrap();
    }
}

/// Sets the window's inner width (the layout viewport), whatever the
/// browser's frame adds around it.
pub async fn set_width(client: &Client, width: u32) {
    let inner = || async { client.execute("return window.innerWidth;", vec![]).await.unwrap().as_u64().unwrap_or(0) as u32 };
    client.set_window_size(width, 900).await.unwrap();
    let first = inner().await;
    if first != width {
        client.set_window_size(2 * width - first, 900).await.unwrap();
    }
    assert_eq!(inner().await, width, "the window is {width} px wide inside");
}

/// Where the browser of `profile` saves downloads.
pub fn downloads(profile: &Path) -> PathBuf {
    profile.join("downloads")
}

/// The file named `name` that the browser of `profile` downloaded, waiting
/// up to 30 s for it to be complete (Chromium writes `<name>.crdownload` first).
pub async fn downloaded(profile: &Path, name: &str) -> Vec<u8> {
    let path = downloads(profile).join(name);
    let started = Instant::now();
    loop {
        if let Ok(bytes) = std::fs::read(&path) {
            if !bytes.is_empty() {
                return bytes;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(30), "{name} was not downloaded into {}", downloads(profile).display());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits up to 30 s for at least `count` elements matching `css`.
pub async fn wait_for_count(client: &Client, css: &str, count: usize) -> usize {
    let started = Instant::now();
    loop {
        let n = client.find_all(Locator::Css(css)).await.map(|v| v.len()).unwrap_or(0);
        if n >= count || started.elapsed() > Duration::from_secs(30) {
            return n;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Text of the first element matching `css`, waiting up to 30 s for it.
/// An element redrawn between finding it and reading it (stale) is found again.
pub async fn text_of(client: &Client, css: &str) -> String {
    let started = Instant::now();
    loop {
        assert!(wait_for_count(client, css, 1).await >= 1, "no element matches {css}");
        match client.find(Locator::Css(css)).await.unwrap().text().await {
            Ok(text) => return text,
            Err(e) => assert!(started.elapsed() < Duration::from_secs(30), "cannot read {css}: {e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a screenshot under tests/output for a person to look at.
pub async fn screenshot(client: &Client, name: &str) -> PathBuf {
    let dir = project().join("tests/output");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, client.screenshot().await.unwrap()).unwrap();
    eprintln!("screenshot: {}", path.display());
    path
}

/// Where the map draws area `code`'s centre (the point its option names in
/// `data-centre`, in the map's units, placed by the view in `data-view-box`
/// as the canvas places it), in the window's CSS pixels, after scrolling the
/// map to the middle of the window. Waits up to 30 s for the map to be drawn.
pub async fn area_point(client: &Client, code: &str) -> (f64, f64) {
    assert!(wait_for_count(client, &format!("#map[data-view-box] #map-area-{code}"), 1).await == 1, "area {code} is not on a drawn map");
    let point = client
        .execute(
            "const m = document.getElementById('map'); m.scrollIntoView({ block: 'center' });
             const [vx, vy, vw, vh] = m.dataset.viewBox.split(' ').map(Number);
             const [x, y] = document.getElementById('map-area-' + arguments[0]).dataset.centre.split(' ').map(Number);
             const r = m.getBoundingClientRect(), w = m.clientWidth, h = m.clientHeight, s = Math.min(w / vw, h / vh);
             return [r.left + m.clientLeft + (w - vw * s) / 2 + (x - vx) * s, r.top + m.clientTop + (h - vh * s) / 2 + (y - vy) * s];",
            vec![code.into()],
        )
        .await
        .unwrap();
    let (x, y): (f64, f64) = serde_json::from_value(point).unwrap();
    let size: (f64, f64) = serde_json::from_value(client.execute("return [innerWidth, innerHeight];", vec![]).await.unwrap()).unwrap();
    assert!(x >= 0.0 && y >= 0.0 && x < size.0 && y < size.1, "area {code}'s centre ({x}, {y}) is outside the window {size:?}");
    (x, y)
}

/// Clicks the map where area `code` is drawn, with the pointer, as a person would.
pub async fn click_area(client: &Client, code: &str) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let (x, y) = area_point(client, code).await;
    let click = MouseActions::new("mouse".into())
        .then(PointerAction::MoveTo { duration: None, x: x.round(), y: y.round() })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    client.perform_actions(click).await.unwrap();
    client.release_actions().await.unwrap();
}

/// The code of the first area of the map matching `css` (an option of `#map`).
pub async fn first_area(client: &Client, css: &str) -> String {
    assert!(wait_for_count(client, css, 1).await >= 1, "no area matches {css}");
    let code = client.find(Locator::Css(css)).await.unwrap().attr("data-area-code").await.unwrap();
    code.unwrap_or_else(|| panic!("{css} has no data-area-code"))
}

/// The name of area `code` as the map's option for it reads ("<name>: <figure>").
pub async fn area_name(client: &Client, code: &str) -> String {
    let label = client.find(Locator::Css(&format!("#map-area-{code}"))).await.unwrap().attr("aria-label").await.unwrap().unwrap_or_default();
    label.split(": ").next().unwrap_or_default().to_string()
}

/// What `script` (a function body ending in `return ...`) returns in the page.
pub async fn evaluate<T: serde::de::DeserializeOwned>(client: &Client, script: &str) -> T {
    serde_json::from_value(client.execute(script, vec![]).await.unwrap()).unwrap()
}

/// The paths of the published data files the page has fetched so far.
pub async fn data_files_fetched(client: &Client) -> Vec<String> {
    evaluate(client, "return performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.includes('/data/'));").await
}
