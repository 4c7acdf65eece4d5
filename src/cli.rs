//! The command line: clap definitions and the dispatch of each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use orglint::report::{self, Format, Style};
use orglint::run::{CheckOptions, check};

const AFTER_HELP: &str = "\
Exit codes:
  0  no diagnostic of severity error
  1  at least one error (including a file that is not valid TOML)
  2  the run itself failed: bad arguments, an unreadable path, an invalid
     orglint.toml or rule pack";

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
}

/// Output formats of `check`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Short,
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
struct CheckArgs {
    /// Org files to lint; `-` reads standard input
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    format: FormatArg,
    /// The name standard input is reported as
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    /// When to use colours
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Print diagnostics only, no summary
    #[arg(short, long)]
    quiet: bool,
}

/// Runs the command and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => run_check(args),
    }
}

fn run_check(args: CheckArgs) -> u8 {
    let options = CheckOptions {
        paths: args.paths,
        stdin_filename: args.stdin_filename,
    };
    let report = check(&options);
    let format = match args.format {
        FormatArg::Human => Format::Human,
        FormatArg::Short => Format::Short,
        FormatArg::Json => Format::Json,
    };
    let style = Style {
        color: crate::use_color(args.color),
        quiet: args.quiet,
    };
    if !crate::emit(|out| report::write(out, &report, format, style)) {
        return 2;
    }
    report.exit_code()
}
