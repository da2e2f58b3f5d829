//! Russian.

use super::Language;

/// Month names on their own (`апрель 2023 г.`).
const MONTHS: [&str; 12] = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
];

/// Month names after a day (`12 апреля 2023 г.`).
const MONTHS_OF_DAY: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// What hamkor knows of Russian.
pub const LANGUAGE: Language = Language {
    code: "ru",
    native_name: "Русский",
    date,
    folds_to_latin: false,
    late_letters: &[],
    partner_kinds: &[
        ("university", "Университет"),
        ("research-center", "Научный центр"),
        ("hospital", "Больница или клиника"),
        ("foundation", "Фонд"),
        ("company", "Компания"),
        ("government", "Государственное ведомство"),
        ("association", "Ассоциация"),
    ],
    program_kinds: &[
        ("joint-education", "Совместное обучение"),
        ("academic-mobility", "Академическая мобильность"),
        ("remote-lectures", "Дистанционные лекции"),
        ("training", "Повышение квалификации"),
        ("research", "Научные исследования"),
        ("exchange", "Обмен"),
    ],
    agreement_types: &[
        ("memorandum", "Меморандум о взаимопонимании"),
        ("agreement", "Соглашение"),
        ("contract", "Договор"),
        ("letter-of-intent", "Письмо о намерениях"),
        ("protocol", "Протокол"),
    ],
    countries: include_str!("ru.countries.tsv"),
};

/// `2023 г.`, `апрель 2023 г.`, `12 апреля 2023 г.`
fn date(y: u16, m: u8, d: u8) -> String {
    match (m, d) {
        (0, _) => format!("{y} г."),
        (m, 0) => format!("{} {y} г.", MONTHS[usize::from(m) - 1]),
        (m, d) => format!("{d} {} {y} г.", MONTHS_OF_DAY[usize::from(m) - 1]),
    }
}
