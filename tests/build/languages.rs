//! Sites in several languages: the default at the root, the others under /<lang>/ with the
//! same layout, every page linking to its other languages, dates, countries and UI in each.

use crate::common;

use common::{TestSite, attrs, texts};

fn site_in(langs: &str, theme_default: bool) -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "theme: min",
        &format!(
            "theme: {}\nlanguages: {langs}",
            if theme_default { "default" } else { "min" }
        ),
    );
    site.build_ok_with(&["--base-url", "https://example.org/coop/"]);
    site
}

#[test]
fn every_page_exists_in_every_language_with_the_same_layout() {
    let site = site_in("[en, ru, uz]", false);
    for page in [
        "index.html",
        "partners/index.html",
        "partners/yonsei-university/index.html",
        "visits/page/2/index.html",
        "about/index.html",
    ] {
        for prefix in ["", "ru/", "uz/"] {
            assert!(
                site.out().join(format!("{prefix}{page}")).is_file(),
                "{prefix}{page}"
            );
        }
    }
    let ru = site.html("ru/partners/index.html");
    assert_eq!(attrs(&ru, "html", "lang"), ["ru"]);
    assert_eq!(
        attrs(&ru, ".letter a", "href")[0],
        "/coop/ru/partners/apollo-clinic-agra/"
    );
    assert_eq!(
        texts(&ru, "#countries li a"),
        ["Индия", "Республика Корея", "Словакия"]
    );
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let site = site_in("[en, ru, uz]", false);
    assert_eq!(
        texts(&site.html("visits/index.html"), "#visits time"),
        ["January 2024", "12 April 2023"]
    );
    assert_eq!(
        texts(&site.html("ru/visits/index.html"), "#visits time"),
        ["январь 2024 г.", "12 апреля 2023 г."]
    );
    assert_eq!(
        texts(&site.html("uz/visits/index.html"), "#visits time"),
        ["2024-yil yanvar", "2023-yil 12-aprel"]
    );
}

#[test]
fn internal_links_stay_in_the_language() {
    let site = site_in("[en, ru]", false);
    let about = site.html("ru/about/index.html");
    assert_eq!(
        attrs(&about, "#content a", "href")[0],
        "/coop/ru/partners/yonsei-university/#history"
    );
    let yonsei = site.html("ru/partners/yonsei-university/index.html");
    assert_eq!(
        attrs(&yonsei, "#visits a", "href"),
        [
            "/coop/ru/visits/seoul-2023/",
            "/coop/ru/visits/yonsei-guests-2021/"
        ]
    );
}

#[test]
fn pages_link_to_their_translations_and_mark_untranslated_text() {
    let site = site_in("[en, ru]", true);
    let en = site.html("partners/yonsei-university/index.html");
    assert_eq!(
        attrs(&en, "link[rel=alternate][hreflang]", "href"),
        [
            "https://example.org/coop/partners/yonsei-university/",
            "https://example.org/coop/ru/partners/yonsei-university/",
            "https://example.org/coop/partners/yonsei-university/",
        ]
    );
    assert_eq!(
        attrs(&en, "link[rel=alternate][hreflang]", "hreflang"),
        ["en", "ru", "x-default"]
    );
    assert_eq!(
        attrs(&en, ".lang-switch a", "href"),
        [
            "/coop/partners/yonsei-university/",
            "/coop/ru/partners/yonsei-university/"
        ]
    );
    assert_eq!(attrs(&en, ".lang-switch a[aria-current]", "lang"), ["en"]);
    assert!(texts(&en, ".fallback-notice").is_empty());
    let ru = site.html("ru/partners/yonsei-university/index.html");
    assert_eq!(attrs(&ru, ".lang-switch a[aria-current]", "lang"), ["ru"]);
    assert_eq!(texts(&ru, ".fallback-notice").len(), 1);
    assert_eq!(
        attrs(&ru, "link[rel=canonical]", "href"),
        ["https://example.org/coop/ru/partners/yonsei-university/"]
    );
    // index pages are in the language itself: no notice
    assert!(
        texts(
            &site.html("ru/partners/countries/index.html"),
            ".fallback-notice"
        )
        .is_empty()
    );
}

#[test]
fn a_single_language_site_has_no_switcher() {
    let site = site_in("[en]", true);
    let page = site.html("partners/yonsei-university/index.html");
    assert!(attrs(&page, ".lang-switch a", "href").is_empty());
    assert!(attrs(&page, "link[hreflang]", "href").is_empty());
    assert!(!site.out().join("ru").exists());
}

fn translated_site() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "theme: min",
        "theme: default\nlanguages: [en, ru]",
    );
    site.write(
        "content/partners/yonsei-university.ru.md",
        "---\ntitle: \"Университет Ёнсе\"\nsummary: \"Преподаватели Ёнсе читали дистанционные лекции.\"\n---\n## История\n\nСотрудничество началось с [Кошице](@/partners/university-of-kosice.md).\n",
    );
    site.write(
        "content/_index.ru.md",
        "---\ntitle: \"Международное сотрудничество\"\n---\nДобро пожаловать.\n",
    );
    site
}

#[test]
fn translations_replace_the_prose_in_their_language_only() {
    let site = translated_site();
    site.build_ok_with(&["--base-url", "https://example.org/coop/"]);
    let ru = site.html("ru/partners/yonsei-university/index.html");
    assert_eq!(texts(&ru, "h1"), ["Университет Ёнсе"]);
    assert!(texts(&ru, ".fallback-notice").is_empty());
    assert!(
        attrs(&ru, "main a", "href")
            .contains(&"/coop/ru/partners/university-of-kosice/".to_string())
    );
    assert_eq!(
        attrs(&ru, "meta[name=description]", "content"),
        ["Преподаватели Ёнсе читали дистанционные лекции."]
    );
    // the original stays as it was
    assert_eq!(
        texts(&site.html("partners/yonsei-university/index.html"), "h1"),
        ["Yonsei University"]
    );
    // lists and back-references in that language use the translated name
    let visit = site.html("ru/visits/seoul-2023/index.html");
    assert!(
        texts(&visit, "main a")
            .iter()
            .any(|t| t == "Университет Ёнсе"),
        "{:?}",
        texts(&visit, "main a")
    );
    assert_eq!(
        texts(
            &site.html("ru/visits/seoul-2023/index.html"),
            ".fallback-notice"
        )
        .len(),
        1,
        "visits are not translated"
    );
    assert!(
        texts(&site.html("ru/index.html"), "h1")
            .iter()
            .any(|t| t == "Международное сотрудничество")
    );
}

#[test]
fn translations_may_not_restate_what_the_original_says() {
    let site = translated_site();
    site.write(
        "content/partners/university-of-kosice.ru.md",
        "---\ntitle: \"Университет Кошице\"\ncountry: SK\n---\nТекст.\n",
    );
    site.write(
        "content/partners/nobody.ru.md",
        "---\ntitle: \"Никто\"\n---\nТекст.\n",
    );
    site.write(
        "content/partners/catholic-university-of-korea.de.md",
        "---\ntitle: \"Katholische Universität\"\n---\n",
    );
    let r = site.build();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "content/partners/catholic-university-of-korea.de.md: error: a translation into 'de', which is not one of the site's languages\n\
         \x20 = help: add 'de' to `languages:` in site.yaml (en, ru)\n\
         content/partners/nobody.ru.md: error: this translates content/partners/nobody.md, which does not exist\n\
         \x20 = help: a translation lies beside its original: `x.md` and `x.ru.md`\n\
         content/partners/university-of-kosice.ru.md:3:10: error: 'country' comes from the original, content/partners/university-of-kosice.md\n\
         3 | country: SK\n  |          ^^\n  = help: a translation gives only `title`, `summary`, `outcomes` and the text\n\
         error: 3 problems found; nothing was written\n"
    );
}

#[test]
fn check_lists_missing_translations() {
    let site = translated_site();
    let r = site.run(&["check", "--root", ".", "--translations"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert!(
        lines.contains(&"content/partners/university-of-kosice.md: not translated into ru"),
        "{}",
        r.stdout
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("content/partners/yonsei-university.md")),
        "{}",
        r.stdout
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("content/_index.md")),
        "{}",
        r.stdout
    );
}

#[test]
fn the_a_to_z_index_follows_each_languages_alphabet() {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "theme: min",
        "theme: min\nlanguages: [en, uz, ru]",
    );
    site.write(
        "content/partners/yonsei-university.uz.md",
        "---\ntitle: \"Yonsei universiteti\"\n---\n",
    );
    site.write(
        "content/partners/catholic-university-of-korea.uz.md",
        "---\ntitle: \"Koreya katolik universiteti\"\n---\n",
    );
    site.write(
        "content/partners/university-of-kosice.uz.md",
        "---\ntitle: \"Shimoliy Koshitse universiteti\"\n---\n",
    );
    site.write(
        "content/partners/yonsei-university.ru.md",
        "---\ntitle: \"Университет Ёнсе\"\n---\n",
    );
    site.write(
        "content/partners/apollo-clinic-agra/index.ru.md",
        "---\ntitle: \"Клиника Apollo, Агра\"\n---\n",
    );
    site.build_ok();
    let uz = site.html("uz/partners/index.html");
    // Sh is a letter of its own, after z
    assert_eq!(texts(&uz, "h2"), ["A", "K", "Y", "Sh"]);
    let ru = site.html("ru/partners/index.html");
    assert_eq!(texts(&ru, "h2"), ["C", "U", "К", "У"]);
    assert_eq!(
        texts(&ru, ".letter li"),
        [
            "Catholic University of Korea",
            "University of Košice",
            "Клиника Apollo, Агра",
            "Университет Ёнсе"
        ]
    );
}

#[test]
fn the_sitemap_names_every_language_version_and_feeds_are_per_language() {
    let site = translated_site();
    site.write(
        "content/visits/seoul-2023.ru.md",
        "---\ntitle: \"Делегация в Сеул\"\n---\nДелегация посетила Ёнсе.\n",
    );
    site.build_ok_with(&["--base-url", "https://example.org/coop/"]);
    let text = std::fs::read_to_string(site.out().join("sitemap.xml")).expect("sitemap");
    let doc = roxmltree::Document::parse(&text).expect("XML");
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|n| {
            n.children().any(|c| {
                c.has_tag_name("loc")
                    && c.text() == Some("https://example.org/coop/ru/partners/yonsei-university/")
            })
        })
        .expect("the Russian page is listed");
    let alternates: Vec<(&str, &str)> = url
        .children()
        .filter(|c| c.has_tag_name(("http://www.w3.org/1999/xhtml", "link")))
        .map(|c| {
            (
                c.attribute("hreflang").unwrap_or(""),
                c.attribute("href").unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        alternates,
        [
            ("en", "https://example.org/coop/partners/yonsei-university/"),
            (
                "ru",
                "https://example.org/coop/ru/partners/yonsei-university/"
            )
        ]
    );
    let feed = std::fs::read_to_string(site.out().join("ru/feed.xml")).expect("feed");
    let doc = roxmltree::Document::parse(&feed).expect("XML");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.w3.org/2005/Atom", "title")))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"Делегация в Сеул"), "{titles:?}");
    let link = doc.descendants().find(|n| {
        n.has_tag_name(("http://www.w3.org/2005/Atom", "link"))
            && n.attribute("rel") == Some("self")
    });
    assert_eq!(
        link.and_then(|n| n.attribute("href")),
        Some("https://example.org/coop/ru/feed.xml")
    );
}

/// Where `src`, written on the page at `page` (an absolute path ending in `/`), leads, as a
/// browser resolves it: an absolute path with dot segments removed.
fn resolve_like_a_browser(page: &str, src: &str) -> String {
    let joined = if src.starts_with('/') {
        src.to_string()
    } else {
        format!("{page}{src}")
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split('/').skip(1) {
        match seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

#[test]
fn translations_of_a_bundle_show_its_files_under_a_sub_path() {
    let site = TestSite::fixture("basic");
    site.edit(
        "site.yaml",
        "theme: min",
        "theme: default\nlanguages: [en, ru, uz]",
    );
    site.edit(
        "content/partners/apollo-clinic-agra/index.md",
        "The Agra branch of Apollo Clinic.",
        "The Agra branch of Apollo Clinic.\n\n![Logo](logo.svg)",
    );
    site.write(
        "content/partners/apollo-clinic-agra/index.ru.md",
        "---\ntitle: Клиника Apollo, Агра\n---\n![Логотип](./logo.svg)\n\n<p><img src=\"logo.svg\" alt=\"\"></p>\n",
    );
    site.build_ok_with(&["--base-url", "https://example.org/coop/"]);
    // Russian has a translation; Uzbek shows the English text. Each page shows the logo too.
    for (page, count) in [
        ("/coop/ru/partners/apollo-clinic-agra/", 3),
        ("/coop/uz/partners/apollo-clinic-agra/", 2),
        ("/coop/partners/apollo-clinic-agra/", 2),
    ] {
        let file = format!("{}index.html", page.trim_start_matches("/coop/"));
        let srcs: Vec<String> = attrs(&site.html(&file), "main img", "src")
            .into_iter()
            .filter(|s| s.ends_with("logo.svg"))
            .collect();
        assert_eq!(srcs.len(), count, "{file}: {srcs:?}");
        for src in srcs {
            let at = resolve_like_a_browser(page, &src);
            let rel = at.strip_prefix("/coop/").unwrap_or(&at);
            assert!(
                site.out().join(rel).is_file(),
                "{file}: img src {src} leads to {at}, which is not published"
            );
        }
    }
}
