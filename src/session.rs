//! A site kept in memory between builds, updated from the files that changed.
//!
//! `build` opens a session, builds once and writes the output. `serve` keeps the session and
//! calls [`Session::update`] with the paths a file watcher reported: only those files are read
//! and parsed again, the site is linked again from the shared entries, and only the pages whose
//! fingerprints changed are rendered. Both go through the same steps; there is no separate
//! fast path that could disagree with a full build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{self, Config};
use crate::content::Files;
use crate::diagnostic::{self, Diagnostic};
use crate::output::Output;
use crate::render::theme::{self, Theme};
use crate::render::{self, Previous};
use crate::routes::{self, Route};
use crate::site::{self, Site};
use crate::{Failure, Options};

/// The result of the last successful build.
pub struct Built {
    /// The linked site.
    pub site: Site,
    /// Every route.
    pub routes: BTreeMap<String, Route>,
    /// Fingerprint of every page file.
    pub fingerprints: BTreeMap<String, u64>,
    /// The whole output.
    pub output: Output,
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

/// A site in memory.
pub struct Session {
    opts: Options,
    config: Result<Config, Failure>,
    theme: Result<Theme, Vec<Diagnostic>>,
    files: Files,
    /// Changes whenever the config or the templates change, so every page is rendered again.
    generation: u64,
    last: Option<Built>,
}

fn load_config(opts: &Options) -> Result<Config, Failure> {
    let overrides = config::Overrides {
        base_url: opts.base_url.clone(),
    };
    config::load(&opts.root, &overrides).map_err(|e| match e {
        config::ConfigError::Io(path, e) => {
            Failure::Environment(format!("cannot read {}: {e}", path.display()))
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
        let config = load_config(opts);
        let (files, theme) = match &config {
            Ok(c) => rayon::join(|| Files::load(c), || theme::load(c)),
            Err(_) => (Files::default(), no_theme()),
        };
        Session {
            opts: opts.clone(),
            config,
            theme,
            files,
            generation: 0,
            last: None,
        }
    }

    /// The last successful build, if any.
    pub fn last(&self) -> Option<&Built> {
        self.last.as_ref()
    }

    /// The last successful build, taken out of the session.
    pub fn into_built(self) -> Option<Built> {
        self.last
    }

    /// The configuration, if it is valid.
    pub fn config(&self) -> Option<&Config> {
        self.config.as_ref().ok()
    }

    /// Links and renders everything read so far (reusing unchanged pages of the last build).
    pub fn build(&mut self) -> Result<Update, Failure> {
        let started = Instant::now();
        let config = match &self.config {
            Ok(c) => c.clone(),
            Err(Failure::Content(ds)) => return Err(Failure::Content(ds.clone())),
            Err(Failure::Environment(m)) => return Err(Failure::Environment(m.clone())),
        };
        let loaded = self.files.assemble();
        let mut problems = loaded.problems;
        if let Err(ds) = &self.theme {
            problems.extend(ds.iter().cloned());
        }
        let site_opts = site::SiteOptions {
            drafts: self.opts.drafts,
            unparsed: loaded.unparsed,
        };
        let site = match site::link(config, &loaded.content, &site_opts) {
            Ok(s) => Some(s),
            Err(ds) => {
                problems.extend(ds);
                None
            }
        };
        let (Some(site), Ok(theme), true) = (site, &self.theme, problems.is_empty()) else {
            return Err(Failure::Content(sorted(problems)));
        };
        let routes = routes::routes(&site).map_err(|ds| Failure::Content(sorted(ds)))?;
        let previous = self.last.as_ref().map(|b| Previous {
            fingerprints: &b.fingerprints,
            output: &b.output,
        });
        let rendered = render::render(&site, theme, &routes, previous, self.generation)
            .map_err(|ds| Failure::Content(sorted(ds)))?;
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
            rendered: rendered.rendered,
            removed,
            static_only: false,
            elapsed: started.elapsed(),
        };
        self.last = Some(Built {
            site,
            routes,
            fingerprints: rendered.fingerprints,
            output: rendered.output,
        });
        Ok(update)
    }

    /// Brings the site up to date after `paths` (relative to the root) changed, and builds.
    pub fn update(&mut self, paths: &[PathBuf]) -> Result<Update, Failure> {
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
                self.files.refresh(config, &touched.content);
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
