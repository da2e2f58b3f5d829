//! `/calendar.ics`: the site's dates for calendar programs (iCalendar, RFC 5545).
//!
//! Visits are all-day events from their first to their last day; a visit known only to the
//! month spans that month, and one known only to the year (or not dated) is left out, as a
//! year-long event would say nothing. Each agreement with an end is a one-day event on the
//! last day it runs (the last day of the month or year for a less precise `expires:`).
//!
//! Each language has its feed (`/calendar.ics`, `/uz/calendar.ics`…) with the same events in
//! its words. UIDs are made from slugs (`visit-<slug>@<host>`,
//! `agreement-<partner>-<type>-<signed>@<host>`), so a calendar that subscribed updates an
//! event instead of adding it twice. Nothing reads the clock: an event's `DTSTAMP` is when
//! its file was last committed, else the newest date the site knows.

use crate::content::model::Visit;
use crate::values::Date;

use super::cards::{AgreementsSource, Shown};
use super::context::Context;
use super::{LangPath, Source};

/// The feed's path.
pub fn path() -> LangPath {
    LangPath::new("calendar.ics".into())
}

/// What the feed reads: the visits with a month or a day, whole, newest first; the partners
/// with agreements; and the day stamps fall back on.
#[derive(Hash)]
pub struct Inputs<'a> {
    visits: Vec<Shown<'a, Visit>>,
    partners: &'a [AgreementsSource<'a>],
    day: Option<(u16, u8, u8)>,
}

/// What the feed reads of the site.
pub fn inputs(src: Source<'_>) -> Inputs<'_> {
    let s = src.site;
    Inputs {
        visits: s
            .visits_newest
            .iter()
            .map(|&v| &s.visits[v])
            .filter(|e| e.data.date.is_some_and(|d| d.iso().len() > 4))
            .map(|e| Shown::new(s, e, src.lang))
            .collect(),
        partners: &src.cards.agreements,
        day: super::agreements::as_of(s),
    }
}

/// Escapes a TEXT value (RFC 5545, 3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            // Other control characters are not allowed in TEXT.
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no line is longer than 75 octets (RFC 5545, 3.1):
/// CRLF and a space before each continuation, never inside a UTF-8 character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            // The space of the continuation counts toward its line.
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

fn day_value((y, m, d): (u16, u8, u8)) -> String {
    format!("{y:04}{m:02}{d:02}")
}

/// The day after `day`.
fn next_day(day: (u16, u8, u8)) -> (u16, u8, u8) {
    crate::site::civil_from_days(crate::site::days_from_civil(day) + 1)
}

/// A UTC date-time for `DTSTAMP`.
fn stamp(seconds: i64) -> String {
    let (y, m, d) = crate::site::civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}{:02}{:02}Z",
        day_value((y, m, d)),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// A slug-safe form of a date for UIDs: `2019-04-12`, or `undated`.
fn uid_date(d: Option<Date>) -> String {
    d.map_or_else(|| "undated".to_string(), |d| d.iso())
}

/// The feed.
pub fn file(i: &Inputs, cx: &Context) -> String {
    let c = cx.config;
    let lang = cx.lang;
    let t = |key: &str| cx.t(key);
    let host = c
        .base_url
        .origin
        .split_once("://")
        .map_or(c.base_url.origin.as_str(), |(_, h)| h);
    let fallback_stamp = i
        .day
        .map_or(0, |day| crate::site::days_from_civil(day) * 86_400);
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//hamkor//hamkor//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", text(c.title_in(lang))),
    );
    // Visits newest first, as the site lists them.
    for v in &i.visits {
        let e = v.entry;
        let Some(start) = e.data.date else { continue };
        let end = e.data.end_date.unwrap_or(start);
        let summary = v.title();
        let description = v.summary();
        let place = [
            e.data.place.clone(),
            e.data.country.map(|c| c.name(lang).to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:visit-{}@{host}", e.meta.slug));
        line(
            &mut out,
            &format!(
                "DTSTAMP:{}",
                stamp(e.source.committed.unwrap_or(fallback_stamp))
            ),
        );
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", day_value(start.first_day())),
        );
        line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", day_value(next_day(end.last_day()))),
        );
        line(&mut out, &format!("SUMMARY:{}", text(&summary)));
        if !description.is_empty() {
            line(&mut out, &format!("DESCRIPTION:{}", text(&description)));
        }
        if !place.is_empty() {
            line(&mut out, &format!("LOCATION:{}", text(&place)));
        }
        line(
            &mut out,
            &format!("URL:{}", cx.permalink(&super::visit::path(&e.meta.slug))),
        );
        line(&mut out, "END:VEVENT");
    }
    let mut uids = std::collections::HashSet::new();
    for p in i.partners {
        let partner = p.name().title();
        for a in p.agreements() {
            let Some(expires) = a.expires else { continue };
            let kind = c
                .agreement_types
                .title(a.kind.as_str(), lang, &c.default_language);
            // Two agreements of one type signed the same day (or both undated) are told apart
            // by their order.
            let stem = format!("agreement-{}-{}-{}", p.slug(), a.kind, uid_date(a.signed));
            let mut uid = stem.clone();
            let mut n = 1;
            while !uids.insert(uid.clone()) {
                n += 1;
                uid = format!("{stem}-{n}");
            }
            let day = expires.last_day();
            let summary = t("calendar_agreement_expires")
                .replace("{type}", &kind)
                .replace("{partner}", partner);
            line(&mut out, "BEGIN:VEVENT");
            line(&mut out, &format!("UID:{uid}@{host}"));
            line(
                &mut out,
                &format!("DTSTAMP:{}", stamp(p.committed().unwrap_or(fallback_stamp))),
            );
            line(&mut out, &format!("DTSTART;VALUE=DATE:{}", day_value(day)));
            line(
                &mut out,
                &format!("DTEND;VALUE=DATE:{}", day_value(next_day(day))),
            );
            line(&mut out, &format!("SUMMARY:{}", text(&summary)));
            if let Some(title) = &a.title {
                line(&mut out, &format!("DESCRIPTION:{}", text(title)));
            }
            line(
                &mut out,
                &format!("URL:{}", cx.permalink(&super::partner::path(p.slug()))),
            );
            line(&mut out, "TRANSP:TRANSPARENT");
            line(&mut out, "END:VEVENT");
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let value = format!("SUMMARY:{}", "Ташкент, ".repeat(12));
        line(&mut out, &value);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, value);
    }

    #[test]
    fn text_escapes_what_rfc_5545_reserves() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn stamps_and_days() {
        assert_eq!(stamp(0), "19700101T000000Z");
        assert_eq!(stamp(86_400 + 3_661), "19700102T010101Z");
        assert_eq!(next_day((2024, 2, 28)), (2024, 2, 29));
        assert_eq!(next_day((2023, 12, 31)), (2024, 1, 1));
    }
}
