//! Property tests (proptest): slugs, base URLs and every URL a site is built with, dates, and
//! builds that give the same bytes every time.
//!
//! Every property runs from a fixed seed, so CI checks the same cases on every run. To explore
//! other cases locally, set `PROPTEST_RNG_SEED=<u64>` and/or `PROPTEST_CASES=<n>`. Failures
//! are not persisted to files: a minimal failing input found here belongs in a named
//! regression test (`regression_*`) after the property that found it.
//!
//! Bugs these properties found are fixed, and each has a regression test that keeps it fixed:
//! control characters between the words of a non-ASCII title vanished from its slug; a base
//! URL with an empty segment (`https://example.org//`) was accepted and made every link
//! protocol-relative (it is refused now); pages of the other languages linked the sitemap and
//! partner logos under their language prefix (`/ru/sitemap.xml`, `/ru/partners/x/logo.svg`),
//! where there is no such file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use crate::common;

use common::{TestSite, contents, copy_dir, fixtures};

use hamkor::config::BaseUrl;
use hamkor::markdown::{self, BodyOrigin};
use hamkor::session::Built;
use hamkor::values::{Date, RawDate, Slug, slugify};
use hamkor::{Failure, Options};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{RngAlgorithm, RngSeed, TestRunner};

/// The seed every property starts from unless `PROPTEST_RNG_SEED` says otherwise.
const SEED: u64 = 0x6861_6d6b_6f72; // "hamkor"

/// `cases` cases from the fixed seed, nothing written to disk; `PROPTEST_CASES` and
/// `PROPTEST_RNG_SEED` still override the count and the seed.
fn config(cases: u32) -> ProptestConfig {
    let env = ProptestConfig::default();
    ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            env.cases
        } else {
            cases
        },
        rng_seed: match env.rng_seed {
            RngSeed::Random => RngSeed::Fixed(SEED),
            fixed => fixed,
        },
        rng_algorithm: RngAlgorithm::ChaCha,
        failure_persistence: None,
        // Site builds are slow to shrink: give up shrinking after a minute.
        max_shrink_time: 60_000,
        ..env
    }
}

/// Runs `test` on values of `strategy` outside the `proptest!` macro (for properties that
/// share an expensive setup between cases), panicking with the minimal failing input.
fn run<S: Strategy>(cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(config(cases));
    if let Err(e) = runner.run(&strategy, test) {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Text strategies
// ---------------------------------------------------------------------------------------------

/// A short piece of text in one of the scripts and symbol sets titles are written in.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]{1,8}",
        // Russian and Uzbek Cyrillic.
        "[а-яА-ЯёЁ]{1,8}",
        "[ўЎқҚғҒҳҲ]{1,3}",
        // Uzbek Latin: oʻ and gʻ with U+02BB, the tutuq belgisi U+02BC, and what editors type
        // instead of them.
        "[oOgG][\u{2bb}\u{2bc}'’‘`][a-z]{0,5}",
        "[a-z]{0,4}\u{2bc}[a-z]{0,4}",
        // Korean.
        "[가-힣]{1,4}",
        // Emoji, including a ZWJ sequence and a flag.
        "[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}]{1,3}",
        Just("👩‍🔬".to_string()),
        Just("🇺🇿".to_string()),
        // Whitespace of all kinds.
        "[ \t\n\r\u{a0}\u{2009}\u{200b}\u{3000}\u{2028}]{1,3}",
        // Punctuation and symbols.
        "[-_.,:;!?/\\\\'’‘`ʼʹ\"()\\[\\]{}&%#@+=*~<>|]{1,3}",
        // Combining marks and Latin letters with diacritics.
        "[\u{300}-\u{36f}]{1,2}",
        "[àáâãäåçèéêëìíîïñòóôõöøùúûüýÿšžčřőűłßİıŌō]{1,4}",
        // Anything printable.
        "\\PC{1,4}",
    ]
}

/// Text mixing scripts, as titles are written.
fn title_text() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..12).prop_map(|v| v.concat())
}

/// Any text: mixed scripts, arbitrary Unicode (controls included), whitespace only, and very
/// long strings.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => title_text(),
        2 => any::<String>(),
        1 => "[ \t\n\r\u{a0}\u{2009}\u{3000}\u{2028}\u{feff}]{0,12}",
        1 => prop::collection::vec(fragment(), 200..400).prop_map(|v| v.concat()),
        1 => "[a-z0-9]{70,90}",
        1 => "([a-z0-9]{1,9}[ -]){8,12}",
    ]
}

// ---------------------------------------------------------------------------------------------
// 1. Slugs
// ---------------------------------------------------------------------------------------------

/// The slug rules of `docs/content.md`, written independently of `Slug::parse`: lowercase
/// ASCII letters, digits and single hyphens, neither first nor last.
fn follows_slug_rules(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

proptest! {
    #![proptest_config(config(512))]

    /// Whatever the title, the slug is lowercase ASCII letters, digits and single inner
    /// hyphens, at most 80 characters, and never panics (Cyrillic, Uzbek, Korean, emoji,
    /// whitespace only, controls, thousands of characters).
    #[test]
    fn slugify_makes_only_allowed_characters(s in any_text()) {
        let slug = slugify(&s);
        prop_assert!(
            slug.is_empty() || follows_slug_rules(&slug),
            "slugify({s:?}) = {slug:?} breaks the slug rules"
        );
        prop_assert!(slug.len() <= 80, "slugify({s:?}) = {slug:?} is longer than 80");
    }

    /// A slug of a slug is the same slug, and the same text always gives the same slug.
    #[test]
    fn slugify_is_idempotent_and_deterministic(s in any_text()) {
        let once = slugify(&s);
        prop_assert_eq!(slugify(&once), once.clone(), "slugify is not idempotent on {:?}", s);
        prop_assert_eq!(slugify(&s.clone()), once, "slugify is not deterministic on {:?}", s);
    }

    /// Every non-empty slug made by `slugify` is accepted by `Slug::parse` as it is.
    #[test]
    fn slugify_output_is_a_valid_slug(s in any_text()) {
        let slug = slugify(&s);
        if !slug.is_empty() {
            match Slug::parse(&slug) {
                Ok(parsed) => prop_assert_eq!(parsed.as_str(), slug.as_str()),
                Err(e) => prop_assert!(false, "slugify({s:?}) = {slug:?} is rejected: {e}"),
            }
        }
    }

    /// `Slug::parse` accepts exactly what the documented rules allow, never panics, and when it
    /// refuses, the example in its hint is itself a valid slug (the one `slugify` makes).
    #[test]
    fn slug_parse_follows_the_rules_and_hints_valid_slugs(s in prop_oneof![
        any_text(),
        "[a-z0-9-]{0,12}",
        "[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,4}",
    ]) {
        match Slug::parse(&s) {
            Ok(slug) => {
                prop_assert!(follows_slug_rules(&s), "{s:?} accepted against the rules");
                prop_assert_eq!(slug.as_str(), s.as_str());
                prop_assert_eq!(slug.to_string(), s.clone());
            }
            Err(hint) => {
                prop_assert!(!follows_slug_rules(&s), "{s:?} follows the rules but is refused: {hint}");
                if let Some(rest) = hint.split_once("e.g. '").map(|(_, r)| r) {
                    let example = rest.trim_end_matches('\'');
                    prop_assert!(Slug::parse(example).is_ok(), "hint {hint:?} for {s:?}");
                    prop_assert_eq!(example, slugify(&s));
                }
            }
        }
    }

    /// A valid slug of at most 80 characters is its own slug.
    #[test]
    fn valid_slugs_are_fixed_points(s in "[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,7}") {
        prop_assume!(s.len() <= 80);
        prop_assert_eq!(slugify(&s), s);
    }

    /// ASCII words separated by any run of spaces or punctuation become the lowercase words
    /// joined by single hyphens (cut to at most 80 characters, at a word or inside one).
    #[test]
    fn ascii_words_are_joined_by_single_hyphens(
        words in prop::collection::vec("[a-zA-Z0-9]{1,12}", 1..12),
        seps in prop::collection::vec("[ \t\n.,;:!?/_()\\[\\]&+*<>|\u{a0}\u{3000}-]{1,4}", 12),
        lead in "[ \t\n.,;:!?/_()-]{0,3}",
        trail in "[ \t\n.,;:!?/_()-]{0,3}",
    ) {
        let mut text = lead;
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                text.push_str(&seps[i]);
            }
            text.push_str(w);
        }
        text.push_str(&trail);
        let expected = words.join("-").to_ascii_lowercase();
        let slug = slugify(&text);
        if expected.len() <= 80 {
            prop_assert_eq!(slug, expected, "from {:?}", text);
        } else {
            prop_assert!(expected.starts_with(&slug), "{slug:?} is not a prefix of {expected:?}");
            prop_assert!(slug.len() >= 79, "{slug:?} was cut too short");
        }
    }

    /// Uzbek oʻ and gʻ are letters with a mark, not two words: the mark (U+02BB, or the
    /// apostrophes editors type instead) is dropped, never turned into a hyphen. The same
    /// holds for the tutuq belgisi (U+02BC) and Russian ь and ъ.
    #[test]
    fn uzbek_marks_and_soft_signs_are_not_word_breaks(
        before in "[a-z]{0,6}",
        letter in prop::sample::select(vec!["o", "g", "O", "G", "a", "ta"]),
        mark in prop::sample::select(vec!['\u{2bb}', '\u{2bc}', '\'', '’', '‘', '`']),
        after in "[a-z]{1,6}",
    ) {
        let with = format!("{before}{letter}{mark}{after}");
        let without = format!("{before}{letter}{after}");
        prop_assert_eq!(slugify(&with), slugify(&without), "{:?}", with);
        prop_assert!(!slugify(&with).contains('-'), "{:?} became two words", with);
    }

    /// Every kind of whitespace between two words (tab, newline, no-break space, ideographic
    /// space…) separates them like a space does, whatever script the words are in.
    #[test]
    fn any_whitespace_separates_words(
        a in "[a-zA-Z0-9]{1,6}|[a-zа-яёé]{1,6}",
        ws in "[\t\n\r \u{a0}\u{85}\u{2009}\u{2028}\u{3000}]{1,2}",
        b in "[a-zA-Z0-9]{1,6}|[a-zа-яёé]{1,6}",
    ) {
        prop_assert_eq!(slugify(&format!("{a}{ws}{b}")), slugify(&format!("{a} {b}")), "{:?}", ws);
    }

    /// Upper and lower case give the same slug, for Latin, Russian and Uzbek Cyrillic.
    #[test]
    fn letter_case_does_not_change_the_slug(s in "[a-zA-Z0-9а-яА-ЯёЁўЎқҚғҒҳҲ ,.-]{0,40}") {
        prop_assert_eq!(slugify(&s.to_uppercase()), slugify(&s.to_lowercase()), "{:?}", s);
    }
}

#[test]
fn slugs_of_titles_in_every_script() {
    // Examples of the documentation, and edge cases the properties above generalise.
    assert_eq!(
        slugify("Казанский федеральный университет"),
        "kazanskii-federalnyi-universitet"
    );
    assert_eq!(slugify("Oʻzbekiston Gʻijduvon"), "ozbekiston-gijduvon");
    assert_eq!(slugify(""), "");
    assert_eq!(slugify(" \t\n\u{3000}"), "");
    assert_eq!(slugify("🌍🇺🇿"), slugify(&slugify("🌍🇺🇿")));
    assert!(slugify(&"서울 ".repeat(1000)).len() <= 80);
}

/// Bug found by `any_whitespace_separates_words` and `ascii_words_are_joined_by_single_hyphens`:
/// a tab, newline or other control character between two words was dropped instead of
/// separating them as soon as the title had any non-ASCII character (`deunicode` maps control
/// characters to nothing, and only non-ASCII text goes through its table), so
/// `"Yonsei\tUniversity"` gave `yonsei-university` but `"Košice\tUniversity"` gave
/// `kosiceuniversity`.
#[test]
fn regression_control_characters_between_words_of_a_non_ascii_title() {
    assert_eq!(slugify("Yonsei\tUniversity"), "yonsei-university");
    assert_eq!(slugify("é\tb"), "e-b");
    assert_eq!(slugify("Košice\tUniversity"), "kosice-university");
    assert_eq!(slugify("Ёнсе\nуниверситет"), "ionse-universitet");
    assert_eq!(slugify("a\u{85}b"), "a-b");
}

// ---------------------------------------------------------------------------------------------
// 2. URLs under any base path
// ---------------------------------------------------------------------------------------------

/// Scheme, host and port of the sites.
fn origin() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "https://example.org",
        "http://localhost:8080",
        "https://hamkor.uz",
        "https://sub.example.co.uz",
        "http://127.0.0.1:1111",
    ])
    .prop_map(String::from)
}

/// Percent-encodes every byte outside the unreserved set of RFC 3986.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Decodes `%XX` escapes (other `%` signs are kept).
fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// One segment of a base path: ASCII, with hyphens, Unicode, or percent-encoded Unicode.
fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9]{0,7}",
        "[a-z0-9]{1,4}(-[a-z0-9]{1,4}){1,2}",
        "[A-Za-z0-9_~][A-Za-z0-9._~-]{0,7}",
        "[а-яё]{1,6}",
        "(o\u{2bb}|g\u{2bb}|[a-z]){1,6}",
        "[а-яё]{1,4}".prop_map(|s| percent_encode(&s)),
        "[가-힣]{1,2}".prop_map(|s| percent_encode(&s)),
    ]
}

/// A base path: `/` or `/seg/…/`, always ending with `/`.
fn base_path() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 0..4).prop_map(|segs| {
        if segs.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", segs.join("/"))
        }
    })
}

/// Whether a URL has an empty path segment (`//`) anywhere after its scheme.
fn has_double_slash(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.contains("//")
}

proptest! {
    #![proptest_config(config(512))]

    /// A base URL splits into its origin and a path that starts and ends with `/`; without
    /// the trailing slash, or with spaces around it, it is the same base URL; its full form
    /// parses back to itself and has no `//` after the scheme.
    #[test]
    fn base_urls_parse_into_origin_and_path(
        origin in origin(),
        path in base_path(),
        slash in any::<bool>(),
        space in "[ \t\n]{0,2}",
    ) {
        let written = if slash { format!("{origin}{path}") } else { format!("{origin}{}", path.trim_end_matches('/')) };
        let base = BaseUrl::parse(&format!("{space}{written}{space}"))
            .map_err(|e| TestCaseError::fail(format!("{written:?} refused: {e}")))?;
        prop_assert_eq!(&base.origin, &origin);
        prop_assert_eq!(&base.path, &path);
        prop_assert!(base.path.starts_with('/') && base.path.ends_with('/'));
        prop_assert_eq!(base.full(), format!("{origin}{path}"));
        prop_assert!(!has_double_slash(&base.full()), "{}", base.full());
        prop_assert_eq!(BaseUrl::parse(&base.full()), Ok(base.clone()));
        prop_assert_eq!(BaseUrl::parse(&format!("{origin}{path}")), Ok(base));
    }

    /// Root-relative Markdown links (`/visits/`) get the base path in front, once, and other
    /// links (anchors, external, protocol-relative, relative, `@/`) are left to themselves.
    #[test]
    fn markdown_links_get_the_base_path(
        path in base_path(),
        root_link in prop::collection::vec("[a-z0-9-]{1,8}", 0..4).prop_map(|s| {
            if s.is_empty() { "/".to_string() } else { format!("/{}/", s.join("/")) }
        }),
        anchor in proptest::option::of("[a-z][a-z0-9-]{0,8}"),
    ) {
        let root = match &anchor {
            Some(a) => format!("{root_link}#{a}"),
            None => root_link.clone(),
        };
        let text = format!(
            "# Title\n\n[a]({root}) [b](#top) [c](https://example.com/x) [d](//cdn.example.com/y) [e](relative/z/) [f](@/about.md)\n"
        );
        let md = markdown::render(&text, BodyOrigin::default(), &path);
        prop_assert_eq!(md.links.len(), 1);
        let html = md.html_with(|_| format!("{path}about/"));
        let doc = scraper::Html::parse_fragment(&html);
        let hrefs: Vec<String> = doc
            .select(&scraper::Selector::parse("a").expect("selector"))
            .filter_map(|a| a.value().attr("href").map(String::from))
            .collect();
        let expected_root = format!("{}{root}", path.trim_end_matches('/'));
        prop_assert_eq!(hrefs.len(), 6, "{}", html);
        prop_assert_eq!(
            percent_decode(&hrefs[0]),
            percent_decode(&expected_root),
            "{} under {}", root, path
        );
        prop_assert!(percent_decode(&hrefs[0]).starts_with(&percent_decode(&path)));
        prop_assert!(!has_double_slash(&hrefs[0]), "{}", hrefs[0]);
        prop_assert_eq!(&hrefs[1], "#top");
        prop_assert_eq!(&hrefs[2], "https://example.com/x");
        prop_assert_eq!(&hrefs[3], "//cdn.example.com/y");
        prop_assert_eq!(&hrefs[4], "relative/z/");
        prop_assert_eq!(percent_decode(&hrefs[5]), percent_decode(&format!("{path}about/")));
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// A base URL with an empty path segment (`https://example.org//`, or `…/coop//x/`, as a
    /// deploy script writing `$HOST/$PREFIX/` with an empty `$PREFIX` gives) is refused or
    /// tidied: kept as it is, every link of the site would start with `//`, which browsers read
    /// as the name of another host.
    #[test]
    fn base_urls_with_empty_segments_are_refused_or_tidied(
        origin in origin(),
        segments in prop::collection::vec(segment(), 0..3),
        at in any::<Index>(),
        slash in any::<bool>(),
    ) {
        let mut segments = segments;
        segments.insert(at.index(segments.len() + 1), String::new());
        let url = format!("{origin}/{}{}", segments.join("/"), if slash { "/" } else { "" });
        if let Ok(base) = BaseUrl::parse(&url) {
            prop_assert!(
                !has_double_slash(&base.full()),
                "{url:?} is accepted with the base path {:?}", base.path
            );
        }
    }
}

/// Bug found by `base_urls_with_empty_segments_are_refused_or_tidied`: `https://example.org//`
/// was accepted with the base path `//`, so the home link was `href="//"` and `/visits/` in
/// Markdown became `//visits/`, a link to the host `visits`. Such a base URL is refused now;
/// tidying it to `/` would do as well.
#[test]
fn regression_base_url_with_an_empty_segment() {
    match BaseUrl::parse("https://example.org//") {
        Ok(base) => assert_eq!(base.path, "/", "{base:?}"),
        Err(e) => assert!(!e.is_empty()),
    }
}

/// The `basic` fixture with the test theme, its `site.yaml` given `theme` and `languages`.
fn fixture_site(theme: &str, languages: &str) -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "theme: min",
        &format!("theme: {theme}\nlanguages: {languages}"),
    );
    site
}

/// Builds the site in memory, failing with the diagnostics if it has problems.
fn generate(root: &Path, base_url: Option<&str>) -> Result<Built, TestCaseError> {
    let opts = Options {
        root: root.to_path_buf(),
        base_url: base_url.map(String::from),
        drafts: false,
        deny_warnings: false,
    };
    hamkor::generate(&opts).map_err(|f| match f {
        Failure::Content(ds) => TestCaseError::fail(format!(
            "the build failed:\n{}",
            ds.iter().map(|d| d.render()).collect::<Vec<_>>().join("\n")
        )),
        Failure::Environment(e) => TestCaseError::fail(format!("the build failed: {e}")),
    })
}

/// Every output file with its bytes.
fn output_files(built: &Built) -> BTreeMap<String, Vec<u8>> {
    built
        .output
        .files
        .iter()
        .map(|(path, bytes)| {
            (
                path.clone(),
                bytes.read().expect("output readable").into_owned(),
            )
        })
        .collect()
}

/// The output file a site path (below the base path, without query or fragment) is served
/// from, if there is one.
fn served_file<'a>(files: &'a BTreeMap<String, Vec<u8>>, below_base: &str) -> Option<&'a str> {
    let decoded = String::from_utf8(percent_decode(below_base)).ok()?;
    let candidates = if decoded.is_empty() || decoded.ends_with('/') {
        vec![format!("{decoded}index.html")]
    } else {
        vec![decoded.clone(), format!("{decoded}/index.html")]
    };
    candidates
        .into_iter()
        .find_map(|c| files.get_key_value(&c).map(|(k, _)| k.as_str()))
}

/// Checks one URL found in `page` of a site published at `base`: anchors name an element of
/// the page; the site's own URLs start with the base path, have no `//`, end with `/` when
/// they name a page, and are served by an output file; other sites' URLs are left alone.
fn check_url(
    base: &BaseUrl,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &BTreeSet<String>,
    page: &str,
    what: &str,
    url: &str,
) -> Result<(), String> {
    let fail = |why: &str| {
        Err(format!(
            "{page}: {what}={url:?} {why} (base {})",
            base.full()
        ))
    };
    if url.is_empty() {
        return fail("is empty");
    }
    if let Some(anchor) = url.strip_prefix('#') {
        return if ids.contains(anchor) {
            Ok(())
        } else {
            fail("names no element of the page")
        };
    }
    if ["mailto:", "tel:", "data:"]
        .iter()
        .any(|s| url.starts_with(s))
    {
        return Ok(());
    }
    let path = if let Some(own) = url.strip_prefix(&base.origin) {
        if !own.starts_with('/') {
            return fail("continues the site's host name");
        }
        own
    } else if url.starts_with("http://") || url.starts_with("https://") {
        return Ok(()); // another site
    } else if url.starts_with("//") {
        return fail("is protocol-relative: the browser reads its first segment as a host");
    } else if url.starts_with('/') {
        url
    } else {
        return fail("is relative: it breaks on pages at another depth");
    };
    if has_double_slash(path) {
        return fail("has an empty segment");
    }
    let decoded_path = percent_decode(path);
    let decoded_base = percent_decode(&base.path);
    if !decoded_path.starts_with(&decoded_base) {
        return fail("is outside the base path");
    }
    let below = String::from_utf8_lossy(&decoded_path[decoded_base.len()..]).into_owned();
    let below = below.split(['#', '?']).next().unwrap_or("");
    let last = below.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    if !last.contains('.') && !below.is_empty() && !below.ends_with('/') {
        return fail("names a page but does not end with '/'");
    }
    if served_file(files, below).is_none() {
        return fail("is served by no file of the output");
    }
    Ok(())
}

/// Checks every URL of every HTML page, the sitemap, the feeds and robots.txt.
fn check_site_urls(built: &Built, base: &BaseUrl) -> Result<(), String> {
    let files = output_files(built);
    let any = scraper::Selector::parse("*").expect("selector");
    for (name, bytes) in &files {
        if name.ends_with(".html") {
            let text = String::from_utf8(bytes.clone()).map_err(|e| format!("{name}: {e}"))?;
            let doc = scraper::Html::parse_document(&text);
            let ids: BTreeSet<String> = doc
                .select(&any)
                .filter_map(|e| e.value().id().map(String::from))
                .collect();
            for element in doc.select(&any) {
                let el = element.value();
                for (attr, value) in el.attrs() {
                    let is_url =
                        matches!(attr, "href" | "src" | "action" | "poster" | "data-index")
                            || (attr == "content"
                                && matches!(el.attr("property"), Some("og:url" | "og:image")));
                    if is_url {
                        check_url(base, &files, &ids, name, attr, value)?;
                    }
                }
                if el.attr("http-equiv") == Some("refresh")
                    && let Some(url) = el.attr("content").and_then(|c| c.split_once("url="))
                {
                    check_url(base, &files, &ids, name, "refresh", url.1)?;
                }
            }
        } else if name.ends_with(".xml") || name.ends_with("robots.txt") {
            let text = String::from_utf8_lossy(bytes);
            // Absolute URLs of the site: in <loc>, href="…", <id> and `Sitemap:`.
            let own = format!("{}/", base.origin);
            let mut rest = text.as_ref();
            while let Some(at) = rest.find(&own) {
                let url: String = rest[at..]
                    .chars()
                    .take_while(|c| !matches!(c, '<' | '"' | '\n' | ' '))
                    .collect();
                let url = url.replace("&amp;", "&");
                check_url(base, &files, &BTreeSet::new(), name, "url", &url)?;
                rest = &rest[at + own.len()..];
            }
        }
    }
    // Every route's URL, as templates get it.
    for route in built.routes.iter() {
        let url = built.site.path(&route.path);
        if !url.starts_with(&base.path) || has_double_slash(&url) {
            return Err(format!(
                "route {route:?} has the URL {url:?} (base {})",
                base.full()
            ));
        }
        if route.file.ends_with("index.html") && !url.ends_with('/') {
            return Err(format!("page {url:?} does not end with '/'"));
        }
    }
    Ok(())
}

/// The fixture site built under a random base path, in one of three setups (test theme in
/// English; built-in theme in three languages; built-in theme with Uzbek as the default
/// language): every URL of the output stays under the base path and leads to a file.
#[test]
fn every_url_of_a_built_site_is_under_any_base_path() {
    let sites = [
        fixture_site("min", "[en]"),
        fixture_site("default", "[en, ru, uz]"),
        fixture_site("default", "[uz, en]"),
    ];
    run(
        24,
        (0..sites.len(), origin(), base_path(), any::<bool>()),
        |(site, origin, path, slash)| {
            let written = if slash {
                format!("{origin}{path}")
            } else {
                format!("{origin}{}", path.trim_end_matches('/'))
            };
            let built = generate(sites[site].root(), Some(&written))?;
            let base = built.site.config.base_url.clone();
            prop_assert_eq!(&base.path, &path);
            check_site_urls(&built, &base).map_err(TestCaseError::fail)?;
            Ok(())
        },
    );
}

/// The `href`/`src` values of `selector` in output file `page`.
fn urls_in(
    files: &BTreeMap<String, Vec<u8>>,
    page: &str,
    selector: &str,
    attr: &str,
) -> Vec<String> {
    let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&files[page]));
    common::attrs(&doc, selector, attr)
}

/// Bug found by `every_url_of_a_built_site_is_under_any_base_path`: the built-in theme links
/// `site.urls.sitemap` from every page, and on pages of the other languages that URL had the
/// language's prefix (`/ru/sitemap.xml`), but the sitemap is written once, at the root.
#[test]
fn regression_sitemap_link_of_other_languages() {
    let site = fixture_site("default", "[en, ru]");
    let files = output_files(&generate(site.root(), None).expect("build"));
    for page in ["index.html", "ru/index.html"] {
        for href in urls_in(&files, page, "link[rel=sitemap]", "href") {
            let below = href.strip_prefix('/').expect("root-relative");
            assert!(
                served_file(&files, below).is_some(),
                "{page} links the sitemap at {href}, which is not in the output"
            );
        }
    }
}

/// Bug found by `every_url_of_a_built_site_is_under_any_base_path` (with the sitemap link
/// left aside): a partner's logo (and the link to the original) on pages of the other
/// languages had the language's prefix (`/ru/partners/apollo-clinic-agra/logo.svg`), but
/// logos are published once, beside the default language's page.
#[test]
fn regression_logo_urls_of_other_languages() {
    let site = fixture_site("min", "[en, ru]");
    let files = output_files(&generate(site.root(), None).expect("build"));
    for page in [
        "partners/apollo-clinic-agra/index.html",
        "ru/partners/apollo-clinic-agra/index.html",
    ] {
        let urls = [
            urls_in(&files, page, "#logo", "src"),
            urls_in(&files, page, "#logo-original", "href"),
        ]
        .concat();
        assert_eq!(urls.len(), 2, "{page}");
        for url in urls {
            let below = url.strip_prefix('/').expect("root-relative");
            assert!(
                served_file(&files, below).is_some(),
                "{page} shows the logo from {url}, which is not in the output"
            );
        }
    }
}

/// Without a trailing slash, a base URL gives the very same site.
#[test]
fn a_base_url_without_trailing_slash_builds_the_same_site() {
    let site = fixture_site("default", "[en, ru]");
    run(8, (origin(), base_path()), |(origin, path)| {
        prop_assume!(path != "/");
        let with = output_files(&generate(site.root(), Some(&format!("{origin}{path}")))?);
        let without = output_files(&generate(
            site.root(),
            Some(&format!("{origin}{}", path.trim_end_matches('/'))),
        )?);
        if let Some(diff) = first_difference(&with, &without) {
            return Err(TestCaseError::fail(diff));
        }
        Ok(())
    });
}

// ---------------------------------------------------------------------------------------------
// 3. Dates
// ---------------------------------------------------------------------------------------------

/// The Gregorian leap-year rule, written independently of the code under test.
fn is_leap(y: u16) -> bool {
    y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400))
}

fn month_length(y: u16, m: u8) -> u8 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A real calendar day, years 1 to 9999.
fn real_day() -> impl Strategy<Value = (u16, u8, u8)> {
    (1u16..=9999, 1u8..=12).prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=month_length(y, m)))
}

/// A date as written, at one of the three precisions: (year, month or 0, day or 0).
fn written_date() -> impl Strategy<Value = (u16, u8, u8)> {
    (real_day(), 0..3u8).prop_map(|((y, m, d), precision)| match precision {
        0 => (y, 0, 0),
        1 => (y, m, 0),
        _ => (y, m, d),
    })
}

/// Two real days that often share their year, or their year and month, or are the same day:
/// independent days would almost never test how dates of one year order.
fn close_days() -> impl Strategy<Value = ((u16, u8, u8), (u16, u8, u8))> {
    (real_day(), real_day(), 0..4u8).prop_map(|(a, (y, m, d), shared)| {
        let b = match shared {
            0 => (y, m, d),
            1 => (a.0, m, d.min(month_length(a.0, m))),
            2 => (a.0, a.1, d.min(month_length(a.0, a.1))),
            _ => a,
        };
        (a, b)
    })
}

/// Two dates as written (see [`written_date`]), often in the same year or month.
fn close_dates() -> impl Strategy<Value = ((u16, u8, u8), (u16, u8, u8))> {
    let at = |(y, m, d): (u16, u8, u8), precision: u8| match precision {
        0 => (y, 0, 0),
        1 => (y, m, 0),
        _ => (y, m, d),
    };
    (close_days(), 0..3u8, 0..3u8).prop_map(move |((a, b), pa, pb)| (at(a, pa), at(b, pb)))
}

fn iso_of((y, m, d): (u16, u8, u8)) -> String {
    match (m, d) {
        (0, _) => format!("{y:04}"),
        (m, 0) => format!("{y:04}-{m:02}"),
        (m, d) => format!("{y:04}-{m:02}-{d:02}"),
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

proptest! {
    #![proptest_config(config(1024))]

    /// Every real date parses at the precision it is written with; `iso()` gives back what
    /// was written, and parses back to the same date; first and last days are the span the
    /// date stands for.
    #[test]
    fn real_dates_parse_and_round_trip(ymd in written_date(), space in "[ \t]{0,2}") {
        let (y, m, d) = ymd;
        let written = iso_of(ymd);
        let date = Date::parse(&format!("{space}{written}{space}"))
            .map_err(|e| TestCaseError::fail(format!("{written} refused: {e}")))?;
        prop_assert_eq!(date.iso(), written.clone());
        prop_assert_eq!(date.year(), y);
        prop_assert_eq!(Date::parse(&date.iso()), Ok(date));
        let first = (y, m.max(1), d.max(1));
        let last = (
            y,
            if m == 0 { 12 } else { m },
            if d != 0 { d } else if m == 0 { 31 } else { month_length(y, m) },
        );
        prop_assert_eq!(date.first_day(), first, "{}", written);
        prop_assert_eq!(date.last_day(), last, "{}", written);
    }

    /// Days past the end of their month, day 00 and months 00 or 13 to 99 are refused.
    #[test]
    fn impossible_days_and_months_are_refused(
        y in 1u16..=9999,
        m in 1u8..=12,
        extra in 1u8..=99,
        bad_month in prop_oneof![Just(0u8), 13u8..=99],
    ) {
        let day = month_length(y, m).saturating_add(extra).min(99);
        for bad in [
            format!("{y:04}-{m:02}-{day:02}"),
            format!("{y:04}-{m:02}-00"),
            format!("{y:04}-{bad_month:02}"),
            format!("{y:04}-{bad_month:02}-01"),
        ] {
            prop_assert!(Date::parse(&bad).is_err(), "{} accepted", bad);
        }
    }

    /// 29 February exists exactly in leap years; 30 February and 31 April never.
    #[test]
    fn february_29_exists_in_leap_years_only(y in 1u16..=9999) {
        prop_assert_eq!(Date::parse(&format!("{y:04}-02-29")).is_ok(), is_leap(y), "{}", y);
        for bad in [2, 4, 6, 9, 11].map(|m| format!("{y:04}-{m:02}-{}", if m == 2 { 30 } else { 31 })) {
            prop_assert!(Date::parse(&bad).is_err(), "{} accepted", bad);
        }
    }

    /// Showing any date in any language never panics, includes its year and, for English,
    /// reads as documented; different dates are never shown alike in the same language.
    #[test]
    fn dates_display_in_every_language(
        (a, b) in close_dates(),
        lang in prop::sample::select(vec!["en", "uz", "ru", "de", ""]),
    ) {
        let (da, db) = (Date::parse(&iso_of(a)), Date::parse(&iso_of(b)));
        let (da, db) = (da.map_err(TestCaseError::fail)?, db.map_err(TestCaseError::fail)?);
        let shown = da.display(lang);
        prop_assert!(shown.contains(&a.0.to_string()), "{lang}: {shown:?} lacks the year of {a:?}");
        if a.2 != 0 {
            prop_assert!(shown.contains(&a.2.to_string()), "{lang}: {shown:?} lacks the day of {a:?}");
        }
        if lang == "en" || lang == "de" || lang.is_empty() {
            let (y, m, d) = a;
            let expected = match (m, d) {
                (0, _) => y.to_string(),
                (m, 0) => format!("{} {y}", MONTHS[m as usize - 1]),
                (m, d) => format!("{d} {} {y}", MONTHS[m as usize - 1]),
            };
            prop_assert_eq!(&shown, &expected);
        }
        if da != db {
            prop_assert_ne!(shown, db.display(lang), "{:?} and {:?} look alike", a, b);
        }
    }

    /// Dates order as the (year, month, day) they are written with, an unknown month or day
    /// counting as 0: a year comes before its months, a month before its days. That order
    /// never puts a date before another that starts earlier.
    #[test]
    fn dates_order_as_what_is_written((a, b) in close_dates()) {
        let da = Date::parse(&iso_of(a)).map_err(TestCaseError::fail)?;
        let db = Date::parse(&iso_of(b)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(da.cmp(&db), a.cmp(&b), "{:?} vs {:?}", a, b);
        prop_assert_eq!(da == db, a == b);
        if da <= db {
            prop_assert!(da.first_day() <= db.first_day(), "{:?} vs {:?}", a, b);
        }
        prop_assert!(da.first_day() <= da.last_day());
    }

    /// Full dates order exactly as calendar days.
    #[test]
    fn full_dates_order_as_days((a, b) in close_days()) {
        let da = Date::parse(&iso_of(a)).map_err(TestCaseError::fail)?;
        let db = Date::parse(&iso_of(b)).map_err(TestCaseError::fail)?;
        prop_assert_eq!(da.cmp(&db), a.cmp(&b));
        prop_assert_eq!(da.first_day(), a);
        prop_assert_eq!(da.last_day(), a);
    }

    /// Parsing any text never panics, and what it accepts is exactly the date in ISO form
    /// (surrounding whitespace aside).
    #[test]
    fn parsing_any_text_never_panics(s in prop_oneof![
        any_text(),
        "[0-9]{0,5}(-[0-9]{0,3}){0,4}",
        "[ \t]?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?[ \t\n]?",
        "[0-9０-９٠-٩]{4}-[0-9]{2}",
        "[+-]?[0-9]{4}-[+-]?[0-9]{1,2}-[0-9a-f]{2}",
    ]) {
        if let Ok(date) = Date::parse(&s) {
            prop_assert_eq!(date.iso(), s.trim(), "{:?} accepted as {:?}", s, date);
            for lang in ["en", "uz", "ru"] {
                let _ = date.display(lang);
            }
        }
    }

    /// A year written as a YAML number is a date exactly when it has four digits (and is not
    /// 0000).
    #[test]
    fn yaml_year_numbers(y in prop_oneof![0u64..=12_000, any::<u64>()]) {
        let checked = RawDate::Year(y).check();
        prop_assert_eq!(checked.is_ok(), (1000..=9999).contains(&y), "{} gave {:?}", y, checked);
        if let Ok(d) = checked {
            prop_assert_eq!(d.iso(), y.to_string());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. The same sources give the same bytes
// ---------------------------------------------------------------------------------------------

/// Words titles and texts are made of: several scripts, Markdown and HTML specials, quotes.
const WORDS: &[&str] = &[
    "Yonsei",
    "University",
    "Oʻzbekiston",
    "Gʻijduvon",
    "tibbiyot",
    "akademiyasi",
    "Казанский",
    "университет",
    "Ёнсе",
    "ҳамкорлик",
    "Қўқон",
    "서울",
    "대학교",
    "Košice",
    "Apollo",
    "Clinic,",
    "R&D",
    "<Lab>",
    "“Smart”",
    "C++",
    "🌍",
    "👩‍🔬",
    "Dr.",
    "São",
    "İstanbul",
    "Ōsaka",
    "Straße",
    "O'Brien",
    "a: b",
    "#1",
    "50%",
    "\"quoted\"",
    "back\\slash",
    "x_y_z",
    "*star*",
    "[bracket]",
    "{brace}",
];

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(String::from),
        1 => "[A-Za-zА-Яа-яʻ]{1,10}",
    ]
}

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), n).prop_map(|w| w.join(" "))
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

#[derive(Debug, Clone)]
enum Inline {
    Text(String),
    Em(String),
    Strong(String),
    Code(String),
    External(String),
    Root(&'static str),
    Partner(Index),
    Visit(Index),
    Program(Index),
}

#[derive(Debug, Clone)]
enum Block {
    Heading(usize, String),
    Paragraph(Vec<Inline>),
    List(bool, Vec<String>),
    Table(Vec<(String, String)>),
    More,
}

fn inline() -> impl Strategy<Value = Inline> {
    prop_oneof![
        4 => words(1..6).prop_map(Inline::Text),
        1 => words(1..3).prop_map(Inline::Em),
        1 => words(1..3).prop_map(Inline::Strong),
        1 => "[a-z_<>&]{1,8}".prop_map(Inline::Code),
        1 => "[a-z]{1,8}".prop_map(Inline::External),
        1 => prop::sample::select(vec!["/", "/partners/", "/visits/", "/programs/", "/areas/", "/partners/countries/"])
            .prop_map(Inline::Root),
        1 => any::<Index>().prop_map(Inline::Partner),
        1 => any::<Index>().prop_map(Inline::Visit),
        1 => any::<Index>().prop_map(Inline::Program),
    ]
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        2 => (1usize..=3, words(1..4)).prop_map(|(l, t)| Block::Heading(l, t)),
        4 => prop::collection::vec(inline(), 1..6).prop_map(Block::Paragraph),
        2 => (any::<bool>(), prop::collection::vec(words(1..4), 1..4)).prop_map(|(o, i)| Block::List(o, i)),
        1 => prop::collection::vec((words(1..2), words(1..3)), 1..3).prop_map(Block::Table),
        1 => Just(Block::More),
    ]
}

fn body() -> impl Strategy<Value = Vec<Block>> {
    prop::collection::vec(block(), 0..6)
}

/// Start and end dates as written, the end never before the start (either may be absent).
fn date_span() -> impl Strategy<Value = (Option<String>, Option<String>)> {
    let day = (1990u16..2030, 1u8..=12)
        .prop_flat_map(|(y, m)| (Just(y), Just(m), 1..=month_length(y, m)));
    (day.clone(), day, 0..3u8, 0..3u8, 0..4u8, any::<bool>()).prop_map(
        |(a, b, pa, pb, which, quote)| {
            let (start, end) = if a <= b { (a, b) } else { (b, a) };
            let at = |(y, m, d): (u16, u8, u8), p: u8| {
                let iso = iso_of(match p {
                    0 => (y, 0, 0),
                    1 => (y, m, 0),
                    _ => (y, m, d),
                });
                if quote { format!("\"{iso}\"") } else { iso }
            };
            match which {
                0 => (None, None),
                1 => (Some(at(start, pa)), None),
                2 => (None, Some(at(end, pb))),
                _ => (Some(at(start, pa)), Some(at(end, pb))),
            }
        },
    )
}

const COUNTRIES: &[&str] = &["KR", "IN", "SK", "RU", "DE", "UZ", "JP", "us", "tr", "KZ"];
const PARTNER_KINDS: &[&str] = &[
    "university",
    "research-center",
    "hospital",
    "foundation",
    "company",
];
const PROGRAM_KINDS: &[&str] = &[
    "joint-education",
    "academic-mobility",
    "remote-lectures",
    "training",
    "research",
    "exchange",
];
const AREAS: &[&str] = &["oncology", "transplantology", "medical-education"];

#[derive(Debug, Clone)]
struct PartnerSpec {
    title: String,
    kind: &'static str,
    country: &'static str,
    city: Option<String>,
    since: Option<String>,
    status: &'static str,
    areas: Vec<&'static str>,
    location: Option<(i16, i16)>,
    /// `None`: `<slug>.md`; `Some(logo)`: a bundle, with an SVG logo or not.
    bundle: Option<bool>,
    translation: Option<String>,
    draft: bool,
    /// An old URL that redirects to the partner.
    alias: bool,
    body: Vec<Block>,
}

#[derive(Debug, Clone)]
struct VisitSpec {
    title: String,
    incoming: bool,
    country: Option<&'static str>,
    dates: (Option<String>, Option<String>),
    partners: Vec<Index>,
    delegation: Vec<String>,
    outcomes: Vec<String>,
    areas: Vec<&'static str>,
    body: Vec<Block>,
}

#[derive(Debug, Clone)]
struct ProgramSpec {
    title: String,
    kind: &'static str,
    partners: Vec<Index>,
    dates: (Option<String>, Option<String>),
    participants: Option<u32>,
    areas: Vec<&'static str>,
    body: Vec<Block>,
}

#[derive(Debug, Clone)]
struct SiteSpec {
    title: String,
    theme: &'static str,
    languages: &'static str,
    page_size: usize,
    search: bool,
    home: Vec<Block>,
    partners: Vec<PartnerSpec>,
    visits: Vec<VisitSpec>,
    programs: Vec<ProgramSpec>,
    pages: Vec<(String, Vec<Block>)>,
}

fn areas() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::subsequence(AREAS, 0..=AREAS.len())
}

fn partner() -> impl Strategy<Value = PartnerSpec> {
    (
        (
            words(1..5),
            prop::sample::select(PARTNER_KINDS),
            prop::sample::select(COUNTRIES),
            proptest::option::of(words(1..2)),
            date_span(),
            prop::sample::select(vec!["active", "prospective", "ended"]),
        ),
        (
            areas(),
            proptest::option::of((-80i16..80, -179i16..179)),
            proptest::option::of(any::<bool>()),
            proptest::option::of(words(1..4)),
            prop::bool::weighted(0.1),
            any::<bool>(),
            body(),
        ),
    )
        .prop_map(
            |(
                (title, kind, country, city, (since, _), status),
                (areas, location, bundle, translation, draft, alias, body),
            )| {
                PartnerSpec {
                    title,
                    kind,
                    country,
                    city,
                    since,
                    status,
                    areas,
                    location,
                    bundle,
                    translation,
                    draft,
                    alias,
                    body,
                }
            },
        )
}

fn visit() -> impl Strategy<Value = VisitSpec> {
    (
        (
            words(1..5),
            any::<bool>(),
            proptest::option::of(prop::sample::select(COUNTRIES)),
            date_span(),
        ),
        (
            prop::collection::vec(any::<Index>(), 0..3),
            prop::collection::vec(words(1..3), 0..3),
            prop::collection::vec(words(1..6), 0..3),
            areas(),
            body(),
        ),
    )
        .prop_map(
            |((title, incoming, country, dates), (partners, delegation, outcomes, areas, body))| {
                VisitSpec {
                    title,
                    incoming,
                    country,
                    dates,
                    partners,
                    delegation,
                    outcomes,
                    areas,
                    body,
                }
            },
        )
}

fn program() -> impl Strategy<Value = ProgramSpec> {
    (
        words(1..5),
        prop::sample::select(PROGRAM_KINDS),
        prop::collection::vec(any::<Index>(), 0..3),
        date_span(),
        proptest::option::of(0u32..500),
        areas(),
        body(),
    )
        .prop_map(
            |(title, kind, partners, dates, participants, areas, body)| ProgramSpec {
                title,
                kind,
                partners,
                dates,
                participants,
                areas,
                body,
            },
        )
}

fn site() -> impl Strategy<Value = SiteSpec> {
    (
        (
            words(1..4),
            prop::sample::select(vec!["min", "default"]),
            prop::sample::select(vec!["[en]", "[en, ru, uz]", "[ru, en]"]),
            1usize..4,
            any::<bool>(),
            body(),
        ),
        (
            prop::collection::vec(partner(), 1..6),
            prop::collection::vec(visit(), 0..6),
            prop::collection::vec(program(), 0..4),
            prop::collection::vec((words(1..3), body()), 0..3),
        ),
    )
        .prop_map(
            |(
                (title, theme, languages, page_size, search, home),
                (partners, visits, programs, pages),
            )| SiteSpec {
                title,
                theme,
                languages,
                page_size,
                search,
                home,
                partners,
                visits,
                programs,
                pages,
            },
        )
}

/// A slug made from `title`, unique thanks to `prefix` and `i`.
fn slug_for(prefix: &str, i: usize, title: &str) -> String {
    let s = slugify(title);
    if s.is_empty() {
        format!("{prefix}-{i}")
    } else {
        format!("{prefix}-{i}-{s}")
    }
}

const LOGO: &[u8] =
    include_bytes!("../fixtures/basic/content/partners/apollo-clinic-agra/logo.svg");
const AREAS_YAML: &[u8] = include_bytes!("../fixtures/basic/content/areas.yaml");

impl SiteSpec {
    fn partner_slugs(&self) -> Vec<String> {
        self.partners
            .iter()
            .enumerate()
            .map(|(i, p)| slug_for("p", i, &p.title))
            .collect()
    }

    fn visit_slugs(&self) -> Vec<String> {
        self.visits
            .iter()
            .enumerate()
            .map(|(i, v)| slug_for("v", i, &v.title))
            .collect()
    }

    fn program_slugs(&self) -> Vec<String> {
        self.programs
            .iter()
            .enumerate()
            .map(|(i, p)| slug_for("g", i, &p.title))
            .collect()
    }

    /// The Markdown of a body; links to drafts are left out (they would be broken links).
    fn markdown(&self, body: &[Block]) -> String {
        let partners = self.partner_slugs();
        let visits = self.visit_slugs();
        let programs = self.program_slugs();
        let mut out = String::new();
        for block in body {
            match block {
                Block::Heading(level, text) => {
                    out.push_str(&format!("{} {text}\n\n", "#".repeat(*level)));
                }
                Block::Paragraph(inlines) => {
                    for (i, inline) in inlines.iter().enumerate() {
                        if i > 0 {
                            out.push(' ');
                        }
                        let link = |dir: &str, slugs: &[String], idx: &Index| {
                            let slug = &slugs[idx.index(slugs.len())];
                            format!("[{slug}](@/{dir}/{slug}.md)")
                        };
                        out.push_str(&match inline {
                            Inline::Text(t) => t.clone(),
                            Inline::Em(t) => format!("*{t}*"),
                            Inline::Strong(t) => format!("**{t}**"),
                            Inline::Code(t) => format!("`{t}`"),
                            Inline::External(t) => format!("[{t}](https://example.com/{t})"),
                            Inline::Root(p) => format!("[{p}]({p})"),
                            Inline::Partner(idx) => {
                                let i = idx.index(partners.len());
                                let p = &self.partners[i];
                                if p.draft {
                                    String::from("draft")
                                } else if p.bundle.is_some() {
                                    format!("[{0}](@/partners/{0}/index.md)", partners[i])
                                } else {
                                    link("partners", &partners, idx)
                                }
                            }
                            Inline::Visit(idx) if !visits.is_empty() => {
                                link("visits", &visits, idx)
                            }
                            Inline::Program(idx) if !programs.is_empty() => {
                                link("programs", &programs, idx)
                            }
                            Inline::Visit(_) | Inline::Program(_) => String::from("none"),
                        });
                    }
                    out.push_str("\n\n");
                }
                Block::List(ordered, items) => {
                    for (i, item) in items.iter().enumerate() {
                        if *ordered {
                            out.push_str(&format!("{}. {item}\n", i + 1));
                        } else {
                            out.push_str(&format!("- {item}\n"));
                        }
                    }
                    out.push('\n');
                }
                Block::Table(rows) => {
                    out.push_str("| key | value |\n|---|---|\n");
                    for (k, v) in rows {
                        out.push_str(&format!(
                            "| {} | {} |\n",
                            k.replace('|', "/"),
                            v.replace('|', "/")
                        ));
                    }
                    out.push('\n');
                }
                Block::More => out.push_str("<!-- more -->\n\n"),
            }
        }
        out
    }

    /// The published partners referenced by `indexes`, each once.
    fn partner_list(&self, indexes: &[Index]) -> String {
        let slugs = self.partner_slugs();
        let mut chosen: Vec<&str> = Vec::new();
        for idx in indexes {
            let i = idx.index(slugs.len());
            if !self.partners[i].draft && !chosen.contains(&slugs[i].as_str()) {
                chosen.push(&slugs[i]);
            }
        }
        format!("[{}]", chosen.join(", "))
    }

    /// Every file of the site: path relative to the root, bytes.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut add = |path: String, text: String| files.push((path, text.into_bytes()));
        // Translations into a language other than the default one.
        let has_ru = self.languages.contains(", ru");
        add(
            "site.yaml".into(),
            format!(
                "title: {}\ndescription: {}\nbase_url: https://example.org/coop/\ntheme: {}\nlanguages: {}\npage_size: {}\nlatest_visits: 3\nsearch: {}\nareas: content/areas.yaml\n",
                yaml_str(&self.title),
                yaml_str(&format!("About {}", self.title)),
                self.theme,
                self.languages,
                self.page_size,
                self.search,
            ),
        );
        add(
            "content/_index.md".into(),
            format!(
                "---\ntitle: {}\n---\n{}",
                yaml_str(&self.title),
                self.markdown(&self.home)
            ),
        );
        for (i, (title, body)) in self.pages.iter().enumerate() {
            add(
                format!("content/{}.md", slug_for("page", i, title)),
                format!(
                    "---\ntitle: {}\nweight: {i}\n---\n{}",
                    yaml_str(title),
                    self.markdown(body)
                ),
            );
        }
        for ((p, slug), i) in self.partners.iter().zip(self.partner_slugs()).zip(0..) {
            let mut y = format!(
                "title: {}\nkind: {}\ncountry: {}\nstatus: {}\nareas: [{}]\n",
                yaml_str(&p.title),
                p.kind,
                p.country,
                p.status,
                p.areas.join(", ")
            );
            if let Some(city) = &p.city {
                y.push_str(&format!("city: {}\n", yaml_str(city)));
            }
            if let Some(since) = &p.since {
                y.push_str(&format!("since: {since}\n"));
            }
            if let Some((lat, lon)) = p.location {
                y.push_str(&format!(
                    "location: {{lat: {}.{}, lon: {}.{}}}\n",
                    lat,
                    i % 10,
                    lon,
                    (i * 7) % 100
                ));
            }
            if p.draft {
                y.push_str("draft: true\n");
            }
            if p.alias {
                y.push_str(&format!("aliases: [/old/partner-{i}/]\n"));
            }
            if p.bundle == Some(true) {
                y.push_str("logo: logo.svg\n");
            }
            let text = format!("---\n{y}---\n{}", self.markdown(&p.body));
            let (file, translation) = match p.bundle {
                None => (
                    format!("content/partners/{slug}.md"),
                    format!("content/partners/{slug}.ru.md"),
                ),
                Some(_) => (
                    format!("content/partners/{slug}/index.md"),
                    format!("content/partners/{slug}/index.ru.md"),
                ),
            };
            add(file, text);
            if let (Some(title), true) = (&p.translation, has_ru) {
                add(
                    translation,
                    format!(
                        "---\ntitle: {}\n---\nПеревод: {}\n",
                        yaml_str(title),
                        self.markdown(&p.body)
                    ),
                );
            }
        }
        for (v, slug) in self.visits.iter().zip(self.visit_slugs()) {
            let mut y = format!(
                "title: {}\ndirection: {}\npartners: {}\nareas: [{}]\n",
                yaml_str(&v.title),
                if v.incoming { "incoming" } else { "outgoing" },
                self.partner_list(&v.partners),
                v.areas.join(", "),
            );
            if let Some(c) = v.country {
                y.push_str(&format!(
                    "country: {c}\nplace: {}\n",
                    yaml_str(&format!("City of {c}"))
                ));
            }
            if let Some(d) = &v.dates.0 {
                y.push_str(&format!("date: {d}\n"));
            }
            // A last day is only valid after a first one.
            if let (Some(_), Some(d)) = (&v.dates.0, &v.dates.1) {
                y.push_str(&format!("end_date: {d}\n"));
            }
            let list = |items: &[String]| {
                items
                    .iter()
                    .map(|s| yaml_str(s))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            y.push_str(&format!(
                "delegation: [{}]\noutcomes: [{}]\n",
                list(&v.delegation),
                list(&v.outcomes)
            ));
            add(
                format!("content/visits/{slug}.md"),
                format!("---\n{y}---\n{}", self.markdown(&v.body)),
            );
        }
        for (g, slug) in self.programs.iter().zip(self.program_slugs()) {
            let mut y = format!(
                "title: {}\nkind: {}\npartners: {}\nareas: [{}]\n",
                yaml_str(&g.title),
                g.kind,
                self.partner_list(&g.partners),
                g.areas.join(", "),
            );
            if let Some(d) = &g.dates.0 {
                y.push_str(&format!("start: {d}\n"));
            }
            if let Some(d) = &g.dates.1 {
                y.push_str(&format!("end: {d}\n"));
            }
            if let Some(n) = g.participants {
                y.push_str(&format!("participants: {n}\n"));
            }
            add(
                format!("content/programs/{slug}.md"),
                format!("---\n{y}---\n{}", self.markdown(&g.body)),
            );
        }
        add(
            "content/partners/_index.md".into(),
            "---\ntitle: Partners\n---\nAll partners.\n".into(),
        );
        files.push(("content/areas.yaml".into(), AREAS_YAML.to_vec()));
        for ((p, slug), _) in self.partners.iter().zip(self.partner_slugs()).zip(0..) {
            if p.bundle == Some(true) {
                files.push((format!("content/partners/{slug}/logo.svg"), LOGO.to_vec()));
            }
        }
        files
    }
}

/// Writes `files` under `root` in the given order, creating folders as they are needed, and
/// the test theme when the site uses it.
fn write_site(root: &Path, files: &[(String, Vec<u8>)], theme_min: bool) {
    for (rel, bytes) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }
    if theme_min {
        copy_dir(&fixtures().join("theme-min"), &root.join("themes/min"));
    }
}

/// Where two outputs first differ, if they do.
fn first_difference(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    let names_a: BTreeSet<&String> = a.keys().collect();
    let names_b: BTreeSet<&String> = b.keys().collect();
    if names_a != names_b {
        return Some(format!(
            "different files: only in the first {:?}, only in the second {:?}",
            names_a.difference(&names_b).collect::<Vec<_>>(),
            names_b.difference(&names_a).collect::<Vec<_>>()
        ));
    }
    for (name, x) in a {
        let y = &b[name];
        if x != y {
            let at = x
                .iter()
                .zip(y.iter())
                .position(|(p, q)| p != q)
                .unwrap_or(x.len().min(y.len()));
            let around = |v: &[u8]| {
                String::from_utf8_lossy(&v[at.saturating_sub(80)..(at + 80).min(v.len())])
                    .into_owned()
            };
            return Some(format!(
                "{name} differs at byte {at}:\n--- first\n{}\n--- second\n{}",
                around(x),
                around(y)
            ));
        }
    }
    None
}

/// A permutation of `0..n` from a seed (a small linear congruential generator is enough to
/// write files in a scrambled order).
fn scrambled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut state = seed | 1;
    for i in (1..n).rev() {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let j = (state >> 33) as usize % (i + 1);
        order.swap(i, j);
    }
    order
}

/// Builds with the `hamkor` binary (a fresh process) into `out`.
fn build_with_binary(root: &Path, out: &Path) -> Result<BTreeMap<String, Vec<u8>>, TestCaseError> {
    let run = Command::new(env!("CARGO_BIN_EXE_hamkor"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .map_err(|e| TestCaseError::fail(format!("cannot run hamkor: {e}")))?;
    if !run.status.success() {
        return Err(TestCaseError::fail(format!(
            "hamkor build failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        )));
    }
    Ok(contents(out))
}

proptest! {
    #![proptest_config(config(24))]

    /// A random site (partners, visits and programs with Unicode titles, countries, dates,
    /// references between them and Markdown bodies; test or built-in theme; one or three
    /// languages) built twice in memory gives the same files with the same bytes; so does the
    /// `hamkor` binary, in another process, building a copy of the sources in another folder
    /// whose files were written in another order.
    #[test]
    fn the_same_sources_build_to_the_same_bytes(spec in site(), seed in any::<u64>()) {
        let files = spec.files();
        let theme_min = spec.theme == "min";
        let a = tempfile::tempdir().expect("tempdir");
        write_site(a.path(), &files, theme_min);
        let first = output_files(&generate(a.path(), None)?);
        let second = output_files(&generate(a.path(), None)?);
        if let Some(diff) = first_difference(&first, &second) {
            return Err(TestCaseError::fail(format!("two builds differ: {diff}")));
        }

        let b = tempfile::tempdir().expect("tempdir");
        let root_b = b.path().join("другая папка").join("site copy");
        let scrambled_files: Vec<(String, Vec<u8>)> =
            scrambled(files.len(), seed).into_iter().map(|i| files[i].clone()).collect();
        write_site(&root_b, &scrambled_files, theme_min);
        let copy = output_files(&generate(&root_b, None)?);
        if let Some(diff) = first_difference(&first, &copy) {
            return Err(TestCaseError::fail(format!("a copy written in another order builds differently: {diff}")));
        }
        let from_binary = build_with_binary(&root_b, &b.path().join("out"))?;
        if let Some(diff) = first_difference(&first, &from_binary) {
            return Err(TestCaseError::fail(format!("the binary builds differently: {diff}")));
        }
    }
}

proptest! {
    #![proptest_config(config(16))]

    /// A random site (with pagination, aliases, bundles with logos, translations) built under
    /// a random base path: every URL of the output stays under the base path and leads to a
    /// file.
    #[test]
    fn every_url_of_a_random_site_is_under_any_base_path(
        spec in site(),
        origin in origin(),
        path in base_path(),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        write_site(dir.path(), &spec.files(), spec.theme == "min");
        let built = generate(dir.path(), Some(&format!("{origin}{path}")))?;
        let base = built.site.config.base_url.clone();
        check_site_urls(&built, &base).map_err(TestCaseError::fail)?;
    }
}
