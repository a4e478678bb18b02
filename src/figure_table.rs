//! One plain figures table built from data (caption, header rows, rows of
//! text cells), shared by the force-held lenses and the crime survey, so the
//! WebAssembly carries one table's code rather than one per table.

use leptos::prelude::*;

/// A header cell: text, columns and rows it spans, and its scope.
pub struct Head {
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
    pub scope: &'static str,
}

impl Head {
    pub fn col(text: impl Into<String>) -> Head {
        Head { text: text.into(), colspan: 1, rowspan: 1, scope: "col" }
    }

    pub fn spanning(text: impl Into<String>, colspan: u32, rowspan: u32, scope: &'static str) -> Head {
        Head { text: text.into(), colspan, rowspan, scope }
    }
}

/// A body cell, with the `data-` names tests and styles find it by.
#[derive(Default)]
pub struct Td {
    pub text: String,
    pub colspan: Option<u32>,
    pub col: Option<&'static str>,
    pub group: Option<&'static str>,
    pub figure: Option<&'static str>,
}

impl Td {
    pub fn of(text: impl Into<String>) -> Td {
        Td { text: text.into(), ..Td::default() }
    }

    pub fn col(mut self, col: &'static str) -> Td {
        self.col = Some(col);
        self
    }

    pub fn group(mut self, group: &'static str) -> Td {
        self.group = Some(group);
        self
    }

    pub fn figure(mut self, figure: &'static str) -> Td {
        self.figure = Some(figure);
        self
    }

    pub fn span(mut self, colspan: u32) -> Td {
        self.colspan = Some(colspan);
        self
    }
}

/// A body row: its header (with an optional note under it) and cells; `key`
/// is written as `data-<key.0>="<key.1>"` (e.g. `data-group="black"`).
pub struct Tr {
    pub head: String,
    pub note: Option<String>,
    pub key: Option<(&'static str, String)>,
    pub cells: Vec<Td>,
}

impl Tr {
    pub fn new(head: impl Into<String>, cells: Vec<Td>) -> Tr {
        Tr { head: head.into(), note: None, key: None, cells }
    }

    pub fn key(mut self, name: &'static str, value: impl Into<String>) -> Tr {
        self.key = Some((name, value.into()));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Tr {
        self.note = Some(note.into());
        self
    }
}

/// The table. Row keys use the attribute names `data-group`, `data-month`
/// or `data-measure` (any other name is written as `data-key`).
pub fn figure_table(id: Option<&'static str>, class: &'static str, caption: String, head: Vec<Vec<Head>>, rows: Vec<Tr>) -> AnyView {
    let head = head
        .into_iter()
        .map(|row| {
            let cells = row
                .into_iter()
                .map(|h| view! { <th scope=h.scope colspan=(h.colspan > 1).then_some(h.colspan) rowspan=(h.rowspan > 1).then_some(h.rowspan)>{h.text}</th> })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let body = rows
        .into_iter()
        .map(|r| {
            let (mut group, mut month, mut measure, mut other) = (None, None, None, None);
            match r.key {
                Some(("group", v)) => group = Some(v),
                Some(("month", v)) => month = Some(v),
                Some(("measure", v)) => measure = Some(v),
                Some((_, v)) => other = Some(v),
                None => {}
            }
            let cells = r
                .cells
                .into_iter()
                .map(|c| view! { <td colspan=c.colspan data-col=c.col data-group=c.group data-figure=c.figure>{c.text}</td> })
                .collect_view();
            let note = r.note.map(|n| view! { <span class="row-note">{format!(" {n}")}</span> });
            view! {
                <tr data-group=group data-month=month data-measure=measure data-key=other><th scope="row">{r.head}{note}</th>{cells}</tr>
            }
        })
        .collect_view();
    view! {
        <table id=id class=format!("figures {class}")>
            <caption>{caption}</caption>
            <thead>{head}</thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}
