//! Step 2: content files become typed entries.
//!
//! [`discover`] finds the files, [`parse`] turns each into a checked entry (in parallel), and
//! [`load`] collects them into [`Content`]. Every file-local problem is reported here; problems
//! between files are the next step's ([`crate::site`]).

pub mod discover;
pub mod model;
pub mod parse;
pub mod values;

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use discover::Found;
use model::{Asset, Entry, Page, Partner, Program, Visit};
use parse::Parsed;

/// Every entry of the site, each list sorted by source path. Entries are shared (`Arc`), so a
/// changed file replaces one entry and the rest are reused, not copied.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Partners.
    pub partners: Vec<Arc<Entry<Partner>>>,
    /// Visits.
    pub visits: Vec<Arc<Entry<Visit>>>,
    /// Programs.
    pub programs: Vec<Arc<Entry<Program>>>,
    /// Plain pages, the home text and section intros.
    pub pages: Vec<Arc<Entry<Page>>>,
    /// Files copied as they are.
    pub assets: Vec<Asset>,
}

/// Reads and parses one Markdown file.
pub fn read_and_parse(
    config: &Config,
    rel: &Path,
    role: &parse::Role,
) -> Result<Parsed, Vec<Diagnostic>> {
    let bytes = std::fs::read(config.root.join(rel)).map_err(|e| {
        vec![Diagnostic::new(
            rel,
            None,
            format!("cannot read the file: {e}"),
        )]
    })?;
    parse::parse_file(config, rel, &bytes, role)
}

/// What [`load`] found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The entries that parsed.
    pub content: Content,
    /// Every file-local problem.
    pub problems: Vec<Diagnostic>,
    /// Files (relative to `content/`) that failed to parse.
    pub unparsed: HashSet<String>,
}

/// Finds and parses every content file.
pub fn load(config: &Config) -> Loaded {
    let (found, mut problems) = discover::discover(&config.root);
    let results: Vec<(&Path, Result<Parsed, Vec<Diagnostic>>)> = found
        .par_iter()
        .filter_map(|f| match f {
            Found::Markdown { path, role } => {
                Some((path.as_path(), read_and_parse(config, path, role)))
            }
            Found::Asset { .. } => None,
        })
        .collect();
    let mut content = Content::default();
    let mut unparsed = HashSet::new();
    for (path, r) in results {
        match r {
            Ok(Parsed::Partner(e)) => content.partners.push(Arc::new(e)),
            Ok(Parsed::Visit(e)) => content.visits.push(Arc::new(e)),
            Ok(Parsed::Program(e)) => content.programs.push(Arc::new(e)),
            Ok(Parsed::Page(e)) => content.pages.push(Arc::new(e)),
            Err(ds) => {
                problems.extend(ds);
                let inside = path.strip_prefix(discover::CONTENT_DIR).unwrap_or(path);
                unparsed.insert(inside.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    for f in found {
        if let Found::Asset { path, content_path } = f {
            content.assets.push(Asset {
                source: path,
                content_path,
            });
        }
    }
    Loaded {
        content,
        problems,
        unparsed,
    }
}
