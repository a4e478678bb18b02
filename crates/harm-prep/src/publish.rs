//! Writing the published files: deterministic text, written only after every
//! check of the build has passed.

use crate::assign::{Accounting, Rejection};
use crate::error::{PrepError, Result};
use crate::recipe::is_inside;
use crate::inputs::street_crime::WardCounts;
use harm_core::dataset::{WardRow, CRIME_KEY_COLUMNS, WARD_COLUMNS, WEIGHT_COLUMNS};
use harm_core::{Category, Month};
use harm_core::harm::CategoryWeights;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Published files by path relative to the output folder.
#[derive(Default)]
pub struct PublishedFiles {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl PublishedFiles {
    pub fn add(&mut self, path: &str, text: String) {
        self.files.insert(path.to_string(), text.into_bytes());
    }

    /// The SHA-256 of every file, by path: the manifest's `files`.
    pub fn digests(&self) -> BTreeMap<String, String> {
        self.files.iter().map(|(path, bytes)| (path.clone(), sha256_hex(bytes))).collect()
    }

    /// Writes every file into a new folder beside `out`, then moves each of
    /// its top-level entries into `out` (the manifest last, so the site never
    /// reads a manifest naming files not yet there). A failure while writing
    /// leaves `out` untouched; a failure while moving puts back what was moved.
    /// Entries of `out` the build does not write (the recipe) stay.
    pub fn write_all(&self, out: &Path) -> Result<()> {
        if let Some(outside) = self.files.keys().find(|path| !is_inside(path)) {
            return Err(PrepError::Check(format!("the published file '{outside}' would be written outside the output folder")));
        }
        let name = out.file_name().ok_or_else(|| PrepError::Check(format!("--out {} names no folder", out.display())))?;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = name.to_string_lossy();
        let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
        let retired = parent.join(format!(".{name}.previous-{}", std::process::id()));
        let written = self.write_into(&staging).and_then(|()| swap_into(&staging, out, &retired));
        // Both folders are leftovers whether the build published or not.
        let _ = std::fs::remove_dir_all(&staging);
        let _ = std::fs::remove_dir_all(&retired);
        written
    }

    fn write_into(&self, folder: &Path) -> Result<()> {
        if folder.exists() {
            std::fs::remove_dir_all(folder).map_err(PrepError::io(folder))?;
        }
        for (path, bytes) in &self.files {
            let target = folder.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(PrepError::io(parent))?;
            }
            std::fs::write(&target, bytes).map_err(PrepError::io(&target))?;
        }
        Ok(())
    }

    /// Raw and brotli-compressed bytes of the given files (the site's load for one force).
    pub fn sizes(&self, paths: &[String]) -> (usize, usize) {
        let mut raw = 0;
        let mut compressed = 0;
        for path in paths {
            let Some(bytes) = self.files.get(path) else { continue };
            raw += bytes.len();
            let mut out = Vec::new();
            {
                let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
                writer.write_all(bytes).expect("writing to memory");
            }
            compressed += out.len();
        }
        (raw, compressed)
    }
}

/// Lower-case hex SHA-256 of `bytes`, as provenance.json and the manifest write it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The data version: the first 12 hex digits of the SHA-256 of one
/// `path sha256` line per file, in path order. Any changed, added or removed
/// file changes it.
pub fn data_version(digests: &BTreeMap<String, String>) -> String {
    let lines: String = digests.iter().map(|(path, hex)| format!("{path} {hex}\n")).collect();
    sha256_hex(lines.as_bytes())[..12].to_string()
}

/// The one CSV writer of the published files and printed tables, kept in
/// core so the site's downloads write the same bytes.
pub use harm_core::csv_rows::csv_text;

pub fn wards_csv(wards: &[WardRow]) -> String {
    csv_text(
        &WARD_COLUMNS,
        wards.iter().map(|w| {
            // A ward no LSOA best-fits has blank resident cells, not zeros.
            let count = |n: u64| if w.residents_in_neighbours { String::new() } else { n.to_string() };
            vec![
                w.ward_code.clone(),
                w.ward_name.clone(),
                w.district_code.clone(),
                w.district_name.clone(),
                count(w.residents),
                count(w.asian),
                count(w.black),
                count(w.mixed),
                count(w.white),
                count(w.other),
                w.imd_decile.map(|d| d.to_string()).unwrap_or_default(),
                w.rural_urban.clone(),
            ]
        }),
    )
}

/// One line per ward and month that has any record, a column per category.
pub fn crime_csv(counts: &WardCounts) -> String {
    let mut lines: BTreeMap<(&str, Month), [u64; 14]> = BTreeMap::new();
    for ((ward, month, category), n) in counts {
        lines.entry((ward.as_str(), *month)).or_insert([0; 14])[category.index()] += n;
    }
    let mut header: Vec<&str> = CRIME_KEY_COLUMNS.to_vec();
    header.extend(Category::ALL.iter().map(|c| c.label()));
    csv_text(
        &header,
        lines.into_iter().map(|((ward, month), by_category)| {
            let mut row = vec![ward.to_string(), month.to_string()];
            row.extend(by_category.iter().map(u64::to_string));
            row
        }),
    )
}

/// One block of the harm-bearing categories per scheme, in the order given.
pub fn category_weights_csv(schemes: &[CategoryWeights]) -> String {
    csv_text(
        &WEIGHT_COLUMNS,
        schemes.iter().flat_map(|scheme| {
            scheme.weights.iter().map(|w| {
                vec![
                    scheme.scheme.key().to_string(),
                    w.category.label().to_string(),
                    w.weight.map(|x| format!("{x}")).unwrap_or_default(),
                    w.weighted_volume.to_string(),
                    w.volume.to_string(),
                ]
            })
        }),
    )
}

pub fn unweighted_offences_csv(weights: &CategoryWeights) -> String {
    csv_text(
        &["offence_code", "category", "volume", "share_of_volume"],
        weights.unweighted.iter().map(|u| {
            vec![
                u.offence_code.clone(),
                u.category.label().to_string(),
                u.volume.to_string(),
                format!("{:.6}", u.share_of_volume),
            ]
        }),
    )
}

pub fn accounting_csv(accounting: &[Accounting]) -> String {
    let mut text = String::from(Accounting::CSV_HEADER);
    text.push('\n');
    for a in accounting {
        text.push_str(&a.csv_row());
        text.push('\n');
    }
    text
}

/// Rejected rows of every file: `(file, rejections)` pairs.
pub fn rejections_csv<'a>(files: impl IntoIterator<Item = (&'a str, &'a [Rejection])>) -> String {
    csv_text(
        &["file", "line", "field", "value", "reason"],
        files.into_iter().flat_map(|(file, rejected)| {
            rejected.iter().map(move |r| {
                vec![file.to_string(), r.line.to_string(), r.field.clone(), r.value.clone(), r.reason.clone()]
            })
        }),
    )
}

/// Moves each top-level entry of `staging` into `out`, the old one into
/// `retired`; on a failure, moves back what was moved.
fn swap_into(staging: &Path, out: &Path, retired: &Path) -> Result<()> {
    std::fs::create_dir_all(out).map_err(PrepError::io(out))?;
    std::fs::create_dir_all(retired).map_err(PrepError::io(retired))?;
    let mut entries: Vec<std::ffi::OsString> = std::fs::read_dir(staging)
        .map_err(PrepError::io(staging))?
        .map(|e| e.map(|e| e.file_name()))
        .collect::<std::io::Result<_>>()
        .map_err(PrepError::io(staging))?;
    entries.sort_by_key(|e| (e == "manifest.json", e.clone()));
    let mut moved: Vec<(&std::ffi::OsString, bool)> = Vec::new();
    for entry in &entries {
        let (old, new) = (out.join(entry), staging.join(entry));
        let had_old = old.exists();
        let step = if had_old { std::fs::rename(&old, retired.join(entry)).map_err(PrepError::io(&old)) } else { Ok(()) }
            .and_then(|()| {
                std::fs::rename(&new, &old).map_err(|e| {
                    if had_old {
                        let _ = std::fs::rename(retired.join(entry), &old);
                    }
                    PrepError::io(&new)(e)
                })
            });
        if let Err(e) = step {
            for (entry, had_old) in moved.into_iter().rev() {
                let _ = std::fs::remove_dir_all(out.join(entry)).or_else(|_| std::fs::remove_file(out.join(entry)));
                if had_old {
                    let _ = std::fs::rename(retired.join(entry), out.join(entry));
                }
            }
            return Err(e);
        }
        moved.push((entry, had_old));
    }
    Ok(())
}
