//! The raw-data folder. Every file the build reads goes through here, so the
//! published provenance.json lists exactly the inputs used, each with its sha256.

use crate::error::{PrepError, Result};
use crate::recipe::InputSpec;
use harm_core::dataset::InputRecord;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub struct RawFolder {
    root: PathBuf,
    /// Behind a lock so month files can be read on every core.
    read: Mutex<BTreeMap<String, InputRecord>>,
}

impl RawFolder {
    pub fn new(root: &Path) -> Result<RawFolder> {
        if !root.is_dir() {
            return Err(PrepError::Io {
                path: root.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "the raw-data folder does not exist"),
            });
        }
        Ok(RawFolder { root: root.to_path_buf(), read: Mutex::new(BTreeMap::new()) })
    }

    /// Reads `relative` (a path under the raw folder, with `/` separators) as
    /// part of input `input`, recording its hash for provenance.json.
    pub fn read(&self, input: &str, spec: &InputSpec, relative: &str) -> Result<Vec<u8>> {
        let path = self.root.join(relative);
        let bytes = std::fs::read(&path).map_err(PrepError::io(relative))?;
        let sha256 = crate::publish::sha256_hex(&bytes);
        self.read.lock().expect("no reader panics holding the lock").insert(
            relative.to_string(),
            InputRecord {
                input: input.to_string(),
                path: relative.to_string(),
                sha256,
                bytes: bytes.len() as u64,
                vintage: spec.vintage.clone(),
                licence: spec.licence.clone(),
            },
        );
        Ok(bytes)
    }

    pub fn is_dir(&self, relative: &str) -> bool {
        self.root.join(relative).is_dir()
    }

    /// Files under `relative` (recursively), as sorted relative paths.
    pub fn list_files(&self, relative: &str) -> Result<Vec<String>> {
        let mut found = Vec::new();
        let mut pending = vec![relative.trim_end_matches('/').to_string()];
        while let Some(dir) = pending.pop() {
            let entries = std::fs::read_dir(self.root.join(&dir)).map_err(PrepError::io(&dir))?;
            for entry in entries {
                let entry = entry.map_err(PrepError::io(&dir))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let child = format!("{dir}/{name}");
                if entry.path().is_dir() {
                    pending.push(child);
                } else {
                    found.push(child);
                }
            }
        }
        found.sort();
        Ok(found)
    }

    /// Every file read so far, sorted by path.
    pub fn inputs_read(&self) -> Vec<InputRecord> {
        self.read.lock().expect("no reader panics holding the lock").values().cloned().collect()
    }
}
