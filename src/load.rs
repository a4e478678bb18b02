//! Fetching and parsing the published dataset. The small manifest comes
//! first; a force's files are then fetched in parallel. Any missing or
//! malformed file becomes a readable message naming the file, never a blank page.

use crate::geometry::{project, MapGeometry};
use futures::future::try_join_all;
use gloo_net::http::Request;
use std::sync::Arc;
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest};
use harm_core::figures::ForceData;
use harm_core::searches::{self, ForceSearches, SearchCounts};
use harm_core::use_of_force::{self, UseOfForceRow};

/// Where the published dataset sits relative to the page.
const DATA: &str = "data";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    #[error("Could not fetch {0}: {1}")]
    Fetch(String, String),
    #[error("{0} is missing from the published data (HTTP {1}).")]
    Missing(String, u16),
    #[error("The published data is malformed: {0}")]
    Malformed(String),
}

async fn fetch_text(relative: String) -> Result<String, LoadError> {
    let url = format!("{DATA}/{relative}");
    let response = Request::get(&url).send().await.map_err(|e| LoadError::Fetch(relative.clone(), e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Missing(relative, response.status()));
    }
    response.text().await.map_err(|e| LoadError::Fetch(relative, e.to_string()))
}

/// District outlines, fetched only when a person maps districts.
/// `order` is the districts' (code, name) in the order the figures list them.
pub async fn load_districts(entry: &ForceEntry, order: &[(String, String)]) -> Result<MapGeometry, LoadError> {
    let path = ForceFiles::district_boundaries(&entry.id);
    let text = fetch_text(path.clone()).await?;
    project(&path, &text, order).map_err(LoadError::Malformed)
}

pub async fn load_manifest() -> Result<Manifest, LoadError> {
    let text = fetch_text("manifest.json".into()).await?;
    dataset::parse_manifest("manifest.json", &text).map_err(|e| LoadError::Malformed(e.to_string()))
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
    /// The five-year district stop and search series, where published.
    pub search_series: Option<Vec<harm_core::search_series::SeriesRow>>,
}

fn malformed(e: impl std::fmt::Display) -> LoadError {
    LoadError::Malformed(e.to_string())
}

pub async fn load_force(entry: ForceEntry) -> Result<ForceBundle, LoadError> {
    let id = entry.id.clone();
    let mut paths = vec![
        ForceFiles::boundaries(&id),
        ForceFiles::wards(&id),
        ForceFiles::crime(&id),
        ForceFiles::category_weights(&id),
        ForceFiles::stop_search(&id),
        ForceFiles::stop_search_force(&id),
        ForceFiles::use_of_force(&id),
    ];
    if !entry.stop_search_series_years.is_empty() {
        paths.push(ForceFiles::stop_search_series(&id));
    }
    let texts = try_join_all(paths.iter().cloned().map(fetch_text)).await?;
    let [boundaries, wards, crime, weights, ward_searches, force_searches, use_of_force, series @ ..] = &texts[..] else {
        unreachable!("one text per path")
    };
    let wards = dataset::parse_wards(&paths[1], wards).map_err(malformed)?;
    let crime = dataset::parse_crime(&paths[2], crime, &wards, &entry.crime_months).map_err(malformed)?;
    let weights = dataset::parse_category_weights(&paths[3], weights).map_err(malformed)?;
    let ward_names: Vec<(String, String)> = wards.iter().map(|w| (w.ward_code.clone(), w.ward_name.clone())).collect();
    let geometry = project(&paths[0], boundaries, &ward_names).map_err(LoadError::Malformed)?;
    Ok(ForceBundle {
        ward_searches: searches::parse_search_counts(&paths[4], ward_searches, &wards, &entry.stop_search_period_keys()).map_err(malformed)?,
        force_searches: searches::parse_force_searches(&paths[5], force_searches).map_err(malformed)?,
        use_of_force: use_of_force::parse_use_of_force(&paths[6], use_of_force).map_err(malformed)?,
        search_series: series.first().map(|t| harm_core::search_series::parse_series(&paths[7], t)).transpose().map_err(malformed)?,
        data: ForceData { wards, crime, weights },
        entry,
        geometry: Arc::new(geometry),
    })
}
