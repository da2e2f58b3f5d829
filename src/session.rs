//! A site kept in memory between builds, updated from the files that changed.
//!
//! `build` opens a session, builds once and writes the output. `serve` keeps the session and
//! calls [`Session::update`] with the paths a file watcher reported: only those files are read
//! and parsed again, the site is linked again from the shared entries, and only the pages whose
//! fingerprints changed are rendered. Both go through the same steps; there is no separate
//! fast path that could disagree with a full build.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::content::{AnyEntry, Files, Overlay};
use crate::diagnostic::{self, Diagnostic};
use crate::output::Staging;
use crate::pages::{self, Route};
use crate::render::Output;
use crate::render::theme::{self, Theme};
use crate::render::{self, Previous};
use crate::run::{Failure, Options};
use crate::site::{self, Site};

/// The result of the last successful build.
pub struct Built {
    /// The linked site.
    pub site: Site,
    /// Every route.
    pub routes: Arc<Vec<Route>>,
    /// Fingerprint of each route, in the order of the routes.
    pub fingerprints: Vec<u64>,
    /// The whole output (shared with whoever serves it).
    pub output: Arc<Output>,
    /// What is probably wrong but did not stop the build, sorted.
    pub warnings: Vec<Diagnostic>,
}

/// What one build or update did.
#[derive(Debug, Clone, Default)]
pub struct Update {
    /// Page files rendered (the others kept their bytes).
    pub rendered: Vec<String>,
    /// Output files that no longer exist.
    pub removed: Vec<String>,
    /// Whether only static files (no page) changed, e.g. an edited stylesheet.
    pub static_only: bool,
    /// Time taken.
    pub elapsed: Duration,
    /// Whether whole-site files were left for [`Session::catch_up`].
    pub deferred: bool,
}

/// Why [`Session::change`] did not apply a change.
#[derive(Debug)]
pub enum ChangeError<E> {
    /// The site would not build with the change; nothing was written.
    Refused(Failure),
    /// The site would build, but writing the change failed.
    Write(E),
}

/// Which parts of the site a set of changed paths touches.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// `site.yaml` or the area vocabulary.
    pub config: bool,
    /// Templates or UI strings of the theme or the site.
    pub templates: bool,
    /// Static files of the theme or the site.
    pub statics: bool,
    /// Files under `content/`.
    pub content: Vec<PathBuf>,
}

impl Touched {
    /// Sorts changed paths (relative to the root) by the part of the site they belong to;
    /// paths that belong to none (the output, `.git`, editor files) are dropped.
    pub fn classify(config: Option<&Config>, paths: &[PathBuf]) -> Touched {
        let mut t = Touched::default();
        let theme_dir = config.map(|c| PathBuf::from("themes").join(&c.theme));
        let areas = config.and_then(|c| c.areas_file.clone());
        for p in paths {
            if p == Path::new(config::CONFIG_FILE) || Some(p) == areas.as_ref() {
                t.config = true;
            } else if p.starts_with("content") {
                t.content.push(p.clone());
            } else if p.starts_with("templates") {
                t.templates = true;
            } else if p.starts_with("static") {
                t.statics = true;
            } else if let Some(dir) = &theme_dir {
                if p.starts_with(dir.join("static")) {
                    t.statics = true;
                } else if p.starts_with(dir) {
                    t.templates = true;
                }
            }
        }
        t
    }

    /// Whether nothing relevant changed.
    pub fn is_empty(&self) -> bool {
        !self.config && !self.templates && !self.statics && self.content.is_empty()
    }
}

/// Stage timings, printed to standard error when `HAMKOR_TIMINGS` is set: where a build or
/// an update spends its time.
pub(crate) struct Timings {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub(crate) fn new() -> Timings {
        Timings {
            enabled: std::env::var_os("HAMKOR_TIMINGS").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
        if self.enabled {
            let now = Instant::now();
            self.laps.push((stage, now - self.last));
            self.last = now;
        }
    }

    /// Prints `text` on its own line, when timings are printed.
    pub(crate) fn note(&self, text: impl std::fmt::Display) {
        if self.enabled {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    pub(crate) fn report(&self) {
        if self.enabled {
            let parts: Vec<String> = self
                .laps
                .iter()
                .map(|(s, d)| format!("{s} {:.1} ms", d.as_secs_f64() * 1000.0))
                .collect();
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err, "timings: {}", parts.join(", "));
        }
    }
}

/// A site in memory.
pub struct Session {
    opts: Options,
    config: Result<Config, Failure>,
    theme: Result<Theme, Vec<Diagnostic>>,
    files: Files,
    /// Changes whenever the config or the templates change, so every page is rendered again.
    generation: u64,
    last: Option<Built>,
    /// Whether the last build failed: then the files differ from the last good build in more
    /// than the next change, and the next build links from scratch.
    last_failed: bool,
    /// Whether updates leave whole-site files (the search index) for [`Session::catch_up`].
    defer: bool,
}

fn load_config(opts: &Options) -> Result<Config, Failure> {
    let overrides = config::Overrides {
        base_url: opts.base_url.clone(),
    };
    config::load(&opts.root, &overrides).map_err(|e| match e {
        config::ConfigError::Io(path, e) => {
            let help = if e.kind() == std::io::ErrorKind::NotFound {
                "\n  = help: run hamkor in the site's folder (the one with site.yaml), or name that folder with --root"
            } else {
                ""
            };
            Failure::Environment(format!(
                "cannot read {}: {}{help}",
                path.display(),
                diagnostic::io_reason(&e)
            ))
        }
        config::ConfigError::Invalid(ds) => Failure::Content(sorted(ds)),
    })
}

fn sorted(mut ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostic::sort(&mut ds);
    ds
}

fn no_theme() -> Result<Theme, Vec<Diagnostic>> {
    Err(Vec::new())
}

impl Session {
    /// Reads the whole site; call [`Session::build`] to link and render it.
    pub fn open(opts: &Options) -> Session {
        let mut timings = Timings::new();
        let config = load_config(opts);
        let (files, theme) = match &config {
            Ok(c) => rayon::join(|| Files::load(c), || theme::load(c)),
            Err(_) => (Files::default(), no_theme()),
        };
        timings.lap("read and parse");
        timings.report();
        Session {
            opts: opts.clone(),
            config,
            theme,
            files,
            generation: 0,
            last: None,
            last_failed: false,
            defer: false,
        }
    }

    /// Makes updates leave whole-site files such as the search index as they were, so that the
    /// pages an edit affects are ready sooner; [`Session::catch_up`] renders them afterwards.
    pub fn defer_whole_site_files(&mut self, defer: bool) {
        self.defer = defer;
    }

    /// Renders what the last update deferred (nothing else has changed since).
    pub fn catch_up(&mut self) -> Result<Update, Failure> {
        let defer = std::mem::replace(&mut self.defer, false);
        let result = if self.last_failed {
            self.build()
        } else {
            self.build_from(Some(Vec::new()), None)
        };
        self.defer = defer;
        result
    }

    /// The last successful build, if any.
    pub fn last(&self) -> Option<&Built> {
        self.last.as_ref()
    }

    /// The last successful build, taken out of the session.
    pub fn into_built(self) -> Option<Built> {
        self.last
    }

    /// Puts the thumbnails and photos of the last successful build into the image cache, so later
    /// runs need not encode them again. Reading and checking never write; the commands that
    /// write call this after building.
    pub fn store_thumbnails(&self) {
        if let (Some(last), Ok(config)) = (&self.last, &self.config) {
            let logos = last
                .site
                .partners
                .iter()
                .filter_map(|p| p.data.logo.as_ref());
            let photos = last
                .site
                .partners
                .iter()
                .flat_map(|e| &e.images)
                .chain(last.site.visits.iter().flat_map(|e| &e.images))
                .chain(last.site.programs.iter().flat_map(|e| &e.images))
                .map(|p| &**p);
            crate::content::images::store(&config.root, logos.map(|l| &l.thumbnail), photos);
        }
    }

    /// The configuration, if it is valid.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref().ok()
    }

    /// Links and renders everything read so far (reusing unchanged pages of the last build).
    pub fn build(&mut self) -> Result<Update, Failure> {
        self.build_from(None, None)
    }

    /// Builds everything straight into `staging`: pages are written as they are rendered,
    /// not kept in memory (the session keeps only static files and fingerprints).
    pub fn build_into(&mut self, staging: &Staging) -> Result<Update, Failure> {
        let update = self.build_from(None, Some(staging))?;
        if let Some(last) = &self.last {
            staging
                .put_all(&last.output)
                .map_err(|e| Failure::Environment(format!("cannot write the site: {e}")))?;
        }
        Ok(update)
    }

    /// Builds; with `edited`, the files changed since the last successful build are those
    /// entries only, with their structure unchanged, so the last site is reused with the new
    /// versions swapped in instead of being linked again.
    fn build_from(
        &mut self,
        edited: Option<Vec<AnyEntry>>,
        staging: Option<&Staging>,
    ) -> Result<Update, Failure> {
        let started = Instant::now();
        let mut timings = Timings::new();
        let result = self.link_and_render(&self.files, edited, staging, &mut timings);
        self.last_failed = result.is_err();
        Ok(self.finish(result?, started, timings))
    }

    /// Makes a successful build the last one: gathers its warnings and what it removed.
    fn finish(
        &mut self,
        (site, routes, rendered): (Site, Arc<Vec<Route>>, render::Rendered),
        started: Instant,
        mut timings: Timings,
    ) -> Update {
        // Gathered from every file and the linked site on each build, so a quick update shows
        // the same warnings as a full build.
        let mut warnings = self.files.warnings();
        warnings.extend(site.config.warnings.iter().cloned());
        warnings.extend(site::doubts(&site, self.files.newest_commit()));
        diagnostic::sort(&mut warnings);
        let removed = match &self.last {
            Some(b) => b
                .output
                .files
                .keys()
                .filter(|k| !rendered.output.files.contains_key(*k))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let update = Update {
            deferred: rendered.deferred,
            rendered: rendered.rendered,
            removed,
            static_only: false,
            elapsed: started.elapsed(),
        };
        // Dropping the previous build's tens of thousands of pages takes a while; do it aside.
        if let Some(old) = self.last.take() {
            std::thread::spawn(move || drop(old));
        }
        self.last = Some(Built {
            site,
            routes,
            fingerprints: rendered.fingerprints,
            output: Arc::new(rendered.output),
            warnings,
        });
        timings.lap("finish");
        timings.report();
        update
    }

    fn link_and_render(
        &self,
        files: &Files,
        edited: Option<Vec<AnyEntry>>,
        staging: Option<&Staging>,
        timings: &mut Timings,
    ) -> Result<(Site, Arc<Vec<Route>>, render::Rendered), Failure> {
        let config = match &self.config {
            Ok(c) => c,
            Err(Failure::Content(ds)) => return Err(Failure::Content(ds.clone())),
            Err(Failure::Environment(m)) => return Err(Failure::Environment(m.clone())),
        };
        let theme = self
            .theme
            .as_ref()
            .map_err(|ds| Failure::Content(sorted(ds.clone())));
        let quick = match (edited, &self.last) {
            (Some(entries), Some(last)) => last
                .site
                .replaced(&entries)
                .map(|site| (site, last.routes.clone())),
            _ => None,
        };
        let (site, routes) = match quick {
            Some(found) => {
                timings.lap("relink");
                found
            }
            None => {
                let loaded = files.assemble();
                timings.lap("assemble");
                let mut problems = loaded.problems;
                if let Err(ds) = &self.theme {
                    problems.extend(ds.iter().cloned());
                }
                let statics: Vec<String> = self
                    .theme
                    .as_ref()
                    .map(|t| t.statics.keys().cloned().collect())
                    .unwrap_or_default();
                let site_opts = site::SiteOptions {
                    drafts: self.opts.drafts,
                    unparsed: loaded.unparsed,
                    template_ids: self
                        .theme
                        .as_ref()
                        .map(|t| t.template_ids.clone())
                        .unwrap_or_default(),
                };
                let (site, link_problems) = site::link(config.clone(), &loaded.content, &site_opts);
                timings.lap("link");
                problems.extend(link_problems);
                // Links to site paths are checked against the routes, even when linking found
                // problems, so that one run reports them all. Two pages at one address leave
                // those links unchecked until that is fixed.
                let routes = pages::routes(&site);
                if let Ok(routes) = &routes {
                    problems.extend(pages::links::check(
                        &site,
                        routes,
                        &statics,
                        &site_opts.template_ids,
                    ));
                }
                timings.lap("routes");
                if problems.iter().any(Diagnostic::is_error) {
                    return Err(Failure::Content(sorted(problems)));
                }
                let routes = routes.map_err(|ds| Failure::Content(sorted(ds)))?;
                (site, Arc::new(routes))
            }
        };
        let theme = theme?;
        let previous = self.last.as_ref().map(|b| Previous {
            routes: &b.routes,
            fingerprints: &b.fingerprints,
            output: &b.output,
            same_routes: Arc::ptr_eq(&b.routes, &routes),
        });
        let rendered = render::render(
            &site,
            theme,
            &routes,
            previous,
            self.generation,
            staging.map(|s| s as &dyn render::Sink),
            self.defer,
        )
        .map_err(|e| match e {
            render::RenderError::Content(ds) => Failure::Content(sorted(ds)),
            render::RenderError::Write(e) => {
                Failure::Environment(format!("cannot write the site: {e}"))
            }
        })?;
        timings.lap("render");
        Ok((site, routes, rendered))
    }

    /// Applies a change made through the editor: checks that the site builds as if the
    /// Markdown files in `overlay` (relative to the root) had the bytes given there, with
    /// `also` (other files, already changed on disk) read again, with the same checks as
    /// [`Session::update`]; only then calls `write` to put the change on disk, and takes the
    /// build it checked as the session's own. The check is the update: the site is linked and
    /// rendered once, and nothing can change between the two, since the session is borrowed
    /// mutably throughout. A refused change or a failed `write` leaves the session as it was.
    pub fn change<E>(
        &mut self,
        overlay: &Overlay,
        also: &[PathBuf],
        write: impl FnOnce() -> Result<(), E>,
    ) -> Result<Update, ChangeError<E>> {
        let started = Instant::now();
        let mut timings = Timings::new();
        let config = match &self.config {
            Ok(c) => c,
            Err(Failure::Content(ds)) => {
                return Err(ChangeError::Refused(Failure::Content(ds.clone())));
            }
            Err(Failure::Environment(m)) => {
                return Err(ChangeError::Refused(Failure::Environment(m.clone())));
            }
        };
        // As in `update`: each path in the system's own form, the one the folders' listings
        // give (`content/x.md` is `content\x.md` on Windows).
        let own = |p: &PathBuf| -> PathBuf { p.components().collect() };
        let overlay: Overlay = overlay.iter().map(|(p, b)| (own(p), b.clone())).collect();
        let overlay = &overlay;
        let mut paths: Vec<PathBuf> = overlay.keys().cloned().collect();
        paths.extend(also.iter().map(own));
        // Only content is read from the overlay: a change elsewhere (the config, a template)
        // would be checked against the files as they are, not as they would be.
        let touched = Touched::classify(Some(config), &paths);
        if touched.config || touched.templates || touched.statics {
            return Err(ChangeError::Refused(Failure::Environment(
                "only files under content/ can be changed from the editor".to_string(),
            )));
        }
        let mut files = self.files.clone();
        let refreshed = files.refresh_with(config, &paths, Some(overlay));
        timings.lap("read and parse");
        let mut edited = None;
        if !refreshed.structural && !self.last_failed && self.last.is_some() {
            let entries: Vec<AnyEntry> = refreshed
                .changed
                .iter()
                .filter_map(|p| files.entry(p))
                .collect();
            if entries.len() == refreshed.changed.len() {
                edited = Some(entries);
            }
        }
        let built = self
            .link_and_render(&files, edited, None, &mut timings)
            .map_err(ChangeError::Refused)?;
        write().map_err(ChangeError::Write)?;
        self.files = files;
        self.last_failed = false;
        Ok(self.finish(built, started, timings))
    }

    /// Brings the site up to date after `paths` (relative to the root) changed, and builds.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<Update, Failure> {
        // Files are known by the paths their folders' listings give. `content/x.md` names the
        // same file as `content\x.md` on Windows, but as a different key: rebuilt from its
        // components, each path takes the system's own form.
        let paths: Vec<PathBuf> = paths.iter().map(|p| p.components().collect()).collect();
        let paths = &paths[..];
        let touched = Touched::classify(self.config.as_ref().ok(), paths);
        let config_failed = self.config.is_err();
        if touched.config || config_failed {
            self.config = load_config(&self.opts);
            self.generation += 1;
            match &self.config {
                Ok(c) => {
                    let (files, theme) = rayon::join(|| Files::load(c), || theme::load(c));
                    self.files = files;
                    self.theme = theme;
                }
                Err(_) => self.theme = no_theme(),
            }
        } else {
            let Ok(config) = &self.config else {
                return self.build();
            };
            if touched.templates || touched.statics {
                self.theme = theme::load(config);
            }
            if touched.templates {
                self.generation += 1;
            }
            if !touched.content.is_empty() {
                let refreshed = self.files.refresh(config, &touched.content);
                let quick = !refreshed.structural
                    && !touched.templates
                    && !touched.statics
                    && !self.last_failed
                    && self.last.is_some();
                if quick {
                    let entries: Vec<AnyEntry> = refreshed
                        .changed
                        .iter()
                        .filter_map(|p| self.files.entry(p))
                        .collect();
                    if entries.len() == refreshed.changed.len() {
                        return self.build_from(Some(entries), None);
                    }
                }
            }
        }
        let mut update = self.build()?;
        update.static_only = touched.statics
            && !touched.templates
            && !touched.config
            && update.rendered.is_empty()
            && update.removed.is_empty();
        Ok(update)
    }
}
