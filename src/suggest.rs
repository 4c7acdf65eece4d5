//! Did-you-mean: the closest candidate by Damerau-Levenshtein distance.

/// The single closest candidate within `max(1, len / 4)` edits of `typed`,
/// or `None` when there is none or when two candidates tie.
pub fn closest<'a, I>(typed: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = typed.chars().count();
    let limit = (len / 4).max(1);
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for candidate in candidates {
        if candidate == typed {
            continue;
        }
        // The distance is at least the difference in length: skip the
        // quadratic computation for candidates that cannot be close.
        if candidate.chars().count().abs_diff(len) > limit {
            continue;
        }
        let distance = strsim::damerau_levenshtein(typed, candidate);
        if distance > limit {
            continue;
        }
        match best {
            Some((_, d)) if d < distance => {}
            Some((b, d)) if d == distance => tie |= b != candidate,
            _ => {
                best = Some((candidate, distance));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(c, _)| c) }
}

/// The wording of every did-you-mean hint: "did you mean `name`?".
pub fn did_you_mean(name: &str) -> String {
    format!("did you mean `{name}`?")
}

/// The closest candidate for a "did you mean" hint, without the
/// single-candidate requirement of fixes (ties go to the first).
pub fn hint<'a, I>(typed: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = typed.chars().count();
    let limit = (len / 3).max(2);
    candidates
        .into_iter()
        .filter(|c| *c != typed)
        .map(|c| (strsim::damerau_levenshtein(typed, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_close_candidate() {
        assert_eq!(closest("grase", ["grace", "linus"]), Some("grace"));
        assert_eq!(
            closest("reprots-to", ["reports-to", "roles"]),
            Some("reports-to")
        );
    }

    #[test]
    fn ties_and_far_candidates_give_nothing() {
        assert_eq!(closest("bob", ["bop", "rob"]), None);
        assert_eq!(closest("xyz", ["grace"]), None);
    }
}
