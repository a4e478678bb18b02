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

/// A CSV source whose required columns have been checked.
pub struct CsvRows<'t> {
    file: String,
    columns: HashMap<String, usize>,
    text: &'t [u8],
    reader: csv::Reader<&'t [u8]>,
}

/// One record, addressed by column name.
pub struct Row<'a> {
    file: &'a str,
    columns: &'a HashMap<String, usize>,
    record: csv::StringRecord,
    line: u64,
}

impl<'t> CsvRows<'t> {
    /// Fails, naming the file, when a required column is absent.
    pub fn new(file: &str, text: &'t [u8], required: &[&str]) -> Result<CsvRows<'t>, InputError> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
        let headers = reader
            .headers()
            .map_err(|e| InputError::file(file, format!("cannot read the header: {e}")))?;
        let columns: HashMap<String, usize> =
            headers.iter().enumerate().map(|(i, h)| (h.trim().to_string(), i)).collect();
        if let Some(missing) = required.iter().find(|c| !columns.contains_key(**c)) {
            return Err(InputError::file(
                file,
                format!("the header has no column '{missing}' (columns: {})", headers.iter().collect::<Vec<_>>().join(", ")),
            ));
        }
        Ok(CsvRows { file: file.to_string(), columns, text, reader })
    }

    /// Visits every record in order; stops at the first error from the
    /// reader or from `visit`.
    pub fn for_each(mut self, mut visit: impl FnMut(&Row) -> Result<(), InputError>) -> Result<(), InputError> {
        let mut record = csv::StringRecord::new();
        // Line numbers are counted here from byte offsets: after a CRLF line
        // end the csv crate puts the record start (and its line) on the LF.
        let (mut counted_to, mut line) = (0usize, 1u64);
        loop {
            let more = self.reader.read_record(&mut record).map_err(|e| {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                InputError::file(&self.file, format!("line {line}: not valid CSV: {e}"))
            })?;
            if !more {
                return Ok(());
            }
            let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).min(self.text.len());
            while start < self.text.len() && matches!(self.text[start], b'\r' | b'\n') {
                start += 1;
            }
            line += self.text[counted_to..start].iter().filter(|&&b| b == b'\n').count() as u64;
            counted_to = start;
            let row = Row { file: &self.file, columns: &self.columns, record: record.clone(), line };
            visit(&row)?;
        }
    }
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
            .and_then(|&i| self.record.get(i))
            .map(str::trim)
            .unwrap_or("")
    }

    /// Number of fields in this record, to catch truncated lines.
    pub fn field_count(&self) -> usize {
        self.record.len()
    }

    pub fn column_count(&self) -> usize {
        self.columns.len()
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
    /// as some republished census tables are.
    pub fn count(&self, column: &str) -> Result<u64, InputError> {
        let text = self.text(column);
        let value: f64 = text
            .parse()
            .map_err(|_| self.error(column, "is not a count"))?;
        if value < 0.0 || value.fract() != 0.0 || !value.is_finite() {
            return Err(self.error(column, "is not a whole, non-negative count"));
        }
        Ok(value as u64)
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
        assert_eq!(err.to_string(), "t.csv, line 3, field 'n': value 'x' is not a count");
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
}
