//! Text helpers of the importer: header names, ids, HTML in titles, and
//! TOML strings, keys and comments.

/// A header or key compared without case and punctuation
/// (`Employee ID` and `employee_id` are both `employeeid`).
pub(crate) fn header_key(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// ASCII for the accented letters of Latin-1 (U+00C0..U+00FF) and Latin
/// Extended-A (U+0100..U+017F), one entry per code point; `-` where there
/// is no letter (`×`, `÷`). Two-letter forms (`æ`, `ß`) are in
/// [`two_letters`].
const LATIN1: &str = "aaaaaaaceeeeiiiidnooooo-ouuuuyts\
                      aaaaaaaceeeeiiiidnooooo-ouuuuyty";
const LATIN_EXT_A: &str = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

fn two_letters(c: char) -> Option<&'static str> {
    Some(match c {
        'Æ' | 'æ' => "ae",
        'ß' => "ss",
        'Œ' | 'œ' => "oe",
        'Ĳ' | 'ĳ' => "ij",
        'Þ' | 'þ' => "th",
        _ => return None,
    })
}

/// The ASCII letter for an accented one, if it has one.
fn unaccent(c: char) -> Option<char> {
    let code = c as u32;
    let (table, base) = if (0xC0..0x100).contains(&code) {
        (LATIN1, 0xC0)
    } else if (0x100..0x180).contains(&code) {
        (LATIN_EXT_A, 0x100)
    } else {
        return None;
    };
    let index = usize::try_from(code - base).ok()?;
    table
        .as_bytes()
        .get(index)
        .map(|b| char::from(*b))
        .filter(|c| *c != '-')
}

/// An id rewritten to match `^[a-z0-9][a-z0-9._-]*$`: lower case, accents
/// stripped, other characters (runs of them) turned into `-`, at most
/// [`crate::parse::MAX_ID_LEN`] characters. Empty when nothing is left.
pub(crate) fn normalise_id(raw: &str) -> String {
    let mut out = String::new();
    for c in raw.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if let Some(two) = two_letters(c) {
            out.push_str(two);
        } else if let Some(a) = unaccent(c) {
            out.push(a);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out
        .trim_start_matches(['-', '.', '_'])
        .trim_end_matches('-');
    trimmed
        .chars()
        .take(crate::parse::MAX_ID_LEN)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// A title with its HTML removed (GitLab writes roles as
/// `<a href="...">Title</a>`): tags dropped, the common entities decoded,
/// white space collapsed.
pub(crate) fn strip_html(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub(crate) fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, else quoted (`"jean.dupont"`).
pub(crate) fn toml_key(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        key.to_owned()
    } else {
        toml_string(key)
    }
}

/// Text from the export made safe for a TOML comment: one line, no
/// control characters, at most 80 characters.
pub(crate) fn comment_text(value: &str) -> String {
    let clean: String = value
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::diagnostic::clip(&clean, 80)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_lose_accents_case_and_other_characters() {
        assert_eq!(normalise_id("José.García"), "jose.garcia");
        assert_eq!(normalise_id("Zoë Ångström"), "zoe-angstrom");
        assert_eq!(normalise_id("  Łukasz Żółć  "), "lukasz-zolc");
        assert_eq!(normalise_id("Straße"), "strasse");
        assert_eq!(normalise_id("E#1042"), "e-1042");
        assert_eq!(normalise_id("--x--"), "x");
        assert_eq!(normalise_id("李雷"), "");
        assert_eq!(normalise_id(&"a".repeat(300)).len(), 200);
    }

    #[test]
    fn tables_cover_their_ranges() {
        assert_eq!(LATIN1.len(), 64);
        assert_eq!(LATIN_EXT_A.len(), 128);
    }

    #[test]
    fn html_is_stripped_from_titles() {
        assert_eq!(
            strip_html("<a href=\"/job-families/x/\">VP of\n Engineering</a> &amp; Ops"),
            "VP of Engineering & Ops"
        );
    }

    #[test]
    fn toml_strings_and_keys_are_escaped() {
        assert_eq!(toml_string("a\"b\\c\u{7f}\n"), "\"a\\\"b\\\\c\\u007F\\n\"");
        assert_eq!(toml_key("jean.dupont"), "\"jean.dupont\"");
        assert_eq!(toml_key("ada-l_2"), "ada-l_2");
    }
}
