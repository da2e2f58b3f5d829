//! The default theme's partner map, figures and logo thumbnails, read back from built pages.

use crate::common;

use common::{TestSite, attrs, texts};
use scraper::{Html, Selector};

/// The fixture with the default theme and partners placed on the map.
fn site_with_map() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    common::locate_partners(&site);
    site
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let s = Selector::parse(css).expect("selector");
    doc.select(&s).collect()
}

#[test]
fn the_map_shades_partner_countries_and_links_every_country_and_point() {
    let site = site_with_map();
    site.build_ok();
    let home = site.html("index.html");
    // Countries with partners are links, shaded by how many partners they have.
    let countries: Vec<(String, String)> =
        select(&home, "#home-map-caption ~ .map-frame a.map-country")
            .iter()
            .map(|a| {
                (
                    a.value().attr("href").unwrap_or("").to_string(),
                    a.value().attr("class").unwrap_or("").to_string(),
                )
            })
            .collect();
    assert_eq!(
        countries,
        [
            ("/partners/countries/in/", "map-country map-level-1"),
            ("/partners/countries/sk/", "map-country map-level-1"),
            ("/partners/countries/kr/", "map-country map-level-2"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string())),
        "A–Z by name: India, Slovakia, South Korea"
    );
    // Each has a shape and a name for assistive technology.
    for a in select(&home, "a.map-country") {
        assert!(a.value().attr("aria-label").is_some_and(|l| !l.is_empty()));
        assert_eq!(select(&Html::parse_fragment(&a.html()), "path").len(), 1);
    }
    // The two Seoul partners share one point, which leads to their country.
    let points: Vec<(String, String)> = select(&home, "a.map-point")
        .iter()
        .map(|a| {
            (
                a.value().attr("href").unwrap_or("").to_string(),
                a.value().attr("aria-label").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (
                "/partners/countries/kr/",
                "Partners: 2, Catholic University of Korea, Yonsei University"
            ),
            ("/partners/university-of-kosice/", "University of Košice"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    // Points sit where the projection puts them: Košice west of Seoul, both inside the map.
    let xy = |i: usize| -> (f64, f64) {
        let c = select(&home, "a.map-point circle")[i].value().clone();
        let n = |k: &str| c.attr(k).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
        (n("cx"), n("cy"))
    };
    let (seoul, kosice) = (xy(0), xy(1));
    assert!(
        kosice.0 < seoul.0 && (0.0..1000.0).contains(&kosice.0),
        "{seoul:?} {kosice:?}"
    );
    assert!(
        seoul.1 > kosice.1,
        "Seoul lies south of Košice: {seoul:?} {kosice:?}"
    );
    // The text alternative lists the same countries with the same links.
    assert_eq!(
        attrs(&home, ".map-list a", "href"),
        [
            "/partners/countries/in/",
            "/partners/countries/sk/",
            "/partners/countries/kr/"
        ]
    );
    assert_eq!(
        texts(&home, ".map-legend li"),
        ["1", "2", "A partner's location"]
    );
    // The countries page carries the same map.
    let countries_page = site.html("partners/countries/index.html");
    assert_eq!(select(&countries_page, "a.map-country").len(), 3);
}

#[test]
fn figures_come_with_captions_and_tables_of_the_same_numbers() {
    let site = site_with_map();
    site.build_ok();
    let home = site.html("index.html");
    let captions = texts(&home, ".figures figcaption");
    assert_eq!(
        captions,
        [
            "Partners per country",
            "Visits per year",
            "Joint programs by kind"
        ]
    );
    let charts = select(&home, "figure.chart");
    assert_eq!(charts.len(), 3);
    for figure in charts {
        let fragment = Html::parse_fragment(&figure.html());
        let bars = select(&fragment, "rect.chart-bar").len();
        let rows = select(&fragment, "tbody tr").len();
        assert_eq!(bars, rows, "{}", figure.html());
        // The chart is labelled by its caption.
        let svg = select(&fragment, "svg")[0].value().clone();
        let caption = select(&fragment, "figcaption")[0].value().clone();
        assert_eq!(svg.attr("aria-labelledby"), caption.attr("id"));
        assert_eq!(svg.attr("role"), Some("img"));
    }
    // Visits per year: every year from the first to the last, gaps as zero; the undated
    // visit is said to be left out.
    let table = |id: &str| -> Vec<String> {
        let heads = texts(&home, &format!("#{id} tbody th"));
        let values = texts(&home, &format!("#{id} tbody td"));
        heads
            .iter()
            .zip(&values)
            .map(|(h, v)| format!("{h} {v}"))
            .collect()
    };
    assert_eq!(
        table("visits_by_year"),
        ["2021 1", "2022 0", "2023 1", "2024 1"]
    );
    assert_eq!(
        texts(&home, "#visits_by_year .chart-note"),
        ["Visits without a date are not counted: 1."]
    );
    assert_eq!(
        table("partners_by_country"),
        ["South Korea 2", "India 1", "Slovakia 1"]
    );
    assert_eq!(
        table("programs_by_kind"),
        ["Remote lectures 1", "Training 1"]
    );
    // Bars are as long as their values say: South Korea's twice India's.
    let widths: Vec<f64> = attrs(&home, "#partners_by_country rect", "width")
        .iter()
        .map(|w| w.trim_end_matches('%').parse().unwrap_or(f64::NAN))
        .collect();
    assert_eq!(widths[0], 2.0 * widths[1], "{widths:?}");
}

#[test]
fn a_site_without_partners_has_no_map_and_no_empty_figures() {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    for f in [
        "partners/yonsei-university.md",
        "partners/catholic-university-of-korea.md",
        "partners/university-of-kosice.md",
        "partners/apollo-clinic-agra/index.md",
        "partners/apollo-clinic-agra/logo.svg",
        "partners/hidden-partner.md",
        "visits/agra-2024.md",
        "visits/hidden-visit.md",
        "visits/kosice-undated.md",
        "visits/seoul-2023.md",
        "visits/yonsei-guests-2021.md",
        "programs/remote-lectures.md",
        "programs/transplantation.md",
    ] {
        site.remove(&format!("content/{f}"));
    }
    site.write("content/_index.md", "---\ntitle: Home\n---\nNothing yet.\n");
    site.write("content/about.md", "---\ntitle: About\n---\nNothing yet.\n");
    site.build_ok();
    let home = site.html("index.html");
    assert!(select(&home, ".map, figure.chart, .figures-section").is_empty());
}

/// A PNG with a red left half and a blue right half.
fn png(w: u32, h: u32) -> Vec<u8> {
    common::png(w, h, |x, _| {
        if x < w / 2 {
            [200, 30, 30]
        } else {
            [30, 30, 200]
        }
    })
}

fn site_with_png_logo() -> TestSite {
    let site = TestSite::fixture("basic");
    site.edit("site.yaml", "theme: min", "theme: default");
    site.write(
        "content/partners/seoul-clinic/index.md",
        "---\ntitle: Seoul Clinic\nkind: hospital\ncountry: KR\nlogo: brand/logo.png\n---\nA clinic.\n",
    );
    site.write(
        "content/partners/seoul-clinic/brand/logo.png",
        png(640, 320),
    );
    site
}

#[test]
fn logos_become_cached_thumbnails_with_their_size_on_the_page() {
    let site = site_with_png_logo();
    site.build_ok();
    let page = site.html("partners/seoul-clinic/index.html");
    assert_eq!(
        attrs(&page, "img.record-logo", "src"),
        ["/partners/seoul-clinic/brand/logo.thumb.png"]
    );
    assert_eq!(attrs(&page, "img.record-logo", "width"), ["96"]);
    assert_eq!(attrs(&page, "img.record-logo", "height"), ["48"]);
    assert_eq!(
        attrs(&page, "a.record-logo-link", "href"),
        ["/partners/seoul-clinic/brand/logo.png"]
    );
    let thumb = site
        .out()
        .join("partners/seoul-clinic/brand/logo.thumb.png");
    let decoded = image::open(&thumb).expect("thumbnail decodes");
    assert_eq!((decoded.width(), decoded.height()), (192, 96));
    let rgb = decoded.to_rgb8();
    assert!(rgb.get_pixel(10, 48)[0] > 150 && rgb.get_pixel(180, 48)[2] > 150);
    // The partner's card in lists shows it too, with its size.
    let list = site.html("partners/index.html");
    assert_eq!(
        attrs(&list, ".card-logo", "src"),
        [
            "/partners/apollo-clinic-agra/logo.svg",
            "/partners/seoul-clinic/brand/logo.thumb.png"
        ]
    );
    assert_eq!(attrs(&list, ".card-logo", "width")[1], "96");
    // The SVG logo keeps its file and gets a size from its view box.
    let apollo = site.html("partners/apollo-clinic-agra/index.html");
    assert_eq!(
        attrs(&apollo, "img.record-logo", "src"),
        ["/partners/apollo-clinic-agra/logo.svg"]
    );
    assert!(!attrs(&apollo, "img.record-logo", "width")[0].is_empty());

    // The second build takes the thumbnail from the cache: the cache file is not rewritten.
    let cache = site.root().join(".hamkor-cache/thumbnails");
    let cached: Vec<_> = std::fs::read_dir(&cache)
        .expect("cache folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    let before = std::fs::metadata(&cached[0])
        .and_then(|m| m.modified())
        .expect("mtime");
    let bytes = std::fs::read(&thumb).expect("thumbnail");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let r = site.build_ok();
    assert!(r.stdout.contains("(0 changed)"), "{}", r.stdout);
    assert_eq!(
        std::fs::metadata(&cached[0])
            .and_then(|m| m.modified())
            .ok(),
        Some(before)
    );
    assert_eq!(std::fs::read(&thumb).ok(), Some(bytes));
    // What the cache holds is what the build uses: nothing is decoded or encoded again.
    let marked = common::png(192, 96, |_, _| [1, 2, 3]);
    std::fs::write(&cached[0], &marked).expect("write");
    site.build_ok();
    assert_eq!(std::fs::read(&thumb).ok(), Some(marked));

    // A new image under the same name gives a new thumbnail and size.
    site.write(
        "content/partners/seoul-clinic/brand/logo.png",
        png(300, 600),
    );
    site.build_ok();
    let page = site.html("partners/seoul-clinic/index.html");
    assert_eq!(attrs(&page, "img.record-logo", "width"), ["48"]);
    assert_eq!(attrs(&page, "img.record-logo", "height"), ["96"]);
    let decoded = image::open(&thumb).expect("thumbnail decodes");
    assert_eq!((decoded.width(), decoded.height()), (96, 192));
}

#[test]
fn a_broken_logo_is_reported_at_its_line_and_nothing_is_written() {
    let site = site_with_png_logo();
    site.build_ok();
    let before = site.snapshot();
    site.write(
        "content/partners/seoul-clinic/brand/logo.png",
        b"\x89PNG\r\n\x1a\nnot really",
    );
    let r = site.build();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "content/partners/seoul-clinic/index.md:5:7: error: logo 'brand/logo.png' is a damaged PNG file: it cannot be read as an image\n5 | logo: brand/logo.png\n  |       ^^^^^^^^^^^^^^\n  = help: export or save the image again and replace the file\nerror: 1 problem found; nothing was written\n"
    );
    assert_eq!(site.snapshot(), before);
}

#[test]
fn a_theme_can_bring_its_own_map_data_and_broken_data_is_reported() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/min/templates/index.html",
        "{% for c in page.map.countries %}<p class=\"c\">{{ c.code }} {{ c.path }} {{ c.dot }}</p>{% endfor %}",
    );
    site.write(
        "themes/min/data/world.tsv",
        "# projection\tequal-earth\t100\t500\t200\t1000\t400\n# code\tx\ty\tpath\nKR\t5\t5\tM0,0L10,0L10,10Z\nSK\t7\t7\t\n",
    );
    site.build_ok();
    let home = site.html("index.html");
    // India has no shape in this data: it is left off the map (and listed instead).
    assert_eq!(
        texts(&home, "p.c"),
        ["SK  true", "KR M0,0L10,0L10,10Z false"]
    );
    site.write("themes/min/data/world.tsv", "KR\t5\t5\n");
    let r = site.build();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "themes/min/data/world.tsv: error: the map data is broken: line 1: expected 4 tab-separated fields (code, x, y, path), found 3\nerror: 1 problem found; nothing was written\n"
    );
}
