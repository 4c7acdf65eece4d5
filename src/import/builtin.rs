//! What the importer knows without a mapping file: the titles of the known
//! roles, and departments spelled like the known functions.

/// The built-in titles of each known role: the full title (which may be
/// followed by `,` or `&` and more) and the abbreviation, which counts only
/// as the whole title.
const ROLE_TITLES: &[(&str, &[&str], &str)] = &[
    ("ceo", &["chief executive officer"], "ceo"),
    (
        "cpto",
        &[
            "chief product and technology officer",
            "chief product & technology officer",
        ],
        "cpto",
    ),
    ("cpo", &["chief product officer"], "cpo"),
    (
        "cto",
        &["chief technology officer", "chief technical officer"],
        "cto",
    ),
    (
        "cfo",
        &["chief financial officer", "chief finance officer"],
        "cfo",
    ),
    (
        "coo",
        &["chief operating officer", "chief operations officer"],
        "coo",
    ),
    ("cmo", &["chief marketing officer"], "cmo"),
    ("cro", &["chief revenue officer"], "cro"),
    (
        "chro",
        &["chief human resources officer", "chief people officer"],
        "chro",
    ),
    ("general-counsel", &["general counsel"], "general counsel"),
    ("chief-of-staff", &["chief of staff"], "chief of staff"),
];

/// The role a title names by the built-in list.
pub(crate) fn builtin_role(title: &str) -> Option<&'static str> {
    let lower: String = title
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let lower = lower.trim_end_matches(['.', ',', ';']);
    for (role, full, short) in ROLE_TITLES {
        if lower == *short {
            return Some(role);
        }
        for f in *full {
            if let Some(rest) = lower.strip_prefix(f)
                && (rest.is_empty()
                    || rest.starts_with([',', '&', '(', '/', ';'])
                    || rest.starts_with(" &")
                    || rest.starts_with(" ("))
            {
                return Some(role);
            }
        }
    }
    None
}

/// The known function a department is spelled like (`Customer Success`
/// is `customer-success`).
pub(crate) fn builtin_function(department: &str) -> Option<&'static str> {
    let mut spelled = String::new();
    for c in department.trim().chars() {
        if c.is_alphanumeric() {
            spelled.extend(c.to_lowercase());
        } else if !spelled.ends_with('-') {
            spelled.push('-');
        }
    }
    let spelled = spelled.trim_matches('-');
    crate::vocabulary::FUNCTIONS
        .iter()
        .copied()
        .find(|f| *f == spelled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_is_its_full_title_or_its_whole_abbreviation() {
        assert_eq!(builtin_role("Chief Technology Officer"), Some("cto"));
        assert_eq!(
            builtin_role("chief  technology officer, co-founder"),
            Some("cto")
        );
        assert_eq!(builtin_role("CTO"), Some("cto"));
        assert_eq!(builtin_role("Federal CTO"), None);
        assert_eq!(builtin_role("Deputy Chief Technology Officer"), None);
        assert_eq!(builtin_role("Chief Technology Officers Club"), None);
        assert_eq!(
            builtin_role("Chief Product & Technology Officer"),
            Some("cpto")
        );
        assert_eq!(builtin_role("General Counsel"), Some("general-counsel"));
    }

    #[test]
    fn a_department_spelled_like_a_function_is_that_function() {
        assert_eq!(
            builtin_function("Customer Success"),
            Some("customer-success")
        );
        assert_eq!(builtin_function(" ENGINEERING "), Some("engineering"));
        assert_eq!(builtin_function("Enginering"), None);
        assert_eq!(builtin_function("Platform Engineering"), None);
    }
}
