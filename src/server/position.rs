//! Positions as the client counts them (lines and UTF-16 code units, the
//! protocol's default) and byte offsets as orglint counts them, both ways;
//! and `file:` URIs and paths, both ways.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

/// Where each line of a text starts, to convert offsets and positions.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// The document starts with a byte order mark that orglint's offsets
    /// leave out but the client counts, as one UTF-16 unit of line 0.
    bom: bool,
}

impl LineIndex {
    /// The index of `text` (without its BOM; `bom` says whether the
    /// client's copy has one).
    pub fn new(text: &str, bom: bool) -> LineIndex {
        let mut starts = vec![0];
        // A `char` pattern is searched with memchr: several times faster
        // than a byte loop on a large org, where this runs on every edit.
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, bom }
    }

    /// The position of a byte offset of `text`; an offset past the end, or
    /// inside a character, gives the nearest position before it.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        let units: usize = text
            .get(start..end)
            .unwrap_or_default()
            .chars()
            .map(char::len_utf16)
            .sum();
        let units = units + usize::from(self.bom && line == 0);
        Position::new(saturate(line), saturate(units))
    }

    /// The byte offset of a position; a line past the end gives the end of
    /// the text, a character past the end of its line the end of the line,
    /// and a position inside a surrogate pair the character's start.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self
            .starts
            .get(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let line_text = text.get(start..end).unwrap_or_default();
        let line_text = line_text.strip_suffix('\r').unwrap_or(line_text);
        let mut wanted = position.character as usize;
        if self.bom && line == 0 {
            wanted = wanted.saturating_sub(1);
        }
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units + c.len_utf16() > wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + line_text.len()
    }

    /// The range of a byte span.
    pub fn range(&self, text: &str, span: &std::ops::Range<usize>) -> Range {
        Range::new(
            self.position(text, span.start),
            self.position(text, span.end.max(span.start)),
        )
    }

    /// The byte span of a range (start before end whatever the client
    /// sent).
    pub fn span(&self, text: &str, range: Range) -> std::ops::Range<usize> {
        let a = self.offset(text, range.start);
        let b = self.offset(text, range.end);
        a.min(b)..a.max(b)
    }

    /// The 0-based line of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte offset where a 0-based line starts (the end of the text
    /// past the last line).
    pub fn line_start(&self, line: usize, text: &str) -> usize {
        self.starts.get(line).copied().unwrap_or(text.len())
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The path of a `file:` URI; `None` for any other scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    if !rest.starts_with('/') {
        return None;
    }
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let bytes = decode(rest)?;
    let text = String::from_utf8(bytes).ok()?;
    // `file:///C:/x` on Windows.
    #[cfg(windows)]
    let text = text.trim_start_matches('/').to_owned();
    Some(crate::load::source::normal(Path::new(&text)))
}

fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of a path (made absolute first).
pub fn uri_of(path: &Path) -> Option<Uri> {
    let absolute = crate::load::source::normal(path);
    let text = absolute.to_string_lossy();
    let mut uri = String::from("file://");
    #[cfg(windows)]
    uri.push('/');
    for b in text.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    Uri::from_str(&uri).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_columns_with_non_ascii_names() {
        // `é` is 2 bytes and 1 UTF-16 unit, `𝔸` 4 bytes and 2 units.
        let text = "name = \"Zoé 𝔸da\"\nreports-to = \"ada\"\n";
        let index = LineIndex::new(text, false);
        let at_a = text.find("da\"").unwrap_or(0);
        let position = index.position(text, at_a);
        assert_eq!(position, Position::new(0, 14));
        assert_eq!(index.offset(text, position), at_a);
        // Inside the surrogate pair: the character's start.
        let pair = text.find('𝔸').unwrap_or(0);
        assert_eq!(index.offset(text, Position::new(0, 13)), pair);
        let second = text.find("reports").unwrap_or(0);
        assert_eq!(index.position(text, second), Position::new(1, 0));
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let text = "a = 1\nb = 2";
        let index = LineIndex::new(text, false);
        assert_eq!(index.offset(text, Position::new(0, 99)), 5);
        assert_eq!(index.offset(text, Position::new(9, 0)), text.len());
        assert_eq!(index.position(text, 999), Position::new(1, 5));
        // An offset inside a character is moved back to its start.
        let text = "é";
        let index = LineIndex::new(text, false);
        assert_eq!(index.position(text, 1), Position::new(0, 0));
    }

    #[test]
    fn a_bom_is_one_unit_of_line_zero() {
        let text = "[org]\nx = 1";
        let index = LineIndex::new(text, true);
        assert_eq!(index.position(text, 0), Position::new(0, 1));
        assert_eq!(index.offset(text, Position::new(0, 1)), 0);
        assert_eq!(index.position(text, 6), Position::new(1, 0));
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my org/people/zoé.toml");
        let uri = uri_of(path).map(|u| u.as_str().to_owned());
        assert_eq!(
            uri.as_deref(),
            Some("file:///tmp/my%20org/people/zo%C3%A9.toml")
        );
        let back = uri_of(path).and_then(|u| path_of(&u));
        assert_eq!(back.as_deref(), Some(path));
        let other = Uri::from_str("untitled:Untitled-1").ok();
        assert_eq!(other.and_then(|u| path_of(&u)), None);
    }
}
