//! Renders a [`Report`] in each output format. This is the only module that
//! writes the run's results.

pub mod catalog;
pub mod diff_human;
pub mod diff_json;
pub mod escape;
mod excerpt;
pub mod github;
pub mod group;
pub mod human;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod short;
pub mod statistics;

use std::io::{self, Write};

use crate::Report;

/// An output format of `orglint check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical report with source excerpts.
    Human,
    /// `file:line:col: severity[rule]: message`, one per line.
    Short,
    /// The version-1 JSON document.
    Json,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (pull-request annotations).
    Github,
}

/// How many diagnostics `human` and `short` print before summing up the rest.
pub const HUMAN_LIMIT: usize = 100;
/// The same cap for `short`.
pub const SHORT_LIMIT: usize = 1000;

/// Options of the human-readable formats.
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Leave out the summary line.
    pub quiet: bool,
    /// Show diagnostics with one cause as one entry (`human`, `short`).
    pub group: bool,
}

/// Writes the report in `format`.
pub fn write(out: &mut dyn Write, report: &Report, format: Format, style: Style) -> io::Result<()> {
    match format {
        Format::Human => human::write(out, report, style),
        Format::Short => short::write(out, report, style),
        Format::Json => json::write(out, report),
        Format::Sarif => sarif::write(out, report),
        Format::Github => github::write(out, report),
    }
}

pub use crate::text::plural;
