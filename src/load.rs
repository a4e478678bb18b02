//! Fetching and parsing the published dataset. The small manifest comes
//! first; a force's files are then fetched in parallel, and each is checked
//! against the SHA-256 the manifest lists for it (with the browser's own
//! SubtleCrypto: no hashing code in the WebAssembly). Any missing, changed or
//! malformed file becomes a readable message naming the file and, in the
//! reader's own words, the line, field and value at fault: never a blank page.

use futures::future::{try_join, try_join_all, FutureExt, LocalBoxFuture, Shared};
use gloo_net::http::Request;
use harm_core::csv_rows::InputError;
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest, WardRow};
use harm_core::figures::ForceData;
use harm_core::level::{area_groups, Level};
use harm_core::outlines::{parse_outlines, MapGeometry};
use harm_core::searches::{self, ForceSearches, SearchCounts};
use harm_core::use_of_force::{self, UseOfForceRow};
use std::cell::RefCell;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Where the published dataset sits relative to the page.
const DATA: &str = "data";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("Could not fetch {0}: {1}")]
    Fetch(String, String),
    #[error("{0} is missing from the published data (HTTP {1}).")]
    Missing(String, u16),
    #[error("The published data is malformed: {0}")]
    Malformed(#[from] InputError),
    #[error("{0} was changed after it was published: its SHA-256 is not the one the manifest lists.")]
    Changed(String),
    #[error("{0} is not among the files the manifest lists, so it was not published with this data.")]
    Unlisted(String),
}

impl LoadError {
    /// What a person can do about it.
    pub fn advice(&self) -> &'static str {
        match self {
            LoadError::Fetch(..) => "The connection may have failed: reload the page to try again.",
            LoadError::Missing(..) | LoadError::Malformed(_) | LoadError::Changed(_) | LoadError::Unlisted(_) => {
                "The published data folder is incomplete or has changed since it was built; whoever publishes this map needs to rebuild it with harm-prep build. Reloading the page will not help."
            }
        }
    }
}

/// A force that cannot be shown, and the file that stopped it.
#[derive(Debug, Clone)]
pub struct ForceError {
    pub force: ForceEntry,
    pub error: LoadError,
}

const MANIFEST: &str = "manifest.json";

/// The published manifest, fetched once and shared: the app's resource and
/// every data file's check await the same fetch.
type SharedManifest = Shared<LocalBoxFuture<'static, Result<Arc<Manifest>, LoadError>>>;

thread_local! {
    static PUBLISHED: RefCell<Option<SharedManifest>> = const { RefCell::new(None) };
}

fn published_manifest() -> SharedManifest {
    PUBLISHED.with(|p| {
        p.borrow_mut()
            .get_or_insert_with(|| {
                async {
                    let bytes = fetch_bytes(MANIFEST).await?;
                    Ok(Arc::new(dataset::parse_manifest(MANIFEST, &utf8(MANIFEST, bytes)?)?))
                }
                .boxed_local()
                .shared()
            })
            .clone()
    })
}

async fn fetch_bytes(relative: &str) -> Result<Vec<u8>, LoadError> {
    let url = format!("{DATA}/{relative}");
    let failed = |e: gloo_net::Error| LoadError::Fetch(relative.to_string(), e.to_string());
    let response = Request::get(&url).send().await.map_err(failed)?;
    if !response.ok() {
        return Err(LoadError::Missing(relative.to_string(), response.status()));
    }
    response.binary().await.map_err(failed)
}

fn utf8(relative: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| InputError::file(relative, format!("is not UTF-8 text (byte {})", e.utf8_error().valid_up_to())).into())
}

/// A published file's text, once it matches the SHA-256 the manifest lists.
pub(crate) async fn fetch_text(relative: String) -> Result<String, LoadError> {
    // Fetched beside the manifest, not after it: only the check waits for it.
    let (manifest, bytes) = futures::future::join(published_manifest(), fetch_bytes(&relative)).await;
    let (manifest, bytes) = (manifest?, bytes?);
    check_integrity(&manifest, &relative, &bytes).await?;
    utf8(&relative, bytes)
}

/// Whether the files of `manifest` are checked as they load: it lists their
/// hashes (manifests from before it did do not) and the page can hash
/// (browsers offer SubtleCrypto only to secure pages: https, localhost, a file).
pub fn files_are_checked(manifest: &Manifest) -> bool {
    !manifest.files.is_empty() && subtle_crypto().is_some()
}

fn subtle_crypto() -> Option<web_sys::SubtleCrypto> {
    let window = web_sys::window()?;
    window.is_secure_context().then(|| window.crypto().ok().map(|c| c.subtle())).flatten()
}

async fn check_integrity(manifest: &Manifest, relative: &str, bytes: &[u8]) -> Result<(), LoadError> {
    // Unchecked, as the page's data note says: nothing to check against, or nothing to hash with.
    let Some(subtle) = subtle_crypto().filter(|_| !manifest.files.is_empty()) else { return Ok(()) };
    let expected = manifest.files.get(relative).ok_or_else(|| LoadError::Unlisted(relative.to_string()))?;
    let failed = |e: wasm_bindgen::JsValue| LoadError::Fetch(relative.to_string(), format!("could not be hashed: {e:?}"));
    let promise = subtle.digest_with_str_and_u8_array("SHA-256", bytes).map_err(failed)?;
    let digest = wasm_bindgen_futures::JsFuture::from(promise).await.map_err(failed)?;
    let digest = js_sys::Uint8Array::new(digest.unchecked_ref::<js_sys::ArrayBuffer>()).to_vec();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    if &hex != expected {
        return Err(LoadError::Changed(relative.to_string()));
    }
    Ok(())
}

/// District outlines, fetched after the force's files, in the
/// order the figures list the districts of `wards`.
pub async fn load_districts(entry: &ForceEntry, wards: &[WardRow]) -> Result<MapGeometry, LoadError> {
    let path = ForceFiles::district_outlines(&entry.id);
    let text = fetch_text(path.clone()).await?;
    Ok(parse_outlines(&path, &text, Level::District, &area_list(wards, Level::District), &ForceFiles::wards(&entry.id))?)
}

/// The (code, name) of each area of `level`, in the order the figures list them.
fn area_list(wards: &[WardRow], level: Level) -> Vec<(String, String)> {
    area_groups(wards, level, ("", "")).into_iter().map(|g| (g.code, g.name)).collect()
}

pub async fn load_manifest() -> Result<Manifest, LoadError> {
    published_manifest().await.map(|m| Manifest::clone(&m))
}

/// Everything the site shows for one force.
#[derive(Debug, Clone)]
pub struct ForceBundle {
    pub entry: ForceEntry,
    pub data: ForceData,
    pub geometry: Arc<MapGeometry>,
    pub ward_searches: SearchCounts,
    pub force_searches: Vec<ForceSearches>,
    pub use_of_force: Vec<UseOfForceRow>,
    /// The force-held lenses the manifest lists (victims, calls, ...), each
    /// shown on its own.
    pub lenses: Vec<harm_core::lenses::LensTables>,
}

pub async fn load_force(entry: ForceEntry) -> Result<ForceBundle, ForceError> {
    read_force(&entry).await.map_err(|error| ForceError { force: entry.clone(), error })
}

async fn read_force(entry: &ForceEntry) -> Result<ForceBundle, LoadError> {
    let id = &entry.id;
    let paths = ForceFiles::map_files(id);
    let (texts, lens_texts) = try_join(try_join_all(paths.iter().cloned().map(fetch_text)), crate::force_held_lens::fetch_lenses(entry)).await?;
    let Ok([outlines, wards, crime, weights, ward_searches, force_searches, use_of_force]) = <[String; 7]>::try_from(texts) else {
        unreachable!("one text per path")
    };
    let [outlines_path, wards_path, crime_path, weights_path, ward_searches_path, force_searches_path, use_of_force_path] = &paths;
    let (data, ward_searches, force_searches) = parse_tables(
        entry,
        [wards_path, crime_path, weights_path, ward_searches_path, force_searches_path],
        [&wards, &crime, &weights, &ward_searches, &force_searches],
    )?;
    let geometry = parse_outlines(outlines_path, &outlines, Level::Ward, &area_list(&data.wards, Level::Ward), wards_path)?;
    Ok(ForceBundle {
        ward_searches,
        force_searches,
        use_of_force: use_of_force::parse_use_of_force(use_of_force_path, &use_of_force)?,
        lenses: crate::force_held_lens::parse_lenses(lens_texts, &data.wards)?,
        data,
        entry: entry.clone(),
        geometry: Arc::new(geometry),
    })
}

/// The force's five-year district stop and search series: fetched by the
/// views that show it, not before the map. `None` for a force whose
/// manifest lists no series years (none is published for it).
pub async fn load_search_series(entry: &ForceEntry) -> Result<Option<Vec<harm_core::search_series::SeriesRow>>, LoadError> {
    if entry.stop_search_series_years.is_empty() {
        return Ok(None);
    }
    let path = ForceFiles::stop_search_series(&entry.id);
    let text = fetch_text(path.clone()).await?;
    Ok(Some(harm_core::search_series::parse_series(&path, &text)?))
}

/// A force's residents, crime, weights and stop and search from their
/// published texts (`wards.csv`, `crime.csv`, `category-weights.csv`,
/// `stop-search.csv`, `stop-search-force.csv`, with their paths): read here
/// for the force mapped and for the other forces a ward's peers come from
/// (`peers_panel`), so the readers are compiled into the WebAssembly once.
#[inline(never)]
pub(crate) fn parse_tables(entry: &ForceEntry, paths: [&str; 5], texts: [&str; 5]) -> Result<(ForceData, SearchCounts, Vec<ForceSearches>), LoadError> {
    let wards = dataset::parse_wards(paths[0], texts[0])?;
    let crime = dataset::parse_crime(paths[1], texts[1], &wards, &entry.crime_months)?;
    let weights = dataset::parse_category_weights(paths[2], texts[2])?;
    let ward_searches = searches::parse_search_counts(paths[3], texts[3], &wards, &entry.stop_search_period_keys())?;
    let force_searches = searches::parse_force_searches(paths[4], texts[4])?;
    Ok((ForceData { wards, crime, weights }, ward_searches, force_searches))
}
