//! Did-you-mean: the closest candidate by Damerau-Levenshtein distance.

/// Names longer than this get no suggestion: no valid id or key is that
/// long, and the edit distance is quadratic in the length.
pub const MAX_COMPARED_LEN: usize = 256;

/// How much edit-distance work (the product of the two lengths, summed over
/// the candidates compared) one suggestion may spend: enough for 100,000
/// short ids, and a bound on what a hostile file can make it do.
pub const WORK_PER_CALL: usize = 10_000_000;

/// The single closest candidate within `max(1, len / 4)` edits of `typed`,
/// or `None` when there is none or when two candidates tie.
pub fn closest<'a, I>(typed: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let mut budget = WORK_PER_CALL;
    closest_within(typed, candidates, &mut budget)
}

/// [`closest`] that spends its edit-distance work from `budget` (and at
/// most [`WORK_PER_CALL`]), for callers that bound the work of a whole file.
/// The candidates left when the budget runs out are not compared.
pub fn closest_within<'a, I>(typed: &str, candidates: I, budget: &mut usize) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = typed.chars().count();
    if len > MAX_COMPARED_LEN {
        return None;
    }
    let limit = (len / 4).max(1);
    let mut call = WORK_PER_CALL.min(*budget);
    if call == 0 {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    let mut tie = false;
    for candidate in candidates {
        if candidate == typed {
            continue;
        }
        let Some(distance) = bounded_distance(typed, len, candidate, limit, &mut call, budget)
        else {
            if call == 0 {
                break;
            }
            continue;
        };
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

/// The distance from `typed` (of `len` characters) to `candidate` when it is
/// at most `limit`, paid from both budgets; `None` when farther, or when the
/// work left cannot pay for it (then `call` is 0).
fn bounded_distance(
    typed: &str,
    len: usize,
    candidate: &str,
    limit: usize,
    call: &mut usize,
    budget: &mut usize,
) -> Option<usize> {
    // Every candidate looked at costs at least 1, so that a long list of
    // candidates that are all too far is bounded too.
    if *call == 0 {
        return None;
    }
    *call -= 1;
    *budget = budget.saturating_sub(1);
    // The distance is at least the difference in length: skip the quadratic
    // computation for candidates that cannot be close. A byte length far
    // above the limit rules a candidate out without counting its characters.
    if candidate.len() > (len + limit) * 4 {
        return None;
    }
    let candidate_len = candidate.chars().count();
    if candidate_len.abs_diff(len) > limit {
        return None;
    }
    let work = len.max(1) * candidate_len.max(1);
    if work > *call {
        *call = 0;
        return None;
    }
    *call -= work;
    *budget = budget.saturating_sub(work);
    let distance = strsim::damerau_levenshtein(typed, candidate);
    (distance <= limit).then_some(distance)
}

/// The wording of every did-you-mean hint: "did you mean `name`?".
pub fn did_you_mean(name: &str) -> String {
    format!("did you mean `{name}`?")
}

/// The closest candidate for a "did you mean" hint, without the
/// single-candidate requirement of fixes (ties go to the first). The work is
/// bounded as in [`closest`].
pub fn hint<'a, I>(typed: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let len = typed.chars().count();
    if len > MAX_COMPARED_LEN {
        return None;
    }
    let limit = (len / 3).max(2);
    let mut call = WORK_PER_CALL;
    let mut unused = usize::MAX;
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        if candidate == typed {
            continue;
        }
        match bounded_distance(typed, len, candidate, limit, &mut call, &mut unused) {
            Some(d) if best.is_none_or(|(_, b)| d < b) => best = Some((candidate, d)),
            Some(_) => {}
            None if call == 0 => break,
            None => {}
        }
    }
    best.map(|(c, _)| c)
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

    #[test]
    fn hint_ties_go_to_the_first_and_far_ones_give_nothing() {
        assert_eq!(hint("bob", ["bop", "rob"]), Some("bop"));
        assert_eq!(hint("reprots", ["x", "reports"]), Some("reports"));
        assert_eq!(hint("ab", ["abcdefgh"]), None);
    }

    #[test]
    fn long_names_get_no_suggestion_and_cost_nothing() {
        let long = "a".repeat(MAX_COMPARED_LEN + 1);
        let near = format!("{long}b");
        assert_eq!(closest(&long, [near.as_str()]), None);
        assert_eq!(hint(&long, [near.as_str()]), None);
        let fits = "a".repeat(MAX_COMPARED_LEN);
        let near = format!("{}b", &fits[1..]);
        assert_eq!(hint(&fits, [near.as_str()]), Some(near.as_str()));
    }

    #[test]
    fn the_work_stops_at_the_budget() {
        let typed = "a".repeat(200);
        let candidate = format!("{}b", "a".repeat(199));
        // 1 + 200 x 200 per comparison: a budget for two compares two.
        let mut budget = 2 * (1 + 200 * 200);
        let many = [candidate.as_str(); 5];
        assert_eq!(
            closest_within(&typed, many.iter().copied(), &mut budget),
            Some(candidate.as_str())
        );
        assert_eq!(budget, 0);
        assert_eq!(
            closest_within(&typed, many.iter().copied(), &mut budget),
            None
        );
    }
}
