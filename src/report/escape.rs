//! Text from an input (keys, values, ids, names, file names, comments) is
//! written escaped when it holds control characters, in every format that
//! is not JSON: nothing in an org file may move the cursor, set a terminal
//! title, or start a CI workflow command on a line of its own.

use std::borrow::Cow;

/// Whether `c` is written escaped: C0 and C1 controls and DEL, and the
/// invisible characters that reorder or break lines (bidi controls, the
/// Unicode line and paragraph separators), which can make a terminal or a
/// log viewer show something other than what the file says.
fn escaped(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every control character written as Rust's `escape_debug`
/// writes it (`\n`, `\u{1b}`); unchanged (and not copied) when it has none.
pub fn controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// How one character of a source excerpt is written: itself, or its
/// escape. A tab is kept: in a source line it is layout, and miette expands
/// it to spaces.
pub fn excerpt_char(c: char, out: &mut String) {
    if escaped(c) && c != '\t' {
        out.extend(c.escape_debug());
    } else {
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_as_escape_debug_does() {
        assert_eq!(
            controls("a\u{1b}]0;x\u{7}\n::warning\0\r\t\u{9b}\u{202e}é\\\""),
            "a\\u{1b}]0;x\\u{7}\\n::warning\\0\\r\\t\\u{9b}\\u{202e}é\\\""
        );
        assert!(matches!(controls("plain `text` é"), Cow::Borrowed(_)));
        let mut excerpt = String::new();
        for c in "a\tb\u{7}".chars() {
            excerpt_char(c, &mut excerpt);
        }
        assert_eq!(excerpt, "a\tb\\u{7}");
    }
}
