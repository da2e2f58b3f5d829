//! What hamkor knows of each language, in one place: how dates are written, how titles are
//! sorted and grouped into letters, and what a language calls itself.
//!
//! The theme's strings (`themes/*/i18n/<lang>.yaml`), country names (`src/data/countries.tsv`)
//! and the built-in vocabularies' titles carry the rest of a language.

/// English month names, for dates and for messages.
pub const MONTHS_EN: [&str; 12] = [
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
const MONTHS_UZ: [&str; 12] = [
    "yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avgust", "sentabr", "oktabr",
    "noyabr", "dekabr",
];
const MONTHS_RU_NOM: [&str; 12] = [
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
const MONTHS_RU_GEN: [&str; 12] = [
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

/// A date of the given precision (`month` and `day` 0 when not given) for readers in `lang`
/// (en, uz or ru; others fall back to English).
pub fn date(lang: &str, y: u16, m: u8, d: u8) -> String {
    let m = m as usize;
    match lang {
        "uz" => match (m, d) {
            (0, _) => format!("{y}-yil"),
            (m, 0) => format!("{y}-yil {}", MONTHS_UZ[m - 1]),
            (m, d) => format!("{y}-yil {d}-{}", MONTHS_UZ[m - 1]),
        },
        "ru" => match (m, d) {
            (0, _) => format!("{y} г."),
            (m, 0) => format!("{} {y} г.", MONTHS_RU_NOM[m - 1]),
            (m, d) => format!("{d} {} {y} г.", MONTHS_RU_GEN[m - 1]),
        },
        _ => match (m, d) {
            (0, _) => format!("{y}"),
            (m, 0) => format!("{} {y}", MONTHS_EN[m - 1]),
            (m, d) => format!("{d} {} {y}", MONTHS_EN[m - 1]),
        },
    }
}

/// A language's name in the language itself.
pub fn native_name(code: &str) -> String {
    match code {
        "en" => "English".into(),
        "uz" => "Oʻzbekcha".into(),
        "ru" => "Русский".into(),
        "kk" => "Қазақша".into(),
        "ky" => "Кыргызча".into(),
        "tg" => "Тоҷикӣ".into(),
        "tr" => "Türkçe".into(),
        "de" => "Deutsch".into(),
        "fr" => "Français".into(),
        "ko" => "한국어".into(),
        other => other.to_uppercase(),
    }
}

/// A sort key that orders titles alphabetically regardless of case and diacritics.
pub fn collation_key(title: &str) -> String {
    let folded = deunicode::deunicode(title).to_lowercase();
    folded
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .to_string()
}

/// Letters of the Uzbek Latin alphabet that sort after z, in order, as written.
const UZBEK_LATE: [&str; 5] = ["oʻ", "gʻ", "sh", "ch", "ng"];

/// A title's place in `lang`'s alphabetical order, and the letter it is listed under.
///
/// English folds accents and other scripts to Latin letters (Košice under K). Uzbek follows
/// its Latin alphabet: oʻ, gʻ, sh, ch and ng are letters of their own after z. Russian and
/// other languages keep their script: Cyrillic titles under Cyrillic letters, after Latin ones,
/// with ё sorted as е.
pub fn collate(lang: &str, title: &str) -> (Vec<u32>, String) {
    let start = title.trim_start_matches(|c: char| !c.is_alphanumeric());
    if lang == "en" {
        let key = collation_key(start);
        let letter = key
            .chars()
            .next()
            .filter(char::is_ascii_alphabetic)
            .map_or("#".to_string(), |c| c.to_ascii_uppercase().to_string());
        return (key.chars().map(u32::from).collect(), letter);
    }
    let lower: String = start
        .chars()
        .map(|c| {
            if matches!(c, '\'' | '’' | '‘' | '`') {
                'ʻ'
            } else {
                c
            }
        })
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    let mut key = Vec::with_capacity(lower.len());
    let mut letter = None;
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        let late = if lang == "uz" {
            UZBEK_LATE.iter().position(|l| rest.starts_with(l))
        } else {
            None
        };
        let (value, len, shown) = match late {
            // After 'z' and before any other script.
            Some(i) => (u32::from('z') + 1 + i as u32, UZBEK_LATE[i].len(), {
                let mut cs = UZBEK_LATE[i].chars();
                cs.next()
                    .map(|f| f.to_uppercase().collect::<String>() + cs.as_str())
                    .unwrap_or_default()
            }),
            None => (u32::from(c), c.len_utf8(), c.to_uppercase().collect()),
        };
        if letter.is_none() {
            letter = Some(if c.is_alphabetic() {
                shown
            } else {
                "#".to_string()
            });
        }
        key.push(value);
        rest = &rest[len..];
    }
    (key, letter.unwrap_or_else(|| "#".to_string()))
}

#[cfg(test)]
mod collation_tests {
    fn order(lang: &str, titles: &[&str]) -> Vec<String> {
        let mut v: Vec<(Vec<u32>, String, String)> = titles
            .iter()
            .map(|t| {
                let (k, l) = super::collate(lang, t);
                (k, l, t.to_string())
            })
            .collect();
        v.sort();
        v.into_iter().map(|(_, l, t)| format!("{l}:{t}")).collect()
    }

    #[test]
    fn each_language_sorts_in_its_own_alphabet() {
        assert_eq!(
            order(
                "uz",
                &["Shifoxona", "Toshkent", "Oʻzbekiston", "Zomin", "Chorvoq"]
            ),
            [
                "T:Toshkent",
                "Z:Zomin",
                "Oʻ:Oʻzbekiston",
                "Sh:Shifoxona",
                "Ch:Chorvoq"
            ]
        );
        assert_eq!(
            order("ru", &["Ёнсе", "Университет", "Казань", "Apollo"]),
            ["A:Apollo", "Е:Ёнсе", "К:Казань", "У:Университет"]
        );
        assert_eq!(
            order("en", &["Košice", "Apollo", "ege"]),
            ["A:Apollo", "E:ege", "K:Košice"]
        );
    }
}
