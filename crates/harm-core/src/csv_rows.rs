//! Reading CSV by column name with errors that name file, line, field and value.
//!
//! Used for the published tables (by the site and `harm-prep table`) and for
//! raw inputs (by `harm-prep build`), so every reader reports bad input the
//! same way.

use std::collections::HashMap;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    #[error("{file}, line {line}, field '{field}': value '{value}' {reason}")]
    Field { file: String, line: u64, field: String, value: String, reason: String },
    #[error("{file}: {reason}")]
    File { file: String, reason: String },
}

impl InputError {
    pub fn file(file: &str, reason: impl Into<String>) -> InputError {
        InputError::File { file: file.to_string(), reason: reason.into() }
    }
}

/// The largest count read or summed: every count must convert to `f64`
/// exactly (2^53), since rates and intervals are computed in `f64`.
pub const MAX_EXACT_COUNT: u64 = 1 << 53;

/// CSV text of `header` and `rows`, lines ending in `\n`: the writer of
/// every published file, every table `harm-prep` prints and every table the
/// site offers for download, so they are written alike.
pub fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("flush to memory")).expect("CSV of UTF-8 text")
}

/// `a + b`, or `None` when the total passes [`MAX_EXACT_COUNT`]: counts are
/// summed with this, never with wrapping or saturating arithmetic.
pub fn add_counts(a: u64, b: u64) -> Option<u64> {
    a.checked_add(b).filter(|&total| total <= MAX_EXACT_COUNT)
}

/// The sum of `counts`, or `None` past [`MAX_EXACT_COUNT`].
pub fn sum_counts(counts: impl IntoIterator<Item = u64>) -> Option<u64> {
    counts.into_iter().try_fold(0, add_counts)
}

/// How many physical lines one record may span. A quoted field may hold line
/// breaks (an address, a note), but a record running over many lines is an
/// unbalanced quote swallowing the rows after it, which must stop the read
/// rather than count thousands of rows as one.
pub const MAX_RECORD_LINES: u64 = 20;

/// A CSV source whose required columns have been checked.
pub struct CsvRows<'t> {
    file: String,
    columns: Columns,
    text: &'t [u8],
    reader: csv::Reader<&'t [u8]>,
    header_lines: u64,
}

/// Where every physical line of a file went: the header, a record, or a
/// blank line. `physical == header + in_records + blank` always holds for a
/// file that was read to the end, so no fault can hide rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Lines {
    /// Lines of the file (the last one counts without a line end).
    pub physical: u64,
    pub header: u64,
    pub records: u64,
    /// Lines the records span (more than `records` when a field holds line breaks).
    pub in_records: u64,
    /// Empty lines between records, which CSV readers skip.
    pub blank: u64,
}

/// The line each key was first read on, so a repeated key is an error that
/// names both lines instead of one value silently replacing the other.
pub struct FirstLines<K>(HashMap<K, u64>);

impl<K: std::hash::Hash + Eq> Default for FirstLines<K> {
    fn default() -> Self {
        FirstLines(HashMap::new())
    }
}

impl<K: std::hash::Hash + Eq> FirstLines<K> {
    /// Records `key` as read on `row`'s line; an error about `column` when an
    /// earlier line had it. `key_name` says what must be unique ("LSOA").
    pub fn first(&mut self, row: &Row, column: &str, key: K, key_name: &str) -> Result<(), InputError> {
        match self.0.entry(key) {
            std::collections::hash_map::Entry::Occupied(first) => {
                Err(row.error(column, format!("repeats the {key_name} of line {}: one row per {key_name}", first.get())))
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(row.line());
                Ok(())
            }
        }
    }
}

/// The header's column names (trimmed), each at its place. Looked up by a
/// scan: a published file has a few dozen columns at most, and comparing a
/// few short names is quicker than hashing one, which every field of every
/// row would otherwise do.
struct Columns(Vec<String>);

impl Columns {
    fn get(&self, column: &str) -> Option<usize> {
        self.0.iter().position(|name| name == column)
    }
}

/// One record, addressed by column name.
pub struct Row<'a> {
    file: &'a str,
    columns: &'a Columns,
    /// Borrowed from the reader's one reused record: no allocation per row.
    record: &'a csv::StringRecord,
    line: u64,
}

/// Line breaks inside a field's text, and the blank physical lines among them.
fn breaks(text: &str) -> (u64, u64) {
    // Almost every field has none: one fast search settles it.
    if !text.contains('\n') {
        return (0, 0);
    }
    let bytes = text.as_bytes();
    let mut lines = 0;
    let mut blank = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            lines += 1;
            let rest = &bytes[i + 1..];
            if rest.starts_with(b"\n") || rest.starts_with(b"\r\n") {
                blank += 1;
            }
        }
    }
    (lines, blank)
}

impl<'t> CsvRows<'t> {
    /// Fails, naming the file, when a required column is absent or a column
    /// name appears twice (which of the two a reader took would be arbitrary).
    pub fn new(file: &str, text: &'t [u8], required: &[&str]) -> Result<CsvRows<'t>, InputError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
        let headers = reader
            .headers()
            .map_err(|e| InputError::file(file, format!("cannot read the header: {e}")))?
            .clone();
        let mut columns = Columns(Vec::with_capacity(headers.len()));
        for (i, h) in headers.iter().enumerate() {
            if let Some(first) = columns.get(h.trim()) {
                return Err(InputError::file(
                    file,
                    format!("the header names the column '{}' twice (columns {} and {})", h.trim(), first + 1, i + 1),
                ));
            }
            columns.0.push(h.trim().to_string());
        }
        if let Some(missing) = required.iter().find(|c| columns.get(c).is_none()) {
            return Err(InputError::file(
                file,
                format!("the header has no column '{missing}' (columns: {})", headers.iter().collect::<Vec<_>>().join(", ")),
            ));
        }
        let header_lines = if text.is_empty() { 0 } else { 1 + headers.iter().map(|h| breaks(h).0).sum::<u64>() };
        Ok(CsvRows { file: file.to_string(), columns, text, reader, header_lines })
    }

    /// Where `column` is in the header, so a reader of millions of rows can
    /// take a field by its place ([`Row::text_at`]) instead of by name.
    pub fn index(&self, column: &str) -> Option<usize> {
        self.columns.get(column)
    }

    /// Visits every record in order; stops at the first error from the
    /// reader or from `visit`. Returns where every line of the file went.
    pub fn for_each(mut self, mut visit: impl FnMut(&Row) -> Result<(), InputError>) -> Result<Lines, InputError> {
        let mut record = csv::StringRecord::new();
        let mut lines = Lines { header: self.header_lines, ..Lines::default() };
        let mut blank_in_fields = 0;
        // Line numbers are counted here from byte offsets: after a CRLF line
        // end the csv crate puts the record start (and its line) on the LF.
        let (mut counted_to, mut line) = (0usize, 1u64);
        loop {
            let more = self.reader.read_record(&mut record).map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                InputError::file(&self.file, format!("line {line}: not valid CSV: {e}"))
            })?;
            if !more {
                break;
            }
            let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).min(self.text.len());
            while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
                start += 1;
            }
            line += self.text[counted_to..start].iter().filter(|&&b| b == b'\n').count() as u64;
            counted_to = start;
            let (field_lines, field_blank) = record.iter().map(breaks).fold((0, 0), |(l, b), (fl, fb)| (l + fl, b + fb));
            // A quote left open to the end of the file takes the file's last
            // line end into its field: that ends a line, it doesn't start one.
            let at_end = self.reader.position().byte() as usize >= self.text.len();
            let open_to_end = at_end && record.iter().next_back().is_some_and(|f| f.ends_with('\n'));
            let span = 1 + field_lines - u64::from(open_to_end);
            if span > MAX_RECORD_LINES {
                let field_breaks: Vec<(u64, u64)> = record.iter().map(breaks).collect();
                let widest = field_breaks.iter().enumerate().max_by_key(|(_, b)| b.0).map_or(0, |(i, _)| i);
                let field = self.columns.0.get(widest).cloned().unwrap_or_default();
                let value: String = record.get(widest).unwrap_or("").chars().take(40).collect();
                return Err(InputError::Field {
                    file: self.file.clone(),
                    line,
                    field,
                    value: format!("{}...", value.escape_debug()),
                    reason: format!(
                        "starts a record running over {span} lines (to line {}), more than the {} one record may span: \
                         an unbalanced quote would hide the rows after it",
                        line + span - 1,
                        MAX_RECORD_LINES
                    ),
                });
            }
            lines.records += 1;
            lines.in_records += span;
            blank_in_fields += field_blank;
            let row = Row { file: &self.file, columns: &self.columns, record: &record, line };
            visit(&row)?;
        }
        let (physical, blank) = physical_lines(self.text);
        lines.physical = physical;
        lines.blank = blank.saturating_sub(blank_in_fields);
        if lines.physical != lines.header + lines.in_records + lines.blank {
            return Err(InputError::file(
                &self.file,
                format!(
                    "has {} lines but only {} are accounted for (header {}, {} records over {} lines, {} blank)",
                    lines.physical,
                    lines.header + lines.in_records + lines.blank,
                    lines.header,
                    lines.records,
                    lines.in_records,
                    lines.blank
                ),
            ));
        }
        Ok(lines)
    }
}

/// Physical lines of `text` (a last line without a line end counts) and how
/// many of them are empty.
fn physical_lines(text: &[u8]) -> (u64, u64) {
    let body = text.strip_suffix(b"\n").unwrap_or(text);
    if text.is_empty() {
        return (0, 0);
    }
    let mut physical = 0;
    let mut blank = 0;
    for line in body.split(|&b| b == b'\n') {
        physical += 1;
        if line.is_empty() || line == b"\r" {
            blank += 1;
        }
    }
    (physical, blank)
}

impl Row<'_> {
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn file(&self) -> &str {
        self.file
    }

    /// The trimmed text of a column ("" when the record is short).
    pub fn text(&self, column: &str) -> &str {
        self.columns
            .get(column)
            .and_then(|i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// The trimmed text of the field at `index` of the header ("" when the record is short).
    pub fn text_at(&self, index: usize) -> &str {
        self.record.get(index).map(str::trim).unwrap_or("")
    }

    /// Number of fields in this record, to catch truncated lines.
    pub fn field_count(&self) -> usize {
        self.record.len()
    }

    pub fn column_count(&self) -> usize {
        self.columns.0.len()
    }

    /// An error about `column` of this row.
    pub fn error(&self, column: &str, reason: impl Into<String>) -> InputError {
        InputError::Field {
            file: self.file.to_string(),
            line: self.line,
            field: column.to_string(),
            value: self.text(column).to_string(),
            reason: reason.into(),
        }
    }

    /// Parses a column, naming the expected form on failure.
    pub fn parse<T: FromStr>(&self, column: &str, expected: &str) -> Result<T, InputError> {
        self.text(column)
            .parse()
            .map_err(|_| self.error(column, format!("is not {expected}")))
    }

    /// A whole number written either plainly or with a zero fraction ("1474.0"),
    /// as some republished census tables are; at most [`MAX_EXACT_COUNT`].
    pub fn count(&self, column: &str) -> Result<u64, InputError> {
        let text = self.text(column);
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.bytes().any(|b| b != b'0') {
            return Err(self.error(column, "is not a whole, non-negative count"));
        }
        match whole.parse::<u64>() {
            Ok(n) if n <= MAX_EXACT_COUNT => Ok(n),
            _ => Err(self.error(column, format!("is larger than {MAX_EXACT_COUNT}, the largest count computed exactly"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_file_line_field_and_value() {
        let text = "code,n\nA,5\nB,x\n";
        let mut seen = Vec::new();
        let err = CsvRows::new("t.csv", text.as_bytes(), &["code", "n"])
            .unwrap()
            .for_each(|row| {
                seen.push(row.count("n")?);
                Ok(())
            })
            .unwrap_err();
        assert_eq!(seen, [5]);
        assert_eq!(err.to_string(), "t.csv, line 3, field 'n': value 'x' is not a whole, non-negative count");
    }

    #[test]
    fn line_numbers_survive_crlf_and_quoted_newlines() {
        let text = "code,n\r\nA,1\r\n\"B\nC\",2\r\nD,3\r\n";
        let mut lines = Vec::new();
        CsvRows::new("t.csv", text.as_bytes(), &["code"])
            .unwrap()
            .for_each(|row| {
                lines.push(row.line());
                Ok(())
            })
            .unwrap();
        assert_eq!(lines, [2, 3, 5]);
    }

    #[test]
    fn missing_column_is_reported() {
        let err = CsvRows::new("t.csv", "a,b\n".as_bytes(), &["code"]).err().unwrap();
        assert!(err.to_string().contains("no column 'code'"), "{err}");
    }

    #[test]
    fn counts_accept_zero_fraction_only() {
        let text = "n\n1474.0\n2.5\n-1\n";
        let mut out = Vec::new();
        CsvRows::new("t.csv", text.as_bytes(), &["n"])
            .unwrap()
            .for_each(|row| {
                out.push(row.count("n").is_ok());
                Ok(())
            })
            .unwrap();
        assert_eq!(out, [true, false, false]);
    }

    #[test]
    fn counts_are_exact_or_refused() {
        let text = "n\n9007199254740992\n9007199254740993\n18446744073709551616\n1e3\n+5\n007.00\n";
        let mut out = Vec::new();
        CsvRows::new("t.csv", text.as_bytes(), &["n"])
            .unwrap()
            .for_each(|row| {
                out.push(row.count("n").ok());
                Ok(())
            })
            .unwrap();
        assert_eq!(out, [Some(1 << 53), None, None, None, None, Some(7)]);
        assert_eq!(add_counts(MAX_EXACT_COUNT, 0), Some(MAX_EXACT_COUNT));
        assert_eq!(add_counts(MAX_EXACT_COUNT, 1), None);
        assert_eq!(add_counts(u64::MAX, 1), None);
        assert_eq!(sum_counts([1, 2, 3]), Some(6));
    }

    #[test]
    fn an_unbalanced_quote_cannot_swallow_rows() {
        // Line 3 opens a quote that is never closed: the reader would take
        // every later line into one field of one record.
        let mut text = String::from("code,n\nA,1\n\"B,2\n");
        for i in 0..30 {
            text.push_str(&format!("C{i},3\n"));
        }
        let mut seen = 0;
        let err = CsvRows::new("t.csv", text.as_bytes(), &["code"])
            .unwrap()
            .for_each(|_| {
                seen += 1;
                Ok(())
            })
            .unwrap_err();
        assert_eq!(seen, 1, "only the row before the quote was visited");
        let message = err.to_string();
        assert!(message.starts_with("t.csv, line 3, field 'code': value 'B,2\\nC0,3\\nC1,3"), "{message}");
        assert!(message.contains("running over 31 lines (to line 33), more than the 20"), "{message}");
    }

    #[test]
    fn every_physical_line_is_accounted_for() {
        // Header, a record spanning two lines (a quoted line break), a blank
        // line, a record, and a last line without a line end.
        let text = "code,n\r\n\"B\r\nC\",2\r\n\r\nD,3\r\nE,4";
        let lines = CsvRows::new("t.csv", text.as_bytes(), &["code"]).unwrap().for_each(|_| Ok(())).unwrap();
        assert_eq!(lines, Lines { physical: 6, header: 1, records: 3, in_records: 4, blank: 1 });
    }

    #[test]
    fn a_repeated_key_names_both_lines() {
        let text = "code,n\nA,1\nB,2\nA,3\n";
        let mut first = FirstLines::default();
        let err = CsvRows::new("t.csv", text.as_bytes(), &["code"])
            .unwrap()
            .for_each(|row| first.first(row, "code", row.text("code").to_string(), "code"))
            .unwrap_err();
        assert_eq!(err.to_string(), "t.csv, line 4, field 'code': value 'A' repeats the code of line 2: one row per code");
    }

    #[test]
    fn a_column_named_twice_is_refused() {
        let err = CsvRows::new("t.csv", "code,Month,Month\n".as_bytes(), &["code"]).err().unwrap();
        assert_eq!(err.to_string(), "t.csv: the header names the column 'Month' twice (columns 2 and 3)");
    }
}
