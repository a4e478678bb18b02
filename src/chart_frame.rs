//! What every chart carries in its drawing, on screen and in its SVG and PNG
//! downloads alike: a title line, a legend of what each mark means, and the
//! source line. Each chart draws itself once, generic over the plotters
//! backend, inside the area `framed` leaves.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Extra height a framed chart needs beyond its plot: the title, legend and
/// up to three source lines.
pub const FRAME_HEIGHT: u32 = 100;

/// The words drawn around a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub title: String,
    /// Each mark's colour and meaning.
    pub legend: Vec<(RGBColor, String)>,
    pub source: String,
}

/// Source lines are wrapped at this many characters (about 700 px at 11 px).
const SOURCE_CHARS: usize = 118;

/// Fills `root` white, draws `frame`'s title at the top and its legend and
/// source at the bottom, and returns the area left for the plot.
pub fn framed<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, frame: &Frame) -> Option<DrawingArea<DB, Shift>> {
    root.fill(&WHITE).ok()?;
    let (_, height) = root.dim_in_pixel();
    let title = ("sans-serif", 15).into_font().style(FontStyle::Bold).color(&BLACK);
    root.draw(&Text::new(frame.title.clone(), (10, 6), title)).ok()?;
    let source = wrap(&frame.source, SOURCE_CHARS);
    let small = ("sans-serif", 11).into_font().color(&RGBColor(64, 64, 64));
    let source_top = height as i32 - 6 - 13 * source.len() as i32;
    for (k, line) in source.iter().enumerate() {
        root.draw(&Text::new(line.clone(), (10, source_top + 13 * k as i32), small.clone())).ok()?;
    }
    // The legend: a swatch and its words, one row across.
    let legend_top = source_top - 22;
    let mut x = 10;
    let words = ("sans-serif", 12).into_font().color(&BLACK).pos(Pos::new(HPos::Left, VPos::Center));
    for (colour, meaning) in &frame.legend {
        root.draw(&Rectangle::new([(x, legend_top + 2), (x + 14, legend_top + 14)], colour.filled())).ok()?;
        root.draw(&Text::new(meaning.clone(), (x + 19, legend_top + 8), words.clone())).ok()?;
        x += 19 + (meaning.chars().count() as i32 * 6) + 16;
    }
    let (_, rest) = root.split_vertically(26);
    let plot_height = (legend_top - 30).max(0) as u32;
    let (plot, _) = rest.split_vertically(plot_height.min(height.saturating_sub(26)));
    Some(plot)
}

/// `text` in lines of at most `chars` characters, broken between words.
pub fn wrap(text: &str, chars: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= chars => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// The source line of a download: the dataset's title, when it was built
/// and its version (where the manifest records them), and its licence.
pub fn source_line(state: &crate::state::AppState) -> String {
    let Some(manifest) = state.manifest() else { return format!("Source: {}", crate::methodology::LICENCE) };
    let mut built = String::new();
    if !manifest.built.is_empty() {
        built.push_str(&format!(", built {}", manifest.built));
    }
    if !manifest.data_version.is_empty() {
        built.push_str(&format!(", data version {}", manifest.data_version));
    }
    format!("Source: {}{built}. {}", manifest.title, crate::methodology::LICENCE)
}
