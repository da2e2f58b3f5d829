//! English.

use super::Language;

/// English month names, for dates and for messages.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// What hamkor knows of English.
pub const LANGUAGE: Language = Language {
    code: "en",
    native_name: "English",
    date,
    folds_to_latin: true,
    late_letters: &[],
    partner_kinds: &[
        ("university", "University"),
        ("research-center", "Research centre"),
        ("hospital", "Hospital or clinic"),
        ("foundation", "Foundation"),
        ("company", "Company"),
        ("government", "Government agency"),
        ("association", "Association"),
    ],
    program_kinds: &[
        ("joint-education", "Joint education"),
        ("academic-mobility", "Academic mobility"),
        ("remote-lectures", "Remote lectures"),
        ("training", "Training"),
        ("research", "Research"),
        ("exchange", "Exchange"),
    ],
    agreement_types: &[
        ("memorandum", "Memorandum of understanding"),
        ("agreement", "Agreement"),
        ("contract", "Contract"),
        ("letter-of-intent", "Letter of intent"),
        ("protocol", "Protocol"),
    ],
    countries: include_str!("en.countries.tsv"),
};

/// `2023`, `April 2023`, `12 April 2023`.
fn date(y: u16, m: u8, d: u8) -> String {
    match (m, d) {
        (0, _) => format!("{y}"),
        (m, 0) => format!("{} {y}", MONTHS[usize::from(m) - 1]),
        (m, d) => format!("{d} {} {y}", MONTHS[usize::from(m) - 1]),
    }
}
