//! What lists show of an entry (its *card*) and what links show of a partner (its *name*),
//! each as one source type, the function that builds the view from it, and its hash.
//!
//! A source holds exactly what its view reads: its fields are private to this module, the view
//! is built here from them and from the [`Context`] alone, and its hash is derived from the
//! same fields (`#[derive(Hash)]` on the parts, computed once per entry and kept in the entry's
//! [`crate::content::model::Memo`]). A field added to a card must be added to its source, and
//! so is hashed: pages that list the entry render again when it changes.
//!
//! Sources are made per language, because a translation changes the title and summary a card
//! shows; the translation's part is hashed on its own.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use serde::Serialize;

use crate::content::images::Thumbnail;
use crate::content::model::{
    Agreement, Direction, Entry, Memo, Partner, Program, Section, Status, TranslationEntry, Visit,
};
use crate::hash::hash_of;
use crate::markdown::{Markdown, TocEntry};
use crate::site::{PartnerId, ProgramId, Site, VisitId};
use crate::values::{Country, Date, Slug};

use super::context::{Context, CountryRef, DateView, Link, Term};
use super::{Card, LangPath};

/// The hash in `slot`, computed by `make` the first time.
fn memo(slot: &OnceLock<u64>, make: impl FnOnce() -> u64) -> u64 {
    *slot.get_or_init(make)
}

/// The translation of `e` into `lang`, unless `lang` is the default language.
pub fn translation<'a, T>(
    site: &'a Site,
    e: &Entry<T>,
    lang: &str,
) -> Option<&'a TranslationEntry> {
    if lang == site.config.default_language {
        return None;
    }
    site.translation(&e.source.content_path, lang)
}

/// What a translation changes on a card: the title and summary.
#[derive(Hash)]
struct Text<'a> {
    title: Option<&'a str>,
    summary: Option<&'a str>,
}

impl<'a> Text<'a> {
    fn of(t: &'a TranslationEntry) -> Self {
        Text {
            title: t.data.title.as_deref(),
            summary: t.summary(),
        }
    }
}

/// A card as templates receive it, made the first time its slot is asked for.
fn cached<V: Serialize>(slot: Option<&OnceLock<Card>>, view: impl FnOnce() -> V) -> Card {
    let make = || tera::Value::from_serializable(&view());
    match slot {
        Some(slot) => slot.get_or_init(make).clone(),
        None => make(),
    }
}

/// The title a card shows: the translation's, else the entry's own.
fn title_of<'a>(text: Option<&Text<'a>>, own: &'a str) -> &'a str {
    text.and_then(|t| t.title).unwrap_or(own)
}

/// The summary a card shows: the translation's, else the entry's own.
fn summary_of<'a>(text: Option<&Text<'a>>, own: &'a str) -> &'a str {
    text.and_then(|t| t.summary).unwrap_or(own)
}

/// What a link to a partner shows: its name in one language, and its URL.
#[derive(Clone, Copy)]
pub struct Named<'a> {
    title: &'a str,
    slug: &'a Slug,
    hash: u64,
}

impl Hash for Named<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
    }
}

impl<'a> Named<'a> {
    fn of(e: &'a Entry<Partner>, tr: Option<&'a TranslationEntry>) -> Self {
        let title = tr
            .and_then(|t| t.data.title.as_deref())
            .unwrap_or(&e.meta.title);
        let own = memo(&e.memo.name, || hash_of((&e.meta.title, &e.meta.slug)));
        let translated = tr.map(|t| memo(&t.memo.name, || hash_of(&t.data.title)));
        Named {
            title,
            slug: &e.meta.slug,
            hash: hash_of((own, translated)),
        }
    }

    /// The partner's name in the page's language.
    pub fn title(&self) -> &'a str {
        self.title
    }

    /// The link.
    pub fn link(&self, cx: &Context) -> Link {
        Link {
            title: self.title.to_string(),
            url: cx.href(&super::partner::path(self.slug)),
        }
    }
}

/// The names of every partner in `lang`, by partner id.
pub fn names<'a>(site: &'a Site, lang: &str) -> Vec<Named<'a>> {
    site.partners
        .iter()
        .map(|e| Named::of(e, translation(site, e, lang)))
        .collect()
}

/// The partners a visit or program names, as links show them.
#[derive(Clone, Copy)]
struct Partners<'a> {
    ids: &'a [PartnerId],
    names: &'a [Named<'a>],
}

impl<'a> Partners<'a> {
    fn iter(&self) -> impl Iterator<Item = &'a Named<'a>> + '_ {
        self.ids.iter().filter_map(|&p| self.names.get(p))
    }
    fn hash(&self) -> u64 {
        let mut h = crate::hash::hasher();
        for n in self.iter() {
            n.hash.hash(&mut h);
        }
        h.finish()
    }
}

/// A partner's own data as its card shows it.
#[derive(Hash)]
struct PartnerOwn<'a> {
    title: &'a str,
    slug: &'a Slug,
    summary: &'a str,
    kind: &'a Slug,
    country: Country,
    city: Option<&'a str>,
    status: Status,
    logo: Option<(&'a str, &'a Thumbnail)>,
}

/// What a partner's card is made from.
pub struct PartnerSource<'a> {
    id: PartnerId,
    own: PartnerOwn<'a>,
    text: Option<Text<'a>>,
    hash: u64,
}

impl Hash for PartnerSource<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
    }
}

/// A partner in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerCard {
    /// Name.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Page URL.
    pub url: String,
    /// One-paragraph summary (plain text).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Country.
    pub country: CountryRef,
    /// City.
    pub city: Option<String>,
    /// `active`, `prospective` or `ended`, with its title.
    pub status: Term,
    /// Logo thumbnail.
    pub logo: Option<ImageView>,
}

/// An image with the size it is displayed at.
#[derive(Debug, Clone, Serialize)]
pub struct ImageView {
    /// URL of the thumbnail (base path included).
    pub url: String,
    /// Displayed width, CSS pixels.
    pub width: u32,
    /// Displayed height, CSS pixels.
    pub height: u32,
    /// URL of the full-size original.
    pub original: String,
}

/// A partner's logo: images are files of the bundle, published once at its default-language
/// address.
pub fn logo_view(cx: &Context, slug: &Slug, file: &str, thumbnail: &Thumbnail) -> ImageView {
    let dir = crate::site::record_url(Section::Partners, slug);
    let at = |name: &str| cx.below_base(&format!("{dir}{}", crate::url::encode_path(name)));
    ImageView {
        url: at(&thumbnail.name),
        width: thumbnail.width,
        height: thumbnail.height,
        original: at(file),
    }
}

impl<'a> PartnerSource<'a> {
    fn of(id: PartnerId, e: &'a Entry<Partner>, tr: Option<&'a TranslationEntry>) -> Self {
        let d = &e.data;
        let own = PartnerOwn {
            title: &e.meta.title,
            slug: &e.meta.slug,
            summary: e.summary(),
            kind: &d.kind,
            country: d.country,
            city: d.city.as_deref(),
            status: d.status,
            logo: d.logo.as_ref().map(|l| (l.file.as_str(), &l.thumbnail)),
        };
        let text = tr.map(Text::of);
        let hash = hash_of((
            memo(&e.memo.card, || hash_of(&own)),
            tr.map(|t| translated_card(&t.memo, text.as_ref())),
        ));
        PartnerSource {
            id,
            own,
            text,
            hash,
        }
    }

    /// The name shown, in the page's language.
    pub fn title(&self) -> &'a str {
        title_of(self.text.as_ref(), self.own.title)
    }

    /// The slug.
    pub fn slug(&self) -> &'a Slug {
        self.own.slug
    }

    /// The card as templates receive it, made once per language and build.
    pub fn card(&self, cx: &Context) -> Card {
        cached(cx.cards.partners.get(self.id), || self.view(cx))
    }

    fn view(&self, cx: &Context) -> PartnerCard {
        let o = &self.own;
        PartnerCard {
            title: self.title().to_string(),
            slug: o.slug.to_string(),
            url: cx.href(&super::partner::path(o.slug)),
            summary: summary_of(self.text.as_ref(), o.summary).to_string(),
            kind: cx.kind(o.kind),
            country: cx.country_ref(o.country),
            city: o.city.map(str::to_string),
            status: cx.string_term("status", o.status.as_str()),
            logo: o.logo.map(|(file, t)| logo_view(cx, o.slug, file, t)),
        }
    }
}

fn translated_card(memo_slots: &Memo, text: Option<&Text<'_>>) -> u64 {
    memo(&memo_slots.card, || hash_of(text))
}

/// A visit's own data as its card shows it.
#[derive(Hash)]
struct VisitOwn<'a> {
    title: &'a str,
    slug: &'a Slug,
    summary: &'a str,
    date: Option<Date>,
    end_date: Option<Date>,
    direction: Direction,
    place: Option<&'a str>,
    country: Option<Country>,
}

/// What a visit's card is made from.
pub struct VisitSource<'a> {
    id: VisitId,
    own: VisitOwn<'a>,
    text: Option<Text<'a>>,
    partners: Partners<'a>,
    hash: u64,
}

impl Hash for VisitSource<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
    }
}

/// A visit in a list.
#[derive(Debug, Clone, Serialize)]
pub struct VisitCard {
    /// Title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Summary (plain text).
    pub summary: String,
    /// First day.
    pub date: Option<DateView>,
    /// Last day.
    pub end_date: Option<DateView>,
    /// `outgoing` or `incoming`, with its title.
    pub direction: Term,
    /// Place.
    pub place: Option<String>,
    /// Country of the visit.
    pub country: Option<CountryRef>,
    /// Partners involved.
    pub partners: Vec<Link>,
}

impl<'a> VisitSource<'a> {
    fn of(
        id: VisitId,
        e: &'a Entry<Visit>,
        tr: Option<&'a TranslationEntry>,
        partners: Partners<'a>,
    ) -> Self {
        let d = &e.data;
        let own = VisitOwn {
            title: &e.meta.title,
            slug: &e.meta.slug,
            summary: e.summary(),
            date: d.date,
            end_date: d.end_date,
            direction: d.direction,
            place: d.place.as_deref(),
            country: d.country,
        };
        let text = tr.map(Text::of);
        let hash = hash_of((
            memo(&e.memo.card, || hash_of(&own)),
            tr.map(|t| translated_card(&t.memo, text.as_ref())),
            partners.hash(),
        ));
        VisitSource {
            id,
            own,
            text,
            partners,
            hash,
        }
    }

    /// The card as templates receive it, made once per language and build.
    pub fn card(&self, cx: &Context) -> Card {
        cached(cx.cards.visits.get(self.id), || self.view(cx))
    }

    /// The card's fields, which the visit's own page shows too.
    pub fn view(&self, cx: &Context) -> VisitCard {
        let o = &self.own;
        VisitCard {
            title: title_of(self.text.as_ref(), o.title).to_string(),
            url: cx.href(&super::visit::path(o.slug)),
            summary: summary_of(self.text.as_ref(), o.summary).to_string(),
            date: cx.date(o.date),
            end_date: cx.date(o.end_date),
            direction: cx.string_term("direction", o.direction.as_str()),
            place: o.place.map(str::to_string),
            country: o.country.map(|c| cx.country_ref(c)),
            partners: self.partners.iter().map(|n| n.link(cx)).collect(),
        }
    }
}

/// A program's own data as its card shows it.
#[derive(Hash)]
struct ProgramOwn<'a> {
    title: &'a str,
    slug: &'a Slug,
    summary: &'a str,
    kind: &'a Slug,
    start: Option<Date>,
    end: Option<Date>,
    participants: Option<u64>,
}

/// What a program's card is made from.
pub struct ProgramSource<'a> {
    id: ProgramId,
    own: ProgramOwn<'a>,
    text: Option<Text<'a>>,
    partners: Partners<'a>,
    hash: u64,
}

impl Hash for ProgramSource<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
    }
}

/// A program in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramCard {
    /// Title.
    pub title: String,
    /// Page URL.
    pub url: String,
    /// Summary (plain text).
    pub summary: String,
    /// Kind.
    pub kind: Term,
    /// Start.
    pub start: Option<DateView>,
    /// End.
    pub end: Option<DateView>,
    /// Participants.
    pub participants: Option<u64>,
    /// Partners involved.
    pub partners: Vec<Link>,
}

impl<'a> ProgramSource<'a> {
    fn of(
        id: ProgramId,
        e: &'a Entry<Program>,
        tr: Option<&'a TranslationEntry>,
        partners: Partners<'a>,
    ) -> Self {
        let d = &e.data;
        let own = ProgramOwn {
            title: &e.meta.title,
            slug: &e.meta.slug,
            summary: e.summary(),
            kind: &d.kind,
            start: d.start,
            end: d.end,
            participants: d.participants,
        };
        let text = tr.map(Text::of);
        let hash = hash_of((
            memo(&e.memo.card, || hash_of(&own)),
            tr.map(|t| translated_card(&t.memo, text.as_ref())),
            partners.hash(),
        ));
        ProgramSource {
            id,
            own,
            text,
            partners,
            hash,
        }
    }

    /// The program's kind.
    pub fn kind(&self) -> &'a Slug {
        self.own.kind
    }

    /// The card as templates receive it, made once per language and build.
    pub fn card(&self, cx: &Context) -> Card {
        cached(cx.cards.programs.get(self.id), || self.view(cx))
    }

    fn view(&self, cx: &Context) -> ProgramCard {
        let o = &self.own;
        ProgramCard {
            title: title_of(self.text.as_ref(), o.title).to_string(),
            url: cx.href(&super::program::path(o.slug)),
            summary: summary_of(self.text.as_ref(), o.summary).to_string(),
            kind: cx.program_kind(o.kind),
            start: cx.date(o.start),
            end: cx.date(o.end),
            participants: o.participants,
            partners: self.partners.iter().map(|n| n.link(cx)).collect(),
        }
    }
}

/// What the agreements pages and the calendar show of a partner with agreements: its name,
/// its agreements, and when its file was last committed.
pub struct AgreementsSource<'a> {
    name: Named<'a>,
    agreements: &'a [Agreement],
    committed: Option<i64>,
    hash: u64,
}

impl Hash for AgreementsSource<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
    }
}

impl<'a> AgreementsSource<'a> {
    fn of(e: &'a Entry<Partner>, name: Named<'a>) -> Self {
        let agreements = &e.data.agreements[..];
        let own = memo(&e.memo.agreements, || hash_of(agreements));
        AgreementsSource {
            name,
            agreements,
            committed: e.source.committed,
            hash: hash_of((name.hash, own, e.source.committed)),
        }
    }

    /// The partner's name and page.
    pub fn name(&self) -> &Named<'a> {
        &self.name
    }

    /// The partner's slug.
    pub fn slug(&self) -> &'a Slug {
        self.name.slug
    }

    /// Its agreements, as written.
    pub fn agreements(&self) -> &'a [Agreement] {
        self.agreements
    }

    /// When the partner's file was last committed.
    pub fn committed(&self) -> Option<i64> {
        self.committed
    }
}

/// Every entry's card source in one language, by id.
pub struct Sources<'a> {
    /// Partners' names.
    names: &'a [Named<'a>],
    /// Partners.
    pub partners: Vec<PartnerSource<'a>>,
    /// Visits.
    pub visits: Vec<VisitSource<'a>>,
    /// Programs.
    pub programs: Vec<ProgramSource<'a>>,
    /// The partners with agreements, A–Z.
    pub agreements: Vec<AgreementsSource<'a>>,
}

impl<'a> Sources<'a> {
    /// The sources of `site`'s entries in `lang`; `names` are its partners' [`names`].
    pub fn new(site: &'a Site, lang: &str, names: &'a [Named<'a>]) -> Self {
        let tr = |path: &str| {
            (lang != site.config.default_language)
                .then(|| site.translation(path, lang))
                .flatten()
        };
        Sources {
            names,
            partners: site
                .partners
                .iter()
                .enumerate()
                .map(|(i, e)| PartnerSource::of(i, e, tr(&e.source.content_path)))
                .collect(),
            visits: site
                .visits
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let partners = Partners {
                        ids: &site.visit_partners[i],
                        names,
                    };
                    VisitSource::of(i, e, tr(&e.source.content_path), partners)
                })
                .collect(),
            programs: site
                .programs
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let partners = Partners {
                        ids: &site.program_partners[i],
                        names,
                    };
                    ProgramSource::of(i, e, tr(&e.source.content_path), partners)
                })
                .collect(),
            agreements: site
                .partners_az
                .iter()
                .filter(|&&p| !site.partners[p].data.agreements.is_empty())
                .filter_map(|&p| Some(AgreementsSource::of(&site.partners[p], *names.get(p)?)))
                .collect(),
        }
    }

    /// The name of a partner.
    pub fn name(&self, id: PartnerId) -> Option<&Named<'a>> {
        self.names.get(id)
    }

    /// The partners with these ids, in the order given.
    pub fn partners(&self, ids: &[PartnerId]) -> Vec<&PartnerSource<'a>> {
        ids.iter().filter_map(|&i| self.partners.get(i)).collect()
    }

    /// The visits with these ids, in the order given.
    pub fn visits(&self, ids: &[VisitId]) -> Vec<&VisitSource<'a>> {
        ids.iter().filter_map(|&i| self.visits.get(i)).collect()
    }

    /// The programs with these ids, in the order given.
    pub fn programs(&self, ids: &[ProgramId]) -> Vec<&ProgramSource<'a>> {
        ids.iter().filter_map(|&i| self.programs.get(i)).collect()
    }
}

/// An entry shown on a page with its own text: its title, summary, body and everything its
/// file holds, in the page's language.
///
/// It hashes as everything the entry is made from: the entry's page hash (its file's bytes,
/// slug and what was read of other files for it, see
/// [`crate::content::model::EntryHashes::page`]), when the file was last committed, the
/// translation's bytes, and where the body's links lead.
pub struct Shown<'a, T> {
    /// The entry. Every field of it may be shown: all of it is hashed.
    pub entry: &'a Entry<T>,
    /// Its translation into the page's language, if it has one.
    pub translation: Option<&'a TranslationEntry>,
    /// Where the bodies' internal links lead (below the base), by their target.
    links: Vec<(&'a str, &'a str)>,
    /// The bundle's URL (below the base), for the relative addresses of its files.
    bundle: Option<&'a str>,
}

impl<T> Hash for Shown<'_, T> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.entry.hashes.page.hash(h);
        self.entry.source.committed.hash(h);
        self.translation.map(|t| t.source.hash).hash(h);
        self.links.hash(h);
        self.bundle.hash(h);
    }
}

impl<'a, T> Shown<'a, T> {
    /// `e` as pages of `lang` show it.
    pub fn new(site: &'a Site, e: &'a Entry<T>, lang: &str) -> Self {
        let translation = translation(site, e, lang);
        let bodies = std::iter::once(&e.body).chain(translation.map(|t| &t.body));
        let links = bodies
            .flat_map(|b| b.links.iter())
            .map(|l| {
                let url = site
                    .content_urls
                    .get(&l.target)
                    .map(String::as_str)
                    .unwrap_or("");
                (l.target.as_str(), url)
            })
            .collect();
        Shown {
            entry: e,
            translation,
            links,
            bundle: site
                .bundle_urls
                .get(&e.source.content_path)
                .map(String::as_str),
        }
    }

    /// The title in the page's language.
    pub fn title(&self) -> String {
        self.translation
            .and_then(|t| t.data.title.clone())
            .unwrap_or_else(|| self.entry.meta.title.clone())
    }

    /// The summary in the page's language.
    pub fn summary(&self) -> String {
        self.translation
            .and_then(TranslationEntry::summary)
            .unwrap_or_else(|| self.entry.summary())
            .to_string()
    }

    /// The text in the page's language (HTML, table of contents), and whether it is the
    /// default language's because there is no translation of it.
    pub fn text(&self, cx: &Context) -> (String, Vec<TocEntry>, bool) {
        match self.translation.filter(|t| !t.body.is_blank()) {
            Some(t) => (self.html(&t.body, cx), t.body.toc.clone(), false),
            None => (
                self.html(&self.entry.body, cx),
                self.entry.body.toc.clone(),
                !cx.is_default() && !self.entry.body.is_blank(),
            ),
        }
    }

    /// The URL (base path included) of the file `name` of the entry's bundle: files are
    /// published once, at the bundle's default-language address.
    pub fn bundle_file_url(&self, cx: &Context, name: &str) -> String {
        cx.below_base(&format!(
            "{}{}",
            self.bundle.unwrap_or(""),
            crate::url::encode_path(name)
        ))
    }

    /// The entry's gallery (`photos:`).
    pub fn gallery(
        &self,
        photos: &[crate::content::model::GalleryPhoto],
        cx: &Context,
    ) -> Vec<super::photos::PhotoView> {
        super::photos::gallery(photos, &|name| self.bundle_file_url(cx, name))
    }

    /// The HTML of `body`, shown on the entry's page: the entry's photos as pictures.
    fn html(&self, body: &Markdown, cx: &Context) -> String {
        // Under a language, a bundle's page is not beside its files: relative addresses of
        // those files get the bundle's address in front. Which addresses those are is read
        // from the address alone (it leads inside the bundle's folder), never from the files
        // the bundle has: the page's hash covers its text, not the bundle's file list.
        // (A file that is not there is an error of the check, so no page shows it.)
        let bundle = if cx.is_default() { None } else { self.bundle };
        let prefix_of = |p: &crate::markdown::PathLink| {
            let bundle = bundle?;
            let file = crate::url::resolve(&p.dest, bundle)?;
            (file.len() > bundle.len() && file.starts_with(bundle)).then(|| cx.below_base(bundle))
        };
        let url_of = |name: &str| self.bundle_file_url(cx, name);
        let images = &self.entry.images;
        let picture_of = |image: &crate::markdown::BodyImage, nth: usize| {
            let dest = &body.paths.get(image.path)?.dest;
            let photo = images.iter().find(|p| &p.file == dest)?;
            Some(super::photos::body_picture(
                photo,
                &image.alt,
                &image.title,
                nth == 0,
                &url_of,
            ))
        };
        body.html_with_pictures(
            |l| {
                let target = self
                    .links
                    .iter()
                    .find(|(t, _)| *t == l.target)
                    .map_or("", |(_, url)| url);
                let url = cx.href(&LangPath::new(target.to_string()));
                match &l.anchor {
                    Some(a) => format!("{url}#{a}"),
                    None => url,
                }
            },
            prefix_of,
            picture_of,
        )
    }
}
