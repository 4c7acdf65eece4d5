//! The rules engine: rule packs (data), the selectors and params they use,
//! and the [`Rule`] trait that pack rules and a library user's own rules
//! implement.

pub mod change;
pub mod compile;
pub mod message;
pub mod pack;

// The template language's readers live with the templates (the lower
// layer); named here too for the library's users.
pub use crate::templates::{params, selector};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;

/// A check over a whole org. Pack rules implement it; so can a Rust user,
/// and register the rule with [`crate::Linter::register`].
///
/// ```
/// use orglint::rules::Rule;
/// use orglint::{Diagnostic, Linter, Model, Severity, SourceFile};
///
/// /// Nobody may be called "TBD".
/// struct NoTbd;
///
/// impl Rule for NoTbd {
///     fn id(&self) -> &str { "acme/no-tbd" }
///     fn default_severity(&self) -> Severity { Severity::Warning }
///     fn check(&self, model: &Model, out: &mut Vec<Diagnostic>) {
///         for person in &model.org.people {
///             if person.entity.name() == "TBD" {
///                 out.push(Diagnostic::at("acme/no-tbd", Severity::Warning,
///                     person.entity.span_of("name"), "placeholder", "a person is called `TBD`")
///                     .about(Some(person.entity.to_ref())));
///             }
///         }
///     }
/// }
///
/// let mut linter = Linter::default();
/// linter.register(Box::new(NoTbd));
/// let source = SourceFile::new("org.toml", "[org]\nname = \"A\"\n[people.x]\nname = \"TBD\"\n".to_owned());
/// let diagnostics = linter.lint(&source);
/// assert!(diagnostics.iter().any(|d| d.rule == "acme/no-tbd"));
/// ```
pub trait Rule: Send + Sync {
    /// The rule id; a user's ids are namespaced (`acme/no-tbd`).
    fn id(&self) -> &str;
    /// The severity unless configured otherwise.
    fn default_severity(&self) -> Severity;
    /// Appends a diagnostic for every problem. The engine sets each
    /// diagnostic's rule id and effective severity.
    fn check(&self, model: &Model, out: &mut Vec<Diagnostic>);

    /// [`Rule::check`] that appends at most `max` diagnostics, the first in
    /// output order, and returns how many more there were. The engine holds
    /// the bound anyway; a rule that can skip building the rest of its
    /// diagnostics overrides this to save the time and memory.
    fn check_at_most(&self, model: &Model, out: &mut Vec<Diagnostic>, max: usize) -> usize {
        let _ = max;
        self.check(model, out);
        0
    }
}
