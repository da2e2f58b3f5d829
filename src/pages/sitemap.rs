//! `/sitemap.xml` (sitemaps.org protocol): the absolute URL of every page, in a stable order.

use crate::escape;
use crate::values::{Country, Slug};

use super::context::Context;
use super::{LangPath, Source};

/// What the sitemap reads: which pages there are. Each is in every language.
#[derive(Hash)]
pub struct Inputs<'a> {
    partners: Vec<&'a Slug>,
    visits: Vec<&'a Slug>,
    programs: Vec<&'a Slug>,
    pages: Vec<&'a str>,
    countries: Vec<Country>,
    kinds: Vec<&'a Slug>,
    areas: Vec<&'a Slug>,
    visit_pages: usize,
    agreements: bool,
}

/// What the sitemap reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        partners: s.partners.iter().map(|e| &e.meta.slug).collect(),
        visits: s.visits.iter().map(|e| &e.meta.slug).collect(),
        programs: s.programs.iter().map(|e| &e.meta.slug).collect(),
        pages: s.pages.iter().map(|e| e.data.path.as_str()).collect(),
        countries: s.countries.keys().copied().collect(),
        kinds: s.kinds.iter().map(|(k, _)| k).collect(),
        areas: s.areas.iter().map(|(a, _)| a).collect(),
        visit_pages: super::visits::pages(s),
        agreements: super::agreements::has_agreements(s),
    }
}

/// The pages the sitemap lists, below a language's root: every page people can land on, not
/// redirects, the 404 page, or files that are not pages.
fn pages(i: &Inputs) -> Vec<LangPath> {
    let fixed = [
        super::home::path(),
        super::partners::path(),
        super::countries::path(),
        super::kinds::path(),
        super::areas::path(),
        super::programs::path(),
    ];
    fixed
        .into_iter()
        .chain((1..=i.visit_pages).map(super::visits::path))
        .chain(i.countries.iter().map(|c| super::country::path(*c)))
        .chain(i.kinds.iter().map(|k| super::kind::path(k)))
        .chain(i.areas.iter().map(|a| super::area::path(a)))
        .chain(i.partners.iter().map(|s| super::partner::path(s)))
        .chain(i.visits.iter().map(|s| super::visit::path(s)))
        .chain(i.programs.iter().map(|s| super::program::path(s)))
        .chain(i.pages.iter().map(|p| LangPath::new(p.to_string())))
        .chain(
            i.agreements
                .then(super::agreements::Listing::all)
                .into_iter()
                .flatten()
                .map(|l| l.path()),
        )
        .collect()
}

/// The sitemap.
pub fn file(i: &Inputs, cx: &Context) -> String {
    let config = cx.config;
    // The protocol wants URLs percent-encoded; a base path may be written in any script.
    let base = format!(
        "{}{}",
        config.base_url.origin,
        crate::url::encode_path(&config.base_url.path)
    );
    let languages = &config.languages;
    let prefixes: Vec<String> = languages.iter().map(|l| config.lang_prefix(l)).collect();
    let pages = pages(i);
    // (URL below the base, the page below its language's root)
    let mut urls: Vec<(String, &str)> = prefixes
        .iter()
        .flat_map(|p| {
            pages
                .iter()
                .map(move |u| (format!("{p}{}", u.as_str()), u.as_str()))
        })
        .collect();
    urls.sort();
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (u, below) in urls {
        out.push_str(&format!(
            "<url><loc>{}</loc>",
            escape::attr(&format!("{base}{u}"))
        ));
        // Each page's versions in the site's languages.
        if languages.len() > 1 {
            for (l, prefix) in languages.iter().zip(&prefixes) {
                let href = format!("{base}{prefix}{below}");
                out.push_str(&format!(
                    "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    escape::attr(l),
                    escape::attr(&href)
                ));
            }
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}
