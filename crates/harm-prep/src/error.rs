//! Errors of the preparation tool. Each names the file and, where there is
//! one, the line, field and value, so an analyst knows what to fix.

use harm_core::csv_rows::InputError;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum PrepError {
    #[error(transparent)]
    Input(#[from] InputError),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("recipe {path}: {reason}")]
    Recipe { path: PathBuf, reason: String },
    #[error("{path}: {reason}")]
    Geometry { path: PathBuf, reason: String },
    #[error("check failed: {0}")]
    Check(String),
}

impl PrepError {
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> PrepError {
        let path = path.into();
        move |source| PrepError::Io { path, source }
    }
}

pub type Result<T> = std::result::Result<T, PrepError>;
