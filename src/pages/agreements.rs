//! The agreements pages: every agreement of every partner in one table, at
//! `/partners/agreements/`, with its status (in force, expiring, expired, no end date).
//!
//! Sorting and filtering work without JavaScript: each order and each status is a page of its
//! own (see [`Listing`]); the theme's script only sorts the table in place. The status is
//! counted from the newest date the site knows ([`crate::site::reference_day`]), never from the
//! clock, so that a build gives the same pages whenever it runs; the page says which day that
//! is.

use serde::Serialize;

use crate::content::model::{Agreement, Document, Section};
use crate::site::Site;
use crate::values::{Date, Slug};

use super::cards::AgreementsSource;
use super::context::{Common, Context, DateView, Link, Term};
use super::{LangPath, Source};

/// The template.
pub const TEMPLATE: &str = "agreements.html";

/// Which agreements a page lists, in which order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Listing {
    /// `/partners/agreements/`: all, the soonest to expire first, those without an end last.
    ByExpiry,
    /// `/partners/agreements/by-partner/`: all, by partner A–Z.
    ByPartner,
    /// `/partners/agreements/by-signed/`: all, the newest signed first.
    BySigned,
    /// `/partners/agreements/<status>/`: those of one status, soonest to expire first.
    Status(Status),
}

/// Where an agreement stands on the reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Its end is further away than `expiring_within_days`.
    InForce,
    /// It ends within `expiring_within_days`.
    Expiring,
    /// Its end has passed.
    Expired,
    /// No end is written.
    NoEndDate,
}

impl Status {
    /// Every status, in the order the filters show them.
    pub const ALL: [Status; 4] = [
        Status::InForce,
        Status::Expiring,
        Status::Expired,
        Status::NoEndDate,
    ];

    /// The slug: URL segment, CSS class and the key of its UI string (`agreement_status_…`).
    pub fn slug(self) -> &'static str {
        match self {
            Status::InForce => "in-force",
            Status::Expiring => "expiring",
            Status::Expired => "expired",
            Status::NoEndDate => "no-end-date",
        }
    }

    fn string_key(self) -> String {
        format!("agreement_status_{}", self.slug().replace('-', "_"))
    }
}

impl Listing {
    /// Every listing, in the order the routes are made.
    pub fn all() -> impl Iterator<Item = Listing> {
        [Listing::ByExpiry, Listing::ByPartner, Listing::BySigned]
            .into_iter()
            .chain(Status::ALL.into_iter().map(Listing::Status))
    }

    /// The page's path.
    pub fn path(self) -> LangPath {
        LangPath::new(match self {
            Listing::ByExpiry => "partners/agreements/".to_string(),
            Listing::ByPartner => "partners/agreements/by-partner/".to_string(),
            Listing::BySigned => "partners/agreements/by-signed/".to_string(),
            Listing::Status(s) => format!("partners/agreements/{}/", s.slug()),
        })
    }

    fn slug(self) -> &'static str {
        match self {
            Listing::ByExpiry => "expiry",
            Listing::ByPartner => "partner",
            Listing::BySigned => "signed",
            Listing::Status(s) => s.slug(),
        }
    }
}

/// Whether the site has an agreements page: it has one when some partner has an agreement.
pub fn has_agreements(site: &Site) -> bool {
    site.partners.iter().any(|p| !p.data.agreements.is_empty())
}

/// The day statuses are counted from: the newest date the site knows, the last commit of a
/// published file included (see [`crate::site::reference_day`]).
pub fn as_of(site: &Site) -> Option<(u16, u8, u8)> {
    let committed = site
        .partners
        .iter()
        .map(|e| e.source.committed)
        .chain(site.visits.iter().map(|e| e.source.committed))
        .chain(site.programs.iter().map(|e| e.source.committed))
        .chain(site.pages.iter().map(|e| e.source.committed))
        .chain(site.intros.values().map(|e| e.source.committed))
        .chain(site.home.iter().map(|e| e.source.committed))
        .flatten()
        .max();
    crate::site::reference_day(site, committed)
}

/// An agreement's status on `day`, with the window of `expiring_within_days`. Without a day
/// (a site that names no date at all) a dated end counts as in force.
pub fn status(a: &Agreement, day: Option<(u16, u8, u8)>, within: u32) -> Status {
    let Some(end) = a.expires else {
        return Status::NoEndDate;
    };
    let Some(day) = day else {
        return Status::InForce;
    };
    let left = crate::site::days_from_civil(end.last_day()) - crate::site::days_from_civil(day);
    if left < 0 {
        Status::Expired
    } else if left <= i64::from(within) {
        Status::Expiring
    } else {
        Status::InForce
    }
}

/// A link to an agreement's document, with what it is and how big.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// URL of the file (base path included).
    pub url: String,
    /// The file name as written.
    pub file: String,
    /// `PDF`, `JPEG`, `PNG`…
    pub format: String,
    /// Its media type, for the link's `type`: `application/pdf`, `image/jpeg`…
    pub mime: String,
    /// Size in bytes.
    pub bytes: u64,
    /// Size for readers, in the page's language: `240 KB`, `1.4 MB`.
    pub size: String,
}

/// One agreement in the table.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementRow {
    /// The partner: its title in the page's language and its page.
    pub partner: Link,
    /// The partner's place in the A–Z order (0 first), for sorting.
    pub partner_order: usize,
    /// Type, from the agreement vocabulary.
    #[serde(rename = "type")]
    pub kind: Term,
    /// Title of the document.
    pub title: Option<String>,
    /// Signed.
    pub signed: Option<DateView>,
    /// Last renewed.
    pub renewed: Option<DateView>,
    /// Expires.
    pub expires: Option<DateView>,
    /// The document.
    pub document: Option<DocumentView>,
    /// Status on the page's reference day: slug `in-force`, `expiring`, `expired` or
    /// `no-end-date`, and its title.
    pub status: Term,
}

/// A link to another order or filter of the table.
#[derive(Debug, Clone, Serialize)]
pub struct ListingLink {
    /// `expiry`, `partner`, `signed`, or a status slug (`all` for the unfiltered table).
    pub slug: String,
    /// Text.
    pub title: String,
    /// URL.
    pub url: String,
    /// Whether it is the page shown.
    pub current: bool,
    /// How many agreements it lists.
    pub count: usize,
}

/// `agreements.html`: every agreement of every partner.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementsView {
    /// Title, URL, permalink, description, section.
    #[serde(flatten)]
    pub common: Common,
    /// Which page this is: `expiry`, `partner`, `signed` (all agreements in that order), or
    /// a status slug (only those, by expiry).
    pub listing: String,
    /// The status this page shows only, if it is a filter.
    pub filter: Option<String>,
    /// The order of the rows: `expiry`, `partner` or `signed`.
    pub order: String,
    /// The day statuses are counted from (the newest date the site knows).
    pub as_of: Option<DateView>,
    /// `expiring_within_days` of site.yaml: how near an end makes an agreement "expiring".
    pub expiring_within_days: u32,
    /// The orders of the whole table.
    pub sorts: Vec<ListingLink>,
    /// All, then each status, with counts.
    pub filters: Vec<ListingLink>,
    /// The rows.
    pub agreements: Vec<AgreementRow>,
    /// How many agreements the site has in all.
    pub total: usize,
    /// The iCalendar feed with the expiry dates (and visits).
    pub calendar: String,
}

/// `bytes` for readers: `512 bytes`, `240 KB`, `1.4 MB` (units of 1024, as file managers
/// show them), with the language's words and decimal mark.
pub fn human_size(bytes: u64, cx: &Context) -> String {
    let t = |key: &str| cx.t(key);
    const K: u64 = 1024;
    if bytes < K {
        format!("{bytes} {}", t("unit_bytes"))
    } else if bytes < K * K {
        format!("{} {}", bytes.div_ceil(K), t("unit_kb"))
    } else {
        let tenths = (bytes * 10).div_ceil(K * K);
        let text = if tenths >= 100 {
            format!("{}", tenths.div_ceil(10))
        } else {
            format!("{}{}{}", tenths / 10, t("decimal_mark"), tenths % 10)
        };
        format!("{text} {}", t("unit_mb"))
    }
}

/// The link to a partner's agreement document (published beside the partner's page in the
/// default language, as every bundle file is).
pub fn document_view(cx: &Context, partner: &Slug, d: &Document) -> DocumentView {
    let dir = crate::site::record_url(Section::Partners, partner);
    DocumentView {
        url: cx.below_base(&format!("{dir}{}", crate::url::encode_path(&d.file))),
        file: d.file.clone(),
        format: d.format.to_string(),
        mime: match d.format {
            "PDF" => "application/pdf".to_string(),
            "SVG" => "image/svg+xml".to_string(),
            other => format!("image/{}", other.to_ascii_lowercase()),
        },
        bytes: d.bytes,
        size: human_size(d.bytes, cx),
    }
}

/// Sort key of an optional date: its first day, missing ones after every date.
fn key(d: Option<Date>) -> (bool, (u16, u8, u8)) {
    match d {
        Some(d) => (false, d.first_day()),
        None => (true, (0, 0, 0)),
    }
}

/// What one agreements page reads.
#[derive(Hash)]
pub struct Inputs<'a> {
    listing: Listing,
    /// The day statuses are counted from.
    day: Option<(u16, u8, u8)>,
    /// The partners with agreements, A–Z.
    partners: &'a [AgreementsSource<'a>],
}

/// What the page of `listing` reads of the site.
pub fn inputs(src: Source<'_>, listing: Listing) -> Inputs<'_> {
    Inputs {
        listing,
        day: as_of(src.site),
        partners: &src.cards.agreements,
    }
}

/// The page's view.
pub fn view(i: &Inputs, cx: &Context) -> AgreementsView {
    let listing = i.listing;
    let t = |key: &str| cx.t(key);
    let within = cx.config.expiring_within_days;
    let day = i.day;
    // (partner's A–Z place, partner, agreement, status), in A–Z order and as written.
    let mut all: Vec<(usize, &AgreementsSource, &Agreement, Status)> = i
        .partners
        .iter()
        .enumerate()
        .flat_map(|(order, p)| {
            p.agreements()
                .iter()
                .map(move |a| (order, p, a, status(a, day, within)))
        })
        .collect();
    let total = all.len();
    let count = |s: Status| all.iter().filter(|r| r.3 == s).count();
    let mut filters = vec![ListingLink {
        slug: "all".into(),
        title: t("agreements_filter_all"),
        url: cx.href(&Listing::ByExpiry.path()),
        current: !matches!(listing, Listing::Status(_)),
        count: total,
    }];
    filters.extend(Status::ALL.iter().map(|&s| ListingLink {
        slug: s.slug().into(),
        title: t(&s.string_key()),
        url: cx.href(&Listing::Status(s).path()),
        current: listing == Listing::Status(s),
        count: count(s),
    }));
    let order = match listing {
        Listing::ByPartner => Listing::ByPartner,
        Listing::BySigned => Listing::BySigned,
        _ => Listing::ByExpiry,
    };
    let sorts = [
        (Listing::ByExpiry, "agreements_sort_expiry"),
        (Listing::ByPartner, "agreements_sort_partner"),
        (Listing::BySigned, "agreements_sort_signed"),
    ]
    .into_iter()
    .map(|(l, key)| ListingLink {
        slug: l.slug().into(),
        title: t(key),
        url: cx.href(&l.path()),
        current: l == listing,
        count: total,
    })
    .collect();
    if let Listing::Status(s) = listing {
        all.retain(|r| r.3 == s);
    }
    // Stable sorts on A–Z order: ties stay by partner, then as written.
    match order {
        Listing::ByPartner => {}
        Listing::BySigned => all.sort_by_key(|r| {
            let (missing, day) = key(r.2.signed);
            (missing, std::cmp::Reverse(day))
        }),
        _ => all.sort_by_key(|r| (r.2.expires.is_none(), r.2.expires.map(|d| d.last_day()))),
    }
    let c = cx.config;
    let agreements = all
        .into_iter()
        .map(|(partner_order, p, a, s)| AgreementRow {
            partner: p.name().link(cx),
            partner_order,
            kind: Term {
                slug: a.kind.to_string(),
                title: c
                    .agreement_types
                    .title(a.kind.as_str(), cx.lang, &c.default_language),
                url: None,
            },
            title: a.title.clone(),
            signed: cx.date(a.signed),
            renewed: cx.date(a.renewed),
            expires: cx.date(a.expires),
            document: a.document.as_ref().map(|d| document_view(cx, p.slug(), d)),
            status: Term {
                slug: s.slug().into(),
                title: t(&s.string_key()),
                url: Some(cx.href(&Listing::Status(s).path())),
            },
        })
        .collect();
    let mut title = t("agreements_page_title");
    if let Listing::Status(s) = listing {
        title = format!("{title}: {}", t(&s.string_key()));
    }
    AgreementsView {
        common: cx.common(title, &listing.path(), "", "partners"),
        listing: listing.slug().into(),
        filter: match listing {
            Listing::Status(s) => Some(s.slug().into()),
            _ => None,
        },
        order: order.slug().into(),
        as_of: day.and_then(|(y, m, d)| {
            Date::parse(&format!("{y:04}-{m:02}-{d:02}"))
                .ok()
                .and_then(|d| cx.date(Some(d)))
        }),
        expiring_within_days: within,
        sorts,
        filters,
        agreements,
        total,
        calendar: cx.href(&super::calendar::path()),
    }
}
