//! The output of `orglint test`.

use std::io::{self, Write};

use crate::report::escape::controls;
use crate::testing::TestReport;

/// Writes each fixture's result, then each rule file's examples, then
/// `N passed, M failed`.
pub fn write(out: &mut dyn Write, report: &TestReport) -> io::Result<()> {
    let mut passed = 0;
    let mut failed = 0;
    for file in &report.files {
        // File names, rule ids and messages come from the fixtures: escaped
        // like every other input text.
        let path = controls(&file.path);
        if file.passed() {
            passed += 1;
            writeln!(out, "ok    {path}")?;
            continue;
        }
        failed += 1;
        writeln!(out, "FAIL  {path}")?;
        if let Some(bad) = &file.malformed {
            writeln!(
                out,
                "      {path}:{}: malformed expectation: {}",
                bad.line,
                controls(&bad.message)
            )?;
        }
        for m in &file.missing {
            match m.line {
                Some(line) => writeln!(
                    out,
                    "      {path}:{line}: expected `{}`, not reported",
                    controls(&m.rule)
                )?,
                None => writeln!(
                    out,
                    "      {path}: expected `{}` without a location, not reported",
                    controls(&m.rule)
                )?,
            }
        }
        for (u, message) in &file.unexpected {
            let line = u.line.map_or("-".to_owned(), |l| l.to_string());
            writeln!(
                out,
                "      {path}:{line}: unexpected `{}`: {}",
                controls(&u.rule),
                controls(message)
            )?;
        }
    }
    for pack in &report.examples {
        let examples = crate::text::plural(pack.count, "example");
        if pack.failures.is_empty() {
            passed += 1;
            writeln!(out, "ok    {} ({examples})", pack.path)?;
            continue;
        }
        failed += 1;
        writeln!(out, "FAIL  {} ({examples})", pack.path)?;
        for failure in &pack.failures {
            writeln!(
                out,
                "      {}:{}: {}",
                failure.file,
                failure.line,
                failure.message()
            )?;
        }
    }
    writeln!(out, "{passed} passed, {failed} failed")
}
