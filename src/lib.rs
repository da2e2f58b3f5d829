//! hamkor turns an institute's record of international cooperation — partners, visits and
//! programs written as Markdown with YAML front matter — into a static website.
//!
//! The pipeline runs one way, each step a module:
//!
//! 1. [`config`]: `site.yaml` becomes a checked [`config::Config`].
//! 2. [`content`]: every file under `content/` is found and parsed into a typed entry
//!    (in parallel); file-local problems are reported with their position.
//! 3. [`site`]: entries are linked into one immutable [`site::Site`]: partner references,
//!    back-references, facets, internal links; cross-file problems are reported.
//! 4. [`pages`]: every URL the site produces ([`pages::routes()`]), the links to them checked
//!    ([`pages::links`]), and each kind of page in one module: the inputs it reads of the
//!    site, which are its fingerprint, and the small view its template gets.
//! 5. [`render`] turns each page whose fingerprint changed into bytes through the theme's
//!    Tera templates, into an in-memory [`render::Output`] (or, page by page, into a
//!    [`render::Sink`]).
//! 6. [`output`]: the result is written atomically.
//!
//! Below the pipeline lie the helpers every step may use and which use no step: [`diagnostic`],
//! [`yaml`] (front matter with positions), [`markdown`], [`values`] (slugs, dates, countries,
//! vocabularies), [`lang`] (what hamkor knows of each language), [`geo`] (the countries'
//! shapes), [`hash`], [`url`] (where links lead) and [`escape`]. A step imports only the helpers and the
//! steps before it; the test `tests/layout.rs` holds the crate to that, and
//! `cargo test --test layout -- --nocapture` prints which module uses which.
//!
//! Problems never stop a step early: each step reports everything it finds as
//! [`diagnostic::Diagnostic`]s, and nothing is written unless there are none. They are shown
//! to people ([`diagnostic::Diagnostic::render`]) or to CI and editors ([`report`]).

#![warn(clippy::print_stdout, clippy::print_stderr)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod activity;
pub mod cms;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod escape;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod geo;
pub mod hash;
pub mod init;
pub mod lang;
pub mod markdown;
pub mod new;
pub mod output;
pub mod pages;
pub mod render;
pub mod report;
pub mod run;
pub mod serve;
pub mod session;
pub mod site;
pub mod url;
pub mod values;
pub mod yaml;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use diagnostic::Diagnostic;

pub use run::{Failure, Options};

/// Runs steps 1 to 4: everything except writing.
pub fn generate(opts: &Options) -> Result<session::Built, Failure> {
    let mut session = session::Session::open(opts);
    session.build()?;
    let built = session
        .into_built()
        .ok_or_else(|| Failure::Environment("internal error: no build".into()))?;
    deny_warnings(opts, &built.warnings)?;
    Ok(built)
}

/// With [`Options::deny_warnings`], warnings fail the run like errors.
fn deny_warnings(opts: &Options, warnings: &[Diagnostic]) -> Result<(), Failure> {
    if opts.deny_warnings && !warnings.is_empty() {
        return Err(Failure::Content(warnings.to_vec()));
    }
    Ok(())
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Report {
    /// HTML pages produced.
    pub pages: usize,
    /// Other files produced (static files, images, redirects are pages).
    pub files: usize,
    /// Files whose bytes changed.
    pub written: usize,
    /// Where the site was written.
    pub output: PathBuf,
    /// How long it took.
    pub elapsed: Duration,
    /// What is probably wrong but did not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// Refuses output folders whose replacement would destroy sources: the root itself, a folder
/// holding the root, or a folder inside the site's sources.
fn guard_output(root: &std::path::Path, dest: &std::path::Path) -> Result<(), Failure> {
    let absolute = |p: &std::path::Path| -> PathBuf {
        // The output may not exist yet: resolve its parent instead.
        match dunce::canonicalize(p) {
            Ok(c) => c,
            Err(_) => match (
                p.parent().and_then(|d| dunce::canonicalize(d).ok()),
                p.file_name(),
            ) {
                (Some(parent), Some(name)) => parent.join(name),
                _ => p.to_path_buf(),
            },
        }
    };
    let root = absolute(root);
    let dest = absolute(dest);
    let sources = ["content", "templates", "static", "themes"].map(|d| root.join(d));
    if root.starts_with(&dest) || sources.iter().any(|s| dest.starts_with(s)) {
        return Err(Failure::Environment(format!(
            "refusing to write the site to {}: building replaces that folder, and it holds the site's sources",
            dest.display()
        )));
    }
    Ok(())
}

/// Builds the site into `output` (default: `public/` under the root).
pub fn build(opts: &Options, output: Option<PathBuf>) -> Result<Report, Failure> {
    let started = Instant::now();
    let dest = output.unwrap_or_else(|| opts.root.join("public"));
    guard_output(&opts.root, &dest)?;
    content::images::spill_to_disk();
    let mut session = session::Session::open(opts);
    let write_error =
        |e: output::WriteError| Failure::Environment(format!("cannot write the site: {e}"));
    // Pages go into a staging folder beside the output as they are rendered; it replaces the
    // output only if the whole build succeeds, and is removed otherwise.
    let staging = output::Staging::begin(&dest).map_err(write_error)?;
    let update = session.build_into(&staging)?;
    let warnings = session
        .last()
        .map(|b| b.warnings.clone())
        .unwrap_or_default();
    // Before the commit: dropping the staging folder uncommitted leaves the output as it was.
    deny_warnings(opts, &warnings)?;
    let mut timings = session::Timings::new();
    let stats = staging.commit().map_err(write_error)?;
    timings.lap("swap");
    session.store_thumbnails();
    timings.lap("thumbnail cache");
    timings.report();
    timings.note(format_args!(
        "photos encoded: {}",
        content::images::PHOTOS_ENCODED.load(std::sync::atomic::Ordering::Relaxed)
    ));
    let pages = update
        .rendered
        .iter()
        .filter(|f| f.ends_with(".html"))
        .count();
    let statics = session.last().map_or(0, |b| b.output.files.len());
    Ok(Report {
        pages,
        files: update.rendered.len() - pages + statics,
        written: stats.written,
        output: dest,
        elapsed: started.elapsed(),
        warnings,
    })
}
