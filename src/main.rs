//! The `hamkor` command line: parses arguments, runs the pipeline, prints diagnostics and sets
//! the exit code (0 success, also with warnings; 1 content errors, or warnings with
//! `--deny-warnings`; 2 usage or environment errors).
//!
//! With `--format github` or `--format json`, stdout carries only the machine-readable lines
//! of [`hamkor::report`]; everything for people (the closing count, "built …", "checked …")
//! goes to stderr. Environment errors are plain text on stderr in every format.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use hamkor::content::model::Section;
use hamkor::diagnostic::display_path;
use hamkor::report::{self, Format};
use hamkor::{Failure, Options};

// Rendering allocates many small strings on every thread; mimalloc handles that far better
// than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Static site generator for international-cooperation records: partners, visits, programs.
#[derive(Parser)]
#[command(name = "hamkor", version = env!("HAMKOR_VERSION"), about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (atomically: a failed build changes nothing).
    Build {
        /// The site folder, holding site.yaml, content/ and optionally templates/, static/, themes/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: public/ under the root).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under this absolute URL instead of site.yaml's base_url, e.g. https://example.org/coop/.
        #[arg(long, value_parser = base_url_arg)]
        base_url: Option<String>,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// How to print problems: for people (stderr), as GitHub Actions annotations or as JSON
        /// Lines (stdout).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings as on errors, writing nothing (for CI).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Check everything a build checks, without writing anything.
    Check {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// List the files that have no translation into some of the site's languages (one line
        /// each, nothing when all are translated) instead of the summary.
        #[arg(long)]
        translations: bool,
        /// How to print problems: for people (stderr), as GitHub Actions annotations or as JSON
        /// Lines (stdout).
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Fail on warnings as on errors, writing nothing (for CI).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Serve the site on a local address, rebuild it when files change and reload open tabs.
    Serve {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Address to listen on (only this machine by default).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Write a new site, with an example partner, visit and program, into an empty folder.
    Init {
        /// The folder to write it into; created if missing, refused unless empty.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's title (default: "International Cooperation", in each language).
        #[arg(long)]
        title: Option<String>,
        /// The site's languages, the default first, e.g. en,uz,ru.
        #[arg(long, default_value = "en")]
        languages: String,
    },
    /// Write a period's visits, agreements, programs and totals as a spreadsheet, CSV or a
    /// printable page (see docs/report.md).
    Report {
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The quarter to report, e.g. 2024Q1 (or give --from and --to).
        #[arg(long, value_parser = quarter_arg, conflicts_with_all = ["from", "to"], required_unless_present_any = ["from", "to"])]
        quarter: Option<hamkor::activity::Period>,
        /// The period's first day, YYYY-MM-DD (with --to).
        #[arg(long, value_parser = day_arg, requires = "to")]
        from: Option<hamkor::activity::Day>,
        /// The period's last day, YYYY-MM-DD, included (with --from).
        #[arg(long, value_parser = day_arg, requires = "from")]
        to: Option<hamkor::activity::Day>,
        /// What to write: a printable page, a spreadsheet (needs --output) or one table as CSV.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// The table that --format csv writes.
        #[arg(long, value_enum, required_if_eq("format", "csv"))]
        table: Option<hamkor::activity::TableName>,
        /// The file to write (replaced atomically); standard output if not given.
        #[arg(long, required_if_eq("format", "xlsx"))]
        output: Option<PathBuf>,
        /// The language of headings, names and titles (default: the site's default language).
        #[arg(long, value_enum)]
        lang: Option<ReportLang>,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new partner, visit or program file with a commented front-matter skeleton.
    New {
        /// What to create.
        kind: NewKind,
        /// Its title; the file name is made from it (Cyrillic and Uzbek are transliterated).
        title: String,
        /// The site folder (default: the nearest folder, here or above, that holds site.yaml).
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    Partner,
    Visit,
    Program,
}

/// What `hamkor report` writes.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Html,
    Xlsx,
    Csv,
}

/// The languages reports have headings in.
#[derive(Clone, Copy, ValueEnum)]
enum ReportLang {
    En,
    Uz,
    Ru,
}

fn quarter_arg(text: &str) -> Result<hamkor::activity::Period, String> {
    hamkor::activity::Period::quarter(text)
}

fn day_arg(text: &str) -> Result<hamkor::activity::Day, String> {
    hamkor::activity::parse_day(text)
}

/// A usage error found after the arguments were read, printed as clap prints its own (exit 2).
fn usage_error(message: &str) -> ! {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    // Built, the subcommand knows its full name for the usage line (`hamkor report …`).
    cli.build();
    let kind = clap::error::ErrorKind::ArgumentConflict;
    match cli.find_subcommand_mut("report") {
        Some(report) => report.error(kind, message).exit(),
        None => cli.error(kind, message).exit(),
    }
}

/// The arguments of `hamkor report`.
struct ReportArgs {
    root: PathBuf,
    period: hamkor::activity::Period,
    format: ReportFormat,
    table: Option<hamkor::activity::TableName>,
    output: Option<PathBuf>,
    lang: Option<ReportLang>,
    drafts: bool,
}

/// `hamkor report`: checks the site as `check` does, then writes the report, or nothing.
fn report_command(args: ReportArgs) -> ExitCode {
    let opts = Options {
        root: args.root,
        base_url: None,
        drafts: args.drafts,
        deny_warnings: false,
    };
    let built = match hamkor::generate(&opts) {
        Ok(g) => g,
        Err(f) => return report_failure(&f, Format::Human),
    };
    report_warnings(&built.warnings, Format::Human);
    let site = &built.site;
    let lang = match args.lang {
        None => site.config.default_language.clone(),
        Some(l) => {
            let l = match l {
                ReportLang::En => "en",
                ReportLang::Uz => "uz",
                ReportLang::Ru => "ru",
            }
            .to_string();
            if !site.config.languages.contains(&l) {
                eprintln!(
                    "error: --lang {l}: the site is not published in that language (its languages: {})",
                    site.config.languages.join(", ")
                );
                return ExitCode::from(2);
            }
            l
        }
    };
    let report = hamkor::activity::build(site, &args.period, &lang);
    let bytes = match (args.format, args.table) {
        (ReportFormat::Html, _) => hamkor::activity::html::write(&report).into_bytes(),
        (ReportFormat::Csv, Some(t)) => match hamkor::activity::Table::named(&report.tables, t) {
            Some(table) => hamkor::activity::csv::write(table).into_bytes(),
            None => Vec::new(),
        },
        // clap requires --table with --format csv.
        (ReportFormat::Csv, None) => {
            usage_error("--format csv writes one table: choose it with --table")
        }
        (ReportFormat::Xlsx, _) => match hamkor::activity::xlsx::write(&report) {
            Ok(b) => b,
            Err(message) => {
                eprintln!("error: {message}");
                return ExitCode::from(2);
            }
        },
    };
    match &args.output {
        None => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&bytes).and_then(|()| out.flush()) {
                eprintln!("error: cannot write the report: {e}");
                return ExitCode::from(2);
            }
        }
        Some(path) => {
            if let Err(e) = write_atomically(path, &bytes) {
                eprintln!("error: cannot write the report to {}: {e}", path.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "wrote the report of {} to {}",
                report.period.label,
                display_path(path)
            );
        }
    }
    ExitCode::SUCCESS
}

/// Writes `bytes` to a file beside `path` and renames it over `path`, so that readers see the
/// old file or the new one, never half of one.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names no file"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temp, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    renamed
}

/// Checks `--base-url` while the arguments are read, so a malformed one is a usage error (exit
/// 2, with clap's pointer to `--help`) like any other bad argument, not a problem of the site.
fn base_url_arg(url: &str) -> Result<String, String> {
    hamkor::config::BaseUrl::parse(url).map(|_| url.to_string())
}

/// The site `hamkor new` adds to when no `--root` is given: the current folder or the nearest
/// one above it with a `site.yaml`, given as `.` when it is the current folder.
fn site_root_above() -> Result<PathBuf, String> {
    let here =
        std::env::current_dir().map_err(|e| format!("cannot tell the current folder: {e}"))?;
    match hamkor::new::find_root(&here) {
        Some(root) if root == here => Ok(PathBuf::from(".")),
        Some(root) => Ok(root.to_path_buf()),
        None => Err(
            "no site.yaml in this folder or any folder above it: `hamkor new` adds to a site; run it inside the site's folder, give the folder with --root, or start a site with `hamkor init`"
                .to_string(),
        ),
    }
}

/// Prints why the run failed in `format` and returns the exit code.
fn report_failure(failure: &Failure, format: Format) -> ExitCode {
    match failure {
        Failure::Content(ds) => {
            {
                let mut out = std::io::stdout().lock();
                let _ = out.write_all(report::machine(format, ds).as_bytes());
                let _ = out.flush();
            }
            if format == Format::Github
                && let Some(path) = job_summary()
                && let Err(e) = report::append_step_summary(&path, ds)
            {
                // The annotations and the log still list every problem, so this is no reason
                // to fail differently.
                eprintln!(
                    "warning: cannot write the job summary to {}: {e}",
                    path.display()
                );
            }
            let _ = std::io::stderr()
                .lock()
                .write_all(report::human(format, ds).as_bytes());
            ExitCode::from(1)
        }
        Failure::Environment(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Prints the warnings of a run that succeeded: machine lines on stdout in the machine
/// formats, and for people each warning and their count on stderr.
fn report_warnings(warnings: &[hamkor::diagnostic::Diagnostic], format: Format) {
    if warnings.is_empty() {
        return;
    }
    {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(report::machine(format, warnings).as_bytes());
        let _ = out.flush();
    }
    let _ = std::io::stderr()
        .lock()
        .write_all(report::warnings(format, warnings).as_bytes());
}

/// The job summary file GitHub Actions renders for this step (`$GITHUB_STEP_SUMMARY`), if set.
fn job_summary() -> Option<PathBuf> {
    std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

/// Prints a line meant for people: on stdout, unless stdout is reserved for machine lines.
fn say(format: Format, line: &str) {
    if format.is_machine() {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

/// `hamkor init`: writes the site, then lists what it wrote and what to do next.
fn init(dir: &std::path::Path, title: Option<&str>, languages: &str) -> ExitCode {
    let written = hamkor::init::parse_languages(languages)
        .and_then(|languages| hamkor::init::create(dir, title, &languages));
    let written = match written {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    for rel in &written {
        println!("created {}", display_path(&dir.join(rel)));
    }
    println!("\nNext steps:");
    if dir != std::path::Path::new(".") {
        println!("  cd {}", dir.display());
    }
    println!(
        "  hamkor serve    # shows the site at http://127.0.0.1:1111/ and updates it as you save"
    );
    println!(
        "Then edit content/_index.md (the home page) and the examples in content/partners/, \
         content/visits/ and content/programs/, or add your own with `hamkor new partner \"Name\"`."
    );
    println!(
        "On GitHub, .github/workflows/check.yml checks every pull request and publish.yml \
         publishes the site on GitHub Pages."
    );
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            format,
            deny_warnings,
        } => {
            let opts = Options {
                root,
                base_url,
                drafts,
                deny_warnings,
            };
            match hamkor::build(&opts, output) {
                Ok(r) => {
                    report_warnings(&r.warnings, format);
                    say(
                        format,
                        &format!(
                            "built {} pages and {} other files in {:.2} s ({} changed) → {}",
                            r.pages,
                            r.files,
                            r.elapsed.as_secs_f64(),
                            r.written,
                            r.output.display()
                        ),
                    );
                    ExitCode::SUCCESS
                }
                Err(f) => report_failure(&f, format),
            }
        }
        Command::Check {
            root,
            drafts,
            translations,
            format,
            deny_warnings,
        } => {
            let opts = Options {
                root,
                base_url: None,
                drafts,
                deny_warnings,
            };
            let started = std::time::Instant::now();
            match hamkor::generate(&opts) {
                Ok(g) => {
                    report_warnings(&g.warnings, format);
                    // The list replaces the summary, so that a site with every file
                    // translated prints nothing, like any list with nothing in it.
                    if translations {
                        for line in hamkor::site::missing_translations(&g.site) {
                            say(format, &line);
                        }
                        return ExitCode::SUCCESS;
                    }
                    say(
                        format,
                        &format!(
                            "checked {} partners, {} visits, {} programs and {} pages in {:.2} s: {}",
                            g.site.partners.len(),
                            g.site.visits.len(),
                            g.site.programs.len(),
                            g.routes.len(),
                            started.elapsed().as_secs_f64(),
                            if g.warnings.is_empty() {
                                "no problems".to_string()
                            } else {
                                report::counted(g.warnings.len(), "warning")
                            }
                        ),
                    );
                    ExitCode::SUCCESS
                }
                Err(f) => report_failure(&f, format),
            }
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            open,
        } => {
            let opts = hamkor::serve::ServeOptions {
                root,
                bind,
                port,
                drafts,
                open,
            };
            match hamkor::serve::serve(&opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(f) => report_failure(&f, Format::Human),
            }
        }
        Command::Init {
            dir,
            title,
            languages,
        } => init(&dir, title.as_deref(), &languages),
        Command::Report {
            root,
            quarter,
            from,
            to,
            format,
            table,
            output,
            lang,
            drafts,
        } => {
            let period = match (quarter, from, to) {
                (Some(q), _, _) => q,
                (None, Some(from), Some(to)) => {
                    hamkor::activity::Period::between(from, to).unwrap_or_else(|m| usage_error(&m))
                }
                // clap requires --quarter or both of --from and --to.
                _ => usage_error("give the period with --quarter, or with --from and --to"),
            };
            if table.is_some() && format != ReportFormat::Csv {
                usage_error(
                    "--table chooses the table of --format csv; the other formats have every table",
                );
            }
            report_command(ReportArgs {
                root,
                period,
                format,
                table,
                output,
                lang,
                drafts,
            })
        }
        Command::New { kind, title, root } => {
            let section = match kind {
                NewKind::Partner => Section::Partners,
                NewKind::Visit => Section::Visits,
                NewKind::Program => Section::Programs,
            };
            let root = match root.map_or_else(site_root_above, Ok) {
                Ok(root) => root,
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::from(2);
                }
            };
            match hamkor::new::create(&root, section, &title) {
                Ok(created) => {
                    for warning in &created.warnings {
                        eprintln!("warning: {warning}");
                    }
                    println!("created {}", created.path.display());
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
