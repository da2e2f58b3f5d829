//! Step 2b: one file's bytes become one checked entry, or every problem the file has.
//!
//! Front matter is split off (BOM and CRLF line endings tolerated), decoded key by key with
//! [`Fields`], checked against the config's vocabularies, and the body is rendered to HTML.
//! Problems that need other files (unknown partners, broken `@/` links, duplicate slugs) are
//! left to [`crate::site`].

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::content::images::Photo;
use crate::content::model::*;
use crate::content::schema::{self, Kind};
use crate::diagnostic::{Diagnostic, Pos};
use crate::markdown::{self, BodyOrigin};
use crate::values::{Country, Date, RawDate, Slug, Vocabulary};
use crate::yaml::{self, Extra, Fields, KeyPos, Origin};

/// What a file is, decided by where it lives (see [`crate::content::discover`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// `partners/<slug>.md` or `partners/<slug>/index.md`.
    Record {
        /// Which section.
        section: Section,
        /// The default slug (file or folder name).
        stem: String,
        /// The bundle folder, relative to the root.
        bundle: Option<PathBuf>,
    },
    /// A translation of another file into one of the site's other languages.
    Translation {
        /// The language.
        lang: String,
        /// The file it translates, relative to the site root.
        original: PathBuf,
    },
    /// A plain page or an intro.
    Page {
        /// Home, section intro or plain.
        kind: PageKind,
        /// The default URL path below the base (e.g. `about/`); its last segment may be
        /// replaced by `slug:`.
        path: String,
    },
}

/// A successfully parsed file.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A partner.
    Partner(Entry<Partner>),
    /// A visit.
    Visit(Entry<Visit>),
    /// A program.
    Program(Entry<Program>),
    /// A plain page or intro.
    Page(Entry<Page>),
    /// A translation of another file.
    Translation(TranslationEntry),
}

/// The parts of a file: YAML block and Markdown body with their line offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// Lines before the YAML (the opening `---`).
    pub yaml_line_offset: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// Lines before the body.
    pub body_line_offset: usize,
}

/// Why a file has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// Where.
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: &'static str,
    /// Characters to underline.
    pub width: usize,
}

/// Splits front matter from the body; the text must already use `\n` line endings.
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    const HINT: &str =
        "start the file with a line `---`, then `title: …` and other keys, then a closing `---`";
    let error = |line: usize, message: &str, hint: &'static str, width: usize| SplitError {
        pos: Pos { line, col: 1 },
        message: message.to_string(),
        hint,
        width,
    };
    // Git's conflict markers break the YAML or the text in ways whose messages would not say
    // what happened.
    for (line, l) in (1..).zip(text.lines()) {
        if l.starts_with("<<<<<<< ") || l == "<<<<<<<" {
            return Err(error(
                line,
                "unresolved merge conflict: git's `<<<<<<<` marker is still in the file",
                "keep one version of the lines between `<<<<<<<`, `=======` and `>>>>>>>`, and delete the marker lines",
                7,
            ));
        }
    }
    if text.trim().is_empty() {
        return Err(error(1, "the file is empty", HINT, 1));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        let blank = text.lines().take_while(|l| l.trim().is_empty()).count();
        if blank > 0
            && text
                .lines()
                .nth(blank)
                .is_some_and(|l| l.trim_end() == "---")
        {
            return Err(error(
                blank + 1,
                "the front matter must start on the first line",
                if blank == 1 {
                    "remove the empty line above it"
                } else {
                    "remove the empty lines above it"
                },
                3,
            ));
        }
        return Err(error(
            1,
            "missing front matter: the file must start with a `---` line",
            HINT,
            3,
        ));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, l) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        let content = l.trim_end_matches('\n');
        if content.trim_end() == "---" || content.trim_end() == "..." {
            let body_start = offset + l.len();
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line_offset: 1,
                body: &text[body_start.min(text.len())..],
                body_line_offset: line,
            });
        }
        offset += l.len();
    }
    Err(error(
        1,
        "the front matter is not closed: add a `---` line after the last key",
        HINT,
        3,
    ))
}

impl Parsed {
    /// The entry's origin.
    pub fn source_mut(&mut self) -> &mut Source {
        match self {
            Parsed::Partner(e) => &mut e.source,
            Parsed::Visit(e) => &mut e.source,
            Parsed::Program(e) => &mut e.source,
            Parsed::Page(e) => &mut e.source,
            Parsed::Translation(e) => &mut e.source,
        }
    }
}

/// A stable hash of a file's bytes.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// The keys whose positions problems found after parsing point at, kept in
/// [`Source::keys`]: a slug two files share (`slug`), an unknown partner (`partners`), an
/// alias another page has (`aliases`), a partner that is active with every agreement expired
/// (`status`, else `agreements`).
pub const LATER_KEYS: &[&str] = &["slug", "partners", "aliases", "status", "agreements"];

/// The names of the keys a `kind` file accepts, from the model.
fn known(kind: Kind) -> Vec<&'static str> {
    kind.names().0
}

/// A file with problems: what is wrong, and the entry as far as it could be read. Linking
/// still looks at a partial entry, so that an unknown key and an unknown partner in the same
/// file are both reported in one run; a build with problems writes nothing either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Broken {
    /// Every problem found in the file.
    pub problems: Vec<Diagnostic>,
    /// The entry without the parts in error, if its required parts were readable.
    pub partial: Option<Box<Parsed>>,
}

impl From<Vec<Diagnostic>> for Broken {
    fn from(problems: Vec<Diagnostic>) -> Self {
        Broken {
            problems,
            partial: None,
        }
    }
}

/// Parses one file. `rel` is relative to the site root.
pub fn parse_file(
    config: &Config,
    rel: &Path,
    bytes: &[u8],
    role: &Role,
) -> Result<Parsed, Broken> {
    let hash = hash_bytes(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let pos = Pos::of_offset(valid, valid.len());
            return Err(vec![
                Diagnostic::new(rel, Some(pos), "the file is not valid UTF-8 text")
                    .help("save the file with UTF-8 encoding"),
            ]
            .into());
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let normalized;
    let text = if text.contains('\r') {
        normalized = text.replace("\r\n", "\n");
        normalized.as_str()
    } else {
        text
    };
    let parts = split(text).map_err(|e| {
        vec![
            Diagnostic::new(rel, Some(e.pos), e.message)
                .help(e.hint)
                .excerpt(text, e.width),
        ]
    })?;
    let origin = Origin {
        file: rel,
        file_text: text,
        yaml: parts.yaml,
        line_offset: parts.yaml_line_offset,
    };
    let map = yaml::parse_mapping(parts.yaml).map_err(|e| vec![origin.syntax(&e)])?;
    let mut f = Fields::new(map, origin, Vec::new());
    f.diagnostics.extend(yaml::doubtful_values(&origin));
    let content_path_of =
        |p: &Path| crate::diagnostic::slash_path(p.strip_prefix("content").unwrap_or(p));
    let body = markdown::render(
        parts.body,
        BodyOrigin {
            line_offset: parts.body_line_offset,
        },
        &config.base_url.path,
    );
    let source = Source {
        path: rel.to_path_buf(),
        content_path: content_path_of(rel),
        yaml_line_offset: parts.yaml_line_offset,
        bundle: match role {
            Role::Record { bundle, .. } => bundle.clone(),
            Role::Page { .. } | Role::Translation { .. } => None,
        },
        hash,
        committed: None,
        warnings: Vec::new(),
        text: Arc::from(text),
        keys: KeyPos::of(parts.yaml, LATER_KEYS),
    };

    let stem = match role {
        Role::Record { stem, .. } => stem.as_str(),
        Role::Page { path, .. } => path.trim_end_matches('/').rsplit('/').next().unwrap_or(""),
        Role::Translation { lang, original } => {
            let title: Option<String> = f.take("title");
            let summary: Option<String> = f.take("summary");
            let outcomes: Option<Vec<String>> = f.take("outcomes");
            // Everything that is not prose comes from the original; saying it again here
            // could only disagree with it.
            let shown = crate::diagnostic::display_path(original);
            for key in schema::untranslated_names() {
                if f.has(key) {
                    f.error(
                        key,
                        format!("'{key}' comes from the original, {shown}"),
                        Some(
                            "a translation gives only `title`, `summary`, `outcomes` and the text"
                                .into(),
                        ),
                    );
                    f.discard(key);
                }
            }
            let ds = f.finish(&schema::translatable_names(), "a translation");
            if ds.iter().any(Diagnostic::is_error) {
                return Err(ds.into());
            }
            let mut source = source;
            source.warnings = ds;
            let data = Translation {
                lang: lang.clone(),
                original: content_path_of(original),
                original_file: original.clone(),
                title,
                summary,
                outcomes,
            };
            return Ok(Parsed::Translation(TranslationEntry {
                source,
                memo: Memo::default(),
                body,
                data,
            }));
        }
    };
    let meta = common(
        &mut f,
        stem,
        rel,
        matches!(
            role,
            Role::Page {
                kind: PageKind::Home,
                ..
            }
        ),
    );
    match role {
        Role::Record {
            section: Section::Partners,
            ..
        } => {
            let photos = gallery(&mut f, config, &source, "partner");
            let data = partner(&mut f, config, source.bundle.as_deref(), photos);
            let images = bundle_images(
                &mut f,
                config,
                &source,
                &body,
                data.as_ref().map(|d| &d.photos[..]),
            );
            let ds = f.finish(&known(Kind::Partner), "a partner");
            finish(ds, meta, data, |meta, data| {
                Parsed::Partner(entry(source, meta, body, data, images))
            })
        }
        Role::Record {
            section: Section::Visits,
            ..
        } => {
            let photos = gallery(&mut f, config, &source, "visit");
            let data = visit(&mut f, config, photos);
            let images = bundle_images(
                &mut f,
                config,
                &source,
                &body,
                data.as_ref().map(|d| &d.photos[..]),
            );
            let ds = f.finish(&known(Kind::Visit), "a visit");
            finish(ds, meta, data, |meta, data| {
                Parsed::Visit(entry(source, meta, body, data, images))
            })
        }
        Role::Record {
            section: Section::Programs,
            ..
        } => {
            let data = program(&mut f, config);
            let images = bundle_images(&mut f, config, &source, &body, None);
            let ds = f.finish(&known(Kind::Program), "a program");
            finish(ds, meta, data, |meta, data| {
                Parsed::Program(entry(source, meta, body, data, images))
            })
        }
        // Translations returned above.
        Role::Translation { .. } => Err(Vec::new().into()),
        Role::Page { kind, path } => {
            let mut path = path.clone();
            if let (Some(m), PageKind::Plain) = (&meta, kind) {
                path = with_last_segment(&path, m.slug.as_str());
            }
            let data = Some(Page { kind: *kind, path });
            let ds = f.finish(&known(Kind::Page), "a page");
            finish(ds, meta, data, |meta, data| {
                Parsed::Page(entry(source, meta, body, data, Vec::new()))
            })
        }
    }
}

/// A checked entry with its fingerprints.
fn entry<T>(
    source: Source,
    meta: Meta,
    body: crate::markdown::Markdown,
    data: T,
    images: Vec<Arc<Photo>>,
) -> Entry<T>
where
    Entry<T>: Linked,
{
    Entry {
        hashes: Default::default(),
        memo: Default::default(),
        source,
        meta,
        body,
        data,
        images,
    }
    .with_hashes()
}

fn with_last_segment(path: &str, slug: &str) -> String {
    let trimmed = path.trim_end_matches('/');
    match trimmed.rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/{slug}/"),
        None if trimmed.is_empty() => String::new(),
        None => format!("{slug}/"),
    }
}

fn finish<T>(
    ds: Vec<Diagnostic>,
    meta: Option<Meta>,
    data: Option<T>,
    make: impl FnOnce(Meta, T) -> Parsed,
) -> Result<Parsed, Broken> {
    match (meta, data) {
        // Warnings alone leave the entry whole; they travel with it to be shown.
        (Some(meta), Some(data)) if !ds.iter().any(Diagnostic::is_error) => {
            let mut parsed = make(meta, data);
            parsed.source_mut().warnings = ds;
            Ok(parsed)
        }
        (Some(meta), Some(data)) => Err(Broken {
            problems: ds,
            partial: Some(Box::new(make(meta, data))),
        }),
        _ => Err(ds.into()),
    }
}

fn common(f: &mut Fields<'_, '_>, stem: &str, rel: &Path, is_home: bool) -> Option<Meta> {
    let title: Option<String> = f.required("title");
    let slug_raw: Option<String> = f.take("slug");
    let summary: Option<String> = f.take("summary");
    let draft: bool = f.take("draft").unwrap_or(false);
    let weight: i64 = f.take("weight").unwrap_or(0);
    let aliases: Vec<String> = f.take("aliases").unwrap_or_default();
    let extra: Extra = f.take("extra").unwrap_or_default();
    for (i, a) in aliases.iter().enumerate() {
        if !a.starts_with('/') || a.contains("..") || a.contains(['?', '#', '\\']) {
            f.item_error(
                "aliases",
                i,
                format!("alias '{a}' must be a site path starting with '/'"),
                Some("e.g. `/partners/old-name/`".into()),
            );
        }
    }
    let slug = match slug_raw {
        Some(s) => match Slug::parse(&s) {
            Ok(slug) => Some(slug),
            Err(hint) => {
                f.error("slug", format!("'{s}' is not a valid slug"), Some(hint));
                None
            }
        },
        None if is_home => Slug::parse("index").ok(),
        None => match Slug::parse(stem) {
            Ok(slug) => Some(slug),
            Err(hint) => {
                f.diagnostics.push(
                    Diagnostic::new(
                        rel,
                        None,
                        format!("the file name '{stem}' cannot be used in URLs"),
                    )
                    .help(format!("rename the file or set `slug:`; {hint}")),
                );
                None
            }
        },
    };
    let title = title?;
    Some(Meta {
        sort_key: crate::lang::collation_key(&title),
        title,
        slug: slug?,
        summary,
        draft,
        weight,
        aliases,
        extra,
    })
}

fn vocab_term(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    vocab: &Vocabulary,
    what: &str,
) -> Option<Slug> {
    let raw: String = f.required(key)?;
    match vocab.get(&raw) {
        Some(s) => Some(s.clone()),
        None => {
            f.error(
                key,
                format!("unknown {what} '{raw}'"),
                Some(vocab.hint(&raw)),
            );
            None
        }
    }
}

fn areas(f: &mut Fields<'_, '_>, config: &Config) -> Vec<Slug> {
    let raw: Vec<String> = f.take("areas").unwrap_or_default();
    let mut out = Vec::with_capacity(raw.len());
    for (i, a) in raw.iter().enumerate() {
        match config.areas.get(a) {
            Some(s) if !out.contains(s) => out.push(s.clone()),
            Some(_) => f.item_error("areas", i, format!("area '{a}' is listed twice"), None),
            None if config.areas_file.is_none() => f.item_error(
                "areas",
                i,
                format!("unknown area '{a}'"),
                Some("the site has no area vocabulary: name one with `areas:` in site.yaml".into()),
            ),
            None => f.item_error(
                "areas",
                i,
                format!("unknown area '{a}'"),
                Some(config.areas.hint(a)),
            ),
        }
    }
    out
}

/// The years a date of the record may have. Fixed, not relative to today, so a build gives
/// the same answer every year; wide enough for a partnership's history and its plans, narrow
/// enough to catch `0023` for 2023, which would draw 2,000 years of chart.
const YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// A plausible year one typo away from `year` (one digit changed, or two neighbours
/// swapped), the one nearest 2020 if several are.
fn year_meant(year: u16) -> Option<u16> {
    let digits: Vec<u8> = format!("{year:04}").bytes().map(|b| b - b'0').collect();
    let value = |d: &[u8]| d.iter().fold(0u16, |n, &x| n * 10 + u16::from(x));
    let mut candidates = Vec::new();
    for i in 0..4 {
        for x in 0..10 {
            let mut d = digits.clone();
            d[i] = x;
            candidates.push(value(&d));
        }
        if i < 3 {
            let mut d = digits.clone();
            d.swap(i, i + 1);
            candidates.push(value(&d));
        }
    }
    candidates
        .into_iter()
        .filter(|y| *y != year && YEARS.contains(y))
        .min_by_key(|y| y.abs_diff(2020))
}

fn date(f: &mut Fields<'_, '_>, key: &'static str) -> Option<Date> {
    let raw: RawDate = f.take(key)?;
    match raw.check() {
        Ok(d) if !YEARS.contains(&d.year()) => {
            let help = year_meant(d.year()).map(|y| format!("did you mean {y}?"));
            f.error(
                key,
                format!(
                    "'{}' is in the year {}: dates from {} to {} are accepted",
                    f.name(key),
                    d.year(),
                    YEARS.start(),
                    YEARS.end()
                ),
                help,
            );
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            f.error(key, format!("invalid date in '{}': {e}", f.name(key)), None);
            None
        }
    }
}

fn order(
    f: &mut Fields<'_, '_>,
    start: Option<Date>,
    end: Option<Date>,
    start_key: &str,
    end_key: &'static str,
) {
    if let (Some(s), Some(e)) = (start, end)
        && e.last_day() < s.first_day()
    {
        let message = format!(
            "'{}' ({}) is before '{start_key}' ({})",
            f.name(end_key),
            e.iso(),
            s.iso()
        );
        f.error(end_key, message, None);
    }
}

fn country(f: &mut Fields<'_, '_>, key: &'static str, required: bool) -> Option<Country> {
    let raw: String = if required {
        f.required(key)?
    } else {
        f.take(key)?
    };
    match Country::parse(&raw) {
        Ok(c) => Some(c),
        Err(hint) => {
            f.error(key, format!("unknown country code '{raw}'"), hint);
            None
        }
    }
}

fn partner_refs(f: &mut Fields<'_, '_>) -> Vec<PartnerRef> {
    let raw: Vec<String> = f.take("partners").unwrap_or_default();
    let mut out: Vec<PartnerRef> = Vec::with_capacity(raw.len());
    for (index, slug) in raw.into_iter().enumerate() {
        if out.iter().any(|r| r.slug == slug) {
            f.item_error(
                "partners",
                index,
                format!("partner '{slug}' is listed twice"),
                None,
            );
        } else {
            out.push(PartnerRef { slug, index });
        }
    }
    out
}

fn url(f: &mut Fields<'_, '_>, key: &'static str) -> Option<String> {
    let raw: String = f.take(key)?;
    if let Some(rest) = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"))
    {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let name = f.name(key);
        let problem = if rest.trim().is_empty() {
            Some((
                format!("'{name}' is only `https://`: the placeholder was left as it was"),
                "write the partner's address, e.g. `https://www.example.ac.kr/`, or delete the line".to_string(),
            ))
        } else if raw.chars().any(char::is_whitespace) {
            let joined: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
            Some((
                format!("'{name}' contains a space, which an address cannot hold"),
                format!("remove it: '{joined}'"),
            ))
        } else if !host.contains('.') && host != "localhost" {
            Some((
                format!("'{name}' has no full host name: '{host}' has no dot"),
                "write the whole name, e.g. `https://www.example.ac.kr/`".to_string(),
            ))
        } else {
            None
        };
        match problem {
            Some((message, help)) => {
                f.error(key, message, Some(help));
                None
            }
            None => Some(raw),
        }
    } else {
        f.error(
            key,
            format!(
                "'{}' must be a full address starting with https://",
                f.name(key)
            ),
            Some(format!("write 'https://{}'", raw.trim_start_matches("//"))),
        );
        None
    }
}

/// Map units (of 1000 across the world) within which a point next to its country's border
/// still counts as inside: the shapes are coarse, and coastal cities fall just outside them.
const BORDER_TOLERANCE: f64 = 3.0;

/// Warns when a partner's coordinates lie outside its country: a typo in a number, swapped
/// latitude and longitude, or the wrong country. A warning, as the map data is coarse and a
/// partner may be placed at a branch abroad on purpose.
fn outside_country(f: &mut Fields<'_, '_>, country: &Country, at: Location) {
    let world = crate::geo::World::builtin();
    let code = country.code();
    if world.contains(code, at.lat, at.lon, BORDER_TOLERANCE) != Some(false) {
        return;
    }
    let swapped = (-90.0..=90.0).contains(&at.lon)
        && world.contains(code, at.lon, at.lat, BORDER_TOLERANCE) == Some(true);
    let help = if swapped {
        format!(
            "latitude and longitude seem swapped: write `{{lat: {}, lon: {}}}`",
            at.lon, at.lat
        )
    } else {
        match world.country_at(at.lat, at.lon) {
            Some(other) => format!(
                "the point is in {} ({other}); check the numbers, or the partner's `country:`",
                Country::parse(other).map(|c| c.name("en")).unwrap_or(other)
            ),
            None => "check the numbers, or the partner's `country:`".to_string(),
        }
    };
    f.warn(
        "location",
        format!(
            "the location (lat {}, lon {}) is outside {} ({code}), the partner's country",
            at.lat,
            at.lon,
            country.name("en")
        ),
        Some(help),
    );
}

fn partner(
    f: &mut Fields<'_, '_>,
    config: &Config,
    bundle: Option<&Path>,
    photos: Vec<GalleryPhoto>,
) -> Option<Partner> {
    let kind = vocab_term(f, "kind", &config.partner_kinds, "partner kind");
    let country = country(f, "country", true);
    let city: Option<String> = f.take("city");
    let website = url(f, "website");
    let since = date(f, "since");
    let status: Status = f.take("status").unwrap_or(Status::Active);
    let mut agreements = Vec::new();
    for (i, map) in f.take_maps("agreements") {
        let mut a = f.nested(map, "agreements", Some(i));
        let kind = vocab_term(&mut a, "type", &config.agreement_types, "agreement type");
        let title: Option<String> = a.take("title");
        let signed = date(&mut a, "signed");
        let renewed = date(&mut a, "renewed");
        let expires = date(&mut a, "expires");
        order(&mut a, signed, expires, "signed", "expires");
        order(&mut a, signed, renewed, "signed", "renewed");
        if let (Some(r), Some(e)) = (renewed, expires)
            && r.first_day() > e.last_day()
        {
            let message = format!(
                "'{}' ({}) is after 'expires' ({}): the agreement had expired",
                a.name("renewed"),
                r.iso(),
                e.iso()
            );
            a.error(
                "renewed",
                message,
                Some("a renewal runs the agreement on: write its new end as `expires:`".into()),
            );
        }
        let document = a
            .take::<String>("document")
            .and_then(|file| agreement_document(&mut a, config, bundle, file));
        let ds = a.finish(&schema::names(schema::AGREEMENT), "an agreement");
        let ok = ds.is_empty();
        f.diagnostics.extend(ds);
        if let (Some(kind), true) = (kind, ok) {
            agreements.push(Agreement {
                kind,
                title,
                signed,
                renewed,
                expires,
                document,
            });
        }
    }
    let areas = areas(f, config);
    let mut location = None;
    if let Some(map) = f.take_map_or("location", Some("{lat: 37.56, lon: 126.94}")) {
        let mut l = f.nested(map, "location", None);
        let lat: Option<f64> = l.required("lat");
        let lon: Option<f64> = l.required("lon");
        if lat.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            l.error("lat", "latitude must be between -90 and 90", None);
        }
        if lon.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            l.error("lon", "longitude must be between -180 and 180", None);
        }
        let ds = l.finish(&schema::names(schema::LOCATION), "a location");
        if let (Some(lat), Some(lon), true) = (lat, lon, ds.is_empty()) {
            location = Some(Location { lat, lon });
        }
        f.diagnostics.extend(ds);
        if let (Some(c), Some(at)) = (&country, location) {
            outside_country(f, c, at);
        }
    }
    let mut logo = None;
    if let Some(file) = f.take::<String>("logo") {
        match bundle {
            None => f.error("logo", "a logo needs a bundle: the partner must be a folder with index.md and the image beside it", Some("move the file to partners/<slug>/index.md".into())),
            Some(dir) => match bundle_file(config, dir, &file, ("logo", "logo")) {
                Err((message, help)) => f.error("logo", message, help),
                Ok(path) => match super::images::thumbnail(&config.root, &path, &file) {
                    Ok(thumbnail) => logo = Some(Logo { file, thumbnail }),
                    Err(e) => f.error("logo", e.message, e.help),
                },
            },
        }
    }
    Some(Partner {
        kind: kind?,
        country: country?,
        city,
        website,
        since,
        status,
        agreements,
        areas,
        location,
        logo,
        photos,
    })
}

/// The kinds of file an agreement's `document:` may be, by lower-case extension: a signed
/// PDF, or the scan of a paper copy.
const DOCUMENT_TYPES: &[(&str, &str)] = &[
    ("pdf", "PDF"),
    ("jpg", "JPEG"),
    ("jpeg", "JPEG"),
    ("png", "PNG"),
    ("webp", "WebP"),
    ("gif", "GIF"),
    ("avif", "AVIF"),
    ("svg", "SVG"),
];

/// Checks an agreement's `document:`: a PDF or image in the partner's bundle folder.
fn agreement_document(
    a: &mut Fields<'_, '_>,
    config: &Config,
    bundle: Option<&Path>,
    file: String,
) -> Option<Document> {
    let Some(dir) = bundle else {
        a.error(
            "document",
            "a document needs a bundle: the partner must be a folder with index.md and the file beside it",
            Some("move the partner's file to partners/<slug>/index.md and put the document in that folder".into()),
        );
        return None;
    };
    let extension = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some(&(_, format)) = DOCUMENT_TYPES.iter().find(|(e, _)| *e == extension) else {
        a.error(
            "document",
            format!("document '{file}' is neither a PDF nor an image"),
            Some(
                "publish the signed copy as a PDF (or a scan as JPEG or PNG) and name that file"
                    .into(),
            ),
        );
        return None;
    };
    let root = config.root.join(dir);
    let bad = file.contains("..") || file.starts_with('/') || file.contains('\\');
    if let Some(actual) = (!bad).then(|| named_otherwise(&root, &file)).flatten() {
        a.error(
            "document",
            format!("document '{file}' is named '{actual}' in the bundle folder"),
            Some(format!("write it as `document: {actual}`: capitals matter on web servers, even where they do not on this disk")),
        );
        return None;
    }
    let path = root.join(&file);
    let meta = if bad {
        None
    } else {
        std::fs::metadata(&path).ok().filter(|m| m.is_file())
    };
    let Some(meta) = meta else {
        let beside: Vec<String> = std::fs::read_dir(&root)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".md"))
            .collect();
        let hint = crate::diagnostic::did_you_mean(&file, beside.iter().map(String::as_str))
            .or_else(|| {
                Some("put the file beside the partner's index.md, or correct the name".into())
            });
        a.error(
            "document",
            format!("document '{file}' is not a file in the bundle folder"),
            hint,
        );
        return None;
    };
    // A file renamed to `.pdf` would be linked as a PDF that no reader opens.
    if format == "PDF" {
        let mut head = [0u8; 5];
        let read = std::fs::File::open(&path)
            .and_then(|mut r| std::io::Read::read_exact(&mut r, &mut head));
        if read.is_err() || &head != b"%PDF-" {
            a.error(
                "document",
                format!(
                    "document '{file}' is not a PDF: it does not start as PDF files do (`%PDF-`)"
                ),
                Some(
                    "save or export the document as PDF again, or give the file its real extension"
                        .into(),
                ),
            );
            return None;
        }
    }
    Some(Document {
        file,
        bytes: meta.len(),
        format,
    })
}

fn visit(f: &mut Fields<'_, '_>, config: &Config, photos: Vec<GalleryPhoto>) -> Option<Visit> {
    let had_date = f.has("date");
    let date_ = date(f, "date");
    let end_date = date(f, "end_date");
    order(f, date_, end_date, "date", "end_date");
    // Lists order visits by their first day; a last day alone would leave the visit undated
    // while looking dated in its file.
    if end_date.is_some() && !had_date {
        f.error(
            "end_date",
            "'end_date' without 'date'",
            Some(
                "add the first day as `date:`; if only one day is known, write it as `date:`"
                    .into(),
            ),
        );
    }
    let direction: Option<Direction> = f.required("direction");
    let place: Option<String> = f.take("place");
    let country = country(f, "country", false);
    let partners = partner_refs(f);
    let delegation: Vec<String> = f.take("delegation").unwrap_or_default();
    let outcomes: Vec<String> = f.take("outcomes").unwrap_or_default();
    let areas = areas(f, config);
    Some(Visit {
        date: date_,
        end_date,
        direction: direction?,
        place,
        country,
        partners,
        delegation,
        outcomes,
        areas,
        photos,
    })
}

fn program(f: &mut Fields<'_, '_>, config: &Config) -> Option<Program> {
    let kind = vocab_term(f, "kind", &config.program_kinds, "program kind");
    let partners = partner_refs(f);
    let start = date(f, "start");
    let end = date(f, "end");
    order(f, start, end, "start", "end");
    let areas = areas(f, config);
    let participants: Option<u64> = f.take("participants");
    Some(Program {
        kind: kind?,
        partners,
        start,
        end,
        areas,
        participants,
    })
}

/// The file `file` of the bundle folder `dir` (relative to the root), a `what` written under
/// `key`: its path, or what is wrong (a message and a hint).
fn bundle_file(
    config: &Config,
    dir: &Path,
    file: &str,
    (what, key): (&str, &str),
) -> Result<PathBuf, (String, Option<String>)> {
    let bad = file.contains("..") || file.starts_with('/');
    let path = config.root.join(dir).join(file);
    let case = if bad {
        None
    } else {
        named_otherwise(&config.root.join(dir), file)
    };
    if let Some(actual) = case {
        return Err((
            format!("{what} '{file}' is named '{actual}' in the bundle folder"),
            Some(format!(
                "write it as `{key}: {actual}`: capitals matter on web servers, even where they do not on this disk"
            )),
        ));
    }
    if bad || !path.is_file() {
        let beside: Vec<String> = std::fs::read_dir(config.root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with(".md"))
            .collect();
        let hint = crate::diagnostic::did_you_mean(file, beside.iter().map(String::as_str));
        return Err((
            format!("{what} '{file}' is not a file in the bundle folder"),
            hint,
        ));
    }
    Ok(path)
}

/// Reads `photos:`, a list of `{file, alt}`, and makes each photo's renditions (in parallel:
/// decoding and encoding a phone photo takes a while).
fn gallery(
    f: &mut Fields<'_, '_>,
    config: &Config,
    source: &Source,
    what: &str,
) -> Vec<GalleryPhoto> {
    if !f.has("photos") {
        return Vec::new();
    }
    let Some(dir) = source.bundle.as_deref() else {
        let folder = source
            .content_path
            .strip_suffix(".md")
            .unwrap_or(&source.content_path);
        f.key_error(
            "photos",
            format!("photos need a bundle: the {what} must be a folder with index.md and the images beside it"),
            Some(format!("move the file to {folder}/index.md")),
        );
        f.discard("photos");
        return Vec::new();
    };
    let mut wanted = Vec::new();
    for (i, map) in f.take_maps("photos") {
        let mut p = f.nested(map, "photos", Some(i));
        let file: Option<String> = p.required("file");
        let alt = if !p.has("alt") {
            let message = format!("photo '{}' has no alt text", file.as_deref().unwrap_or(""));
            let help = Some(ALT_HINT.replace("write", "add"));
            if file.is_some() {
                p.error("file", message, help);
            } else {
                f.item_error("photos", i, message, help);
            }
            None
        } else {
            match p.take::<String>("alt") {
                Some(a) if !a.trim().is_empty() => Some(a.trim().to_string()),
                Some(_) => {
                    let name = file.as_deref().unwrap_or("");
                    p.key_error(
                        "alt",
                        format!("photo '{name}' has an empty alt text"),
                        Some(ALT_HINT.into()),
                    );
                    None
                }
                None => None,
            }
        };
        let path = file
            .as_deref()
            .map(|file| bundle_file(config, dir, file, ("photo", "file")));
        match path {
            Some(Err((message, help))) => p.error("file", message, help),
            Some(Ok(path)) => wanted.push((i, file.unwrap_or_default(), alt, path)),
            None => {}
        }
        let ds = p.finish(&schema::names(schema::PHOTO), "a photo");
        f.diagnostics.extend(ds);
    }
    let made: Vec<_> = {
        use rayon::prelude::*;
        wanted
            .into_par_iter()
            .map(|(i, file, alt, path)| {
                let photo = super::images::photo(&config.root, &path, &file);
                (i, alt, photo)
            })
            .collect()
    };
    let mut out = Vec::new();
    for (i, alt, photo) in made {
        match (photo, alt) {
            (Ok(photo), Some(alt)) => out.push(GalleryPhoto {
                alt,
                photo: Arc::new(photo),
            }),
            (Ok(_), None) => {}
            (Err(e), _) => {
                let mut p = f.nested(Default::default(), "photos", Some(i));
                p.error("file", e.message, e.help);
                f.diagnostics.extend(p.finish(&[], "a photo"));
            }
        }
    }
    out
}

const ALT_HINT: &str =
    "write `alt: \"…\"`: a few words saying what the photo shows, for readers who cannot see it";

/// The photos of a bundle that the entry's page shows: those of its gallery, and those its
/// body shows as images (made here; a file that is not there is left to the link check).
fn bundle_images(
    f: &mut Fields<'_, '_>,
    config: &Config,
    source: &Source,
    body: &crate::markdown::Markdown,
    gallery: Option<&[GalleryPhoto]>,
) -> Vec<Arc<Photo>> {
    let mut out: Vec<Arc<Photo>> = gallery
        .unwrap_or_default()
        .iter()
        .map(|g| g.photo.clone())
        .collect();
    let Some(dir) = source.bundle.as_deref() else {
        return out;
    };
    let mut wanted: Vec<&crate::markdown::PathLink> = Vec::new();
    for p in body.images.iter().map(|i| &body.paths[i.path]) {
        if !out.iter().any(|o| o.file == p.dest)
            && !wanted.iter().any(|w| w.dest == p.dest)
            && config.root.join(dir).join(&p.dest).is_file()
        {
            wanted.push(p);
        }
    }
    let made: Vec<_> = {
        use rayon::prelude::*;
        wanted
            .par_iter()
            .map(|p| {
                super::images::photo(&config.root, &config.root.join(dir).join(&p.dest), &p.dest)
            })
            .collect()
    };
    for (p, photo) in wanted.iter().zip(made) {
        match photo {
            Ok(photo) => out.push(Arc::new(photo)),
            Err(e) => f.diagnostics.push(
                source
                    .error_at_pos(p.pos, p.width, e.message)
                    .maybe_help(e.help),
            ),
        }
    }
    out
}

/// The name `rel` (`/`-separated, below `dir`) really has on disk, if it differs from `rel`
/// only in capitals. Windows and macOS disks find `Logo.PNG` when asked for `logo.png`; the
/// web server that publishes the site will not.
fn named_otherwise(dir: &Path, rel: &str) -> Option<String> {
    let mut at = dir.to_path_buf();
    let mut actual = Vec::new();
    let mut differs = false;
    for part in rel.split('/').filter(|p| !p.is_empty() && *p != ".") {
        let names: Vec<String> = std::fs::read_dir(&at)
            .ok()?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        let name = if names.iter().any(|n| n == part) {
            part.to_string()
        } else {
            differs = true;
            names
                .into_iter()
                .find(|n| n.to_lowercase() == part.to_lowercase())?
        };
        at.push(&name);
        actual.push(name);
    }
    differs.then(|| actual.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_line_offsets() {
        let s = split("---\ntitle: x\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "body\n");
        assert_eq!((s.yaml_line_offset, s.body_line_offset), (1, 3));
        assert!(split("---\ntitle: x\n").is_err());
        assert!(split("title: x\n").is_err());
        assert_eq!(split("---\n---\n").unwrap().yaml, "");
    }
}
