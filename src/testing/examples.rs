//! Rule examples: each `[[example]]` of a rule is an org on which the rule
//! must fire (`expect = "fail"`) or stay silent (`expect = "pass"`). The
//! tests of the built-in packs and `orglint test`, for the packs of the
//! configuration in force, run them the same way.

use crate::Linter;
use crate::rules::pack::RuleDef;
use crate::source::SourceFile;

/// An `[[example]]` that does not do what it says.
#[derive(Clone, Debug)]
pub struct ExampleFailure {
    /// The rule id.
    pub rule: String,
    /// The file the rule is written in.
    pub file: String,
    /// The 1-based line of the `[[example]]` in that file.
    pub line: usize,
    /// Its position among the rule's examples, 1-based.
    pub index: usize,
    /// `expect = "fail"`: the rule should have fired.
    pub fail: bool,
    /// Every diagnostic the example gave, as `rule: message`.
    pub seen: Vec<String>,
}

impl ExampleFailure {
    /// What went wrong, lower-case.
    pub fn message(&self) -> String {
        let which = format!("`[[example]]` {} of `{}`", self.index, self.rule);
        if self.fail {
            format!("{which} expects the rule to fire (`expect = \"fail\"`), but it did not")
        } else {
            let own: Vec<&str> = self
                .seen
                .iter()
                .filter_map(|s| s.strip_prefix(&format!("{}: ", self.rule)))
                .collect();
            format!(
                "{which} expects the rule to stay silent (`expect = \"pass\"`), but it fired: {}",
                own.join("; ")
            )
        }
    }
}

/// Lints each example of `rule` with `linter` (which must have the rule
/// on) and returns those that do not do as they say.
pub fn check(linter: &Linter, rule: &RuleDef) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (i, example) in rule.examples().iter().enumerate() {
        let source = SourceFile::new(format!("{}#{}", rule.id, i + 1), example.org.clone());
        let diagnostics = match example.as_of {
            Some(as_of) => linter.lint_as_of(&source, as_of),
            None => linter.lint(&source),
        };
        let fired = diagnostics.iter().any(|d| d.rule == rule.id);
        if fired != example.fail {
            failures.push(ExampleFailure {
                rule: rule.id.clone(),
                file: rule.at.file.path.clone(),
                line: example.line,
                index: i + 1,
                fail: example.fail,
                seen: diagnostics
                    .iter()
                    .map(|d| format!("{}: {}", d.rule, d.message))
                    .collect(),
            });
        }
    }
    failures
}
