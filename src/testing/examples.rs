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

/// Lints one example: its org file, or the root and fragments of an org of
/// many files, held in memory.
pub fn lint_example(
    linter: &Linter,
    example: &crate::rules::pack::Example,
    name: &str,
) -> Vec<crate::Diagnostic> {
    if let Some(base) = &example.base {
        return lint_change_example(linter, example, base, name);
    }
    if example.files.is_empty() {
        let source = SourceFile::new(name, example.org.clone());
        return match example.as_of {
            Some(as_of) => linter.lint_as_of(&source, as_of),
            None => linter.lint(&source),
        };
    }
    // A folder of its own, so that nothing on disk can be matched.
    let dir = std::path::Path::new("/orglint-example");
    let root = dir.join("org.toml");
    let none = crate::load::NoFiles;
    let mut files = crate::load::Overlay::new(&none);
    for (path, text) in &example.files {
        files.insert(&dir.join(path), text.clone().into_bytes());
    }
    let source = SourceFile::new(name, example.org.clone());
    let mut org = linter.load(source, &root, &files);
    linter
        .lint_loaded_at(&mut org, example.as_of.unwrap_or(linter.as_of))
        .0
}

/// Lints a two-sided example: its HEAD org as a change from its BASE org,
/// as `orglint diff` does (BASE's diagnostics are not returned).
fn lint_change_example(
    linter: &Linter,
    example: &crate::rules::pack::Example,
    base: &str,
    name: &str,
) -> Vec<crate::Diagnostic> {
    let as_of = example.as_of.unwrap_or(linter.as_of);
    let path = std::path::Path::new("/orglint-example/org.toml");
    let none = crate::load::NoFiles;
    let mut base_org = linter.load(SourceFile::new(name, base.to_owned()), path, &none);
    let base_model = linter.lint_loaded_at(&mut base_org, as_of).2;
    let base_model = base_model.unwrap_or_else(|| crate::templates::change::empty_model(as_of));
    let mut head = linter.load(SourceFile::new(name, example.org.clone()), path, &none);
    linter.lint_change(&mut head, &base_model, as_of).0
}

/// Lints each example of `rule` with `linter` (which must have the rule
/// on) and returns those that do not do as they say.
pub fn check(linter: &Linter, rule: &RuleDef) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for (i, example) in rule.examples().iter().enumerate() {
        let diagnostics = lint_example(linter, example, &format!("{}#{}", rule.id, i + 1));
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
