//! `harm-prep`: builds the published Community Harm Map dataset from raw open
//! data and prints the site's tables as CSV.

pub mod assign;
pub mod bench;
pub mod boundaries_out;
pub mod build;
pub mod built;
pub mod calls_check;
pub mod disclosure_audit;
pub mod error;
pub mod force_held_out;
pub mod force_report;
pub mod geography;
pub mod outline_check;
pub mod overview_out;
pub mod overview_table;
pub mod inputs;
pub mod police_uk_folder;
pub mod publish;
pub mod rag_out;
pub mod raw;
pub mod recipe;
pub mod thresholds;
pub mod searches_out;
pub mod series_out;
pub mod series_table;
pub mod shared_arcs;
pub mod single_file;
pub mod synthesize;
pub mod survey_out;
pub mod table;
pub mod topology;
pub mod uk_time;
pub mod ward_table;
