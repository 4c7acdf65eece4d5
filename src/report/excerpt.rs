//! A small stand-in for a file's text that miette renders instead of the
//! file itself: one clipped line per labelled line. miette panics on labels
//! past column ~65,535 and gets slow on long lines and many labels, so the
//! human report never hands it more than a few hundred characters.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::source::{SourceFile, Span};

/// Characters of a line shown around its labels.
const WINDOW: usize = 120;

/// One excerpt line: a window of one line of the real file.
struct Block {
    /// Byte range in the excerpt text.
    range: Span,
    /// 0-based line in the real file.
    line: usize,
    /// 0-based character column, in the real line, of the window start.
    column: usize,
    /// Byte offset in the excerpt text of each shown character of the
    /// window (and of its end): escapes make a character longer, so
    /// offsets and real columns are mapped through this.
    offsets: Vec<usize>,
}

/// The excerpt text and where its lines come from.
pub struct Excerpt {
    name: String,
    text: String,
    blocks: Vec<Block>,
}

impl Excerpt {
    /// Builds the excerpt for `spans` (byte ranges in `source`) and returns
    /// each span's range in the excerpt, in the same order.
    pub fn new(source: &SourceFile, spans: &[Span]) -> (Excerpt, Vec<Span>) {
        // Labels are shown on the first line they touch.
        let mut lines: Vec<usize> = spans.iter().map(|s| source.line_index(s.start)).collect();
        lines.sort_unstable();
        lines.dedup();
        let mut excerpt = Excerpt {
            name: super::escape::controls(&source.path).into_owned(),
            text: String::new(),
            blocks: Vec::with_capacity(lines.len()),
        };
        let mut mapped = vec![0..0; spans.len()];
        for &line in &lines {
            let line_range = source.line_range(line);
            let line_text = source.text().get(line_range.clone()).unwrap_or_default();
            let char_col = |offset: usize| {
                line_text
                    .get(..offset.saturating_sub(line_range.start).min(line_text.len()))
                    .map_or(0, |s| s.chars().count())
            };
            let on_line: Vec<usize> = (0..spans.len())
                .filter(|&i| {
                    spans
                        .get(i)
                        .is_some_and(|s| source.line_index(s.start) == line)
                })
                .collect();
            let first = on_line
                .iter()
                .filter_map(|&i| spans.get(i))
                .map(|s| char_col(s.start))
                .min()
                .unwrap_or(0);
            let length = line_text.chars().count();
            let start = if length <= WINDOW {
                0
            } else {
                first.saturating_sub(WINDOW / 3)
            };
            let end = (start + WINDOW).min(length);
            let prefix = if start > 0 { "…" } else { "" };
            let suffix = if end < length { "…" } else { "" };
            if !excerpt.text.is_empty() {
                excerpt.text.push('\n');
            }
            let block_start = excerpt.text.len();
            excerpt.text.push_str(prefix);
            let mut offsets = Vec::with_capacity(end - start + 1);
            for c in line_text.chars().skip(start).take(end - start) {
                offsets.push(excerpt.text.len());
                super::escape::excerpt_char(c, &mut excerpt.text);
            }
            offsets.push(excerpt.text.len());
            excerpt.text.push_str(suffix);
            // Map a real character column to a byte offset in the excerpt.
            let to_excerpt = |col: usize| {
                let col = col.clamp(start, end) - start;
                offsets
                    .get(col)
                    .or(offsets.last())
                    .copied()
                    .unwrap_or(block_start)
            };
            for &i in &on_line {
                let Some(span) = spans.get(i) else { continue };
                let from = char_col(span.start);
                let to = if source.line_index(span.end) == line {
                    char_col(span.end)
                } else {
                    length
                };
                let a = to_excerpt(from);
                let b = to_excerpt(to.max(from)).max(a);
                if let Some(slot) = mapped.get_mut(i) {
                    *slot = a..b;
                }
            }
            excerpt.blocks.push(Block {
                range: block_start..excerpt.text.len(),
                line,
                column: start,
                offsets,
            });
        }
        (excerpt, mapped)
    }

    fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.range.start <= offset);
        i.checked_sub(1)
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        _context_lines_before: usize,
        _context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let first = self
            .block_at(span.offset())
            .ok_or(MietteError::OutOfBounds)?;
        let last = self
            .block_at(span.offset() + span.len())
            .unwrap_or(first)
            .max(first);
        let (Some(a), Some(b)) = (self.blocks.get(first), self.blocks.get(last)) else {
            return Err(MietteError::OutOfBounds);
        };
        let data = self
            .text
            .get(a.range.start..b.range.end)
            .ok_or(MietteError::OutOfBounds)?;
        // The real column: the `…` of a clipped line and the escapes are
        // not characters of the file.
        let column = a.column
            + a.offsets
                .partition_point(|&o| o <= span.offset())
                .saturating_sub(1);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            data.as_bytes(),
            SourceSpan::from(a.range.start..b.range.end),
            a.line,
            column,
            last - first + 1,
        )))
    }
}
