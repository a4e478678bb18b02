//! A force's geography: its districts, wards and 2021 LSOAs, with the lookups
//! that carry police.uk's 2011 LSOA codes to 2024 wards.

use crate::error::{PrepError, Result};
use crate::inputs::{boundaries, lookups};
use crate::raw::RawFolder;
use crate::recipe::{ForceRecipe, Inputs};
use geo::{BoundingRect, Contains, Distance, Euclidean, InteriorPoint, MultiPolygon, Point, Rect};
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

/// Why an LSOA was placed by geometry rather than by the best-fit lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    /// Its 2024 ward is no ward now: the district's wards were redrawn in 2025.
    Redrawn,
    /// Its 2024 ward is in a district the LSOA boundaries do not put it in:
    /// the boundary files, which define the force's area, are followed.
    OtherDistrict,
}

/// Whether `area` repeats a code already read: `Ok(true)` when the earlier
/// feature is the same area (`identical`: same code, name and shape), a
/// record written twice in the file, which is read once; an error naming
/// both places when it is a different area under the same code.
fn repeated(first_place: &mut BTreeMap<String, String>, area: &boundaries::Area, identical: bool) -> Result<bool> {
    match first_place.get(&area.properties[0]) {
        Some(_) if identical => Ok(true),
        Some(first) => Err(PrepError::Check(format!("{}: area {} was already read at {first}", area.place, area.properties[0]))),
        None => {
            first_place.insert(area.properties[0].clone(), area.place.clone());
            Ok(false)
        }
    }
}

type WardBox = GeomWithData<Rectangle<[f64; 2]>, usize>;

fn ward_index(wards: &[Ward]) -> RTree<WardBox> {
    RTree::bulk_load(
        wards
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                let r = w.shape.bounding_rect()?;
                Some(GeomWithData::new(Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]), i))
            })
            .collect(),
    )
}

/// The ward (its index) holding the interior point of `shape`; the first by
/// code should generalised outlines overlap there.
fn ward_holding_interior_point(wards: &[Ward], index: &RTree<WardBox>, shape: &MultiPolygon<f64>) -> Option<usize> {
    let point = shape.interior_point()?;
    index.locate_all_at_point(&[point.x(), point.y()]).map(|b| b.data).filter(|&i| wards[i].shape.contains(&point)).min()
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
    /// LSOAs whose best-fit ward (2024) is not one of the force's 2025
    /// wards, placed in the ward holding their interior point, with why.
    pub placed_by_interior_point: Vec<(String, Placed)>,
    /// Boundary features read once and skipped where repeated: a second
    /// feature with the same code, name and shape (where each was read).
    pub repeated_features: Vec<String>,
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
        let mut wards: Vec<Ward> = Vec::new();
        let mut lsoas: Vec<LsoaShape> = Vec::new();
        // Code -> where it was first read, over every district's file.
        let mut first_place: BTreeMap<String, String> = BTreeMap::new();
        let mut repeated_features = Vec::new();
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
                let same = |w: &Ward| w.code == area.properties[0] && w.name == area.properties[1] && w.shape == area.shape;
                if repeated(&mut first_place, &area, wards.iter().any(same))? {
                    repeated_features.push(area.place);
                    continue;
                }
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
                let same = |l: &LsoaShape| l.code == area.properties[0] && l.shape == area.shape;
                if repeated(&mut first_place, &area, lsoas.iter().any(same))? {
                    repeated_features.push(area.place);
                    continue;
                }
                lsoas.push(LsoaShape { code: area.properties[0].clone(), shape: area.shape, bounds: area.bounds });
            }
        }
        wards.sort_by(|a, b| a.code.cmp(&b.code));
        lsoas.sort_by(|a, b| a.code.cmp(&b.code));
        let ward_codes: BTreeSet<String> = wards.iter().map(|w| w.code.clone()).collect();
        let mut ward_of_lsoa21 = lookups::lsoa21_to_ward(raw, &inputs.lsoa21_to_ward)?;
        // The best-fit lookup is of 2024 wards; where a district's wards were
        // redrawn for 2025 its LSOAs point to codes that are no longer wards.
        // Such an LSOA goes to the 2025 ward holding its interior point (a
        // point inside the LSOA, as best-fit lookups use a population-weighted
        // centroid): best fit by geometry. So does an LSOA the lookup puts in
        // another district's ward. An LSOA whose point no ward of the force
        // holds stops the build, or residents and crimes would be lost
        // between the two geographies. A ward code the lookup gives LSOAs outside this force too is a
        // ward of another district: the lookup and the LSOA boundaries then
        // disagree on the LSOA's district (wards and LSOAs nest in districts).
        let force_lsoas: BTreeSet<&str> = lsoas.iter().map(|l| l.code.as_str()).collect();
        let elsewhere: BTreeSet<&str> =
            ward_of_lsoa21.iter().filter(|(l, _)| !force_lsoas.contains(l.as_str())).map(|(_, w)| w.as_str()).collect();
        let ward_index = ward_index(&wards);
        let mut placed = Vec::new();
        for lsoa in &lsoas {
            match ward_of_lsoa21.get(&lsoa.code) {
                Some(ward) if ward_codes.contains(ward) => {}
                other => {
                    let not_a_ward = || {
                        PrepError::Check(format!(
                            "{}: LSOA {} of force {} maps to {}, which is not one of the force's 2025 wards, and no ward of the force holds its interior point",
                            inputs.lsoa21_to_ward.path,
                            lsoa.code,
                            force.name,
                            other.map_or("no ward", String::as_str)
                        ))
                    };
                    let ward = ward_holding_interior_point(&wards, &ward_index, &lsoa.shape).ok_or_else(not_a_ward)?;
                    let reason = match other {
                        Some(w) if elsewhere.contains(w.as_str()) => Placed::OtherDistrict,
                        _ => Placed::Redrawn,
                    };
                    placed.push((lsoa.code.clone(), wards[ward].code.clone(), reason));
                }
            }
        }
        for (lsoa, ward, _) in &placed {
            ward_of_lsoa21.insert(lsoa.clone(), ward.clone());
        }
        let placed_by_interior_point = placed.into_iter().map(|(lsoa, _, reason)| (lsoa, reason)).collect();
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
        Ok(ForceGeography {
            districts,
            wards,
            lsoas,
            ward_of_lsoa21,
            lsoa11_children,
            ward_codes,
            placed_by_interior_point,
            repeated_features,
            lsoa_boxes,
        })
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
