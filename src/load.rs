//! Fetching and parsing the published dataset. Any missing or malformed file
//! becomes a readable message naming the file, never a blank page.

use crate::geometry::{project, MapGeometry};
use gloo_net::http::Request;
use harm_core::dataset::{self, ForceEntry, ForceFiles, Manifest};
use harm_core::figures::ForceData;
use harm_core::searches::{self, ForceSearches, WardSearches};
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

async fn fetch_text(relative: &str) -> Result<String, LoadError> {
    let url = format!("{DATA}/{relative}");
    let response = Request::get(&url).send().await.map_err(|e| LoadError::Fetch(relative.to_string(), e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Missing(relative.to_string(), response.status()));
    }
    response.text().await.map_err(|e| LoadError::Fetch(relative.to_string(), e.to_string()))
}

pub async fn load_manifest() -> Result<Manifest, LoadError> {
    let text = fetch_text("manifest.json").await?;
    dataset::parse_manifest("manifest.json", &text).map_err(|e| LoadError::Malformed(e.to_string()))
}

/// Everything the site shows for one force.
#[derive(Debug, Clone)]
pub struct ForceBundle {
    pub entry: ForceEntry,
    pub data: ForceData,
    pub geometry: MapGeometry,
    pub ward_searches: Vec<WardSearches>,
    pub force_searches: Vec<ForceSearches>,
    pub use_of_force: Vec<UseOfForceRow>,
}

fn malformed(e: impl std::fmt::Display) -> LoadError {
    LoadError::Malformed(e.to_string())
}

pub async fn load_force(entry: ForceEntry) -> Result<ForceBundle, LoadError> {
    let id = entry.id.clone();
    let boundaries_path = ForceFiles::boundaries(&id);
    let boundaries = fetch_text(&boundaries_path).await?;
    let wards_path = ForceFiles::wards(&id);
    let wards = dataset::parse_wards(&wards_path, &fetch_text(&wards_path).await?).map_err(malformed)?;
    let crime_path = ForceFiles::crime(&id);
    let crime = dataset::parse_crime(&crime_path, &fetch_text(&crime_path).await?).map_err(malformed)?;
    let weights_path = ForceFiles::category_weights(&id);
    let weights = dataset::parse_category_weights(&weights_path, &fetch_text(&weights_path).await?).map_err(malformed)?;
    let searches_path = ForceFiles::stop_search(&id);
    let ward_searches = searches::parse_ward_searches(&searches_path, &fetch_text(&searches_path).await?).map_err(malformed)?;
    let force_searches_path = ForceFiles::stop_search_force(&id);
    let force_searches =
        searches::parse_force_searches(&force_searches_path, &fetch_text(&force_searches_path).await?).map_err(malformed)?;
    let uof_path = ForceFiles::use_of_force(&id);
    let use_of_force = use_of_force::parse_use_of_force(&uof_path, &fetch_text(&uof_path).await?).map_err(malformed)?;
    let geometry = project(&boundaries_path, &boundaries, &wards).map_err(LoadError::Malformed)?;
    Ok(ForceBundle {
        data: ForceData { wards, crime, weights, crime_months: entry.crime_months.clone() },
        entry,
        geometry,
        ward_searches,
        force_searches,
        use_of_force,
    })
}
