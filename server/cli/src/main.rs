//! `nianbao`: the command line over nianbao-core, and the language server's entry point.
//! Exit codes: 0 clean (warnings allowed unless `--deny warnings`), 1 findings that fail the
//! run, 2 usage or I/O errors.

mod commands;
mod files;
mod parallel;
mod pdf;
mod progress;
mod render;
mod say;
mod settings;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "nianbao",
    version,
    about = "检查、格式化、修正政府信息公开工作年度报告 (.nianbao)"
)]
struct Cli {
    /// nianbao.toml to use (default: the nearest one in this folder or above).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Message language (overrides nianbao.toml).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Check reports: files, folders (recursively, *.nianbao) or - for standard input.
    Check {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: commands::OutputFormat,
        /// Make warnings fail the run too.
        #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
        deny: Option<String>,
        /// Also print notes (label spellings and the like).
        #[arg(long)]
        show_info: bool,
    },
    /// Align the tables of reports in place.
    Fmt {
        paths: Vec<PathBuf>,
        /// Change nothing; list the files that are not formatted and fail if any.
        #[arg(long)]
        check: bool,
    },
    /// Apply the safe fixes in place (canonical labels, lost headings); no figure of a broken
    /// relation changes: the cells to check are named, or marked 待核 above their table.
    Fix {
        paths: Vec<PathBuf>,
        /// Print a unified diff instead of writing.
        #[arg(long)]
        diff: bool,
        /// With --at: the code of the finding whose fix to apply (NB102, …).
        #[arg(long, requires = "at")]
        code: Option<String>,
        /// Apply the first fix of the finding at LINE:COL (as `check` prints it), and only it.
        #[arg(long, value_name = "LINE:COL")]
        at: Option<String>,
    },
    /// Write a complete report skeleton that passes `check`.
    New {
        #[arg(long)]
        org: String,
        #[arg(long)]
        year: String,
        /// Template year: 2021 or 2019.
        #[arg(long, default_value = "2021")]
        template: String,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Explain a finding code (NB103) or a category label (部分公开).
    Explain { query: String },
    /// Convert a published report (text scrape, PDF text, HTML page, .docx) into markup.
    Import {
        /// The published report (.pdf, .docx, .html, text), or `-` for standard input.
        path: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The source's form, instead of detecting it: pipe, lines, tabs, pdf, html, docx, doc.
        #[arg(long)]
        from: Option<String>,
        /// The organ, where the title does not name it.
        #[arg(long)]
        org: Option<String>,
        /// The reporting year, where the title does not give it.
        #[arg(long)]
        year: Option<String>,
        /// Template year (2021 or 2019), instead of detecting it.
        #[arg(long)]
        template: Option<String>,
    },
    /// Import and check a folder of published reports on every core: one line per report, then
    /// cross-year warnings and totals.
    Audit {
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "table")]
        format: commands::audit::AuditFormat,
        /// Threads to use (default: every core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Make warnings fail the run too.
        #[arg(long, value_name = "LEVEL", value_parser = ["warnings"])]
        deny: Option<String>,
    },
    /// Write a report as an HTML page in the official layout (merged header cells restored).
    Render {
        path: PathBuf,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Run the language server on standard input and output.
    Lsp,
}

// mimalloc: ~15% less CPU for parse + check than glibc's malloc (docs/performance.md).
#[global_allocator]
static ALLOCATOR: nianbao_core::allocator::MiMalloc = nianbao_core::allocator::MiMalloc;

fn main() -> ExitCode {
    nianbao_core::allocator::install_for_tree_sitter();
    let cli = Cli::parse();
    let lang = cli.lang.map(|lang| match lang {
        LangArg::Zh => nianbao_core::Lang::Zh,
        LangArg::En => nianbao_core::Lang::En,
    });
    let mut config = match settings::load(cli.config.as_deref(), lang.unwrap_or_default()) {
        Ok(config) => config,
        Err(message) => {
            say::fail(lang.unwrap_or_default(), &message);
            return ExitCode::from(2);
        }
    };
    if let Some(lang) = lang {
        config.lang = lang;
    }
    let code = match cli.command {
        Command::Check {
            paths,
            format,
            deny,
            show_info,
        } => commands::check(&paths, &config, format, deny.is_some(), show_info),
        Command::Fmt { paths, check } => commands::fmt(&paths, check, &config),
        Command::Fix {
            paths,
            diff,
            code,
            at,
        } => match at {
            Some(at) => commands::fix_at(&paths, &config, code.as_deref(), &at, diff),
            None => commands::fix(&paths, &config, diff),
        },
        Command::New {
            org,
            year,
            template,
            output,
        } => commands::new(&org, &year, &template, output.as_deref(), config.lang),
        Command::Explain { query } => commands::explain(&query, &config),
        Command::Import {
            path,
            output,
            from,
            org,
            year,
            template,
        } => commands::import::run(&commands::import::Args {
            path: &path,
            output: output.as_deref(),
            from: from.as_deref(),
            organization: org.as_deref(),
            year: year.as_deref(),
            template: template.as_deref(),
            lang: config.lang,
        }),
        Command::Audit {
            paths,
            format,
            jobs,
            deny,
        } => commands::audit::run(
            &commands::audit::Args {
                paths: &paths,
                format,
                jobs,
                deny_warnings: deny.is_some(),
            },
            &config,
        ),
        Command::Render { path, output } => {
            commands::publish::run(&path, output.as_deref(), &config)
        }
        Command::Lsp => nianbao_lsp::run_stdio(),
    };
    ExitCode::from(code)
}
