//! Static blocks (sentences and tables with no controls in them) written as
//! escaped HTML text and set with `inner_html`: one string per block instead
//! of a view type per element, which keeps the WebAssembly small. Every text
//! from the data passes through [`esc`].

/// Text escaped for HTML element content and double-quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<tag attrs>text</tag>`, the text escaped; `attrs` is written as given
/// (built from constants and [`esc`]aped values).
pub fn el(tag: &str, attrs: &str, text: &str) -> String {
    let space = if attrs.is_empty() { "" } else { " " };
    format!("<{tag}{space}{attrs}>{}</{tag}>", esc(text))
}

/// One row of a table: its attributes (e.g. `data-area-code="..."`), and its
/// cells, the first a row heading; each cell's attributes and text.
pub struct Row {
    pub attrs: String,
    pub cells: Vec<(String, String)>,
}

/// A table with a caption (`caption_id` for a region to name), column
/// headings and rows whose first cell heads its row.
pub fn table(attrs: &str, caption: (&str, &str), head: &[String], rows: &[Row]) -> String {
    let mut html = format!("<table {attrs}>");
    if !caption.1.is_empty() {
        html.push_str(&el("caption", caption.0, caption.1));
    }
    if !head.is_empty() {
        html.push_str("<thead><tr>");
        for h in head {
            html.push_str(&el("th", "scope=\"col\"", h));
        }
        html.push_str("</tr></thead>");
    }
    html.push_str("<tbody>");
    for row in rows {
        html.push_str(&format!("<tr {}>", row.attrs));
        for (i, (attrs, text)) in row.cells.iter().enumerate() {
            if i == 0 {
                html.push_str(&el("th", &format!("scope=\"row\" {attrs}"), text));
            } else {
                html.push_str(&el("td", attrs, text));
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// A cell with no attributes.
pub fn cell(text: impl Into<String>) -> (String, String) {
    (String::new(), text.into())
}

/// A cell with a `data-` attribute naming it for tests and scripts (`data-figure="peer_median"`).
pub fn data_cell(name: &str, value: &str, text: impl Into<String>) -> (String, String) {
    (format!("data-{name}=\"{}\"", esc(value)), text.into())
}
