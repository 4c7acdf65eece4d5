//! Source text of one linted file: decoding, and mapping byte offsets to the
//! 1-based line and character columns that every output format reports.

use std::ops::Range;

/// A byte range into a [`SourceFile`]'s text (BOM excluded).
pub type Span = Range<usize>;

/// A line and column, both 1-based; the column counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
}

/// Why bytes could not be read as an org file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Where the first offending byte is.
    pub position: Position,
    /// Its span in the lossy text.
    pub span: Span,
    /// What is wrong, lower-case.
    pub message: String,
}

/// The text of one file, with a line index.
#[derive(Debug)]
pub struct SourceFile {
    /// The path as reported in diagnostics (`<stdin>` for standard input).
    pub path: String,
    text: String,
    bom: bool,
    /// Built on first use: a clean file never needs it, and on a large
    /// file it costs more memory than the text.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// Where each file after the first starts, in the text of an org of
    /// many files ([`SourceFile::joined`]); empty for one file.
    parts: Vec<usize>,
}

const BOM: &str = "\u{feff}";

/// Bytes kept after the first invalid one of a file that is not UTF-8.
const LOSSY_TAIL: usize = 4096;

impl SourceFile {
    /// Wraps text that is already known to be UTF-8. A leading BOM is kept
    /// aside, so that offsets and columns ignore it.
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let mut text = text;
        let bom = text.starts_with(BOM);
        if bom {
            text.replace_range(..BOM.len(), "");
        }
        SourceFile {
            path: path.into(),
            text,
            bom,
            line_starts: std::sync::OnceLock::new(),
            parts: Vec::new(),
        }
    }

    /// The text of an org of many files: `text` holds the files one after
    /// the other, each starting at an offset of `parts` (the first at 0).
    /// Comments are found file by file, so that an unterminated string in
    /// one file never hides a comment of the next.
    pub fn joined(path: impl Into<String>, text: String, parts: Vec<usize>) -> Self {
        SourceFile {
            path: path.into(),
            text,
            bom: false,
            line_starts: std::sync::OnceLock::new(),
            parts: parts.into_iter().filter(|p| *p > 0).collect(),
        }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(
                self.text
                    .bytes()
                    .enumerate()
                    .filter(|(_, b)| *b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            starts
        })
    }

    /// Decodes raw bytes. Invalid UTF-8 gives a lossy copy of the text
    /// (for showing the line) and the error, located at the first bad byte.
    pub fn decode(path: impl Into<String>, bytes: Vec<u8>) -> Result<Self, (Self, DecodeError)> {
        let path = path.into();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(path, text)),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let mut bytes = err.into_bytes();
                let bad = bytes.get(valid).copied().unwrap_or(0);
                let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
                // Only the line of the first bad byte is ever shown: the
                // rest of a large binary file is not decoded (lossy
                // decoding would make it three times larger).
                let rest = bytes.get(valid..).unwrap_or_default();
                let line_end = rest
                    .iter()
                    .take(LOSSY_TAIL)
                    .position(|b| *b == b'\n')
                    .unwrap_or(rest.len().min(LOSSY_TAIL));
                bytes.truncate(valid + line_end);
                let file = SourceFile::new(path, String::from_utf8_lossy(&bytes).into_owned());
                // The valid prefix is unchanged by the lossy decoding.
                let offset = if utf16 { 0 } else { file.text_offset(valid) };
                let position = file.position(offset);
                let message = if utf16 {
                    "the file is UTF-16 (it starts with a UTF-16 byte order mark); org files must be UTF-8".to_owned()
                } else {
                    format!(
                        "the file is not valid UTF-8: byte `0x{bad:02X}` at line {}, column {}",
                        position.line, position.column
                    )
                };
                let span = offset
                    ..offset
                        + file
                            .text()
                            .get(offset..)
                            .and_then(|t| t.chars().next())
                            .map_or(0, char::len_utf8);
                Err((
                    file,
                    DecodeError {
                        position,
                        span,
                        message,
                    },
                ))
            }
        }
    }

    /// The text offset of a byte offset in the original file (removes the BOM).
    pub fn text_offset(&self, original: usize) -> usize {
        original.saturating_sub(if self.bom { BOM.len() } else { 0 })
    }

    /// The text, without a leading BOM.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Whether the file started with a UTF-8 byte order mark.
    pub fn has_bom(&self) -> bool {
        self.bom
    }

    /// The byte offset in the original file of a text offset (adds the BOM back).
    pub fn original_offset(&self, offset: usize) -> usize {
        offset + if self.bom { BOM.len() } else { 0 }
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        match self.line_starts().binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte range of a 0-based line, without its line terminator.
    pub fn line_range(&self, index: usize) -> Span {
        let start = self
            .line_starts()
            .get(index)
            .copied()
            .unwrap_or(self.text.len());
        let mut end = self
            .line_starts()
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        if self.text.as_bytes().get(end.wrapping_sub(1)) == Some(&b'\r') && end > start {
            end -= 1;
        }
        start..end
    }

    /// The 1-based position of a byte offset; offsets inside a character
    /// count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let index = self.line_index(offset);
        let start = self.line_starts().get(index).copied().unwrap_or(0);
        let column = self.text.get(start..).map_or(0, |rest| {
            rest.char_indices()
                .take_while(|(i, _)| start + i < offset)
                .count()
        });
        Position {
            line: index + 1,
            column: column + 1,
        }
    }

    /// The byte offset of a 1-based position (the inverse of [`Self::position`]).
    pub fn offset_of(&self, position: Position) -> usize {
        let start = self
            .line_starts()
            .get(position.line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let rest = self.text.get(start..).unwrap_or_default();
        rest.char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(self.text.len(), |(i, _)| start + i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_skip_the_bom() {
        let file = SourceFile::new("a", "\u{feff}a = 1\nbé = \"x\"\r\n".to_owned());
        assert!(file.has_bom());
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        let x = file.text().find('"').unwrap_or(0);
        assert_eq!(file.position(x), Position { line: 2, column: 6 });
        assert_eq!(file.offset_of(Position { line: 2, column: 6 }), x);
        assert_eq!(file.line_range(1), 6..15);
    }

    #[test]
    fn invalid_utf8_is_located() {
        match SourceFile::decode("a", b"a = 1\nb = \"\xff\"".to_vec()) {
            Err((_, err)) => assert_eq!(err.position, Position { line: 2, column: 6 }),
            Ok(_) => panic!("invalid UTF-8 was accepted"),
        }
    }

    #[test]
    fn a_binary_file_is_decoded_only_up_to_its_first_bad_line() {
        let mut bytes = b"a = 1\nb = \xff\xfe".to_vec();
        bytes.extend(std::iter::repeat_n(0xFFu8, 1 << 20));
        match SourceFile::decode("a", bytes) {
            Err((file, err)) => {
                assert_eq!(err.position, Position { line: 2, column: 5 });
                assert!(file.text().starts_with("a = 1\nb = \u{fffd}"));
                assert!(
                    file.text().len() < 20_000,
                    "{} bytes kept",
                    file.text().len()
                );
            }
            Ok(_) => panic!("invalid UTF-8 was accepted"),
        }
        let mut lines = b"\xff".to_vec();
        lines.extend(b"\nsecond line\n".repeat(1000));
        match SourceFile::decode("a", lines) {
            Err((file, _)) => assert_eq!(file.text(), "\u{fffd}"),
            Ok(_) => panic!("invalid UTF-8 was accepted"),
        }
    }
}

/// A comment of a TOML text.
#[derive(Clone, Debug)]
pub struct Comment {
    /// From its `#` to the end of the line.
    pub span: Span,
    /// Alone on its line (nothing but whitespace before it).
    pub alone: bool,
}

/// The comments of a TOML text, found with the TOML lexer (so text inside
/// strings is never a comment), and the 0-based lines that hold something
/// other than comments and whitespace. Suppressions and `orglint test`
/// expectations are both read from these.
#[derive(Debug, Default)]
pub struct Comments {
    /// Every comment, in file order.
    pub comments: Vec<Comment>,
    /// Lines with content (only when asked for).
    pub content_lines: std::collections::BTreeSet<usize>,
}

impl SourceFile {
    /// The comments of the file; `content_lines` also collects the lines
    /// that hold content.
    pub fn comments(&self, content_lines: bool) -> Comments {
        use toml_parser::lexer::TokenKind;
        let mut out = Comments::default();
        let starts = std::iter::once(0).chain(self.parts.iter().copied());
        let ends = self
            .parts
            .iter()
            .copied()
            .chain(std::iter::once(self.text.len()));
        for (base, end) in starts.zip(ends) {
            let part = self.text.get(base..end).unwrap_or_default();
            let mut line_has_content = false;
            for token in toml_parser::Source::new(part).lex() {
                let span = base + token.span().start()..base + token.span().end();
                match token.kind() {
                    TokenKind::Newline => line_has_content = false,
                    TokenKind::Whitespace | TokenKind::Eof => {}
                    TokenKind::Comment => out.comments.push(Comment {
                        span,
                        alone: !line_has_content,
                    }),
                    _ => {
                        line_has_content = true;
                        if content_lines {
                            out.content_lines.insert(self.line_index(span.start));
                        }
                    }
                }
            }
        }
        out
    }
}
