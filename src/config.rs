//! Step 1: `site.yaml` becomes a checked [`Config`].
//!
//! The config names the site, its base URL (which `--base-url` overrides, so the same sources
//! can be published under a sub-path), its languages, theme, page size and vocabularies. The
//! area vocabulary lives in its own YAML file named by `areas:`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Pos};
use crate::values::{Slug, Titles, Vocabulary};
use crate::yaml::{self, Extra, Fields, Mapping, Origin};

/// The name of the site configuration file in the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// A base URL split into the parts pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme and host, without a trailing slash: `https://example.org`.
    pub origin: String,
    /// The path every internal URL starts with; begins and ends with `/`: `/coop/`.
    pub path: String,
}

impl Config {
    /// Where `lang`'s pages are below the base: `""` for the default language, `"ru/"` for
    /// the others.
    pub fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.default_language {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    /// The site's title in `lang` (the default language's if it has none in `lang`).
    pub fn title_in(&self, lang: &str) -> &str {
        self.title
            .get(lang)
            .or_else(|| self.title.get(&self.default_language))
            .map_or("", String::as_str)
    }

    /// The site's description in `lang`, if it has one.
    pub fn description_in(&self, lang: &str) -> Option<&str> {
        self.description
            .get(lang)
            .or_else(|| self.description.get(&self.default_language))
            .map(String::as_str)
    }
}

impl BaseUrl {
    /// Checks an absolute `http(s)` URL.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| match url.split_once("://") {
                Some((scheme, _)) => {
                    format!("base URL '{url}' must start with https:// or http://, not {scheme}://")
                }
                // `example.org/coop/`: the address without its scheme.
                None => format!(
                    "base URL '{url}' must be absolute: write it with https://, e.g. https://{}",
                    url.trim_start_matches('/')
                ),
            })?;
        let scheme_len = url.len() - rest.len();
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if host.is_empty() {
            return Err(format!(
                "base URL '{url}' has no host: write the site's address, e.g. https://example.org/"
            ));
        }
        if host.contains(['?', '#', ' ']) {
            return Err(format!("base URL '{url}' has no valid host"));
        }
        if path.contains(['?', '#']) {
            return Err(format!(
                "base URL '{url}' must not have a query or fragment"
            ));
        }
        // `https://example.org//` would make `//visits/`, which browsers read as a link to a
        // host named "visits".
        if path.contains("//") {
            return Err(format!(
                "base URL '{url}' has an empty path segment (`//`); write it with single slashes"
            ));
        }
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Ok(BaseUrl {
            origin: format!("{}{host}", &url[..scheme_len]),
            path,
        })
    }

    /// The full base URL, ending with `/`.
    pub fn full(&self) -> String {
        format!("{}{}", self.origin, self.path)
    }
}

/// The checked site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root folder.
    pub root: PathBuf,
    /// Site title, per language (the default language's always present).
    pub title: Titles,
    /// One-sentence description per language, for the home page and meta tags.
    pub description: Titles,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// Languages, the default first.
    pub languages: Vec<String>,
    /// The default language (served at `/`).
    pub default_language: String,
    /// Theme name, looked up in `themes/<name>/` (the default theme is also built in).
    pub theme: String,
    /// Visits per page on `/visits/`.
    pub page_size: usize,
    /// How many visits the home page lists.
    pub latest_visits: usize,
    /// An agreement that expires within this many days of today is a warning
    /// (`expiring_within_days:`, 180 by default); 0 turns the warning off.
    pub expiring_within_days: u32,
    /// Partner kinds.
    pub partner_kinds: Vocabulary,
    /// Program kinds.
    pub program_kinds: Vocabulary,
    /// Agreement types.
    pub agreement_types: Vocabulary,
    /// Areas of cooperation.
    pub areas: Vocabulary,
    /// The area vocabulary's file, relative to the root, if any.
    pub areas_file: Option<PathBuf>,
    /// Whether to write a search index for the theme's search box (`search: true`). Off by
    /// default: a site of 10 000 partners gets a 8 MB index, which each reader loads on first
    /// use, and the build takes a fifth longer.
    pub search: bool,
    /// Where a published site's editor (`/admin/`) saves: the `cms:` section. Without it,
    /// `build` publishes no editor; `serve` always offers one.
    pub cms: Option<Cms>,
    /// Free-form data for templates.
    pub extra: Extra,
    /// What looked doubtful in `site.yaml` and the area vocabulary, without being wrong.
    pub warnings: Vec<Diagnostic>,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "languages",
    "default_language",
    "theme",
    "page_size",
    "latest_visits",
    "expiring_within_days",
    "areas",
    "partner_kinds",
    "program_kinds",
    "agreement_types",
    "search",
    "cms",
    "extra",
];

/// The `cms:` section of `site.yaml`: the Git host that a published site's editor commits to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cms {
    /// Decap CMS's backend; `github` (the default) is the one hamkor supports.
    pub backend: String,
    /// The repository, `owner/name`.
    pub repo: String,
    /// The branch the editor commits to (`main` unless given).
    pub branch: String,
    /// The OAuth client that signs editors in to GitHub (Decap's `base_url`): scheme and host,
    /// without a trailing slash. `None`: Decap's default, Netlify's.
    pub base_url: Option<String>,
    /// The path of the sign-in endpoint on `base_url` (Decap's `auth_endpoint`).
    pub auth_endpoint: Option<String>,
    /// The address of GitHub's REST API, for GitHub Enterprise Server
    /// (`https://github.example.org/api/v3`), without a trailing slash. `None`: github.com's.
    pub api_root: Option<String>,
}

const CMS_KEYS: &[&str] = &[
    "backend",
    "repo",
    "branch",
    "base_url",
    "auth_endpoint",
    "api_root",
];
const CMS_BACKENDS: &[&str] = &["github"];

/// Options given on the command line that override the file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--base-url`.
    pub base_url: Option<String>,
}

/// Why the config could not be loaded.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read (an environment problem).
    Io(PathBuf, std::io::Error),
    /// The file's content is wrong.
    Invalid(Vec<Diagnostic>),
}

/// Reads and checks `site.yaml` in `root`.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, ConfigError> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError::Io(path.clone(), e))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let file = Path::new(CONFIG_FILE);
    let origin = Origin {
        file,
        file_text: text,
        yaml: text,
        line_offset: 0,
    };
    let map =
        yaml::parse_mapping(text).map_err(|e| ConfigError::Invalid(vec![origin.syntax(&e)]))?;
    let mut f = Fields::new(map, origin, Vec::new());
    f.diagnostics.extend(yaml::doubtful_values(&origin));

    let title: Option<TermTitles> = f.required("title");
    let description: Option<TermTitles> = f.take("description");
    let base_raw: Option<String> = f.required("base_url");
    let mut base_url = None;
    if let Some(raw) = &base_raw {
        match BaseUrl::parse(raw) {
            Ok(b) => base_url = Some(b),
            Err(e) if overrides.base_url.is_none() => f.error("base_url", e, None),
            Err(_) => {}
        }
    }
    let languages: Vec<String> = f
        .take("languages")
        .unwrap_or_else(|| vec!["en".to_string()]);
    let default_language: String = f
        .take("default_language")
        .unwrap_or_else(|| languages.first().cloned().unwrap_or_else(|| "en".into()));
    if !languages.contains(&default_language) {
        f.error(
            "default_language",
            format!("default language '{default_language}' is not one of the languages"),
            Some(format!("add it to 'languages' ({})", languages.join(", "))),
        );
    }
    // The default language first: it is the one at the root of the site.
    let mut languages = languages;
    if let Some(i) = languages.iter().position(|l| *l == default_language) {
        let d = languages.remove(i);
        languages.insert(0, d);
    }
    // `[en, ru, en]` names two languages: a second `en` would put every page twice at one URL.
    let mut seen = std::collections::HashSet::new();
    languages.retain(|l| seen.insert(l.clone()));
    let theme: String = f.take("theme").unwrap_or_else(|| "default".to_string());
    let page_size: usize = f.take("page_size").unwrap_or(20);
    if page_size == 0 {
        f.error("page_size", "'page_size' must be at least 1", None);
    }
    let latest_visits: usize = f.take("latest_visits").unwrap_or(5);
    let expiring_within_days: u32 = f.take("expiring_within_days").unwrap_or(180);
    let areas_file: Option<String> = f.take("areas");
    let partner_kinds = vocabulary(&mut f, "partner_kinds", |l| l.partner_kinds);
    let program_kinds = vocabulary(&mut f, "program_kinds", |l| l.program_kinds);
    let agreement_types = vocabulary(&mut f, "agreement_types", |l| l.agreement_types);
    let search: bool = f.take("search").unwrap_or(false);
    let cms = cms(&mut f);
    let extra: Extra = f.take("extra").unwrap_or_default();
    let (mut diagnostics, mut warnings): (Vec<_>, Vec<_>) = f
        .finish(KEYS, "site.yaml")
        .into_iter()
        .partition(Diagnostic::is_error);

    let areas = match &areas_file {
        None => Vocabulary::default(),
        Some(rel) => match load_areas(root, Path::new(rel)) {
            Ok((v, doubts)) => {
                warnings.extend(doubts);
                v
            }
            Err(AreasError::Io(e)) => {
                // Suggest a YAML file that does exist, for a misspelt name.
                let near: Vec<String> = walkdir::WalkDir::new(root)
                    .max_depth(3)
                    .into_iter()
                    .flatten()
                    .filter(|e| {
                        e.path()
                            .extension()
                            .is_some_and(|x| x == "yaml" || x == "yml")
                    })
                    .filter_map(|e| {
                        e.path()
                            .strip_prefix(root)
                            .ok()
                            .map(crate::diagnostic::slash_path)
                    })
                    .filter(|p| !p.starts_with('.') && p != "site.yaml")
                    .collect();
                diagnostics.push(
                    Diagnostic::new(
                        file,
                        locate_key(text, "areas"),
                        format!(
                            "cannot read the area vocabulary '{rel}': {}",
                            crate::diagnostic::io_reason(&e)
                        ),
                    )
                    .excerpt(text, rel.chars().count())
                    .maybe_help(crate::diagnostic::did_you_mean(
                        rel,
                        near.iter().map(String::as_str),
                    )),
                );
                Vocabulary::default()
            }
            Err(AreasError::Invalid(ds)) => {
                diagnostics.extend(ds);
                Vocabulary::default()
            }
        },
    };

    if let Some(url) = &overrides.base_url {
        match BaseUrl::parse(url) {
            Ok(b) => base_url = Some(b),
            Err(e) => diagnostics.push(Diagnostic::new("--base-url", None, e)),
        }
    }

    // A text for every language, or one per language: the default language's is required.
    let per_language = |t: TermTitles| t.by_language(&default_language);
    let title = title.map(per_language);
    let description = description.map(per_language).unwrap_or_default();
    if let Some(t) = &title
        && !t.contains_key(&default_language)
    {
        diagnostics.push(
            Diagnostic::new(
                file,
                locate_key(text, "title"),
                format!("the title has no '{default_language}' version"),
            )
            .help("give the title in the default language"),
        );
    }
    match (title, base_url) {
        (Some(title), Some(base_url)) if diagnostics.is_empty() => Ok(Config {
            warnings,
            root: root.to_path_buf(),
            title,
            description,
            base_url,
            languages,
            default_language,
            theme,
            page_size,
            latest_visits,
            expiring_within_days,
            partner_kinds,
            program_kinds,
            agreement_types,
            areas,
            areas_file: areas_file.map(PathBuf::from),
            search,
            cms,
            extra,
        }),
        _ => {
            // With errors to fix, the warnings are shown beside them.
            diagnostics.extend(warnings);
            Err(ConfigError::Invalid(diagnostics))
        }
    }
}

/// Reads and checks the `cms:` section.
fn cms(f: &mut Fields<'_, '_>) -> Option<Cms> {
    const EXAMPLE: &str = "{backend: github, repo: owner/name}";
    let map = f.take_map_or("cms", Some(EXAMPLE))?;
    let mut c = f.nested(map, "cms", None);
    let has_repo = c.has("repo");
    let backend: String = c.take("backend").unwrap_or_else(|| "github".to_string());
    let repo: Option<String> = if has_repo { c.required("repo") } else { None };
    let branch: String = c.take("branch").unwrap_or_else(|| "main".to_string());
    let base_url: Option<String> = c.take("base_url");
    let auth_endpoint: Option<String> = c.take("auth_endpoint");
    let api_root: Option<String> = c.take("api_root");
    if !CMS_BACKENDS.contains(&backend.as_str()) {
        c.error(
            "backend",
            format!("the editor cannot use the backend '{backend}'"),
            Some(format!("hamkor supports: {}", CMS_BACKENDS.join(", "))),
        );
    }
    if let Some(r) = &repo
        && !valid_repo(r)
    {
        // `https://github.com/owner/name.git`: the last two parts are the repository.
        let mut parts = r.trim_end_matches('/').trim_end_matches(".git").rsplit('/');
        let guess = match (parts.next(), parts.next()) {
            (Some(name), Some(owner)) if valid_repo(&format!("{owner}/{name}")) => {
                format!("write `repo: {owner}/{name}`")
            }
            _ => "write the owner and the repository's name, e.g. `repo: institute/cooperation` for https://github.com/institute/cooperation".into(),
        };
        c.error(
            "repo",
            format!("'{r}' is not a repository: write it as owner/name"),
            Some(guess),
        );
    }
    if branch.trim().is_empty() || branch.contains(char::is_whitespace) {
        c.error("branch", format!("'{branch}' is not a branch name"), None);
    }
    let base_url = base_url.and_then(|u| match oauth_base(&u) {
        Ok(u) => Some(u),
        Err(e) => {
            c.error(
                "base_url",
                e,
                Some("write the address of the OAuth client, e.g. `base_url: https://oauth.example.org`".into()),
            );
            None
        }
    });
    if let Some(a) = &auth_endpoint
        && (a.trim().is_empty() || a.contains("://") || a.contains(char::is_whitespace))
    {
        c.error(
            "auth_endpoint",
            format!("'{a}' is not a path on the OAuth client"),
            Some("write the path only, e.g. `auth_endpoint: auth`".into()),
        );
    }
    let api_root = api_root.and_then(|u| match BaseUrl::parse(&u) {
        Ok(b) => Some(format!("{}{}", b.origin, b.path.trim_end_matches('/'))),
        Err(e) => {
            c.error(
                "api_root",
                e.replacen("base URL", "GitHub's API address", 1),
                Some("write the address of the API, e.g. `api_root: https://github.example.org/api/v3`, or leave `api_root` out for github.com".into()),
            );
            None
        }
    });
    let errors = c.diagnostics.iter().any(Diagnostic::is_error);
    f.diagnostics.extend(c.finish(CMS_KEYS, "cms"));
    if !has_repo {
        f.key_error(
            "cms",
            "the editor needs the repository it saves to: 'cms' has no 'repo'",
            Some("add `repo: owner/name` under `cms:`, the GitHub repository of the site".into()),
        );
    }
    match repo {
        Some(repo) if !errors => Some(Cms {
            backend,
            repo,
            branch,
            base_url,
            auth_endpoint,
            api_root,
        }),
        _ => None,
    }
}

/// Whether `repo` is `owner/name` with GitHub's characters.
fn valid_repo(repo: &str) -> bool {
    let part = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    matches!(repo.split_once('/'), Some((owner, name)) if part(owner) && part(name))
}

/// Checks the OAuth client's address: `https://host`, with no path (Decap adds its own).
fn oauth_base(url: &str) -> Result<String, String> {
    let b =
        BaseUrl::parse(url).map_err(|e| e.replacen("base URL", "the OAuth client's address", 1))?;
    if b.path != "/" {
        return Err(format!(
            "the OAuth client's address '{}' must have no path: Decap CMS adds `auth_endpoint` to it",
            url.trim()
        ));
    }
    Ok(b.origin)
}

/// Where the value of the top-level `key` is written in `text`.
pub(crate) fn locate_key(text: &str, key: &str) -> Option<Pos> {
    yaml::locate(text, &[yaml::Seg::Key(key)], yaml::Target::Value).map(|l| l.pos)
}

/// A vocabulary term's titles: one title for every language, or one per language.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum TermTitles {
    One(String),
    PerLanguage(BTreeMap<String, String>),
}

impl TermTitles {
    /// The titles by language, a single title counting as `lang`'s.
    fn by_language(self, lang: &str) -> Titles {
        match self {
            TermTitles::One(t) => Titles::from([(lang.to_string(), t)]),
            TermTitles::PerLanguage(m) => m,
        }
    }
}

fn terms_from(map: BTreeMap<String, TermTitles>) -> Result<Vec<(Slug, Titles)>, (String, String)> {
    let mut terms = Vec::with_capacity(map.len());
    for (slug, titles) in map {
        let slug_checked = Slug::parse(&slug).map_err(|hint| (slug.clone(), hint))?;
        terms.push((slug_checked, titles.by_language("en")));
    }
    Ok(terms)
}

fn vocabulary(
    f: &mut Fields<'_, '_>,
    key: &'static str,
    builtin: fn(&crate::lang::Language) -> crate::lang::Terms,
) -> Vocabulary {
    match f.take::<BTreeMap<String, TermTitles>>(key) {
        None => Vocabulary::builtin(builtin),
        Some(map) => match terms_from(map) {
            Ok(terms) => Vocabulary::new(terms),
            Err((slug, hint)) => {
                f.error(
                    key,
                    format!("'{slug}' is not a valid slug in '{key}'"),
                    Some(hint),
                );
                Vocabulary::builtin(builtin)
            }
        },
    }
}

enum AreasError {
    Io(std::io::Error),
    Invalid(Vec<Diagnostic>),
}

/// The vocabulary, with warnings about it.
fn load_areas(root: &Path, rel: &Path) -> Result<(Vocabulary, Vec<Diagnostic>), AreasError> {
    let text = std::fs::read_to_string(root.join(rel)).map_err(AreasError::Io)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let origin = Origin {
        file: rel,
        file_text: text,
        yaml: text,
        line_offset: 0,
    };
    let map: Mapping =
        yaml::parse_mapping(text).map_err(|e| AreasError::Invalid(vec![origin.syntax(&e)]))?;
    let (mut diagnostics, warnings): (Vec<_>, Vec<_>) = yaml::doubtful_values(&origin)
        .into_iter()
        .partition(Diagnostic::is_error);
    let mut terms = Vec::new();
    for (key, value) in map {
        let Some(slug) = key.as_str().map(str::to_string) else {
            diagnostics.push(Diagnostic::new(
                rel,
                Some(Pos::START),
                "area keys must be slugs",
            ));
            continue;
        };
        let at =
            |message: String| origin.error_at(&[yaml::Seg::Key(&slug)], yaml::Target::Key, message);
        let checked = match Slug::parse(&slug) {
            Ok(s) => s,
            Err(hint) => {
                diagnostics.push(at(format!("'{slug}' is not a valid area slug")).help(hint));
                continue;
            }
        };
        let titles: Titles = match yaml::from_value::<TermTitles>(value) {
            Ok(titles) => titles.by_language("en"),
            Err(_) => {
                diagnostics.push(
                    at(format!(
                        "area '{slug}' needs a title or titles per language"
                    ))
                    .help("write `slug: {en: \"Title\", uz: \"…\", ru: \"…\"}`"),
                );
                continue;
            }
        };
        terms.push((checked, titles));
    }
    if diagnostics.is_empty() {
        Ok((Vocabulary::new(terms), warnings))
    } else {
        diagnostics.extend(warnings);
        Err(AreasError::Invalid(diagnostics))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_listed_twice_counts_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org/\nlanguages: [ru, en, ru, en]\ndefault_language: en\n",
        )
        .unwrap();
        let config = load(dir.path(), &Overrides::default()).unwrap();
        assert_eq!(config.languages, ["en", "ru"]);
    }

    #[test]
    fn base_urls_split_into_origin_and_path() {
        let b = BaseUrl::parse("https://example.org/coop").unwrap();
        assert_eq!(
            b,
            BaseUrl {
                origin: "https://example.org".into(),
                path: "/coop/".into()
            }
        );
        assert_eq!(BaseUrl::parse("http://127.0.0.1:1111").unwrap().path, "/");
        assert!(BaseUrl::parse("/coop/").is_err());
        assert!(BaseUrl::parse("https://example.org/?x").is_err());
    }
}
