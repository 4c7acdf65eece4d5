//! The command line: clap definitions and the dispatch of each command.

use std::path::PathBuf;

use std::io::IsTerminal;

use clap::{ArgMatches, Args, Parser, Subcommand, ValueEnum};
use orglint::Severity;
use orglint::config::Level;
use orglint::linter::Flag;
use orglint::report::{self, Format, Style};
use orglint::run::{CheckOptions, ConfigChoice, Linters, check, config_for};

const AFTER_HELP: &str = "\
Exit codes:
  0  no diagnostic of severity error
  1  at least one error (including a file that is not valid TOML)
  2  the run itself failed: bad arguments, an unreadable path, an invalid
     orglint.toml or rule pack";

const IMPORT_AFTER_HELP: &str = "\
Exit codes:
  0  the org was written, without errors in the data
  1  the org was written; some rows had errors (skipped or changed)
  2  nothing was written: unreadable or undecodable input, no header,
     a bad mapping file or flag, an output file that exists";
const DIFF_AFTER_HELP: &str = "\
Exit codes:
  0  no new error (with --fail-on all: no error at HEAD)
  1  a new error (with --fail-on all: any error at HEAD)
  2  the run itself failed: not a git repository, an unknown revision, an
     unreadable file, an invalid orglint.toml at HEAD";

/// A linter for organizations described as code.
#[derive(Parser, Debug)]
#[command(name = "orglint", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Lint org files (`org.toml`, `*.org.toml`)
    #[command(after_help = AFTER_HELP)]
    Check(CheckArgs),
    /// Compare the orgs at two git revisions: what a change does and breaks
    #[command(after_help = DIFF_AFTER_HELP)]
    Diff(DiffArgs),
    /// List every rule: id, pack, default severity, template, summary
    Rules(RulesArgs),
    /// Explain a rule: summary, rationale, params and examples
    Explain(ExplainArgs),
    /// Run rule tests: fixture files whose `# expect: RULE` comments say what must fire
    #[command(
        after_help = "Exit codes:\n  0  every expectation met\n  1  some diagnostics were missing or unexpected, or an example of your packs failed\n  2  a malformed expectation, or the run failed"
    )]
    Test(TestArgs),
    /// Draw the org chart as Mermaid or Graphviz DOT, entities with diagnostics marked
    #[command(
        after_help = "Exit codes:\n  0  drawn\n  1  the file is not valid TOML\n  2  the run failed (bad option, config or path)"
    )]
    Graph(GraphArgs),
    /// Print the JSON Schema of the org file format (for taplo / Even Better TOML)
    Schema(SchemaArgs),
    /// Turn an org file into a root and one file per person and team (never overwrites)
    #[command(
        after_help = "Exit codes:\n  0  the root and its fragments were written\n  2  nothing was written: the file is not valid TOML or has no `[org]`, `[org]` has\n     `include` already, a target folder holds `.toml` files, a file could not be written"
    )]
    Split(SplitArgs),
    /// Turn an HR export (CSV/TSV, or a folder of per-person YAML files) into an org file
    #[command(after_help = IMPORT_AFTER_HELP)]
    Import(ImportArgs),
    /// Write a commented starter org.toml and orglint.toml here (never overwrites)
    Init,
    /// Print shell completions
    Completions(CompletionsArgs),
    /// Print the man page (roff): every command and its options, in one page
    Manpage,
    /// Run the language server (LSP over stdin/stdout) for editors
    Server(ServerArgs),
}

#[derive(Args, Debug)]
struct ServerArgs {
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Args, Debug)]
struct TestArgs {
    /// Fixture files, or folders of them (every `*.toml` but orglint.toml and rule packs); default: the current folder
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    as_of: AsOfArgs,
}

/// The date a command lints at.
#[derive(Args, Debug)]
struct AsOfArgs {
    /// Lint the org as it is on this date (YYYY-MM-DD; default: today, UTC): who has left or not started, which exceptions have expired
    #[arg(long = "as-of", value_name = "DATE", value_parser = orglint::dates::parse_arg)]
    date: Option<orglint::dates::Date>,
}

/// Chart formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum GraphFormatArg {
    Mermaid,
    Dot,
}

/// Which way a chart's reporting lines run.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum DirectionArg {
    /// Top to bottom
    #[value(name = "TB", alias = "tb", alias = "TD", alias = "td")]
    Tb,
    /// Left to right: a wide org becomes a tall chart
    #[value(name = "LR", alias = "lr")]
    Lr,
}

#[derive(Args, Debug)]
struct GraphArgs {
    /// The org file
    file: PathBuf,
    /// Chart format: Mermaid (renders in GitHub markdown) or Graphviz DOT
    #[arg(long, value_enum, default_value = "mermaid")]
    format: GraphFormatArg,
    /// Collapse everyone deeper than N into one "+K people" node per branch
    #[arg(long, value_name = "N")]
    depth: Option<usize>,
    /// Draw only this person's branch
    #[arg(long, value_name = "ID")]
    root: Option<String>,
    /// Which way the reporting lines run: TB (top to bottom) or LR (left to right)
    #[arg(long, value_enum, default_value = "TB")]
    direction: DirectionArg,
    /// Draw only the entities with diagnostics and their chain up to the root
    #[arg(long)]
    only_problems: bool,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    as_of: AsOfArgs,
}

#[derive(Args, Debug)]
struct ImportArgs {
    #[command(subcommand)]
    source: ImportSource,
}

#[derive(Subcommand, Debug)]
enum ImportSource {
    /// Import a CSV or TSV export (one row per person; `-` reads standard input)
    #[command(after_help = IMPORT_AFTER_HELP)]
    Csv {
        /// The CSV or TSV file, or `-`
        file: PathBuf,
        #[command(flatten)]
        options: ImportOptionsArgs,
    },
    /// Import a folder of one YAML file per person, searched recursively
    #[command(after_help = IMPORT_AFTER_HELP)]
    Yaml {
        /// The folder
        dir: PathBuf,
        #[command(flatten)]
        options: ImportOptionsArgs,
    },
    /// Print a commented starter mapping file
    Mapping,
}

/// Import output formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ImportFormat {
    Human,
    Json,
}

#[derive(Args, Debug)]
struct ImportOptionsArgs {
    /// The mapping file: columns, departments and titles to functions and roles, custom fields
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// Which column (or YAML key) holds a field: `--column id="Employee Number"`
    #[arg(long, value_name = "FIELD=HEADER")]
    column: Vec<String>,
    /// Write the org to this file (default: standard output)
    #[arg(short, long, value_name = "FILE", conflicts_with = "split")]
    output: Option<PathBuf>,
    /// Write a root org.toml and one file per person under DIR/people/
    #[arg(long, value_name = "DIR")]
    split: Option<PathBuf>,
    /// Replace existing output files
    #[arg(long)]
    force: bool,
    /// How to report what could not be mapped
    #[arg(long, value_enum, default_value = "human")]
    format: ImportFormat,
}

#[derive(Args, Debug)]
struct SplitArgs {
    /// The org file: it stays the root, gaining `include` under `[org]`
    file: PathBuf,
    /// The folder for people's files (default: `people/` next to the org file)
    #[arg(long, value_name = "DIR")]
    people: Option<PathBuf>,
    /// The folder for teams' files (default: `teams/` next to the org file)
    #[arg(long, value_name = "DIR")]
    teams: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct SchemaArgs {
    /// The schema of a fragment of an org of many files: `people` and `teams` tables, no `[org]`
    #[arg(long)]
    fragment: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Args, Debug)]
struct CompletionsArgs {
    /// The shell
    shell: clap_complete::Shell,
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Short,
    Json,
    Sarif,
    Github,
}

/// Output formats of `rules`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ListFormat {
    Human,
    Json,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal, honouring NO_COLOR and CLICOLOR_FORCE
    Auto,
    /// Always colour
    Always,
    /// Never colour
    Never,
}

#[derive(Args, Debug)]
struct ConfigArgs {
    /// Use this orglint.toml instead of the nearest one
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Use no orglint.toml (built-in defaults)
    #[arg(long)]
    no_config: bool,
}

impl ConfigArgs {
    fn choice(&self) -> ConfigChoice {
        match (&self.config, self.no_config) {
            (_, true) => ConfigChoice::Off,
            (Some(p), false) => ConfigChoice::Path(p.clone()),
            (None, false) => ConfigChoice::Discover,
        }
    }
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// Org files, or folders to search for `org.toml` and `*.org.toml`
    /// (default `.`); `-` reads standard input. A file that a root's
    /// `include` matches lints that root's whole org
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// The name standard input is reported as; when a root includes that
    /// path, standard input stands in for that file of its org
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    #[command(flatten)]
    config: ConfigArgs,
    /// Turn a rule or pack off (`-A span-of-control`, `-A hygiene`)
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    allow: Vec<String>,
    /// Make a rule or pack a warning
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    warn: Vec<String>,
    /// Make a rule or pack an error; `-D warnings` makes every warning an error
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    deny: Vec<String>,
    /// Apply the safe fixes in place (with `-`: print the fixed text)
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the fixes as a unified diff and change nothing (exit 1 when there is a diff)
    #[arg(long)]
    diff: bool,
    /// With --fix or --diff, apply unsafe fixes too
    #[arg(long)]
    unsafe_fixes: bool,
    /// Hide the diagnostics recorded in this baseline file
    #[arg(long, value_name = "PATH", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// Record today's diagnostics in this baseline file (exit 0 unless the run fails)
    #[arg(long, value_name = "PATH")]
    write_baseline: Option<PathBuf>,
    /// With --write-baseline: every entry written stops hiding its diagnostic on this date (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", requires = "write_baseline", value_parser = orglint::dates::parse_arg)]
    until: Option<orglint::dates::Date>,
    #[command(flatten)]
    as_of: AsOfArgs,
    /// When to use colours
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print diagnostics only, no summary
    #[arg(short, long)]
    quiet: bool,
    /// Print every diagnostic on its own, even those that share a cause
    /// (human and short output group them by default)
    #[arg(long)]
    no_group: bool,
    /// Print a table of counts per rule and severity instead of the diagnostics
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    statistics: bool,
}

/// Output formats of `diff`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum DiffFormatArg {
    Human,
    Markdown,
    Json,
    Github,
    Sarif,
}

/// What fails `diff`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FailOnArg {
    /// A new error
    New,
    /// Any error of the orgs at HEAD
    All,
}

#[derive(Args, Debug)]
struct DiffArgs {
    /// The base revision: a branch, tag or commit
    base: String,
    /// The head revision (default: the working tree, staged and unstaged)
    head: Option<String>,
    /// Folders or org files to compare, after `--` (default: the whole repository)
    #[arg(last = true, value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: DiffFormatArg,
    /// Exit 1 on a new error, or on any error at HEAD
    #[arg(long, value_enum, default_value = "new")]
    fail_on: FailOnArg,
    #[command(flatten)]
    as_of: AsOfArgs,
    /// When to use colours
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print the change and diagnostics only, no summary line
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Args, Debug)]
struct RulesArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: ListFormat,
    #[command(flatten)]
    config: ConfigArgs,
}

#[derive(Args, Debug)]
struct ExplainArgs {
    /// A rule id
    rule: String,
    #[command(flatten)]
    config: ConfigArgs,
}

/// `-A`/`-W`/`-D` in the order given: later flags win.
fn ordered_flags(matches: &ArgMatches) -> Vec<Flag> {
    let Some(("check", sub)) = matches.subcommand() else {
        return Vec::new();
    };
    let mut flags: Vec<(usize, Flag)> = Vec::new();
    for (id, level) in [
        ("allow", Level::Off),
        ("warn", Level::On(Severity::Warning)),
        ("deny", Level::On(Severity::Error)),
    ] {
        let (Some(indices), Some(values)) = (sub.indices_of(id), sub.get_many::<String>(id)) else {
            continue;
        };
        for (index, value) in indices.zip(values) {
            flags.push((
                index,
                Flag {
                    level,
                    target: value.clone(),
                },
            ));
        }
    }
    flags.sort_by_key(|(i, _)| *i);
    flags.into_iter().map(|(_, f)| f).collect()
}

/// Runs the command and returns the exit code.
pub fn run(cli: Cli, matches: &ArgMatches) -> u8 {
    match cli.command {
        Command::Check(args) => run_check(args, ordered_flags(matches)),
        Command::Diff(args) => run_diff(args),
        Command::Rules(args) => with_linter(&args.config, |linter| {
            if crate::emit(|out| match args.format {
                ListFormat::Human => report::catalog::write_rules(out, linter),
                ListFormat::Json => report::catalog::write_rules_json(out, linter),
            }) {
                0
            } else {
                2
            }
        }),
        Command::Test(args) => {
            match orglint::testing::run_as_of(&args.paths, args.config.choice(), args.as_of.date) {
                Ok(outcome) => {
                    let style = Style {
                        color: false,
                        quiet: true,
                        group: true,
                    };
                    if outcome.failures.run_failed {
                        let _ = report::write(
                            &mut std::io::stderr(),
                            &outcome.failures,
                            Format::Short,
                            style,
                        );
                    }
                    if !crate::emit(|out| orglint::testing::report::write(out, &outcome)) {
                        return 2;
                    }
                    outcome.exit_code()
                }
                Err(err) => {
                    eprintln!("error: {err}");
                    2
                }
            }
        }
        Command::Graph(args) => {
            let options = orglint::graph::GraphOptions {
                format: match args.format {
                    GraphFormatArg::Mermaid => orglint::graph::GraphFormat::Mermaid,
                    GraphFormatArg::Dot => orglint::graph::GraphFormat::Dot,
                },
                depth: args.depth,
                root: args.root,
                direction: match args.direction {
                    DirectionArg::Tb => orglint::graph::Direction::TopBottom,
                    DirectionArg::Lr => orglint::graph::Direction::LeftRight,
                },
                only_problems: args.only_problems,
            };
            let mermaid = options.format == orglint::graph::GraphFormat::Mermaid;
            let style = Style {
                color: crate::use_color(ColorChoice::Auto),
                quiet: true,
                group: true,
            };
            let outcome = orglint::run::graph_as_of(
                &args.file,
                &args.config.choice(),
                &options,
                args.as_of.date,
            );
            let code = outcome.exit_code();
            match outcome {
                orglint::run::GraphOutcome::Drawn(chart) => {
                    if !crate::emit(|out| out.write_all(chart.as_bytes())) {
                        return 2;
                    }
                    if mermaid && let Some(reason) = orglint::graph::mermaid_too_big(&chart) {
                        eprintln!(
                            "warning: {reason}\nhelp: draw less with `--depth N`, `--root ID` or `--only-problems`, or use `--format dot`"
                        );
                    }
                }
                orglint::run::GraphOutcome::Invalid(report)
                | orglint::run::GraphOutcome::Failed(report) => {
                    let _ = report::write(&mut std::io::stderr(), &report, Format::Human, style);
                }
                orglint::run::GraphOutcome::Usage(message) => eprintln!("error: {message}"),
            }
            code
        }
        Command::Schema(args) => with_linter(&args.config, |linter| {
            let schema = if args.fragment {
                orglint::schema::fragment_schema(&linter.vocabulary)
            } else {
                orglint::schema::schema(&linter.vocabulary)
            };
            exit_code(crate::emit(|out| {
                serde_json::to_writer_pretty(&mut *out, &schema)?;
                writeln!(out)
            }))
        }),
        Command::Import(args) => run_import(args),
        Command::Split(args) => run_split(args),
        Command::Init => match orglint::init::init(std::path::Path::new(".")) {
            Ok(written) => {
                for path in written {
                    println!("wrote {}", orglint::files::display_path(&path));
                }
                println!("next: `orglint check` lints org.toml");
                0
            }
            Err(existing) => {
                let names: Vec<String> = existing
                    .iter()
                    .map(|p| format!("`{}`", orglint::files::display_path(p)))
                    .collect();
                let verb = if names.len() == 1 { "exists" } else { "exist" };
                eprintln!(
                    "error: {} already {verb}; `orglint init` never overwrites a file, so nothing was written",
                    names.join(" and ")
                );
                2
            }
        },
        Command::Completions(args) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            exit_code(crate::emit(|out| {
                clap_complete::generate(args.shell, &mut command, "orglint", out);
                Ok(())
            }))
        }
        Command::Manpage => exit_code(crate::emit(write_man_page)),
        Command::Server(args) => orglint::server::run(args.config.choice()),
        Command::Explain(args) => with_linter(&args.config, |linter| {
            match linter.known.iter().find(|k| k.def.id == args.rule) {
                Some(known) => {
                    if crate::emit(|out| report::catalog::write_explain(out, known)) {
                        0
                    } else {
                        2
                    }
                }
                None if orglint::import::explain(&args.rule).is_some() => {
                    exit_code(crate::emit(|out| {
                        report::catalog::write_import_explain(out, &args.rule)
                    }))
                }
                None => {
                    let ids = linter
                        .known
                        .iter()
                        .map(|k| k.def.id.as_str())
                        .chain(orglint::ids::IMPORT.iter().copied());
                    let hint = orglint::suggest::hint(&args.rule, ids)
                        .map(|s| format!("; {}", orglint::suggest::did_you_mean(s)))
                        .unwrap_or_default();
                    eprintln!(
                        "error: unknown rule `{}`{hint}\n`orglint rules` lists every rule",
                        args.rule
                    );
                    2
                }
            }
        }),
    }
}

/// The man page: one page, with a section for each command and all its
/// options. clap_mangen's own page lists the commands as `orglint-check(1)`
/// and so on, pages that `orglint manpage` would never write.
fn write_man_page(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut command = <Cli as clap::CommandFactory>::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    type Render<'a> = &'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>;
    // Each fragment comes with roff's preamble, already written with the
    // title, and its own `.SH` heading, which a command's section drops.
    let fragment =
        |out: &mut dyn std::io::Write, render: Render<'_>, headings: bool| -> std::io::Result<()> {
            let mut buffer = Vec::new();
            render(&mut buffer)?;
            let text = String::from_utf8_lossy(&buffer);
            for line in text.lines().filter(|l| {
                !(l.starts_with(".ie \\n(.g")
                    || l.starts_with(".el .ds Aq")
                    || (!headings && l.starts_with(".SH ")))
            }) {
                writeln!(out, "{line}")?;
            }
            Ok(())
        };
    let body = |out: &mut dyn std::io::Write, render: Render<'_>| fragment(out, render, false);
    // Preformatted, so that the exit code tables keep their lines.
    let verbatim = |out: &mut dyn std::io::Write, page: &clap_mangen::Man| -> std::io::Result<()> {
        writeln!(out, ".PP\n.nf")?;
        body(out, &|w| page.render_extra_section(w))?;
        writeln!(out, ".fi")
    };
    fragment(out, &|w| man.render_name_section(w), true)?;
    fragment(out, &|w| man.render_synopsis_section(w), true)?;
    fragment(out, &|w| man.render_description_section(w), true)?;
    fragment(out, &|w| man.render_options_section(w), true)?;
    writeln!(out, ".SH COMMANDS")?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let page = clap_mangen::Man::new(sub.clone());
        writeln!(out, ".SS \"orglint {}\"", sub.get_name())?;
        body(out, &|w| page.render_synopsis_section(w))?;
        writeln!(out, ".PP")?;
        body(out, &|w| page.render_description_section(w))?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            body(out, &|w| page.render_options_section(w))?;
        }
        if sub.get_after_help().is_some() {
            verbatim(out, &page)?;
        }
    }
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    writeln!(
        out,
        "Of \\fBorglint check\\fR (a command with other exit codes lists them in its section):"
    )?;
    verbatim(out, &man)?;
    fragment(out, &|w| man.render_version_section(w), true)
}

/// Builds the linter of the current folder's config, or reports its problems.
fn with_linter(config: &ConfigArgs, f: impl FnOnce(&orglint::Linter) -> u8) -> u8 {
    let mut linters = Linters::default();
    let path = config_for(&config.choice(), &PathBuf::from("."));
    match linters.get(path.as_deref(), &[]) {
        Some(linter) => f(&linter),
        None => {
            let report = linters.problems_report();
            let style = Style {
                color: crate::use_color(ColorChoice::Auto),
                quiet: true,
                group: true,
            };
            let mut stderr = std::io::stderr();
            let _ = report::write(&mut stderr, &report, Format::Human, style);
            2
        }
    }
}

fn run_check(args: CheckArgs, flags: Vec<Flag>) -> u8 {
    let options = CheckOptions {
        paths: args.paths,
        stdin_filename: args.stdin_filename,
        config: args.config.choice(),
        flags,
        fix: args.fix,
        diff: args.diff,
        unsafe_fixes: args.unsafe_fixes,
        baseline: args.baseline,
        write_baseline: args.write_baseline.clone(),
        as_of: args.as_of.date,
        until: args.until,
    };
    let report = match check(&options) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return 2;
        }
    };
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Short => Format::Short,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
        FormatArg::Github => Format::Github,
    };
    if report.no_files_found {
        eprintln!("warning: no org file (`org.toml`, `*.org.toml`) found");
    }
    for warning in &report.config_warnings {
        eprintln!("warning: {warning}");
    }
    let style = Style {
        color: crate::use_color(args.color),
        quiet: args.quiet,
        group: !args.no_group,
    };
    if args.diff {
        let diffs = report.diffs.concat();
        if !crate::emit(|out| out.write_all(diffs.as_bytes())) {
            return 2;
        }
        let mut stderr = std::io::stderr();
        let failures = orglint::Report {
            files: report
                .files
                .iter()
                .filter(|f| {
                    f.diagnostics
                        .iter()
                        .any(|d| orglint::ids::is_run_failure(&d.rule))
                })
                .map(|f| orglint::FileReport {
                    source: f.source.clone(),
                    diagnostics: f
                        .diagnostics
                        .iter()
                        .filter(|d| orglint::ids::is_run_failure(&d.rule))
                        .cloned()
                        .collect(),
                    omitted: 0,
                    org: None,
                })
                .collect(),
            ..Default::default()
        };
        let _ = report::write(
            &mut stderr,
            &failures,
            Format::Short,
            Style {
                color: false,
                quiet: true,
                group: true,
            },
        );
        if !args.quiet {
            eprintln!(
                "{} would be changed",
                report::plural(report.diffs.len(), "file")
            );
        }
        return report.exit_code();
    }
    if let Some(text) = &report.fixed_stdout {
        // `--fix -`: the fixed text is the output; diagnostics go to stderr.
        if !crate::emit(|out| out.write_all(text)) {
            return 2;
        }
        let _ = report::write(&mut std::io::stderr(), &report, format, style);
        return report.exit_code();
    }
    if args.statistics {
        let written = crate::emit(|out| match format {
            Format::Json => report::statistics::write_json(out, &report),
            _ => report::statistics::write_text(out, &report),
        });
        return if written { report.exit_code() } else { 2 };
    }
    if !crate::emit(|out| report::write(out, &report, format, style)) {
        return 2;
    }
    if let (Some(path), Some(entries)) = (&args.write_baseline, report.baseline_written)
        && !args.quiet
    {
        eprintln!(
            "wrote {} to `{}`",
            report::plural(entries, "baseline entry"),
            path.display()
        );
    }
    report.exit_code()
}

fn run_split(args: SplitArgs) -> u8 {
    use orglint::split::{Refused, SplitOptions, split};
    let options = SplitOptions {
        file: args.file,
        people: args.people,
        teams: args.teams,
    };
    match split(&options) {
        Ok(written) => {
            let mut kinds = Vec::new();
            if written.people > 0 {
                kinds.push(report::plural(written.people, "person"));
            }
            if written.teams > 0 {
                kinds.push(report::plural(written.teams, "team"));
            }
            eprintln!(
                "wrote `{}` and {} ({}); next: `orglint check {}`",
                orglint::files::display_path(&written.root),
                report::plural(written.fragments.len(), "fragment"),
                kinds.join(", "),
                orglint::files::display_path(&written.root),
            );
            0
        }
        Err(Refused::Syntax(file)) => {
            let report = orglint::Report {
                files: vec![file],
                ..Default::default()
            };
            let style = Style {
                color: crate::use_color(ColorChoice::Auto) && std::io::stderr().is_terminal(),
                quiet: true,
                group: true,
            };
            let _ = report::write(&mut std::io::stderr(), &report, Format::Human, style);
            eprintln!("error: the file is not valid TOML, so nothing was written");
            2
        }
        Err(Refused::Other { message, help }) => {
            eprintln!("error: {message}\nhelp: {help}");
            2
        }
    }
}

fn run_import(args: ImportArgs) -> u8 {
    use orglint::import::{ImportOptions, Input, Output};
    let (input, options) = match args.source {
        ImportSource::Csv { file, options } => (Input::Csv(file), options),
        ImportSource::Yaml { dir, options } => (Input::Yaml(dir), options),
        ImportSource::Mapping => {
            return exit_code(crate::emit(|out| {
                out.write_all(orglint::import::STARTER_MAPPING.as_bytes())
            }));
        }
    };
    let output = match (options.output, options.split) {
        (Some(file), _) => Output::File(file),
        (None, Some(dir)) => Output::Split(dir),
        (None, None) => Output::Stdout,
    };
    let to_stdout = matches!(output, Output::Stdout);
    let imported = orglint::import::import(&ImportOptions {
        input,
        mapping: options.mapping,
        columns: options.column,
        output,
        force: options.force,
    });
    let format = match options.format {
        ImportFormat::Human => Format::Human,
        ImportFormat::Json => Format::Json,
    };
    let mut code = imported.exit_code();
    // The org goes to stdout when no file is named: the report then goes
    // to stderr, else to stdout as `check`'s does.
    if to_stdout {
        if let Some(text) = &imported.stdout
            && !crate::emit(|out| out.write_all(text.as_bytes()))
        {
            code = 2;
        }
        let style = Style {
            color: crate::use_color(ColorChoice::Auto) && std::io::stderr().is_terminal(),
            quiet: false,
            group: true,
        };
        let _ = report::write(&mut std::io::stderr(), &imported.report, format, style);
    } else {
        let style = Style {
            color: crate::use_color(ColorChoice::Auto),
            quiet: false,
            group: true,
        };
        if !crate::emit(|out| report::write(out, &imported.report, format, style)) {
            code = 2;
        }
    }
    if imported.wrote && !imported.written.is_empty() {
        let first = imported
            .written
            .first()
            .map(|p| orglint::files::display_path(p))
            .unwrap_or_default();
        let others = imported.written.len() - 1;
        let more = if others > 0 {
            format!(" and {}", report::plural(others, "other file"))
        } else {
            String::new()
        };
        eprintln!(
            "wrote `{first}`{more}: {}; next: `orglint check`",
            report::plural(imported.people, "person")
        );
    }
    code
}

/// The paths given, as paths inside the repository at `top`.
fn inside_repo(paths: &[PathBuf], top: &std::path::Path) -> Result<Vec<PathBuf>, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current folder: {e}"))?;
    let cwd = cwd.canonicalize().unwrap_or(cwd);
    let top = top.canonicalize().unwrap_or_else(|_| top.to_path_buf());
    paths
        .iter()
        .map(|p| {
            let mut joined = PathBuf::new();
            for c in cwd.join(p).components() {
                match c {
                    std::path::Component::CurDir => {}
                    std::path::Component::ParentDir => {
                        joined.pop();
                    }
                    other => joined.push(other),
                }
            }
            joined
                .strip_prefix(&top)
                .map(std::path::Path::to_path_buf)
                .map_err(|_| format!("`{}` is not in the repository", p.display()))
        })
        .collect()
}

fn run_diff(args: DiffArgs) -> u8 {
    let top = match orglint::load::git::toplevel(std::path::Path::new(".")) {
        Ok(top) => top,
        Err(err) => {
            eprintln!("error: {err}");
            return 2;
        }
    };
    let paths = match inside_repo(&args.paths, &top) {
        Ok(paths) => paths,
        Err(err) => {
            eprintln!("error: {err}");
            return 2;
        }
    };
    // Paths are shown, and configurations found, from the top folder, as
    // `orglint check` run there shows and finds them.
    if let Err(err) = std::env::set_current_dir(&top) {
        eprintln!("error: cannot enter `{}`: {err}", top.display());
        return 2;
    }
    let options = orglint::diff::DiffOptions {
        base: args.base,
        head: args.head,
        paths,
        as_of: args.as_of.date,
    };
    let report = match orglint::diff::diff(&options) {
        Ok(report) => report,
        Err(err) => {
            eprintln!("error: {err}");
            return 2;
        }
    };
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    let style = Style {
        color: crate::use_color(args.color),
        quiet: args.quiet,
        group: true,
    };
    let written = crate::emit(|out| match args.format {
        DiffFormatArg::Human => report::diff_human::write(out, &report, style),
        DiffFormatArg::Markdown => report::markdown::write(out, &report),
        DiffFormatArg::Json => report::diff_json::write(out, &report),
        DiffFormatArg::Github => report::github::write(out, &report.new_report()),
        DiffFormatArg::Sarif => report::sarif::write(out, &report.new_report()),
    });
    if !written {
        return 2;
    }
    report.exit_code(match args.fail_on {
        FailOnArg::New => orglint::diff::FailOn::New,
        FailOnArg::All => orglint::diff::FailOn::All,
    })
}

/// 0 when the output was written, else 2.
fn exit_code(written: bool) -> u8 {
    if written { 0 } else { 2 }
}
