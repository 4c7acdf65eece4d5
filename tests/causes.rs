//! Follow-on diagnostics name their cause: a misspelled `reports-to`,
//! `lead` or `members` leaves its value out of the model, and every
//! diagnostic that may follow from that points at the key, while the
//! verdicts stay as they are.

use orglint::{Diagnostic, Linter, SourceFile};

fn lint(text: &str) -> (SourceFile, Vec<Diagnostic>) {
    let source = SourceFile::new("org.toml", text.to_owned());
    let diagnostics = Linter::default().lint(&source);
    (source, diagnostics)
}

/// The labels of `d` that point at the first occurrence of `key` in `text`.
fn labels_at<'d>(d: &'d Diagnostic, text: &str, key: &str) -> Vec<&'d str> {
    let start = text
        .find(&format!("\n{key} ="))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{key}` is not in the org"));
    d.labels
        .iter()
        .filter(|l| l.span == (start..start + key.len()))
        .map(|l| l.message.as_str())
        .collect()
}

fn fixture() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/unknown-field/fail-misspelled-reports-to.toml"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

#[test]
fn every_follow_on_of_a_misspelled_reports_to_points_at_the_key() {
    let text = fixture();
    let (_, diagnostics) = lint(&text);
    let rules: Vec<(&str, Option<&str>)> = diagnostics
        .iter()
        .map(|d| (d.rule.as_str(), d.entity.as_ref().map(|e| e.id.as_str())))
        .collect();
    // The verdicts are the specification's: nothing held back.
    assert_eq!(
        rules,
        [
            ("root-count", None),
            ("span-of-control", Some("ivy")),
            ("design-and-data-included", Some("bob")),
            ("unknown-field", Some("bob")),
        ]
    );
    for d in diagnostics.iter().filter(|d| d.rule != "unknown-field") {
        let labels = labels_at(d, &text, "report-to");
        let expected = if d.rule == "span-of-control" {
            "`report-to` here is probably `reports-to`: `bob` is missing from the reports of `ivy`"
        } else {
            "`report-to` here is probably `reports-to`: the reporting line is missing"
        };
        assert_eq!(labels, [expected], "{}: {:?}", d.rule, d.labels);
        let help = d.help.as_deref().unwrap_or_default();
        assert!(
            help.ends_with(
                "; first rename `report-to` to `reports-to` on line 32: this may follow from it"
            ),
            "{}: {help}",
            d.rule
        );
    }
    // The unknown-field itself already points at the key, once.
    let unknown = diagnostics.iter().find(|d| d.rule == "unknown-field");
    assert_eq!(unknown.map(|d| d.labels.len()), Some(1));
}

#[test]
fn diagnostics_that_cannot_follow_from_the_key_are_left_alone() {
    // `grace` has 13 reports whatever `bob` says; `role` is not a key the
    // tree is built from; `report-to` next to a valid `reports-to` leaves
    // nothing missing.
    let mut text = String::from(
        "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n[people.ada]\nname = \"Ada\"\n\n\
         [people.grace]\nname = \"Grace\"\nreports-to = \"ada\"\nrole = \"cto\"\n\n\
         [people.bob]\nname = \"Bob\"\nreports-to = \"ada\"\nreport-to = \"grace\"\n",
    );
    for i in 0..13 {
        text.push_str(&format!(
            "\n[people.p{i}]\nname = \"P{i}\"\nreports-to = \"grace\"\n"
        ));
    }
    let (_, diagnostics) = lint(&text);
    let span = diagnostics
        .iter()
        .find(|d| d.rule == "span-of-control")
        .unwrap_or_else(|| panic!("no span-of-control: {diagnostics:?}"));
    assert_eq!(span.labels.len(), 1, "{:?}", span.labels);
    assert!(
        !span.help.as_deref().unwrap_or_default().contains("rename"),
        "{:?}",
        span.help
    );
    assert_eq!(
        diagnostics
            .iter()
            .filter(|d| d.rule == "unknown-field")
            .count(),
        2
    );
}

#[test]
fn a_misspelled_lead_points_from_the_lead_it_misses() {
    // `ivy` leads `web`'s 3 unlisted people: with `leed`, she has 1 report.
    let text = "[org]\nname = \"Acme\"\nstructure = \"split\"\n\n\
                [people.ada]\nname = \"Ada\"\n\n\
                [people.ivy]\nname = \"Ivy\"\nreports-to = \"ada\"\n\n\
                [people.eve]\nname = \"Eve\"\nreports-to = \"ivy\"\n\n\
                [people.max]\nname = \"Max\"\nreports-to = \"ada\"\n\n\
                [teams.web]\nname = \"Web\"\nleed = \"ivy\"\nheadcount = 3\n";
    let (_, diagnostics) = lint(text);
    let span = diagnostics
        .iter()
        .find(|d| d.rule == "span-of-control")
        .unwrap_or_else(|| panic!("no span-of-control: {diagnostics:?}"));
    assert_eq!(
        labels_at(span, text, "leed"),
        ["`leed` here is probably `lead`: `web` is missing from the teams `ivy` leads"]
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("leed"))
        .map(|i| i + 1);
    assert!(
        span.help.as_deref().unwrap_or_default().ends_with(&format!(
            "first rename `leed` to `lead` on line {}: this may follow from it",
            line.unwrap_or(0)
        )),
        "{:?}",
        span.help
    );
}
