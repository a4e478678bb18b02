//! A force's geography: its districts, wards and 2021 LSOAs, with the lookups
//! that carry police.uk's 2011 LSOA codes to 2024 wards.

use crate::error::{PrepError, Result};
use crate::inputs::{boundaries, lookups};
use crate::raw::RawFolder;
use crate::recipe::{ForceRecipe, Inputs};
use geo::{Contains, Distance, Euclidean, MultiPolygon, Point, Rect};
use harm_core::dataset::District;
use std::collections::{BTreeMap, BTreeSet};

pub struct Ward {
    pub code: String,
    pub name: String,
    pub district: District,
    pub shape: MultiPolygon<f64>,
}

pub struct LsoaShape {
    pub code: String,
    pub shape: MultiPolygon<f64>,
    pub bounds: Rect<f64>,
}

pub struct ForceGeography {
    pub districts: Vec<District>,
    /// Sorted by code.
    pub wards: Vec<Ward>,
    /// 2021 LSOAs of the force's districts, sorted by code.
    pub lsoas: Vec<LsoaShape>,
    pub ward_of_lsoa21: BTreeMap<String, String>,
    pub lsoa11_children: BTreeMap<String, Vec<String>>,
    pub ward_codes: BTreeSet<String>,
}

impl ForceGeography {
    pub fn read(raw: &RawFolder, inputs: &Inputs, force: &ForceRecipe) -> Result<ForceGeography> {
        let districts = lookups::force_districts(raw, &inputs.force_lookup, &force.code)?;
        if districts.is_empty() {
            return Err(PrepError::Check(format!(
                "{}: no district belongs to force {} ({})",
                inputs.force_lookup.path, force.name, force.code
            )));
        }
        let mut wards = Vec::new();
        let mut lsoas = Vec::new();
        // Code -> where it was first read, over every district's file.
        let mut first_place: BTreeMap<String, String> = BTreeMap::new();
        let mut once = |code: &str, place: &str| match first_place.get(code) {
            Some(first) => Err(PrepError::Check(format!("{place}: area {code} was already read at {first}"))),
            None => {
                first_place.insert(code.to_string(), place.to_string());
                Ok(())
            }
        };
        for district in &districts {
            for area in boundaries::district_areas(
                raw,
                "ward_boundaries",
                &inputs.ward_boundaries,
                &district.code,
                &["ward_code", "ward_name", "district_code"],
            )? {
                if area.properties[2] != district.code {
                    return Err(PrepError::Check(format!(
                        "{}/{}.geojson: ward {} says it is in district {}",
                        inputs.ward_boundaries.path, district.code, area.properties[0], area.properties[2]
                    )));
                }
                once(&area.properties[0], &area.place)?;
                let [code, name, _] = <[String; 3]>::try_from(area.properties).expect("three properties asked for");
                wards.push(Ward { code, name, district: district.clone(), shape: area.shape });
            }
            for area in boundaries::district_areas(
                raw,
                "lsoa21_boundaries",
                &inputs.lsoa21_boundaries,
                &district.code,
                &["lsoa21_code"],
            )? {
                once(&area.properties[0], &area.place)?;
                lsoas.push(LsoaShape { code: area.properties[0].clone(), shape: area.shape, bounds: area.bounds });
            }
        }
        wards.sort_by(|a, b| a.code.cmp(&b.code));
        lsoas.sort_by(|a, b| a.code.cmp(&b.code));
        let ward_codes: BTreeSet<String> = wards.iter().map(|w| w.code.clone()).collect();
        let ward_of_lsoa21 = lookups::lsoa21_to_ward(raw, &inputs.lsoa21_to_ward)?;
        // Every LSOA of the force's districts must land in one of its wards,
        // or residents and crimes would be lost between the two geographies.
        for lsoa in &lsoas {
            match ward_of_lsoa21.get(&lsoa.code) {
                Some(ward) if ward_codes.contains(ward) => {}
                other => {
                    return Err(PrepError::Check(format!(
                        "{}: LSOA {} of force {} maps to {}, which is not one of the force's wards",
                        inputs.lsoa21_to_ward.path,
                        lsoa.code,
                        force.name,
                        other.map_or("no ward", String::as_str)
                    )))
                }
            }
        }
        let lsoa11_children = lookups::lsoa11_to_lsoa21(raw, &inputs.lsoa11_to_lsoa21)?;
        Ok(ForceGeography { districts, wards, lsoas, ward_of_lsoa21, lsoa11_children, ward_codes })
    }

    pub fn lsoa_codes(&self) -> BTreeSet<String> {
        self.lsoas.iter().map(|l| l.code.clone()).collect()
    }

    pub fn has_lsoa(&self, code: &str) -> bool {
        self.lsoas.binary_search_by(|l| l.code.as_str().cmp(code)).is_ok()
    }

    fn candidates<'a>(&'a self, among: Option<&'a [String]>) -> impl Iterator<Item = &'a LsoaShape> {
        self.lsoas.iter().filter(move |l| among.is_none_or(|codes| codes.contains(&l.code)))
    }

    /// The force LSOA (among `among`, or any) whose polygon contains `point`.
    pub fn lsoa_containing<'a>(&'a self, among: Option<&'a [String]>, point: Point<f64>) -> Option<&'a str> {
        self.candidates(among)
            .find(|l| l.bounds.contains(&point) && l.shape.contains(&point))
            .map(|l| l.code.as_str())
    }

    /// The force LSOA among `among` whose polygon is nearest to `point`
    /// (police.uk moves points to anonymous map points, which can fall just
    /// outside the right LSOA).
    pub fn nearest_lsoa<'a>(&'a self, among: &'a [String], point: Point<f64>) -> Option<&'a str> {
        self.candidates(Some(among))
            .map(|l| (Euclidean.distance(&point, &l.shape), l.code.as_str()))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)))
            .map(|(_, code)| code)
    }
}
