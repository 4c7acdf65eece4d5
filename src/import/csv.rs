//! Reads a CSV or TSV export: the delimiter sniffed from the header line,
//! the columns recognised by their names, one [`Record`] per row, each
//! cell that a diagnostic may point at located in the file.

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use super::columns::{fatal, layout};
use super::mapping::{Columns, Mapping};
use super::{Record, Scanned};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ids::BAD_ROW;
use crate::source::{SourceFile, Span};

/// The largest export read (standard input included): far above any HR
/// export, and a bound on `/dev/zero`.
const MAX_BYTES: u64 = 2 << 30;

/// The delimiter of the header line: `;`, tab or `,`, whichever occurs
/// most outside quotes (`,` on a tie).
fn sniff(header_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let [comma, semicolon, tab] = counts;
    if tab > comma && tab >= semicolon {
        b'\t'
    } else if semicolon > comma {
        b';'
    } else {
        b','
    }
}

/// The spans of the cells of the record that starts at `start` (without
/// their quotes).
fn cells(text: &str, start: usize, delimiter: u8) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = start;
    loop {
        let (from, to);
        if bytes.get(i) == Some(&b'"') {
            from = i + 1;
            let mut j = from;
            loop {
                match bytes.get(j) {
                    None => break,
                    Some(b'"') if bytes.get(j + 1) == Some(&b'"') => j += 2,
                    Some(b'"') => break,
                    Some(_) => j += 1,
                }
            }
            to = j;
            i = j + 1;
            while let Some(b) = bytes.get(i)
                && !matches!(*b, b'\n' | b'\r')
                && *b != delimiter
            {
                i += 1;
            }
        } else {
            from = i;
            while let Some(b) = bytes.get(i)
                && !matches!(*b, b'\n' | b'\r')
                && *b != delimiter
            {
                i += 1;
            }
            to = i;
        }
        spans.push(from..to.min(text.len()));
        match bytes.get(i) {
            Some(b) if *b == delimiter => i += 1,
            _ => return spans,
        }
    }
}

fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if path.as_os_str() == "-" {
        std::io::stdin().take(MAX_BYTES).read_to_end(&mut bytes)?;
    } else {
        std::fs::File::open(path)?
            .take(MAX_BYTES)
            .read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// Reads the export at `path` (`-`: standard input).
pub(crate) fn read(path: &Path, columns: &Columns, mapping: &Mapping) -> Scanned {
    let display = if path.as_os_str() == "-" {
        "<stdin>".to_owned()
    } else {
        crate::files::display_path(path)
    };
    let mut scanned = Scanned {
        unit: "row",
        stem: path
            .file_stem()
            .filter(|_| path.as_os_str() != "-")
            .map_or_else(
                || "Imported org".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            ),
        ..Default::default()
    };
    let bytes = match read_input(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            scanned
                .sources
                .push(Arc::new(SourceFile::new(display.clone(), String::new())));
            scanned.push(
                0,
                Diagnostic::unlocated(
                    crate::ids::IO_ERROR,
                    Severity::Error,
                    format!("cannot read `{display}`: {}", crate::files::io_reason(&err)),
                ),
            );
            scanned.fatal = true;
            return scanned;
        }
    };
    let source = match SourceFile::decode(display, bytes) {
        Ok(source) => Arc::new(source),
        Err((source, err)) => {
            let offset = source.original_offset(err.span.start);
            let bad = err.message.split('`').nth(1).unwrap_or("a byte").to_owned();
            let d = Diagnostic::at(
                BAD_ROW,
                Severity::Error,
                err.span.clone(),
                "not UTF-8",
                format!(
                    "the file is not UTF-8: `{bad}` at byte offset {offset} (line {}, column {}); it looks like Latin-1 or Windows-1252, as Excel saves CSV",
                    err.position.line, err.position.column
                ),
            )
            .with_help("export it as \"CSV UTF-8\", or convert it: `iconv -f WINDOWS-1252 -t UTF-8 export.csv > export-utf8.csv`");
            scanned.sources.push(Arc::new(source));
            scanned.push(0, d);
            scanned.fatal = true;
            return scanned;
        }
    };
    scanned.sources.push(source.clone());
    read_rows(&source, columns, mapping, &mut scanned);
    scanned
}

fn read_rows(
    source: &Arc<SourceFile>,
    columns: &Columns,
    mapping: &Mapping,
    scanned: &mut Scanned,
) {
    let text = source.text();
    let header_line = text.lines().next().unwrap_or_default();
    if text.trim().is_empty() {
        fatal(
            scanned,
            0..0,
            "empty",
            "the file is empty".to_owned(),
            "export the org with a header row and one row per person".to_owned(),
        );
        return;
    }
    let delimiter = sniff(header_line);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut header = csv::StringRecord::new();
    if !matches!(reader.read_record(&mut header), Ok(true)) {
        fatal(
            scanned,
            0..0,
            "empty",
            "the file has no header row".to_owned(),
            "export the org with a header row".to_owned(),
        );
        return;
    }
    let header_start = header.position().map_or(0, |p| p.byte() as usize);
    let header_span = header_start..header_start + header_line.trim_end_matches('\r').len();
    let Some(layout) = layout(&header, header_span, columns, mapping, scanned) else {
        return;
    };
    let (id, manager) = (
        layout.of("id").unwrap_or(0),
        layout.of("manager").unwrap_or(0),
    );
    let mut row = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let start = err.position().map_or(text.len(), |p| p.byte() as usize);
                fatal(
                    scanned,
                    start..start,
                    "here",
                    format!(
                        "the file cannot be read as CSV: {}",
                        err.to_string().to_lowercase()
                    ),
                    "check the quoting of this row".to_owned(),
                );
                return;
            }
        }
        // The reader's position may be on the previous row's line break.
        let mut start = row.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let line = source.position(start).line;
        let spans = cells(text, start, delimiter);
        let span_of = |i: usize| spans.get(i).cloned().unwrap_or(start..start);
        if row.len() != header.len() {
            let end = spans.last().map_or(start, |s| s.end);
            scanned.push(
                0,
                Diagnostic::at(
                    BAD_ROW,
                    Severity::Error,
                    start..end,
                    format!("{} cells", row.len()),
                    format!(
                        "row has {} where the header has {}; it is skipped",
                        crate::text::plural(row.len(), "cell"),
                        header.len()
                    ),
                )
                .with_help("quote cells that hold the delimiter, or fix the row in the export"),
            );
            continue;
        }
        let cell = |field: &str| {
            layout
                .of(field)
                .and_then(|i| row.get(i))
                .map(str::trim)
                .filter(|v| !v.is_empty())
        };
        let name = cell("name").map(str::to_owned).or_else(|| {
            let first = cell("preferred-name").or_else(|| cell("first-name"));
            let parts: Vec<&str> = first.into_iter().chain(cell("last-name")).collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        });
        let record = Record {
            file: 0,
            line,
            id: row.get(id).unwrap_or_default().trim().to_owned(),
            id_span: span_of(id),
            name,
            title: cell("title").map(str::to_owned),
            manager: cell("manager").map(|m| (m.to_owned(), span_of(manager))),
            departments: cell("department")
                .map(|d| (d.to_owned(), span_of(layout.of("department").unwrap_or(0))))
                .into_iter()
                .collect(),
            extra: layout
                .extra
                .iter()
                .enumerate()
                .filter_map(|(k, i)| {
                    row.get(*i)
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(|v| (k, v.to_owned()))
                })
                .collect(),
        };
        scanned.records.push(record);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        assert_eq!(sniff("id;name;\"a,b\""), b';');
        assert_eq!(sniff("id\tname\tmanager"), b'\t');
        assert_eq!(sniff("id,name,manager"), b',');
        assert_eq!(sniff("id"), b',');
    }

    #[test]
    fn cells_are_located_without_their_quotes() {
        let text = "a,\"b \"\"x\"\"\",,c\nnext";
        let spans = cells(text, 0, b',');
        let values: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(values, ["a", "b \"\"x\"\"", "", "c"]);
    }
}
