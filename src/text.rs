//! Wording shared by every message: plurals, lists and numbers, so that
//! each reads the same wherever it is printed.

/// `1 error`, `2 warnings`, `3 baseline entries`, `2 people`.
pub fn plural<N>(n: N, word: &str) -> String
where
    N: std::fmt::Display + PartialEq + From<u8>,
{
    if n == N::from(1) {
        format!("{n} {word}")
    } else {
        format!("{n} {}", plural_of(word))
    }
}

/// An inclusive range as words: `exactly 1`, `at least 2`, `at most 8`,
/// `between 4 and 12` (never `1..1` or `none..8`).
pub fn range(min: Option<&str>, max: Option<&str>) -> String {
    match (min, max) {
        (Some(min), Some(max)) if min == max => format!("exactly {min}"),
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "any number".to_owned(),
    }
}

/// The plural of a noun (or of the last word of a noun phrase).
fn plural_of(word: &str) -> String {
    let (head, last) = match word.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), word),
    };
    let last = match last {
        "person" => "people".to_owned(),
        _ if last.ends_with('y')
            && !last.ends_with("ay")
            && !last.ends_with("ey")
            && !last.ends_with("oy") =>
        {
            format!("{}ies", &last[..last.len() - 1])
        }
        _ if last.ends_with('s') || last.ends_with('x') || last.ends_with("ch") => {
            format!("{last}es")
        }
        _ => format!("{last}s"),
    };
    head + &last
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_read_as_english() {
        assert_eq!(plural(1usize, "direct report"), "1 direct report");
        assert_eq!(plural(2usize, "baseline entry"), "2 baseline entries");
        assert_eq!(plural(0u64, "person"), "0 people");
        assert_eq!(plural(3u64, "team"), "3 teams");
        assert_eq!(plural(2usize, "entity"), "2 entities");
        assert_eq!(plural(2usize, "day"), "2 days");
        assert_eq!(plural(2usize, "match"), "2 matches");
    }

    #[test]
    fn ranges_read_as_english() {
        assert_eq!(range(Some("1"), Some("1")), "exactly 1");
        assert_eq!(range(Some("4"), Some("12")), "between 4 and 12");
        assert_eq!(range(Some("0.05"), None), "at least 0.05");
        assert_eq!(range(None, Some("8")), "at most 8");
    }
}
