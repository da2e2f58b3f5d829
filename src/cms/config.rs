//! The editor's configuration (Decap CMS 3.16's `config.yml`), generated from hamkor's model.
//!
//! Nothing here is written by hand per key: every form field comes from a key of
//! [`crate::content::schema`] (its name, required flag, whether a translation gives it), its
//! hint from `docs/content.md` ([`schema::hint`]), the choices of a select from the site's
//! vocabularies and hamkor's country names, and the labels from the built-in theme's UI
//! strings. A new key in the model or a new term in `site.yaml` changes the forms with no
//! other edit.
//!
//! The paths Decap sees are the ones the editing API presents (`src/cms/paths.rs`): every
//! language's file of an entry is `<path>.<lang>.md` (Decap's i18n `multiple_files`), and a
//! partner, visit or program is always `content/<section>/<stem>/index.<lang>.md`, its images
//! beside it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde_json::{Map, Value as Json, json};

use crate::config::Config;
use crate::content::model::{Direction, Status};
use crate::content::schema::{self, Key, Kind, Value, Vocab};
use crate::values::Vocabulary;

/// The `cms:` settings of `site.yaml` for the published editor.
pub type CmsSettings = crate::config::Cms;

/// Where the configuration is used.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    /// `hamkor serve`: the editor saves through hamkor's own API beside `/admin/`.
    Serve,
    /// The published site: the editor saves to GitHub.
    Published(&'a CmsSettings),
}

/// The languages Decap 3.16 has a translation of its interface for
/// (`packages/decap-cms-locales/src/`). Uzbek is not among them.
const DECAP_LOCALES: &[&str] = &[
    "bg", "ca", "cs", "da", "de", "en", "es", "fa", "fr", "gr", "he", "hr", "hu", "it", "ja", "ko",
    "lt", "mk", "nb_no", "nl", "nn_no", "pl", "pt", "ro", "ru", "sk", "sl", "sr_Cyrl", "sv", "th",
    "tr", "ua", "uk", "vi", "zh_Hans", "zh_Hant",
];

/// The language of Decap's own interface for an editor who reads `ui_locale`: that language
/// when Decap has it, else English.
pub fn decap_locale(ui_locale: &str) -> &'static str {
    DECAP_LOCALES
        .iter()
        .find(|l| **l == ui_locale)
        .copied()
        .unwrap_or("en")
}

/// Where files uploaded through the media library (not through an entry) go. Decap requires a
/// top-level `media_folder`; partners, visits and programs keep their images in their bundle
/// folder, so only a plain page's images land here. Inside `content/` the files are published
/// like any other content file, at the site path `/media/…` (which a body's link gets the base
/// path in front of), and the save is checked like any other.
const MEDIA_FOLDER: &str = "content/media";

/// A whole date, a month or a year, as `values::Date::parse` accepts it.
const DATE_PATTERN: &str = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";
/// `values::Slug::parse`.
const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
/// A full web address.
const URL_PATTERN: &str = r"^https?://[^\s]+$";
/// A site path, as `aliases:` takes.
const PATH_PATTERN: &str = r"^/[^\s]*$";

/// The configuration for `target`, with labels in `ui_locale` where hamkor has words for it.
pub fn generate(config: &Config, target: &Target<'_>, ui_locale: &str) -> Json {
    let ui = Ui::new(config, ui_locale);
    let backend = match target {
        Target::Serve => json!({"name": "proxy", "proxy_url": "/admin/api/v1"}),
        Target::Published(s) => {
            let mut b = Map::new();
            // Decap's GitHub backend with hamkor's file names (`github.js`).
            b.insert("name".into(), json!(super::assets::GITHUB_BACKEND));
            b.insert("repo".into(), json!(s.repo));
            b.insert("branch".into(), json!(s.branch));
            if let Some(u) = &s.base_url {
                b.insert("base_url".into(), json!(u));
            }
            if let Some(e) = &s.auth_endpoint {
                b.insert("auth_endpoint".into(), json!(e));
            }
            if let Some(a) = &s.api_root {
                b.insert("api_root".into(), json!(a));
            }
            Json::Object(b)
        }
    };
    let site_url = config.base_url.full();
    let mut collections: Vec<Json> = [Kind::Partner, Kind::Visit, Kind::Program]
        .into_iter()
        .map(|kind| record_collection(kind, &ui))
        .collect();
    collections.push(pages_collection(&ui));
    collections.push(intros_collection(&ui));
    json!({
        "locale": decap_locale(ui_locale),
        "backend": backend,
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": "/media",
        // Decap's ASCII slugs come closest to `values::slugify`: lowercase, accents dropped,
        // other characters replaced by `-`, runs of `-` joined. Unlike hamkor, Decap keeps `_`
        // and `~`, and replaces letters of other scripts instead of transliterating them;
        // the check of the save refuses a file name that is no slug.
        "slug": {"encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-"},
        "i18n": {
            "structure": "multiple_files",
            "locales": config.languages,
            "default_locale": config.default_language,
        },
        "collections": collections,
    })
}

/// `value` as the text of `config.yml`.
pub fn to_yaml(value: &Json) -> String {
    // JSON is YAML too: should serde_yaml ever refuse, Decap still reads the JSON text.
    crate::yaml::to_string(value)
        .unwrap_or_else(|_| serde_json::to_string_pretty(value).unwrap_or_default())
}

/// The words the forms are labelled with, in one language.
struct Ui<'a> {
    config: &'a Config,
    lang: String,
    /// The built-in theme's UI strings in `lang`, English beneath.
    strings: BTreeMap<String, String>,
}

/// The built-in theme's UI strings, by language: the forms are hamkor's own, so a site's
/// theme does not relabel them.
static THEME_STRINGS: LazyLock<BTreeMap<&'static str, BTreeMap<String, String>>> =
    LazyLock::new(|| {
        [
            ("en", include_str!("../../themes/default/i18n/en.yaml")),
            ("uz", include_str!("../../themes/default/i18n/uz.yaml")),
            ("ru", include_str!("../../themes/default/i18n/ru.yaml")),
        ]
        .into_iter()
        .map(|(lang, text)| (lang, crate::yaml::parse(text).unwrap_or_default()))
        .collect()
    });

/// Keys whose label the theme already has a word for, with that string's key.
const THEME_LABELS: &[(&str, &str)] = &[
    ("title", "agreement_title"),
    ("kind", "label_kind"),
    ("country", "fact_country"),
    ("city", "fact_city"),
    ("website", "fact_website"),
    ("since", "fact_since"),
    ("status", "fact_status"),
    ("areas", "nav_areas"),
    ("agreements", "agreements_title"),
    ("location", "fact_location"),
    ("logo", "logo_label"),
    ("photos", "gallery_title"),
    ("direction", "fact_direction"),
    ("place", "fact_place"),
    ("partners", "heading_partners"),
    ("delegation", "fact_delegation"),
    ("outcomes", "heading_outcomes"),
    ("participants", "label_participants"),
    ("type", "agreement_type"),
    ("signed", "agreement_signed"),
    ("renewed", "agreement_renewed"),
    ("expires", "agreement_expires"),
    ("document", "agreement_document"),
];

impl<'a> Ui<'a> {
    fn new(config: &'a Config, lang: &str) -> Self {
        let mut strings = THEME_STRINGS.get("en").cloned().unwrap_or_default();
        if let Some(own) = THEME_STRINGS.get(lang) {
            strings.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Ui {
            config,
            lang: lang.to_string(),
            strings,
        }
    }

    fn string(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// A field's label: the theme's word for it, else the key's name as English words.
    fn label(&self, key: &str) -> String {
        THEME_LABELS
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, s)| self.string(s))
            .map_or_else(
                || crate::values::humanize_slug(&key.replace('_', "-")),
                str::to_string,
            )
    }

    fn vocabulary(&self, vocab: Vocab) -> Vec<Json> {
        let from = |v: &Vocabulary| -> Vec<Json> {
            v.slugs()
                .map(|s| option(&v.title(s, &self.lang, &self.config.default_language), s))
                .collect()
        };
        let titled = |prefix: &str, slugs: &[&str]| -> Vec<Json> {
            slugs
                .iter()
                .map(|s| {
                    let title = self
                        .string(&format!("{prefix}_{s}"))
                        .map_or_else(|| crate::values::humanize_slug(s), str::to_string);
                    option(&title, s)
                })
                .collect()
        };
        match vocab {
            Vocab::PartnerKind => from(&self.config.partner_kinds),
            Vocab::ProgramKind => from(&self.config.program_kinds),
            Vocab::AgreementType => from(&self.config.agreement_types),
            Vocab::Status => titled("status", &STATUSES.map(|s| s.as_str())),
            Vocab::Direction => titled("direction", &DIRECTIONS.map(|d| d.as_str())),
        }
    }

    /// Every country hamkor knows, by its name in the editor's language, saving the code.
    fn countries(&self) -> Vec<Json> {
        let mut named: Vec<(Vec<u32>, &str, &str)> = crate::lang::COUNTRY_NAMES
            .iter()
            .map(|(code, names)| {
                let name = names
                    .iter()
                    .find(|(l, _)| *l == self.lang)
                    .or(names.first())
                    .map_or(*code, |(_, n)| *n);
                (crate::lang::collate(&self.lang, name).0, name, *code)
            })
            .collect();
        named.sort();
        named
            .into_iter()
            .map(|(_, name, code)| option(name, code))
            .collect()
    }
}

/// The partner statuses, in the order the site lists them.
const STATUSES: [Status; 3] = [Status::Active, Status::Prospective, Status::Ended];
/// The visit directions.
const DIRECTIONS: [Direction; 2] = [Direction::Outgoing, Direction::Incoming];

fn option(label: &str, value: &str) -> Json {
    json!({"label": label, "value": value})
}

fn section(kind: Kind) -> &'static str {
    match kind {
        Kind::Partner => "partners",
        Kind::Visit => "visits",
        Kind::Program => "programs",
        Kind::Page => "",
    }
}

/// Partners, visits or programs: a folder collection whose entries are bundles.
fn record_collection(kind: Kind, ui: &Ui<'_>) -> Json {
    let name = section(kind);
    let (summary, sortable): (&str, &[&str]) = match kind {
        // A visit the archive has no date for says so rather than showing `()`.
        Kind::Visit => ("{{title}} ({{date | default('—')}})", &["title", "date"]),
        Kind::Program => ("{{title}}", &["title", "start"]),
        _ => ("{{title}}", &["title", "country"]),
    };
    json!({
        "name": name,
        "label": ui.string(&format!("nav_{name}")).unwrap_or(name),
        "folder": format!("content/{name}"),
        "path": "{{slug}}/index",
        "extension": "md",
        "format": "frontmatter",
        "create": true,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": summary,
        "sortable_fields": sortable,
        "media_folder": "",
        "public_folder": "",
        "i18n": true,
        "fields": fields(kind, kind.keys(), ui, Translation::Alongside),
    })
}

/// Plain pages: the Markdown files at the top of `content/` (the API leaves out `_index`).
fn pages_collection(ui: &Ui<'_>) -> Json {
    json!({
        "name": "pages",
        "label": "Pages",
        "folder": "content",
        "path": "{{slug}}",
        "extension": "md",
        "format": "frontmatter",
        "create": true,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "sortable_fields": ["title"],
        "i18n": true,
        "fields": fields(Kind::Page, Kind::Page.keys(), ui, Translation::Alongside),
    })
}

/// The home text and the section intros, one file per language each: Decap's i18n does only
/// `single_file` for a files collection, so each language's file is an entry of its own, a
/// translation's with the translated keys alone.
fn intros_collection(ui: &Ui<'_>) -> Json {
    let config = ui.config;
    let mut files = Vec::new();
    for (dir, label_key) in [
        ("", "nav_home"),
        ("partners/", "nav_partners"),
        ("visits/", "nav_visits"),
        ("programs/", "nav_programs"),
    ] {
        let what = ui.string(label_key).unwrap_or(label_key);
        for lang in &config.languages {
            let translation = *lang != config.default_language;
            let keys: Vec<Key> = Kind::Page
                .keys()
                .iter()
                .filter(|k| !translation || k.translated)
                .copied()
                .collect();
            let stem = if dir.is_empty() {
                "home"
            } else {
                dir.trim_end_matches('/')
            };
            files.push(json!({
                "name": format!("{stem}-{lang}"),
                "label": format!("{what} ({})", crate::lang::native_name(lang)),
                "file": format!("content/{dir}_index.{lang}.md"),
                "fields": fields(Kind::Page, &keys, ui, Translation::None),
            }));
        }
    }
    json!({
        "name": "intros",
        "label": "Section intros",
        "extension": "md",
        "format": "frontmatter",
        "files": files,
    })
}

/// How a collection's fields are translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Translation {
    /// Decap's i18n: every field says whether a translation gives it.
    Alongside,
    /// No i18n: each language's file is an entry of its own.
    None,
}

/// The form of a `kind` file with `keys`, in their order, then the body.
fn fields(kind: Kind, keys: &[Key], ui: &Ui<'_>, translation: Translation) -> Vec<Json> {
    let mut out: Vec<Json> = keys
        .iter()
        .filter_map(|k| {
            let mut f = field(kind, k, ui, true)?;
            if translation == Translation::Alongside {
                f.insert("i18n".into(), i18n(k.translated, &f));
            }
            Some(Json::Object(f))
        })
        .collect();
    let mut body = Map::new();
    body.insert("name".into(), json!("body"));
    body.insert("label".into(), json!("Text"));
    body.insert("widget".into(), json!("markdown"));
    // Raw Markdown keeps an untouched body byte for byte. The order does not choose the mode
    // Decap starts in: that is the one last chosen in the browser (localStorage
    // `cms.md-mode`), rich text when none was.
    body.insert("modes".into(), json!(["raw", "rich_text"]));
    body.insert("required".into(), json!(false));
    if translation == Translation::Alongside {
        body.insert("i18n".into(), json!("translate"));
    }
    out.push(Json::Object(body));
    out
}

/// A field's `i18n`: Decap's list and object widgets take only a boolean (true: translated).
fn i18n(translated: bool, field: &Map<String, Json>) -> Json {
    let boolean = matches!(
        field.get("widget").and_then(Json::as_str),
        Some("list" | "object")
    );
    match (boolean, translated) {
        (true, t) => json!(t),
        (false, true) => json!("translate"),
        (false, false) => json!("none"),
    }
}

/// The field of `key`, or None for a key the form leaves out (`extra:` is free-form data the
/// form cannot describe; the writer keeps what the file has). `top` is a key of the file
/// itself, whose hint the reference gives.
fn field(kind: Kind, key: &Key, ui: &Ui<'_>, top: bool) -> Option<Map<String, Json>> {
    let mut f = Map::new();
    f.insert("name".into(), json!(key.name));
    f.insert("label".into(), json!(ui.label(key.name)));
    let mut hint = if top {
        schema::hint(kind, key.name).map(str::to_string)
    } else {
        None
    };
    let mut add_hint = |extra: &str| {
        hint = Some(match hint.take() {
            Some(h) => format!("{h}. {extra}"),
            None => extra.to_string(),
        });
    };
    let pattern = |f: &mut Map<String, Json>, re: &str, message: &str| {
        f.insert("pattern".into(), json!([re, message]));
    };
    match key.value {
        Value::Free => return None,
        Value::Line => {
            f.insert("widget".into(), json!("string"));
        }
        Value::Prose => {
            f.insert("widget".into(), json!("text"));
        }
        Value::Slug => {
            f.insert("widget".into(), json!("string"));
            pattern(
                &mut f,
                SLUG_PATTERN,
                "lowercase letters a-z, digits and single hyphens",
            );
        }
        Value::Bool => {
            f.insert("widget".into(), json!("boolean"));
        }
        Value::Integer => {
            f.insert("widget".into(), json!("number"));
            f.insert("value_type".into(), json!("int"));
        }
        Value::Decimal => {
            f.insert("widget".into(), json!("number"));
            f.insert("value_type".into(), json!("float"));
            let limit = match key.name {
                "lat" => Some(90),
                "lon" => Some(180),
                _ => None,
            };
            if let Some(l) = limit {
                f.insert("min".into(), json!(-l));
                f.insert("max".into(), json!(l));
            }
        }
        Value::Date => {
            // Decap's datetime widget knows whole days only; hamkor keeps a year or a month
            // as written, which archives often give alone.
            f.insert("widget".into(), json!("string"));
            pattern(
                &mut f,
                DATE_PATTERN,
                "a date as YYYY, YYYY-MM or YYYY-MM-DD",
            );
            add_hint("Write YYYY, YYYY-MM or YYYY-MM-DD");
        }
        Value::Url => {
            f.insert("widget".into(), json!("string"));
            pattern(&mut f, URL_PATTERN, "a full address starting with https://");
        }
        Value::Term(vocab) => {
            f.insert("widget".into(), json!("select"));
            f.insert("options".into(), Json::Array(ui.vocabulary(vocab)));
        }
        Value::Country => {
            f.insert("widget".into(), json!("select"));
            f.insert("options".into(), Json::Array(ui.countries()));
        }
        Value::Areas => {
            f.insert("widget".into(), json!("select"));
            f.insert("multiple".into(), json!(true));
            let areas = &ui.config.areas;
            let options = areas
                .slugs()
                .map(|s| option(&areas.title(s, &ui.lang, &ui.config.default_language), s))
                .collect();
            f.insert("options".into(), Json::Array(options));
        }
        Value::Partners => {
            f.insert("widget".into(), json!("relation"));
            f.insert("collection".into(), json!("partners"));
            f.insert("value_field".into(), json!("{{slug}}"));
            f.insert("search_fields".into(), json!(["title"]));
            f.insert("display_fields".into(), json!(["title"]));
            f.insert("multiple".into(), json!(true));
        }
        Value::Lines | Value::Paths => {
            f.insert("widget".into(), json!("list"));
            let mut item = Map::new();
            item.insert("name".into(), json!("item"));
            item.insert("label".into(), json!(ui.label(key.name)));
            item.insert("widget".into(), json!("string"));
            if key.value == Value::Paths {
                pattern(
                    &mut item,
                    PATH_PATTERN,
                    "a path on the site, starting with /",
                );
            }
            f.insert("field".into(), Json::Object(item));
        }
        Value::Records(keys) | Value::Record(keys) => {
            let list = matches!(key.value, Value::Records(_));
            f.insert("widget".into(), json!(if list { "list" } else { "object" }));
            // Decap validates the fields of an object the form leaves empty too
            // (decap-cms#7748), so an optional object's fields are optional in the form; a
            // half-given one (`lat` without `lon`) is refused by hamkor's check of the save.
            let optional_object = !list && !key.required;
            let inner: Vec<Json> = keys
                .iter()
                .filter_map(|k| {
                    let mut f = field(kind, k, ui, false)?;
                    if optional_object {
                        f.insert("required".into(), json!(false));
                    }
                    Some(Json::Object(f))
                })
                .collect();
            f.insert("fields".into(), Json::Array(inner));
        }
        // The file is in the entry's folder: an address elsewhere is not what the key takes.
        Value::Image => {
            f.insert("widget".into(), json!("image"));
            f.insert("choose_url".into(), json!(false));
        }
        Value::Document => {
            f.insert("widget".into(), json!("file"));
            f.insert("choose_url".into(), json!(false));
        }
    }
    // Decap takes a field without `required` as required.
    f.insert("required".into(), json!(key.required));
    if let Some(h) = hint {
        f.insert("hint".into(), json!(h));
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::path::Path;

    fn bundled() -> Config {
        crate::config::load(Path::new(env!("CARGO_MANIFEST_DIR")), &Default::default()).unwrap()
    }

    fn collection<'v>(config: &'v Json, name: &str) -> &'v Json {
        config["collections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
    }

    fn field<'v>(fields: &'v Json, name: &str) -> &'v Json {
        fields
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    }

    fn names(fields: &Json) -> Vec<&str> {
        fields
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect()
    }

    fn options(field: &Json) -> Vec<(&str, &str)> {
        field["options"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| (o["label"].as_str().unwrap(), o["value"].as_str().unwrap()))
            .collect()
    }

    /// Every key of the model is a field, in file order, with its required flag and whether
    /// a translation gives it; the records' keys likewise.
    fn assert_follows(fields: &Json, keys: &[Key], top: bool) {
        let expected: Vec<&str> = keys
            .iter()
            .filter(|k| k.value != Value::Free)
            .map(|k| k.name)
            .chain(top.then_some("body"))
            .collect();
        assert_eq!(names(fields), expected);
        for k in keys.iter().filter(|k| k.value != Value::Free) {
            let f = field(fields, k.name);
            assert_eq!(f["required"], json!(k.required), "{}", k.name);
            if top {
                let i18n = &f["i18n"];
                let translated = *i18n == json!(true) || *i18n == json!("translate");
                assert_eq!(translated, k.translated, "{}: {i18n}", k.name);
            }
            if let Value::Records(inner) = k.value {
                assert_follows(&f["fields"], inner, false);
            }
            if let Value::Record(inner) = k.value {
                let relaxed: Vec<Key> = inner
                    .iter()
                    .map(|i| Key {
                        required: i.required && k.required,
                        ..*i
                    })
                    .collect();
                assert_follows(&f["fields"], &relaxed, false);
            }
        }
        if top {
            assert_eq!(field(fields, "body")["i18n"], "translate");
        }
    }

    #[test]
    fn every_key_of_the_model_is_a_field_of_its_form() {
        let config = generate(&bundled(), &Target::Serve, "en");
        for (kind, name) in [
            (Kind::Partner, "partners"),
            (Kind::Visit, "visits"),
            (Kind::Program, "programs"),
            (Kind::Page, "pages"),
        ] {
            let c = collection(&config, name);
            assert_eq!(c["i18n"], true, "{name}");
            assert_follows(&c["fields"], kind.keys(), true);
        }
        assert!(!names(&collection(&config, "partners")["fields"]).contains(&"extra"));
    }

    #[test]
    fn a_new_key_in_the_model_is_a_new_field() {
        let config = bundled();
        let ui = Ui::new(&config, "en");
        let mut keys = Kind::Program.keys().to_vec();
        keys.insert(
            3,
            Key {
                name: "founded",
                value: Value::Date,
                required: true,
                translated: false,
            },
        );
        let fields = Json::Array(fields(Kind::Program, &keys, &ui, Translation::Alongside));
        assert_eq!(
            names(&fields)[..5],
            ["title", "slug", "summary", "founded", "kind"]
        );
        let founded = field(&fields, "founded");
        assert_eq!(founded["label"], "Founded");
        assert_eq!(founded["required"], true);
        assert_eq!(founded["i18n"], "none");
        assert_eq!(founded["pattern"][0], DATE_PATTERN);
    }

    #[test]
    fn a_new_term_in_site_yaml_is_a_new_choice() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org/coop/\nlanguages: [en, ru]\n\
             partner_kinds:\n  university: University\n  \
             veterinary-school: {en: Veterinary school, ru: Ветеринарная школа}\n",
        )
        .unwrap();
        let config = crate::config::load(dir.path(), &Default::default()).unwrap();
        let kind = |lang| {
            let c = generate(&config, &Target::Serve, lang);
            options(field(&collection(&c, "partners")["fields"], "kind"))
                .into_iter()
                .map(|(l, v)| (l.to_string(), v.to_string()))
                .collect::<Vec<_>>()
        };
        let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
            p.iter()
                .map(|(l, v)| (l.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            kind("en"),
            pairs(&[
                ("University", "university"),
                ("Veterinary school", "veterinary-school")
            ])
        );
        assert_eq!(
            kind("ru"),
            pairs(&[
                ("University", "university"),
                ("Ветеринарная школа", "veterinary-school")
            ])
        );
        let c = generate(&config, &Target::Serve, "en");
        assert_eq!(c["site_url"], "https://example.org/coop/");
        assert_eq!(c["i18n"]["locales"], json!(["en", "ru"]));
    }

    #[test]
    fn selects_show_titles_in_the_editors_language_and_save_slugs() {
        let config = bundled();
        let c = generate(&config, &Target::Serve, "uz");
        let partners = &collection(&c, "partners")["fields"];
        assert_eq!(
            options(field(partners, "status")),
            [
                ("Faol", "active"),
                ("Istiqbolli", "prospective"),
                ("Yakunlangan", "ended")
            ]
        );
        assert_eq!(
            options(field(partners, "kind"))[0],
            ("Universitet", "university")
        );
        assert_eq!(field(partners, "country")["label"], "Mamlakat");
        let agreements = &field(partners, "agreements")["fields"];
        assert_eq!(
            options(field(agreements, "type"))[0],
            ("Oʻzaro anglashuv memorandumi", "memorandum")
        );
        let areas = field(partners, "areas");
        assert_eq!(areas["multiple"], true);
        let slugs: Vec<&str> = options(areas).into_iter().map(|(_, v)| v).collect();
        assert_eq!(slugs, config.areas.slugs().collect::<Vec<_>>());
        let visits = &collection(&c, "visits")["fields"];
        assert_eq!(
            options(field(visits, "direction")),
            [
                ("Xorijga chiqqan delegatsiya", "outgoing"),
                ("Institutga kelgan delegatsiya", "incoming")
            ]
        );
    }

    #[test]
    fn countries_are_chosen_by_name_and_saved_as_codes() {
        let config = bundled();
        for (lang, korea) in [
            ("en", "South Korea"),
            ("ru", "Республика Корея"),
            ("uz", "Janubiy Koreya"),
        ] {
            let c = generate(&config, &Target::Serve, lang);
            let countries = options(field(&collection(&c, "visits")["fields"], "country"));
            assert_eq!(countries.len(), crate::lang::COUNTRY_NAMES.len());
            assert!(countries.contains(&(korea, "KR")), "{lang}");
            let keys: Vec<Vec<u32>> = countries
                .iter()
                .map(|(name, _)| crate::lang::collate(lang, name).0)
                .collect();
            assert!(keys.windows(2).all(|w| w[0] <= w[1]), "{lang}: not sorted");
        }
    }

    #[test]
    fn widgets_fit_what_each_key_holds() {
        let c = generate(&bundled(), &Target::Serve, "en");
        let partners = &collection(&c, "partners")["fields"];
        let visits = &collection(&c, "visits")["fields"];
        let location = &field(partners, "location")["fields"];
        assert_eq!(field(location, "lat")["value_type"], "float");
        // Decap would not save a partner without a location if its two numbers were required.
        assert_eq!(field(location, "lat")["required"], false);
        assert_eq!(field(location, "lon")["required"], false);
        assert_eq!(
            (
                field(location, "lon")["min"].clone(),
                field(location, "lon")["max"].clone()
            ),
            (json!(-180), json!(180))
        );
        assert_eq!(field(partners, "logo")["widget"], "image");
        let agreements = &field(partners, "agreements")["fields"];
        assert_eq!(field(agreements, "document")["widget"], "file");
        let photos = &field(partners, "photos")["fields"];
        assert_eq!(names(photos), ["file", "alt"]);
        assert_eq!(field(photos, "alt")["required"], true);
        let with = field(visits, "partners");
        assert_eq!(
            (
                &with["widget"],
                &with["collection"],
                &with["value_field"],
                &with["multiple"]
            ),
            (
                &json!("relation"),
                &json!("partners"),
                &json!("{{slug}}"),
                &json!(true)
            )
        );
        assert_eq!(field(visits, "outcomes")["i18n"], true);
        assert_eq!(field(visits, "delegation")["i18n"], false);
        assert_eq!(field(visits, "date")["widget"], "string");
        assert_eq!(
            field(partners, "body")["modes"],
            json!(["raw", "rich_text"])
        );
        assert_eq!(collection(&c, "partners")["path"], "{{slug}}/index");
        assert_eq!(collection(&c, "partners")["media_folder"], "");
    }

    #[test]
    fn intros_are_one_file_per_language_and_translations_offer_translated_keys() {
        let config = bundled();
        let c = generate(&config, &Target::Serve, "en");
        let intros = collection(&c, "intros");
        // Decap refuses multiple_files i18n in a files collection.
        assert!(intros.get("i18n").is_none());
        let files = intros["files"].as_array().unwrap();
        assert_eq!(files.len(), 4 * config.languages.len());
        let file = |path: &str| files.iter().find(|f| f["file"] == path).unwrap();
        assert_eq!(
            names(&file("content/partners/_index.en.md")["fields"]),
            [
                "title", "slug", "summary", "draft", "weight", "aliases", "body"
            ]
        );
        assert_eq!(
            names(&file("content/_index.ru.md")["fields"]),
            ["title", "summary", "body"]
        );
        assert_eq!(file("content/_index.ru.md")["label"], "Home (Русский)");
    }

    #[test]
    fn the_backend_is_hamkors_api_or_github() {
        let config = bundled();
        let c = generate(&config, &Target::Serve, "en");
        assert_eq!(
            c["backend"],
            json!({"name": "proxy", "proxy_url": "/admin/api/v1"})
        );
        let settings = CmsSettings {
            backend: "github".into(),
            repo: "adti/cooperation".into(),
            branch: "main".into(),
            base_url: None,
            auth_endpoint: Some("api/auth".into()),
            api_root: Some("https://github.example.org/api/v3".into()),
        };
        let c = generate(&config, &Target::Published(&settings), "en");
        assert_eq!(
            c["backend"],
            json!({"name": "hamkor-github", "repo": "adti/cooperation", "branch": "main",
                   "auth_endpoint": "api/auth", "api_root": "https://github.example.org/api/v3"})
        );
        assert_eq!(c["site_url"], "https://adti.uz/");
    }

    #[test]
    fn decaps_own_words_where_it_has_the_language() {
        assert_eq!(decap_locale("ru"), "ru");
        assert_eq!(decap_locale("en"), "en");
        // Decap has no Uzbek: its buttons and menus stay English, the forms are Uzbek.
        assert_eq!(decap_locale("uz"), "en");
        let c = generate(&bundled(), &Target::Serve, "uz");
        assert_eq!(c["locale"], "en");
        assert_eq!(collection(&c, "partners")["label"], "Hamkorlar");
    }

    #[test]
    fn the_yaml_says_what_the_value_says_and_is_the_same_every_time() {
        let config = bundled();
        let a = to_yaml(&generate(&config, &Target::Serve, "ru"));
        let b = to_yaml(&generate(&config, &Target::Serve, "ru"));
        assert_eq!(a, b);
        let back: Json = crate::yaml::parse(&a).unwrap();
        assert_eq!(back, generate(&config, &Target::Serve, "ru"));
    }
}
