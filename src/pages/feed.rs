//! `/feed.xml`: an Atom feed (RFC 4287) of the latest visits, newest first. An entry is
//! `updated` when its file was last committed (else on the visit's date) and `published` on
//! the visit's date.

use crate::content::model::Visit;
use crate::escape;
use crate::site::{Site, VisitId};

use super::cards::Shown;
use super::context::Context;
use super::{LangPath, Source};

/// How many visits the feed carries.
pub const FEED_SIZE: usize = 50;

/// The feed's path.
pub fn path() -> LangPath {
    LangPath::new("feed.xml".into())
}

/// The visits the feed announces: the newest ones that have a date to announce them by (their
/// own, or when their file was last committed), at most [`FEED_SIZE`].
pub fn entries(site: &Site) -> Vec<VisitId> {
    site.visits_newest
        .iter()
        .copied()
        .filter(|&v| {
            site.visits[v].data.date.is_some() || site.visits[v].source.committed.is_some()
        })
        .take(FEED_SIZE)
        .collect()
}

/// What the feed reads: the visits it announces, whole.
#[derive(Hash)]
pub struct Inputs<'a> {
    visits: Vec<Shown<'a, Visit>>,
}

/// What the feed reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        visits: entries(s)
            .into_iter()
            .map(|v| Shown::new(s, &s.visits[v], src.lang))
            .collect(),
    }
}

/// Seconds since 1970 at the start of a date's first day.
fn date_seconds(d: crate::values::Date) -> i64 {
    let (y, m, day) = d.first_day();
    let month = time::Month::try_from(m).unwrap_or(time::Month::January);
    time::Date::from_calendar_date(i32::from(y), month, day)
        .map(|d| d.midnight().assume_utc().unix_timestamp())
        .unwrap_or(0)
}

/// An RFC 3339 timestamp in UTC.
fn rfc3339(seconds: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string())
}

/// The feed.
pub fn file(i: &Inputs, cx: &Context) -> String {
    let config = cx.config;
    let lang = cx.lang;
    let base = cx.permalink(&super::home::path());
    let entries: Vec<(&Shown<Visit>, i64)> = i
        .visits
        .iter()
        .map(|v| {
            let e = v.entry;
            let updated = e
                .source
                .committed
                .or(e.data.date.map(date_seconds))
                .unwrap_or(0);
            (v, updated)
        })
        .collect();
    let updated = entries.iter().map(|(_, t)| *t).max().unwrap_or(0);
    let title = escape::attr(config.title_in(lang));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <id>{base}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}feed.xml\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}\"/>\n<author><name>{title}</name></author>\n\
         <generator>hamkor</generator>\n",
        lang = escape::attr(lang),
        base = escape::attr(&base),
        updated = rfc3339(updated),
    );
    if let Some(d) = config.description_in(lang) {
        out.push_str(&format!("<subtitle>{}</subtitle>\n", escape::attr(d)));
    }
    for (v, updated) in entries {
        let e = v.entry;
        let url = escape::attr(&cx.permalink(&super::visit::path(&e.meta.slug)));
        out.push_str(&format!(
            "<entry>\n<id>{url}</id>\n<title>{}</title>\n<updated>{}</updated>\n",
            escape::attr(&v.title()),
            rfc3339(updated)
        ));
        if let Some(d) = e.data.date {
            out.push_str(&format!(
                "<published>{}</published>\n",
                rfc3339(date_seconds(d))
            ));
        }
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        let summary = v.summary();
        if !summary.is_empty() {
            out.push_str(&format!("<summary>{}</summary>\n", escape::attr(&summary)));
        }
        out.push_str("</entry>\n");
    }
    out.push_str("</feed>\n");
    out
}
