//! Components of the Community Harm Map site. Every figure is computed by
//! `harm-core` from the published dataset, as `harm-prep table` computes it.
#![cfg(target_arch = "wasm32")]

mod address_notices;
mod app;
mod area_search;
mod built_note;
mod chart_frame;
mod controls;
mod download;
mod first_paint;
mod figure_table;
mod force_held_lens;
mod force_summary;
mod funnel_chart;
mod funnel_outliers;
mod hatch;
mod html_text;
mod legend;
mod load;
mod load_problem;
mod map;
mod map_canvas;
mod map_export;
mod methodology;
mod overview;
mod module_control;
mod peers_panel;
mod rag_page;
mod report_page;
mod search_series;
mod section_nav;
mod state;
mod survey_table;
mod table_download;
mod trauma_score;
mod trend_chart;
mod trends;
mod url_state;
mod use_of_force_table;
mod ward_panel;
mod ward_table;

pub use app::App;
