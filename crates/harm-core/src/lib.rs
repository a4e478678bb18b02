//! Model and statistics of Community Harm Map.
//!
//! Everything the site shows and the `harm-prep` tool prints is computed here,
//! so a figure in a CSV export equals the figure on screen. The crate has no web
//! or file-system dependencies: callers hand it text and numbers.

pub mod availability;
pub mod breaks;
pub mod category;
pub mod change;
pub mod csv_rows;
pub mod dataset;
pub mod disclosure;
pub mod ethnicity;
pub mod exposure;
pub mod figures;
pub mod force_data;
pub mod format;
pub mod funnel;
pub mod harm;
pub mod intervals;
pub mod lenses;
pub mod level;
pub mod measures;
pub mod module_searches;
pub mod modules;
pub mod month;
pub mod neighbours;
pub mod outlines;
pub mod overview;
pub mod peers;
pub mod period;
pub mod place_search;
pub mod rag;
pub mod ranking;
pub mod report;
pub mod rates;
pub mod search_series;
pub mod searches;
pub mod sensitivity;
pub mod survey;
pub mod survey_table;
pub mod table_file;
pub mod trauma;
pub mod trend;
pub mod use_of_force;
pub mod view;

pub use category::Category;
pub use month::Month;
