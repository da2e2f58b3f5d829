//! No page is wider than a phone's screen: every page of the bundled site and of a
//! 100-partner site, in English, Uzbek and Russian, is opened in headless Chromium at
//! 360 × 800 CSS pixels, and `document.documentElement.scrollWidth` must not exceed
//! `window.innerWidth` (a wider page scrolls sideways into blank space). Nor may a page break
//! a word in the middle that would fit on a line ("Mamlakatl|ar" in a tile on the home page).
//!
//! The 100-partner site is written here, in the shape of the benchmark corpus (100 partners,
//! 200 visits, 25 programs), with Uzbek and Russian translations of every entry, so the test
//! needs nothing outside the repository. Every page is opened, none sampled. Needs Chromium
//! with chromedriver (see tests/common/browser.rs).

use crate::common;

use std::path::{Path, PathBuf};

use common::browser::{self, Browser};
use common::static_server::StaticServer;

const WIDTH: u32 = 360;
const HEIGHT: u32 = 800;

/// Every page of a built site, as URL paths (`/partners/x/`), in a stable order.
fn pages(public: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .filter_map(|e| {
            let rel = e.path().parent()?.strip_prefix(public).ok()?;
            let rel = common::slashed(rel.to_string_lossy().into_owned());
            Some(if rel.is_empty() {
                "/".to_string()
            } else {
                format!("/{rel}/")
            })
        })
        .collect();
    out.sort();
    out
}

/// Lays out every page of `public` at the phone's width and returns how many there were, the
/// widest page's width and the pages that do not fit: wider than their viewport, as
/// "URL: scrollWidth px", or breaking words inside (see [`SPLIT_WORDS`]).
///
/// Pages are loaded six at a time, each in an iframe exactly as wide as the phone: an iframe
/// is a viewport of its own (its media queries and `innerWidth` are the iframe's), and loading
/// in parallel keeps some 1,500 pages within a minute, where opening them one by one in the
/// window took minutes. (On the theme before the fix, both ways found the same 11 pages of the
/// bundled site too wide, by the same widths.)
fn measure(browser: &Browser, public: &Path) -> (usize, u64, Vec<String>) {
    let server = StaticServer::start(public);
    let pages = pages(public);
    assert!(!pages.is_empty(), "no pages in {}", public.display());
    browser.open(&server.url("/"));
    let mut widest = 0;
    let mut offenders = Vec::new();
    // A batch well inside WebDriver's 30-second script timeout: beside the other browser tests
    // on two cores, a batch of 120 pages once ran past it.
    for batch in pages.chunks(40) {
        let script = format!(
            r#"const done = arguments[arguments.length - 1];
            const urls = {urls};
            const out = [];
            let next = 0;
            document.body.replaceChildren();
            function run() {{
              if (next >= urls.length) return;
              const url = urls[next++];
              const frame = document.createElement('iframe');
              frame.style.cssText = 'width:{WIDTH}px;height:{HEIGHT}px;border:0;display:block';
              frame.onload = () => {{
                const root = frame.contentDocument.documentElement;
                out.push([url, root.scrollWidth, frame.contentWindow.innerWidth, splitWords(frame.contentDocument)]);
                frame.remove();
                if (out.length === urls.length) done(out); else run();
              }};
              frame.src = url;
              document.body.append(frame);
            }}
            for (let i = 0; i < 6; i++) run();
            {SPLIT_WORDS}"#,
            urls = serde_json::to_string(batch).expect("JSON of URLs"),
        );
        let got = browser.eval_async(&script);
        let rows = got.as_array().cloned().unwrap_or_default();
        assert_eq!(
            rows.len(),
            batch.len(),
            "not every page was measured: {got}"
        );
        for row in rows {
            let (Some(url), Some(scroll), Some(inner)) =
                (row[0].as_str(), row[1].as_u64(), row[2].as_u64())
            else {
                panic!("cannot read the measurement {row}");
            };
            assert_eq!(
                inner,
                u64::from(WIDTH),
                "{url}: the viewport is not {WIDTH} px"
            );
            widest = widest.max(scroll);
            if scroll > inner {
                offenders.push(format!("{url}: {scroll} px"));
            }
            let split: Vec<&str> = row[3]
                .as_array()
                .map(|words| words.iter().filter_map(|w| w.as_str()).collect())
                .unwrap_or_default();
            if !split.is_empty() {
                offenders.push(format!("{url}: words broken inside: {}", split.join(", ")));
            }
        }
    }
    offenders.sort();
    (pages.len(), widest, offenders)
}

/// A function `splitWords(doc)` listing the words a page breaks across two lines although
/// they would fit on one line of the screen ("Mamlakatl|ar" in a tile too narrow for it), as
/// "word (in tag.class)". A break inside a word is found from the word's range: its boxes lie
/// on more than one line. A word wider than the screen's line cannot fit anywhere and may be
/// split (at a syllable, where the language's hyphenation knows one); such words, and text
/// clipped to a pixel for screen readers, are not counted: the layout must give every other
/// word a box it fits in.
const SPLIT_WORDS: &str = r#"
function splitWords(doc) {
  const out = [];
  const win = doc.defaultView;
  const clipped = el => {
    for (let e = el; e; e = e.parentElement) {
      const cs = win.getComputedStyle(e);
      if (cs.clip !== 'auto' || cs.clipPath !== 'none') return true;
      if (cs.overflowX !== 'visible' && e.clientWidth <= 1 && cs.display !== 'inline') return true;
    }
    return false;
  };
  const seg = new Intl.Segmenter(doc.documentElement.lang || 'en', { granularity: 'word' });
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  const range = doc.createRange();
  // A line of the screen, less the page's gutters.
  const room = doc.documentElement.clientWidth - 32;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.data.trim() || el.closest('script, style, svg, noscript')) continue;
    for (const s of seg.segment(n.data)) {
      if (!s.isWordLike || s.segment.length < 2) continue;
      range.setStart(n, s.index);
      range.setEnd(n, s.index + s.segment.length);
      const rects = [...range.getClientRects()].filter(r => r.width > 0);
      if (new Set(rects.map(r => Math.round(r.top))).size < 2) continue;
      const width = rects.reduce((sum, r) => sum + r.width, 0);
      if (width <= room && !clipped(el)) {
        const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
        out.push(s.segment + ' (in ' + el.tagName.toLowerCase() + cls + ')');
      }
    }
  }
  return out;
}
"#;

/// The failure text for a site, if any page is too wide.
fn report(name: &str, public: &Path, browser: &Browser) -> Option<String> {
    let (count, widest, offenders) = measure(browser, public);
    eprintln!("{name}: {count} pages at {WIDTH} px, widest {widest} px");
    (!offenders.is_empty()).then(|| {
        format!(
            "{name}: {} of {count} pages do not fit the {WIDTH} px screen:\n{}",
            offenders.len(),
            offenders.join("\n")
        )
    })
}

#[test]
fn no_page_of_the_bundled_site_or_of_100_partners_is_wider_than_a_phone_or_breaks_words() {
    let Some((chromium, driver)) = browser::require("phones") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let bundled = dir.path().join("bundled");
    common::build_bundled_site(&bundled, &[]);
    let corpus = dir.path().join("corpus");
    write_corpus(&corpus, 100);
    common::build_site(&corpus, &[]);

    let browser = Browser::start(&chromium, &driver);
    let failures: Vec<String> = [
        ("bundled site", bundled),
        ("100 partners", corpus.join("public")),
    ]
    .iter()
    .filter_map(|(name, public)| report(name, public, &browser))
    .collect();
    assert!(
        failures.is_empty(),
        "{}",
        failures.join(
            "

"
        )
    );
}

const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("KR", "Seoul", "Сеул", "Seul"),
    ("DE", "Heidelberg", "Гейдельберг", "Geydelberg"),
    ("RU", "Novosibirsk", "Новосибирск", "Novosibirsk"),
    ("IN", "Agra", "Агра", "Agra"),
    ("TR", "Istanbul", "Стамбул", "Istanbul"),
    ("KZ", "Almaty", "Алматы", "Almati"),
    ("SK", "Košice", "Кошице", "Koshitse"),
    ("JP", "Osaka", "Осака", "Osaka"),
    ("CN", "Shenzhen", "Шэньчжэнь", "Shenchjen"),
    ("AE", "Abu Dhabi", "Абу-Даби", "Abu-Dabi"),
    ("FR", "Strasbourg", "Страсбург", "Strasburg"),
    ("US", "Rochester", "Рочестер", "Rochester"),
];

const KINDS: &[(&str, &str, &str, &str)] = &[
    (
        "university",
        "University of Medical Sciences",
        "Университет медицинских наук",
        "Tibbiyot fanlari universiteti",
    ),
    (
        "research-center",
        "Interdisciplinary Research Centre for Oncohematology",
        "Междисциплинарный научно-исследовательский центр онкогематологии",
        "Onkogematologiya boʻyicha fanlararo ilmiy-tadqiqot markazi",
    ),
    (
        "hospital",
        "Children's Clinical Hospital",
        "Детская клиническая больница",
        "Bolalar klinik shifoxonasi",
    ),
    (
        "foundation",
        "Foundation for Health Cooperation",
        "Фонд сотрудничества в области здравоохранения",
        "Sogʻliqni saqlash sohasida hamkorlik jamgʻarmasi",
    ),
    (
        "company",
        "Diagnostics and Medical Technologies",
        "Диагностика и медицинские технологии",
        "Diagnostika va tibbiy texnologiyalar",
    ),
    (
        "government",
        "Ministry of Healthcare Department of International Relations",
        "Департамент международных отношений Министерства здравоохранения",
        "Sogʻliqni saqlash vazirligining xalqaro aloqalar departamenti",
    ),
    (
        "association",
        "Association of Oncologists and Radiotherapists",
        "Ассоциация онкологов и радиотерапевтов",
        "Onkologlar va radioterapevtlar assotsiatsiyasi",
    ),
];

const AREAS: &[&str] = &[
    "oncology",
    "cardiology",
    "pediatrics",
    "surgery",
    "public-health",
    "medical-education",
];

const PROGRAM_KINDS: &[&str] = &[
    "joint-education",
    "academic-mobility",
    "remote-lectures",
    "training",
    "research",
    "exchange",
];

/// Writes a site of `n` partners, `2n` visits and `n/4` programs in three languages, with the
/// default theme, into `root`.
fn write_corpus(root: &Path, n: usize) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&repo.join("themes/default"), &root.join("themes/default"));
    let write = |rel: &str, text: &str| {
        let p: PathBuf = root.join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    };
    write(
        "site.yaml",
        "title:\n  en: Andijan State Medical Institute — International Cooperation\n  \
         uz: Andijon davlat tibbiyot instituti — Xalqaro hamkorlik\n  \
         ru: Андижанский государственный медицинский институт — Международное сотрудничество\n\
         base_url: https://example.org/\nlanguages: [en, uz, ru]\ndefault_language: en\n\
         theme: default\npage_size: 20\nlatest_visits: 5\nsearch: true\nareas: content/areas.yaml\n",
    );
    write(
        "content/areas.yaml",
        "oncology: {en: Oncology, uz: Onkologiya, ru: Онкология}\n\
         cardiology: {en: Cardiology, uz: Kardiologiya, ru: Кардиология}\n\
         pediatrics: {en: Pediatrics, uz: Pediatriya, ru: Педиатрия}\n\
         surgery: {en: Surgery, uz: Jarrohlik, ru: Хирургия}\n\
         public-health: {en: Public health, uz: Jamoat salomatligi, ru: Общественное здравоохранение}\n\
         medical-education: {en: Medical education, uz: Tibbiy taʼlim, ru: Медицинское образование}\n",
    );
    for (lang, title) in [
        ("en", "International cooperation"),
        ("uz", "Xalqaro hamkorlik"),
        ("ru", "Международное сотрудничество"),
    ] {
        let suffix = if lang == "en" {
            String::new()
        } else {
            format!(".{lang}")
        };
        write(
            &format!("content/_index{suffix}.md"),
            &format!("---\ntitle: {title}\n---\nPartners, visits and programs.\n"),
        );
        for section in ["partners", "visits", "programs"] {
            write(
                &format!("content/{section}/_index{suffix}.md"),
                &format!("---\ntitle: {section}\n---\n"),
            );
        }
    }
    let mut slugs = Vec::new();
    for i in 0..n {
        let (country, city, city_ru, city_uz) = COUNTRIES[i % COUNTRIES.len()];
        let (kind, name, name_ru, name_uz) = KINDS[i % KINDS.len()];
        let slug = format!(
            "{}-{}-{i}",
            city.to_lowercase().replace([' ', 'š'], "-"),
            kind
        );
        let areas = [AREAS[i % AREAS.len()], AREAS[(i + 2) % AREAS.len()]];
        let year = 2010 + i % 14;
        write(
            &format!("content/partners/{slug}.md"),
            &format!(
                "---\ntitle: \"{city} {name} No. {i}\"\nkind: {kind}\ncountry: {country}\ncity: \"{city}\"\n\
                 website: \"https://www.partner-{i}.example.org/\"\nsince: {year}-0{}\nstatus: active\n\
                 areas: [{}, {}]\nagreements:\n  - {{type: memorandum, title: \"Memorandum of understanding\", signed: {year}-03-12}}\n\
                 summary: \"Joint work of {city} in {} and {}.\"\n---\n\
                 Remote lectures, residents' internships and joint clinical research since {year}.\n",
                1 + i % 9,
                areas[0],
                areas[1],
                areas[0],
                areas[1],
            ),
        );
        write(
            &format!("content/partners/{slug}.ru.md"),
            &format!(
                "---\ntitle: \"{city_ru}: {name_ru} № {i}\"\nsummary: \"Совместная работа, {city_ru}.\"\n---\n\
                 Дистанционные лекции, стажировки ординаторов и совместные клинические исследования.\n"
            ),
        );
        write(
            &format!("content/partners/{slug}.uz.md"),
            &format!(
                "---\ntitle: \"{city_uz}: {name_uz} № {i}\"\nsummary: \"Hamkorlik, {city_uz}.\"\n---\n\
                 Masofaviy maʼruzalar, ordinatorlar amaliyoti va qoʻshma klinik tadqiqotlar.\n"
            ),
        );
        slugs.push((slug, country, city));
    }
    for v in 0..2 * n {
        let (slug, country, city) = &slugs[v % n];
        let (other, ..) = &slugs[(v * 7 + 3) % n];
        let year = 2012 + v % 13;
        let direction = if v % 2 == 0 { "incoming" } else { "outgoing" };
        let name = format!("visit-{year}-{v}");
        write(
            &format!("content/visits/{name}.md"),
            &format!(
                "---\ntitle: \"Delegation visit, {city}, {year} (No. {v})\"\ndate: {year}-0{}-1{}\n\
                 direction: {direction}\nplace: \"{city}\"\ncountry: {country}\npartners: [{slug}, {other}]\n\
                 delegation: [\"Prof. Gulnora Xoʻjayeva\", \"Dr. Sergey Kuznetsov\"]\n\
                 outcomes: [\"Memorandum of understanding signed\", \"Student exchange quota set to 10 per year\"]\n\
                 areas: [{}]\n---\nThe delegation visited the clinics and the simulation centre.\n",
                1 + v % 9,
                v % 10,
                AREAS[v % AREAS.len()],
            ),
        );
        write(
            &format!("content/visits/{name}.ru.md"),
            &format!(
                "---\ntitle: \"Визит делегации, {year} (№ {v})\"\noutcomes: [\"Подписан меморандум о взаимопонимании\", \"Квота обмена студентами — 10 в год\"]\n---\nДелегация посетила клиники.\n"
            ),
        );
        write(
            &format!("content/visits/{name}.uz.md"),
            &format!(
                "---\ntitle: \"Delegatsiya tashrifi, {year} (№ {v})\"\noutcomes: [\"Oʻzaro anglashuv memorandumi imzolandi\", \"Talabalar almashinuvi kvotasi — yiliga 10\"]\n---\nDelegatsiya klinikalarga tashrif buyurdi.\n"
            ),
        );
    }
    for p in 0..n / 4 {
        let (slug, _, city) = &slugs[(p * 3) % n];
        let kind = PROGRAM_KINDS[p % PROGRAM_KINDS.len()];
        let year = 2015 + p % 10;
        write(
            &format!("content/programs/program-{p}.md"),
            &format!(
                "---\ntitle: \"{} program with {city} (No. {p})\"\nkind: {kind}\npartners: [{slug}]\n\
                 start: {year}-09\nend: {}-06\nparticipants: {}\nareas: [{}]\n---\nLectures and internships.\n",
                kind.replace('-', " "),
                year + 1,
                10 + p,
                AREAS[p % AREAS.len()],
            ),
        );
        write(
            &format!("content/programs/program-{p}.ru.md"),
            &format!(
                "---\ntitle: \"Программа академической мобильности № {p}\"\n---\nЛекции и стажировки.\n"
            ),
        );
        write(
            &format!("content/programs/program-{p}.uz.md"),
            &format!(
                "---\ntitle: \"Akademik mobillik dasturi № {p}\"\n---\nMaʼruzalar va amaliyotlar.\n"
            ),
        );
    }
}
