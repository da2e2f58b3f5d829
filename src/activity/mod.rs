//! `hamkor report`: the activity of a period (a quarter, or any range of days) as tables of
//! visits, agreements, programs and totals, written as a spreadsheet ([`xlsx`]), a CSV table
//! ([`csv`]) or a printable page ([`html`]), for the reports an international office sends
//! to its ministry.
//!
//! Everything is read from the linked [`Site`]: its newest-first orders, its country and kind
//! facets, its translations and vocabularies, so a report counts what the site shows. The
//! tables are built once, here, as typed cells; the three writers only lay them out.
//!
//! A date stands for every day it can mean: `2024-03` for 1 to 31 March, `2024` for the whole
//! year. An entry is in a period when those days meet the period's days (see
//! [`Period::meets`]), so a visit dated `2024` is in each quarter of 2024. docs/report.md says
//! the rules for each table.

pub mod csv;
pub mod html;
pub mod xlsx;

use std::collections::BTreeSet;

use crate::content::model::{Direction, Section};
use crate::site::{PartnerId, Site, record_url};
use crate::values::Date;

/// A day as (year, month, day), as [`Date::first_day`] gives it.
pub type Day = (u16, u8, u8);

/// The days a report covers, both ends included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub first: Day,
    /// The last day.
    pub last: Day,
    /// How the period was given: `2024Q1`, or `2024-01-01 – 2024-03-31`.
    pub label: String,
}

impl Period {
    /// A quarter written `YYYYQn` (`2024Q1`; `q` is accepted too).
    pub fn quarter(text: &str) -> Result<Period, String> {
        let bad = || format!("'{text}' is not a quarter: write YYYYQ1 to YYYYQ4, e.g. 2024Q1");
        let (year, q) = text
            .split_once(['Q', 'q'])
            .filter(|(y, q)| y.len() == 4 && q.len() == 1)
            .ok_or_else(bad)?;
        let year = Date::parse(year).map_err(|_| bad())?.year();
        let q: u8 = match q {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            "4" => 4,
            _ => return Err(bad()),
        };
        let last_month = q * 3;
        let last = Date::parse(&format!("{year:04}-{last_month:02}"))
            .map_err(|_| bad())?
            .last_day();
        Ok(Period {
            first: (year, last_month - 2, 1),
            last,
            label: format!("{year:04}Q{q}"),
        })
    }

    /// The days from `from` to `to`, both whole dates (`YYYY-MM-DD`) with `from` not after `to`.
    pub fn between(from: Day, to: Day) -> Result<Period, String> {
        if from > to {
            return Err(format!(
                "the period ends before it begins: --from {} is after --to {}",
                iso(from),
                iso(to)
            ));
        }
        Ok(Period {
            first: from,
            last: to,
            label: format!("{} – {}", iso(from), iso(to)),
        })
    }

    /// Whether the days from `first` to `last` meet the period.
    pub fn meets(&self, first: Day, last: Day) -> bool {
        first <= self.last && last >= self.first
    }

    /// Whether `date`, standing for all the days it can mean, meets the period.
    pub fn has(&self, date: Date) -> bool {
        self.meets(date.first_day(), date.last_day())
    }
}

/// A whole date, `YYYY-MM-DD`, for `--from` and `--to`.
pub fn parse_day(text: &str) -> Result<Day, String> {
    let date = Date::parse(text)?;
    if date.iso().len() != 10 {
        return Err(format!(
            "'{text}' is not a whole date: write YYYY-MM-DD, e.g. 2024-01-01"
        ));
    }
    Ok(date.first_day())
}

fn iso((y, m, d): Day) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// One cell of a table, typed so that a spreadsheet can compute with it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A date at the precision it was written.
    Date(Date),
    /// A whole number.
    Count(u64),
    /// An absolute URL.
    Link(String),
    /// Nothing known.
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn date(d: Option<Date>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    /// The cell as plain text: dates in ISO form at their precision.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(s) | Cell::Link(s) => s.clone(),
            Cell::Date(d) => d.iso(),
            Cell::Count(n) => n.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// Which table: also the name `--table` takes for CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableName {
    /// Visits in the period.
    Visits,
    /// Agreements signed or expiring in the period.
    Agreements,
    /// Programs active in the period.
    Programs,
    /// Visits and partners per country.
    Countries,
    /// Partners and visits per partner kind.
    Kinds,
    /// The period's totals.
    Totals,
}

impl TableName {
    /// Every table, in the order reports show them.
    pub const ALL: [TableName; 6] = [
        TableName::Visits,
        TableName::Agreements,
        TableName::Programs,
        TableName::Countries,
        TableName::Kinds,
        TableName::Totals,
    ];

    /// The table's name in English, as `--table` takes it.
    pub fn as_str(&self) -> &'static str {
        match self {
            TableName::Visits => "visits",
            TableName::Agreements => "agreements",
            TableName::Programs => "programs",
            TableName::Countries => "countries",
            TableName::Kinds => "kinds",
            TableName::Totals => "totals",
        }
    }
}

/// A column: its heading and its width in a spreadsheet, in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The heading, in the report's language.
    pub heading: String,
    /// Width in characters.
    pub width: f64,
}

/// One table of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Which table.
    pub name: TableName,
    /// Its title in the report's language: the sheet's name and the HTML caption.
    pub title: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The table named `name`.
    pub fn named(tables: &[Table], name: TableName) -> Option<&Table> {
        tables.iter().find(|t| t.name == name)
    }
}

/// A report, ready to be written.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The report's title, with the site's title.
    pub title: String,
    /// The site's title in the report's language.
    pub site: String,
    /// The period.
    pub period: Period,
    /// "Period" in the report's language.
    pub period_heading: String,
    /// What an empty table says.
    pub none: String,
    /// The language of headings, names and titles.
    pub lang: String,
    /// The tables, in [`TableName::ALL`] order.
    pub tables: Vec<Table>,
}

/// The languages reports have headings in.
pub const LANGUAGES: [&str; 3] = ["en", "uz", "ru"];

/// A heading or word of the report in `lang` (English for a language without its own).
fn word(lang: &str, key: &str) -> &'static str {
    let [en, uz, ru] = match key {
        "report" => [
            "Report on international cooperation",
            "Xalqaro hamkorlik hisoboti",
            "Отчёт о международном сотрудничестве",
        ],
        "period" => ["Period", "Davr", "Период"],
        "none" => [
            "None in this period.",
            "Bu davrda yoʻq.",
            "В этом периоде нет.",
        ],
        "visits" => ["Visits", "Tashriflar", "Визиты"],
        "agreements" => ["Agreements", "Kelishuvlar", "Соглашения"],
        "programs" => ["Programs", "Dasturlar", "Программы"],
        "countries" => ["Countries", "Mamlakatlar", "Страны"],
        "kinds" => ["Partner kinds", "Hamkor turlari", "Типы партнёров"],
        "totals" => ["Totals", "Jami", "Итоги"],
        "date" => ["Date", "Sana", "Дата"],
        "end_date" => ["End date", "Tugash sanasi", "Дата окончания"],
        "title" => ["Title", "Nomi", "Название"],
        "direction" => ["Direction", "Yoʻnalish", "Направление"],
        "partners" => ["Partners", "Hamkorlar", "Партнёры"],
        "partner_countries" => [
            "Partner countries",
            "Hamkor mamlakatlari",
            "Страны партнёров",
        ],
        "held_in" => ["Country of the visit", "Tashrif mamlakati", "Страна визита"],
        "place" => ["Place", "Joy", "Место"],
        "delegation" => ["Delegation", "Delegatsiya", "Делегация"],
        "link" => ["Link", "Havola", "Ссылка"],
        "partner" => ["Partner", "Hamkor", "Партнёр"],
        "country" => ["Country", "Mamlakat", "Страна"],
        "type" => ["Type", "Turi", "Тип"],
        "document" => ["Document", "Hujjat", "Документ"],
        "signed" => ["Signed", "Imzolangan", "Подписано"],
        "expires" => ["Expires", "Amal qilish muddati", "Истекает"],
        "in_period" => ["In the period", "Davr ichida", "В периоде"],
        "event_signed" => ["signed", "imzolangan", "подписано"],
        "event_expires" => ["expires", "muddati tugaydi", "истекает"],
        "kind" => ["Kind", "Turi", "Вид"],
        "start" => ["Start", "Boshlanishi", "Начало"],
        "end" => ["End", "Tugashi", "Окончание"],
        "participants" => ["Participants", "Ishtirokchilar", "Участники"],
        "partner_kind" => ["Partner kind", "Hamkor turi", "Тип партнёра"],
        "measure" => ["Measure", "Koʻrsatkich", "Показатель"],
        "count" => ["Count", "Soni", "Количество"],
        "incoming" => ["incoming", "kiruvchi", "входящий"],
        "outgoing" => ["outgoing", "chiquvchi", "исходящий"],
        "total_incoming" => ["Incoming visits", "Kiruvchi tashriflar", "Входящие визиты"],
        "total_outgoing" => [
            "Outgoing visits",
            "Chiquvchi tashriflar",
            "Исходящие визиты",
        ],
        "total_signed" => [
            "Agreements signed",
            "Imzolangan kelishuvlar",
            "Подписанные соглашения",
        ],
        "total_expiring" => [
            "Agreements expiring",
            "Muddati tugaydigan kelishuvlar",
            "Истекающие соглашения",
        ],
        "total_programs" => ["Active programs", "Faol dasturlar", "Действующие программы"],
        "total_partners" => [
            "Partners involved",
            "Ishtirok etgan hamkorlar",
            "Партнёры-участники",
        ],
        "total_countries" => [
            "Partner countries",
            "Hamkor mamlakatlari",
            "Страны партнёров",
        ],
        _ => [""; 3],
    };
    match lang {
        "uz" => uz,
        "ru" => ru,
        _ => en,
    }
}

/// Builds the report of `period` in `lang` (one of the site's languages) from the site.
pub fn build(site: &Site, period: &Period, lang: &str) -> Report {
    let w = |key: &str| word(lang, key).to_string();
    let col = |key: &str, width: f64| Column {
        heading: w(key),
        width,
    };
    let config = &site.config;
    let default = config.default_language.as_str();
    // Titles in the report's language: the translation's where there is one, as pages show.
    let title_of = |content_path: &str, own: &str| -> String {
        if lang == default {
            return own.to_string();
        }
        site.translation(content_path, lang)
            .and_then(|t| t.data.title.clone())
            .unwrap_or_else(|| own.to_string())
    };
    let partner_title = |p: PartnerId| {
        let e = &site.partners[p];
        title_of(&e.source.content_path, &e.meta.title)
    };
    let link = |section: Section, slug: &crate::values::Slug| {
        format!(
            "{}{}{}",
            config.base_url.full(),
            config.lang_prefix(lang),
            record_url(section, slug)
        )
    };
    let join = |items: Vec<String>| items.join("; ");
    let countries_of = |ids: &[PartnerId]| {
        let mut seen = BTreeSet::new();
        let mut names = Vec::new();
        for &p in ids {
            let c = site.partners[p].data.country;
            if seen.insert(c) {
                names.push(c.name(lang).to_string());
            }
        }
        join(names)
    };
    let mut involved: BTreeSet<PartnerId> = BTreeSet::new();

    // Visits: the site's newest-first order, those whose days meet the period. An undated
    // visit cannot be placed in any period.
    let visits: Vec<usize> = site
        .visits_newest
        .iter()
        .copied()
        .filter(|&v| {
            let d = &site.visits[v].data;
            d.date.is_some_and(|start| {
                let end = d.end_date.unwrap_or(start);
                period.meets(start.first_day(), end.last_day().max(start.last_day()))
            })
        })
        .collect();
    let visit_set: BTreeSet<usize> = visits.iter().copied().collect();
    let mut incoming = 0;
    let mut rows = Vec::new();
    for &v in &visits {
        let e = &site.visits[v];
        let d = &e.data;
        let partners = &site.visit_partners[v];
        involved.extend(partners.iter().copied());
        if d.direction == Direction::Incoming {
            incoming += 1;
        }
        rows.push(vec![
            Cell::date(d.date),
            Cell::date(d.end_date),
            Cell::text(title_of(&e.source.content_path, &e.meta.title)),
            Cell::text(w(d.direction.as_str())),
            Cell::text(join(partners.iter().map(|&p| partner_title(p)).collect())),
            Cell::text(countries_of(partners)),
            Cell::text(
                d.country
                    .map(|c| c.name(lang).to_string())
                    .unwrap_or_default(),
            ),
            Cell::text(d.place.clone().unwrap_or_default()),
            Cell::text(join(d.delegation.clone())),
            Cell::Link(link(Section::Visits, &e.meta.slug)),
        ]);
    }
    let visits_table = Table {
        name: TableName::Visits,
        title: w("visits"),
        columns: vec![
            col("date", 12.0),
            col("end_date", 12.0),
            col("title", 40.0),
            col("direction", 12.0),
            col("partners", 40.0),
            col("partner_countries", 20.0),
            col("held_in", 18.0),
            col("place", 20.0),
            col("delegation", 30.0),
            col("link", 40.0),
        ],
        rows,
    };

    // Agreements: partners A–Z, each partner's agreements in the order written; one row for
    // each agreement signed or expiring in the period.
    let (mut signed, mut expiring) = (0, 0);
    let mut rows = Vec::new();
    for &p in &site.partners_az {
        let partner = &site.partners[p];
        for a in &partner.data.agreements {
            let was_signed = a.signed.is_some_and(|d| period.has(d));
            let expires = a.expires.is_some_and(|d| period.has(d));
            if !was_signed && !expires {
                continue;
            }
            involved.insert(p);
            signed += usize::from(was_signed);
            expiring += usize::from(expires);
            let events: Vec<String> = [(was_signed, "event_signed"), (expires, "event_expires")]
                .into_iter()
                .filter(|(on, _)| *on)
                .map(|(_, key)| w(key))
                .collect();
            rows.push(vec![
                Cell::text(partner_title(p)),
                Cell::text(partner.data.country.name(lang)),
                Cell::text(config.agreement_types.title(a.kind.as_str(), lang, default)),
                Cell::text(a.title.clone().unwrap_or_default()),
                Cell::date(a.signed),
                Cell::date(a.expires),
                Cell::text(events.join(", ")),
                Cell::Link(link(Section::Partners, &partner.meta.slug)),
            ]);
        }
    }
    let agreements_table = Table {
        name: TableName::Agreements,
        title: w("agreements"),
        columns: vec![
            col("partner", 40.0),
            col("country", 18.0),
            col("type", 16.0),
            col("document", 40.0),
            col("signed", 12.0),
            col("expires", 12.0),
            col("in_period", 16.0),
            col("link", 40.0),
        ],
        rows,
    };

    // Programs: the site's newest-first order; active when begun by the period's last day
    // and not ended before its first (no end: still running). Without a start, a program
    // cannot be placed.
    let mut rows = Vec::new();
    for &g in &site.programs_newest {
        let e = &site.programs[g];
        let d = &e.data;
        let Some(start) = d.start else { continue };
        let end = d.end.map_or((u16::MAX, 12, 31), |end| end.last_day());
        if !period.meets(start.first_day(), end) {
            continue;
        }
        let partners = &site.program_partners[g];
        involved.extend(partners.iter().copied());
        rows.push(vec![
            Cell::text(title_of(&e.source.content_path, &e.meta.title)),
            Cell::text(config.program_kinds.title(d.kind.as_str(), lang, default)),
            Cell::text(join(partners.iter().map(|&p| partner_title(p)).collect())),
            Cell::text(countries_of(partners)),
            Cell::date(d.start),
            Cell::date(d.end),
            d.participants.map_or(Cell::Empty, Cell::Count),
            Cell::Link(link(Section::Programs, &e.meta.slug)),
        ]);
    }
    let programs = rows.len();
    let programs_table = Table {
        name: TableName::Programs,
        title: w("programs"),
        columns: vec![
            col("title", 40.0),
            col("kind", 16.0),
            col("partners", 40.0),
            col("partner_countries", 20.0),
            col("start", 12.0),
            col("end", 12.0),
            col("participants", 12.0),
            col("link", 40.0),
        ],
        rows,
    };

    // Countries, from the site's country facets: the visits held there and the partners of
    // that country involved in the period; countries in the report's language's A–Z order.
    let mut by_country: Vec<(String, u64, u64)> = site
        .countries
        .iter()
        .map(|(c, facet)| {
            let visits = facet
                .visits
                .iter()
                .filter(|v| visit_set.contains(v))
                .count();
            let partners = facet
                .partners
                .iter()
                .filter(|p| involved.contains(p))
                .count();
            (c.name(lang).to_string(), visits as u64, partners as u64)
        })
        .filter(|&(_, v, p)| v + p > 0)
        .collect();
    by_country.sort_by_cached_key(|(name, _, _)| crate::lang::collate(lang, name));
    let partner_countries = by_country.iter().filter(|c| c.2 > 0).count();
    let countries_table = Table {
        name: TableName::Countries,
        title: w("countries"),
        columns: vec![
            col("country", 24.0),
            col("visits", 10.0),
            col("partners", 10.0),
        ],
        rows: by_country
            .into_iter()
            .map(|(name, v, p)| vec![Cell::Text(name), Cell::Count(v), Cell::Count(p)])
            .collect(),
    };

    // Kinds, from the site's kind facets in vocabulary order: the partners of the kind
    // involved in the period, and the period's visits with at least one of them.
    let kinds_table = Table {
        name: TableName::Kinds,
        title: w("kinds"),
        columns: vec![
            col("partner_kind", 24.0),
            col("partners", 10.0),
            col("visits", 10.0),
        ],
        rows: site
            .kinds
            .iter()
            .filter_map(|(kind, facet)| {
                let partners: BTreeSet<PartnerId> = facet
                    .partners
                    .iter()
                    .copied()
                    .filter(|p| involved.contains(p))
                    .collect();
                let visits = visits
                    .iter()
                    .filter(|&&v| site.visit_partners[v].iter().any(|p| partners.contains(p)))
                    .count();
                (!partners.is_empty()).then(|| {
                    vec![
                        Cell::text(config.partner_kinds.title(kind.as_str(), lang, default)),
                        Cell::Count(partners.len() as u64),
                        Cell::Count(visits as u64),
                    ]
                })
            })
            .collect(),
    };

    let total = |key: &str, n: usize| vec![Cell::text(w(key)), Cell::Count(n as u64)];
    let totals_table = Table {
        name: TableName::Totals,
        title: w("totals"),
        columns: vec![col("measure", 32.0), col("count", 10.0)],
        rows: vec![
            total("visits", visits.len()),
            total("total_incoming", incoming),
            total("total_outgoing", visits.len() - incoming),
            total("total_signed", signed),
            total("total_expiring", expiring),
            total("total_programs", programs),
            total("total_partners", involved.len()),
            total("total_countries", partner_countries),
        ],
    };

    let site_title = config.title_in(lang).to_string();
    Report {
        title: format!("{} — {site_title}", w("report")),
        site: site_title,
        period: period.clone(),
        period_heading: w("period"),
        none: w("none"),
        lang: lang.to_string(),
        tables: vec![
            visits_table,
            agreements_table,
            programs_table,
            countries_table,
            kinds_table,
            totals_table,
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quarters_cover_their_three_months() {
        let q = Period::quarter("2024Q1").unwrap();
        assert_eq!((q.first, q.last), ((2024, 1, 1), (2024, 3, 31)));
        assert_eq!(Period::quarter("2023q4").unwrap().last, (2023, 12, 31));
        for bad in ["2024Q5", "2024Q0", "24Q1", "2024-Q1", "2024Q", "Q1"] {
            assert!(Period::quarter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn partial_dates_stand_for_all_their_days() {
        let q1 = Period::quarter("2024Q1").unwrap();
        let q2 = Period::quarter("2024Q2").unwrap();
        let d = |s| Date::parse(s).unwrap();
        assert!(q1.has(d("2024-03")) && !q2.has(d("2024-03")));
        assert!(q1.has(d("2024")) && q2.has(d("2024")));
        assert!(!q1.has(d("2023")) && !q1.has(d("2024-04-01")));
        assert!(q1.has(d("2024-03-31")) && q2.has(d("2024-04-01")));
    }
}
