//! What a run of hamkor is asked to do, and how it can fail: the two types every command and
//! the session share (re-exported at the crate root).

use std::path::PathBuf;

use crate::diagnostic::Diagnostic;

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The site root (holding `site.yaml`).
    pub root: PathBuf,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Publish drafts.
    pub drafts: bool,
    /// Fail on warnings as on errors, writing nothing (what CI wants).
    pub deny_warnings: bool,
}

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// The input has problems (exit code 1): errors, and any warnings found beside them; or,
    /// with [`Options::deny_warnings`], warnings alone.
    Content(Vec<Diagnostic>),
    /// The environment failed: unreadable config, unwritable output (exit code 2).
    Environment(String),
}
