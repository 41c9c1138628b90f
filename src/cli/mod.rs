//! The binary's glue: arguments → glossary → matcher → commands. No
//! matching or formatting logic lives here.

pub mod args;
mod commands;

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use mtfix::{FuzzyMode, FuzzyOptions, Glossary, MatchOptions, Matcher};

use args::{Args, Color, Command, Fuzzy, RulesCommand};

/// The process exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Nothing found (or everything fixed).
    Clean,
    /// Findings (left).
    Findings,
    /// An input, glossary or output error.
    Error,
}

impl From<ExitStatus> for ExitCode {
    fn from(s: ExitStatus) -> ExitCode {
        ExitCode::from(match s {
            ExitStatus::Clean => 0,
            ExitStatus::Findings => 1,
            ExitStatus::Error => 2,
        })
    }
}

/// True when the error is a closed pipe (`mtfix check | head`): not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load_matcher(args: &Args) -> Result<Matcher> {
    let cache = (!args.no_cache)
        .then(mtfix::glossary::cache::default_dir)
        .flatten();
    let glossary = Glossary::load_cached(!args.no_default_rules, &args.rules, cache.as_deref())?;
    let options = MatchOptions {
        fuzzy: FuzzyOptions {
            mode: match args.fuzzy {
                Fuzzy::Off => FuzzyMode::Off,
                Fuzzy::Suggest => FuzzyMode::Suggest,
                Fuzzy::Fix => FuzzyMode::Fix,
            },
            min_confidence: args.min_confidence,
            ..FuzzyOptions::default()
        },
    };
    Matcher::with_options(glossary, options).context("cannot build the matcher")
}

fn color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::io::stdout().is_terminal()
                && anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Runs a parsed command line.
///
/// # Errors
/// Glossary errors and output failures; per-input errors are reported on
/// stderr and counted instead.
pub fn run(args: Args) -> Result<ExitStatus> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .context("cannot start the worker threads")?;
    }
    match &args.command {
        Command::Rules {
            command: RulesCommand::Add(add),
        } => return commands::edit::add(&args, add),
        Command::Rules {
            command: RulesCommand::Lint { fix: true },
        } => commands::edit::canonicalize(&args)?,
        _ => {}
    }
    // Never dropped: the process ends right after the command, and freeing
    // a 100,000-entry engine piece by piece took 0.04 s of a 0.8 s start-up;
    // the OS takes the memory back at once.
    let matcher = std::mem::ManuallyDrop::new(load_matcher(&args)?);
    let color = color(args.color);
    let allow = commands::Allow::load(args.allow.as_deref(), args.no_allow)?;
    match &args.command {
        Command::Check { paths, format } => {
            // The review page shows whole documents.
            let piece_size = match format {
                args::CheckFormat::Html => usize::MAX,
                _ => args.piece_size,
            };
            let reading = commands::Reading::new(&args.input, paths)?.with_piece_size(piece_size);
            commands::check::run(&matcher, &allow, &reading, paths, *format, color)
        }
        Command::Fix {
            paths,
            in_place,
            backup,
            diff,
            suggestions,
        } => {
            let reading =
                commands::Reading::new(&args.input, paths)?.with_piece_size(args.piece_size);
            let mode = commands::fix::Mode {
                in_place: *in_place,
                backup: backup.as_deref(),
                diff: *diff,
                suggestions: *suggestions,
            };
            commands::fix::run(&matcher, &allow, &reading, paths, &mode)
        }
        Command::Review {
            paths,
            decisions,
            dry_run,
            remember,
            all,
        } => {
            let reading = commands::Reading::new(&args.input, paths)?;
            let options = commands::review::Options {
                decisions,
                dry_run: *dry_run,
                remember: *remember,
                all: *all,
                color,
            };
            commands::review::run(&matcher, allow, &reading, paths, &options)
        }
        Command::Apply {
            decisions,
            paths,
            dry_run,
            diff,
            remember,
        } => {
            let options = commands::apply::Options {
                dry_run: *dry_run,
                diff: *diff,
                remember: *remember,
            };
            commands::apply::run(&matcher, allow, &args.input, decisions, paths, &options)
        }
        Command::Mine {
            paths,
            top,
            min_count,
            format,
        } => {
            let reading = commands::Reading::new(&args.input, paths)?;
            commands::mine::run(&matcher, &reading, paths, *top, *min_count, *format)
        }
        Command::Rules { command } => match command {
            RulesCommand::List { format } => commands::rules::list(&matcher, *format),
            RulesCommand::Test => commands::rules::test(&matcher),
            RulesCommand::Lint { .. } => commands::rules::lint(&matcher),
            RulesCommand::Add(_) => unreachable!("handled before the matcher is built"),
            RulesCommand::Import {
                kind,
                file,
                category,
                output,
            } => commands::edit::import(matcher.glossary(), *kind, file, category, output.as_ref()),
            RulesCommand::Export { kind, output } => {
                commands::edit::export(matcher.glossary(), *kind, output.as_ref())
            }
            RulesCommand::Stats => commands::rules::stats(&matcher),
            RulesCommand::Explain { id } => commands::rules::explain(&matcher, id),
        },
    }
}
