//! A force's geography: its districts, wards and 2021 LSOAs, with the lookups
//! that carry police.uk's 2011 LSOA codes to 2024 wards.

use crate::error::{PrepError, Result};
use crate::inputs::{boundaries, lookups};
use crate::raw::RawFolder;
use crate::recipe::{ForceRecipe, Inputs};
use geo::{Contains, Distance, Euclidean, MultiPolygon, Point, Rect};
use harm_core::dataset::District;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::RTree;
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

impl LsoaShape {
    pub fn contains(&self, point: Point<f64>) -> bool {
        self.bounds.contains(&point) && self.shape.contains(&point)
    }
}

/// The bounding box of the force's LSOA at an index of `ForceGeography::lsoas`.
type LsoaBox = GeomWithData<Rectangle<[f64; 2]>, usize>;

pub struct ForceGeography {
    pub districts: Vec<District>,
    /// Sorted by code.
    pub wards: Vec<Ward>,
    /// 2021 LSOAs of the force's districts, sorted by code.
    pub lsoas: Vec<LsoaShape>,
    pub ward_of_lsoa21: BTreeMap<String, String>,
    pub lsoa11_children: BTreeMap<String, Vec<String>>,
    pub ward_codes: BTreeSet<String>,
    /// The LSOAs' bounding boxes, so a point is tested against the few
    /// polygons whose box holds it rather than every LSOA of the force.
    lsoa_boxes: RTree<LsoaBox>,
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
        let lsoa_boxes = RTree::bulk_load(
            lsoas
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let (min, max) = (l.bounds.min(), l.bounds.max());
                    GeomWithData::new(Rectangle::from_corners([min.x, min.y], [max.x, max.y]), i)
                })
                .collect(),
        );
        Ok(ForceGeography { districts, wards, lsoas, ward_of_lsoa21, lsoa11_children, ward_codes, lsoa_boxes })
    }

    pub fn lsoa_codes(&self) -> BTreeSet<String> {
        self.lsoas.iter().map(|l| l.code.clone()).collect()
    }

    /// The force LSOA (its index) whose polygon contains `point`; the first
    /// by code should generalised polygons overlap.
    pub fn lsoa_index_containing(&self, point: Point<f64>) -> Option<usize> {
        self.lsoa_boxes
            .locate_all_at_point(&[point.x(), point.y()])
            .map(|b| b.data)
            .filter(|&i| self.lsoas[i].contains(point))
            .min()
    }

    /// The LSOA among `among` (indexes, non-empty) whose polygon is nearest
    /// to `point`, the first by code at equal distance (police.uk moves points
    /// to anonymous map points, which can fall just outside the right LSOA).
    pub fn nearest_of(&self, among: &[usize], point: Point<f64>) -> usize {
        among
            .iter()
            .map(|&i| (Euclidean.distance(&point, &self.lsoas[i].shape), i))
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, i)| i)
            .expect("a split LSOA has a part in the force")
    }
}
