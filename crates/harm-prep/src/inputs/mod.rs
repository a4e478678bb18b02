//! Readers of the raw inputs named in the recipe. Each reader takes columns
//! by the names the recipe gives and reports bad values with file, line,
//! field and value.

pub mod boundaries;
pub mod census;
pub mod force_held;
pub mod lookups;
pub mod offences;
pub mod stop_search;
pub mod street_crime;
pub mod use_of_force;
pub mod weights;
