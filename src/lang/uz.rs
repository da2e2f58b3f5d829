//! Uzbek, in its Latin alphabet.

use super::Language;

const MONTHS: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr", "oktabr",
    "noyabr", "dekabr",
];

/// What hamkor knows of Uzbek.
pub const LANGUAGE: Language = Language {
    code: "uz",
    native_name: "Oʻzbekcha",
    date,
    folds_to_latin: false,
    // Letters of the alphabet that sort after z, in order, as written.
    late_letters: &["oʻ", "gʻ", "sh", "ch", "ng"],
    partner_kinds: &[
        ("university", "Universitet"),
        ("research-center", "Ilmiy markaz"),
        ("hospital", "Shifoxona yoki klinika"),
        ("foundation", "Jamgʻarma"),
        ("company", "Kompaniya"),
        ("government", "Davlat tashkiloti"),
        ("association", "Assotsiatsiya"),
    ],
    program_kinds: &[
        ("joint-education", "Qoʻshma taʼlim"),
        ("academic-mobility", "Akademik almashinuv"),
        ("remote-lectures", "Masofaviy maʼruzalar"),
        ("training", "Malaka oshirish"),
        ("research", "Ilmiy tadqiqot"),
        ("exchange", "Almashinuv"),
    ],
    agreement_types: &[
        ("memorandum", "Oʻzaro anglashuv memorandumi"),
        ("agreement", "Kelishuv"),
        ("contract", "Shartnoma"),
        ("letter-of-intent", "Niyat maktubi"),
        ("protocol", "Bayonnoma"),
    ],
    countries: include_str!("uz.countries.tsv"),
};

/// `2023-yil`, `2023-yil aprel`, `2023-yil 12-aprel`.
fn date(y: u16, m: u8, d: u8) -> String {
    match (m, d) {
        (0, _) => format!("{y}-yil"),
        (m, 0) => format!("{y}-yil {}", MONTHS[usize::from(m) - 1]),
        (m, d) => format!("{y}-yil {d}-{}", MONTHS[usize::from(m) - 1]),
    }
}
