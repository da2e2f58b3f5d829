//! Files written from the form: what the browser's editor sends, turned into a file in
//! hamkor's own style.
//!
//! The editor sends the whole file as its own YAML writer lays it out: every form field in
//! the form's order, empty ones as `""`, `[]` or `null`, quotes where that writer likes them.
//! Saved as it is, every save would reformat the file and drop its comments, so a reviewer of
//! the change could not see what was edited. Instead:
//!
//! - A new partner, visit or program is what `hamkor new` writes ([`crate::new::filled`]),
//!   with the form's values in place of the placeholders; a new translation or page is its
//!   keys in the model's order.
//! - An existing file keeps every line the edit did not touch, byte for byte: a changed key
//!   has its value rewritten (keeping a note after it), a cleared key loses its lines, a new
//!   key goes where `hamkor new` would have put it, and the body is replaced only if it
//!   changed.
//!
//! Values are compared as YAML reads them, so `since: 2019` and a form's `"2019"` are the
//! same and leave the line alone.

use serde_yaml::Value as Yaml;

use crate::content::model::Section;
use crate::content::schema::{Key, Kind, Value};
use crate::yaml::Mapping;

/// The text of a file after a save from the form: `existing` is the file's current text (None
/// for a new file), `sent` the file the editor sent (front matter + body). `translation` says
/// the file is a translation (`x.ru.md`), which gives only the translated keys.
pub fn file_text(
    kind: Kind,
    translation: bool,
    existing: Option<&str>,
    sent: &str,
) -> Result<String, String> {
    let sent = Text::read(sent, "the file sent from the form")?;
    let sent_map = crate::yaml::parse_mapping(sent.yaml()).map_err(|e| {
        format!(
            "the file sent from the form does not read as YAML (line {}): {}",
            e.pos.line + 1,
            e.message
        )
    })?;
    let form = Form::new(kind, translation);
    let wanted = form.normalize(&sent_map)?;
    let body = sent.body().trim_start_matches('\n');
    match existing {
        None => Ok(form.new_file(&wanted, body)),
        Some(existing) => edit(&form, existing, &wanted, body),
    }
}

/// A file's text split into its parts, with `\n` line endings.
struct Text {
    bom: bool,
    crlf: bool,
    text: String,
    /// Byte ranges in `text`: the YAML block and the body.
    yaml: std::ops::Range<usize>,
    body: usize,
}

impl Text {
    fn read(raw: &str, what: &str) -> Result<Text, String> {
        let bom = raw.starts_with('\u{feff}');
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        let crlf = raw.contains("\r\n");
        let text = raw.replace("\r\n", "\n");
        let (yaml, body) = {
            let parts = crate::content::parse::split(&text).map_err(|e| {
                format!(
                    "{what} has no front matter (line {}): {}",
                    e.pos.line, e.message
                )
            })?;
            let start = parts.yaml.as_ptr() as usize - text.as_ptr() as usize;
            let body = parts.body.as_ptr() as usize - text.as_ptr() as usize;
            (start..start + parts.yaml.len(), body)
        };
        Ok(Text {
            bom,
            crlf,
            text,
            yaml,
            body,
        })
    }

    fn yaml(&self) -> &str {
        &self.text[self.yaml.clone()]
    }

    fn body(&self) -> &str {
        &self.text[self.body..]
    }

    /// The opening `---` line.
    fn head(&self) -> &str {
        &self.text[..self.yaml.start]
    }

    /// The closing `---` line.
    fn close(&self) -> &str {
        &self.text[self.yaml.end..self.body]
    }

    /// `text` with this file's line endings and byte-order mark.
    fn finish(&self, text: String) -> String {
        let text = if self.crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        };
        if self.bom {
            format!("\u{feff}{text}")
        } else {
            text
        }
    }
}

/// The keys the form edits in one kind of file.
struct Form {
    kind: Kind,
    translation: bool,
    section: Option<Section>,
}

/// Normalized values by key, in the order they are written.
type Values = Vec<(String, Yaml)>;

impl Form {
    fn new(kind: Kind, translation: bool) -> Form {
        let section = match kind {
            Kind::Partner => Some(Section::Partners),
            Kind::Visit => Some(Section::Visits),
            Kind::Program => Some(Section::Programs),
            Kind::Page => None,
        };
        Form {
            kind,
            translation,
            section: section.filter(|_| !translation),
        }
    }

    /// The model's keys this form gives: a translation's translated keys, else all.
    fn keys(&self) -> impl Iterator<Item = &'static Key> + '_ {
        self.kind
            .keys()
            .iter()
            .filter(|k| !self.translation || k.translated)
    }

    fn key(&self, name: &str) -> Option<&'static Key> {
        self.keys().find(|k| k.name == name)
    }

    /// The values of `map` the form gives, empty ones left out (except required keys, kept
    /// so that the check names them), in the model's order; keys the model does not know come
    /// last, in their own order (a translation leaves them out: it gives only its own keys).
    fn normalize(&self, map: &Mapping) -> Result<Values, String> {
        let mut out = Values::new();
        for key in self.keys() {
            let value = map.get(key.name).and_then(|v| normal(key.value, v));
            match value {
                Some(v) => out.push((key.name.to_string(), v)),
                None if key.required => {
                    out.push((key.name.to_string(), Yaml::String(String::new())));
                }
                None => {}
            }
        }
        if !self.translation {
            for (k, v) in map {
                let Yaml::String(name) = k else {
                    return Err(format!(
                        "the front matter has a key that is not text: {}",
                        flow(k, Value::Free)
                    ));
                };
                if self.kind.key(name).is_none()
                    && let Some(v) = normal(Value::Free, v)
                {
                    out.push((name.clone(), v));
                }
            }
        }
        Ok(out)
    }

    /// Whether the form has a field for `name`: a key it does not know, or free-form data it
    /// may not show, is left as the file has it when the form does not send it.
    fn edits(&self, name: &str) -> bool {
        self.key(name).is_some_and(|k| k.value != Value::Free)
    }

    /// The text of a new file with `values` and `body`.
    fn new_file(&self, values: &Values, body: &str) -> String {
        let body = with_final_newline(body);
        let title = values
            .iter()
            .find(|(k, _)| k == "title")
            .map_or_else(|| quote(""), |(_, v)| self.render("title", v, false));
        let rendered: Vec<(&str, String)> = values
            .iter()
            .filter(|(k, _)| k != "title")
            .map(|(k, v)| (k.as_str(), self.render(k, v, false)))
            .collect();
        match self.section {
            Some(section) => {
                // `filled` writes its own keys in the skeleton's order, then the others in
                // the order given: the model's.
                let pairs: Vec<(&str, &str)> =
                    rendered.iter().map(|(k, v)| (*k, v.as_str())).collect();
                crate::new::filled(section, &title, &pairs, &body)
            }
            None => {
                let mut out = format!("---\ntitle: {title}\n");
                for (k, v) in &rendered {
                    out.push_str(&entry(k, v));
                }
                out.push_str("---\n\n");
                out.push_str(&body);
                out
            }
        }
    }

    /// `value` of key `name` as written after `name:`; a value on the lines below (a block
    /// list) starts with a newline. `plain` asks for text without quotes where it reads back
    /// the same (the file had the old value so).
    fn render(&self, name: &str, value: &Yaml, plain: bool) -> String {
        let what = self.key(name).map_or(Value::Free, |k| k.value);
        let what = if plain && matches!(what, Value::Line | Value::Prose | Value::Url) {
            Value::Slug
        } else {
            what
        };
        match (what, value) {
            (Value::Records(keys), Yaml::Sequence(items)) => {
                let mut out = String::new();
                for item in items {
                    out.push_str("\n  - ");
                    match item {
                        Yaml::Mapping(m) => out.push_str(&record(keys, m)),
                        other => out.push_str(&flow(other, Value::Free)),
                    }
                }
                out
            }
            (Value::Record(keys), Yaml::Mapping(m)) => record(keys, m),
            (Value::Lines, Yaml::Sequence(items)) => {
                let inline = flow(value, Value::Lines);
                if name.chars().count() + 2 + inline.chars().count() <= 80 {
                    inline
                } else {
                    items
                        .iter()
                        .map(|i| format!("\n  - {}", flow(i, Value::Line)))
                        .collect()
                }
            }
            _ => flow(value, what),
        }
    }

    /// The keys in the order a file of this kind has them: the skeleton's (title, its keys,
    /// then the model's others) in a file `hamkor new` wrote, else the model's.
    fn order(&self, commented: bool) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        if let (Some(section), true) = (self.section, commented) {
            out.push("title");
            for name in skeleton_keys(section) {
                if let Some(k) = self.key(&name)
                    && !out.contains(&k.name)
                {
                    out.push(k.name);
                }
            }
        }
        for k in self.keys() {
            if !out.contains(&k.name) {
                out.push(k.name);
            }
        }
        out
    }
}

/// The keys of `section`'s skeleton in its order (given and commented-out ones alike).
fn skeleton_keys(section: Section) -> Vec<String> {
    crate::new::filled(section, "\"\"", &[], "")
        .lines()
        .filter_map(|l| key_of_line(l.strip_prefix("# ").unwrap_or(l)))
        .map(str::to_string)
        .collect()
}

/// The comments of `section`'s skeleton that are not placeholders (`# One of: …`): a file
/// that has one was written by `hamkor new`.
fn skeleton_notes(section: Section) -> Vec<String> {
    crate::new::filled(section, "\"\"", &[], "")
        .lines()
        .filter(|l| l.starts_with("# ") && !l.starts_with("#   "))
        .filter(|l| {
            l.strip_prefix("# ")
                .and_then(key_of_line)
                .is_none_or(|k| Kind::ALL.iter().all(|kind| kind.key(k).is_none()))
        })
        .map(str::to_string)
        .collect()
}

/// The commented-out placeholder of each optional key of `section`'s skeleton: its lines,
/// `# city: ""` (and, for a list, the `#   - …` lines below it).
fn placeholders(section: Section) -> Vec<(String, String)> {
    let text = crate::new::filled(section, "\"\"", &[], "");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line.strip_prefix("# ").and_then(key_of_line) else {
            continue;
        };
        let mut text = line.to_string();
        for more in lines[i + 1..].iter().take_while(|l| l.starts_with("#   ")) {
            text.push_str(more);
        }
        out.push((name.to_string(), text));
    }
    out
}

/// The key a `key: …` or `key:` line starts with, if it is a word of lowercase letters and
/// `_` (the model's keys are).
fn key_of_line(line: &str) -> Option<&str> {
    let (key, rest) = line.split_once(':')?;
    let word = !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let value_follows = rest.is_empty() || rest.starts_with([' ', '\n', '\r']);
    (word && value_follows).then_some(key)
}

/// `value` with what a form leaves in empty fields removed: `None` if nothing is left.
/// Dates are compared as text (`2019` and `"2019"` are one year), and `false` for a flag is
/// its default, as if not given.
fn normal(what: Value, value: &Yaml) -> Option<Yaml> {
    match (what, value) {
        (_, Yaml::Null) => None,
        (_, Yaml::String(s)) if s.trim().is_empty() => None,
        (Value::Bool, Yaml::Bool(false)) => None,
        (Value::Date, Yaml::Number(n)) => Some(Yaml::String(n.to_string())),
        (Value::Free, Yaml::Sequence(s)) if s.is_empty() => None,
        (Value::Free, Yaml::Mapping(m)) if m.is_empty() => None,
        (Value::Free, v) => Some(v.clone()),
        (Value::Records(keys), Yaml::Sequence(items)) => {
            let items: Vec<Yaml> = items
                .iter()
                .filter_map(|i| match i {
                    Yaml::Mapping(m) => normal_record(keys, m).map(Yaml::Mapping),
                    other => normal(Value::Free, other),
                })
                .collect();
            (!items.is_empty()).then_some(Yaml::Sequence(items))
        }
        (Value::Record(keys), Yaml::Mapping(m)) => normal_record(keys, m).map(Yaml::Mapping),
        (Value::Partners, Yaml::Sequence(items)) => {
            let items: Vec<Yaml> = items
                .iter()
                .filter_map(|i| normal(Value::Line, i))
                .map(|i| match i {
                    Yaml::String(s) => Yaml::String(super::paths::partner_slug(&s).to_string()),
                    other => other,
                })
                .collect();
            (!items.is_empty()).then_some(Yaml::Sequence(items))
        }
        (_, Yaml::Sequence(items)) => {
            let items: Vec<Yaml> = items
                .iter()
                .filter_map(|i| normal(Value::Line, i))
                .collect();
            (!items.is_empty()).then_some(Yaml::Sequence(items))
        }
        (_, v) => Some(v.clone()),
    }
}

/// A record's keys without the empty ones, in the model's order, then others as given.
fn normal_record(keys: &[Key], map: &Mapping) -> Option<Mapping> {
    let mut out = Mapping::new();
    for key in keys {
        if let Some(v) = map.get(key.name).and_then(|v| normal(key.value, v)) {
            out.insert(Yaml::String(key.name.to_string()), v);
        }
    }
    for (k, v) in map {
        let known = k
            .as_str()
            .is_some_and(|k| keys.iter().any(|key| key.name == k));
        if !known && let Some(v) = normal(Value::Free, v) {
            out.insert(k.clone(), v);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A record on one line, `{type: memorandum, title: "…", signed: 2024-05-12}`.
fn record(keys: &[Key], map: &Mapping) -> String {
    let items: Vec<String> = map
        .iter()
        .map(|(k, v)| {
            let what = k
                .as_str()
                .and_then(|k| keys.iter().find(|key| key.name == k))
                .map_or(Value::Free, |key| key.value);
            format!("{}: {}", flow(k, Value::Slug), flow(v, what))
        })
        .collect();
    format!("{{{}}}", items.join(", "))
}

/// `value` on one line, as YAML's flow style writes it: text quoted where hamkor quotes it
/// (free text always, names and slugs only where they would not read back the same).
fn flow(value: &Yaml, what: Value) -> String {
    match value {
        Yaml::Null => "null".to_string(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        Yaml::String(s) => {
            let free_text = matches!(what, Value::Line | Value::Prose | Value::Url | Value::Lines);
            // A year reads back as a number, which is how a date's year is meant.
            let year =
                what == Value::Date && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if year || (!free_text && reads_plain(s)) {
                s.clone()
            } else {
                quote(s)
            }
        }
        Yaml::Sequence(items) => {
            let items: Vec<String> = items.iter().map(|i| flow(i, item_of(what))).collect();
            format!("[{}]", items.join(", "))
        }
        Yaml::Mapping(m) => match what {
            Value::Record(keys) => record(keys, m),
            _ => record(&[], m),
        },
        Yaml::Tagged(t) => format!("{} {}", t.tag, flow(&t.value, Value::Free)),
    }
}

/// What the items of a list of `what` hold.
fn item_of(what: Value) -> Value {
    match what {
        Value::Lines => Value::Line,
        Value::Records(keys) => Value::Record(keys),
        Value::Free => Value::Free,
        _ => Value::Slug,
    }
}

/// Whether `s` written without quotes reads back as the same text, in a `key: …` line and
/// inside `[…]` and `{…}` alike, and does not look like a mistake hamkor warns about
/// (typographic quotes around it).
fn reads_plain(s: &str) -> bool {
    if s.is_empty()
        || s.contains(['\n', '\r', '\t'])
        || s.starts_with(['“', '”', '„', '«', '»', '‘', '’', '‚', '‹', '›'])
        || s.chars().any(|c| c.is_control())
    {
        return false;
    }
    let same = |yaml: String, get: &dyn Fn(&Mapping) -> Option<Yaml>| {
        crate::yaml::parse_mapping(&yaml)
            .ok()
            .and_then(|m| get(&m))
            .is_some_and(|v| v == Yaml::String(s.to_string()))
    };
    same(format!("k: {s}\n"), &|m| m.get("k").cloned())
        && same(format!("k: [{s}]\n"), &|m| {
            m.get("k")?.as_sequence()?.first().cloned()
        })
        && same(format!("k: {{a: {s}}}\n"), &|m| {
            m.get("k")?.get("a").cloned()
        })
}

/// `s` in double quotes, with YAML's escapes for what cannot stand in them as it is (a line
/// break is `\n`: a summary with two lines stays on the line of its key).
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn entry(key: &str, rendered: &str) -> String {
    if rendered.starts_with('\n') {
        format!("{key}:{rendered}\n")
    } else {
        format!("{key}: {rendered}\n")
    }
}

fn with_final_newline(body: &str) -> String {
    if body.is_empty() || body.ends_with('\n') {
        body.to_string()
    } else {
        format!("{body}\n")
    }
}

/// A run of lines of the front matter: a key with its value, a commented-out placeholder,
/// or anything else (comments, blank lines).
struct Piece {
    text: String,
    /// The key written here (`placeholder`: in a commented-out line).
    key: Option<String>,
    placeholder: bool,
}

/// `existing` with the form's `wanted` values and `body`, changing only what differs.
fn edit(form: &Form, existing: &str, wanted: &Values, body: &str) -> Result<String, String> {
    let file = Text::read(existing, "the file")?;
    let yaml = file.yaml();
    let have = crate::yaml::parse_mapping(yaml).map_err(|e| {
        format!(
            "the file's front matter does not read as YAML (line {}): {}; fix it in the file first",
            e.pos.line + 1,
            e.message
        )
    })?;
    let have_values = form.normalize(&have)?;
    let mut pieces = pieces(form, yaml)?;
    let commented = pieces.iter().any(|p| p.placeholder)
        || form.section.is_some_and(|section| {
            let notes = skeleton_notes(section);
            yaml.lines().any(|l| notes.iter().any(|n| n == l))
        });
    let order = form.order(commented);
    let rank = |name: &str| order.iter().position(|k| *k == name).unwrap_or(order.len());
    let skeleton = match form.section {
        Some(section) if commented => placeholders(section),
        _ => Vec::new(),
    };

    // Keys the file has that the form cleared.
    for (name, _) in &have_values {
        if wanted.iter().any(|(k, _)| k == name) || !form.edits(name) {
            continue;
        }
        if let Some(i) = pieces
            .iter()
            .position(|p| !p.placeholder && p.key.as_deref() == Some(name))
        {
            match skeleton.iter().find(|(k, _)| k == name) {
                Some((_, lines)) => {
                    pieces[i].text = lines.clone();
                    pieces[i].placeholder = true;
                }
                None => {
                    pieces.remove(i);
                }
            }
        }
    }

    // Keys changed or new, in order, so that two new keys after the same one keep theirs.
    let mut sorted: Vec<&(String, Yaml)> = wanted.iter().collect();
    sorted.sort_by_key(|(k, _)| rank(k));
    for (name, value) in sorted {
        let before = have_values.iter().find(|(k, _)| k == name).map(|(_, v)| v);
        if before == Some(value) {
            continue;
        }
        let present = pieces
            .iter()
            .position(|p| !p.placeholder && p.key.as_deref() == Some(name.as_str()));
        let at_placeholder = pieces
            .iter()
            .position(|p| p.placeholder && p.key.as_deref() == Some(name.as_str()));
        match (present, at_placeholder) {
            (Some(i), _) => {
                let plain = written_plain(&pieces[i].text);
                let text = replaced(&pieces[i].text, name, &form.render(name, value, plain));
                pieces[i].text = text;
            }
            (None, Some(i)) => {
                let uncommented: String = pieces[i]
                    .text
                    .split_inclusive('\n')
                    .map(|l| l.strip_prefix("# ").unwrap_or(l))
                    .collect();
                pieces[i].text = replaced(&uncommented, name, &form.render(name, value, false));
                pieces[i].placeholder = false;
            }
            (None, None) => {
                let mine = rank(name);
                // After the nearest key before it in order (one the file has, or its
                // placeholder); at the top if there is none.
                let after = pieces
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let r = rank(p.key.as_deref()?);
                        (r < mine || (r == mine && p.key.as_deref() != Some(name)))
                            .then_some((r, i))
                    })
                    .max_by_key(|(r, i)| (*r, *i))
                    .map(|(_, i)| i);
                let at = after.map_or(0, |i| i + 1);
                pieces.insert(
                    at,
                    Piece {
                        text: entry(name, &form.render(name, value, false)),
                        key: Some(name.clone()),
                        placeholder: false,
                    },
                );
            }
        }
    }

    let mut out = String::with_capacity(file.text.len() + 64);
    out.push_str(file.head());
    for p in &pieces {
        out.push_str(&p.text);
    }
    out.push_str(file.close());
    let old_body = file.body();
    let gap_len = old_body.len() - old_body.trim_start_matches('\n').len();
    let old_content = &old_body[gap_len..];
    if old_content.trim_end_matches('\n') == body.trim_end_matches('\n') {
        out.push_str(old_body);
    } else {
        out.push_str(&old_body[..gap_len]);
        out.push_str(&with_final_newline(body));
    }
    Ok(file.finish(out))
}

/// The front matter `yaml` cut into [`Piece`]s: each key's lines run to the next key, less
/// the comments and blank lines just above that key (they belong to it).
fn pieces(form: &Form, yaml: &str) -> Result<Vec<Piece>, String> {
    let keys = crate::yaml::top_level_keys(yaml)
        .ok_or("the file's front matter is not a list of `key: value` lines")?;
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let mut starts: Vec<(usize, String)> = Vec::new();
    for (name, line, col) in keys {
        let line = line.saturating_sub(1);
        if col != 0 || starts.last().is_some_and(|(l, _)| *l >= line) {
            return Err(
                "the file's front matter is not written one key per line from the left edge; edit it in the file"
                    .to_string(),
            );
        }
        starts.push((line, name));
    }
    // A comment at the left edge is never part of the value above it.
    let is_free_line = |l: &str| l.trim().is_empty() || l.starts_with('#');
    let mut out = Vec::new();
    let push_other = |out: &mut Vec<Piece>, from: usize, to: usize| {
        let mut i = from;
        while i < to {
            // A commented-out placeholder of a key the form knows, with its `#   - …` lines.
            let key = lines[i]
                .strip_prefix("# ")
                .and_then(key_of_line)
                .filter(|k| form.edits(k));
            let end = match key {
                Some(_) => {
                    let mut e = i + 1;
                    while e < to && lines[e].starts_with("#   ") {
                        e += 1;
                    }
                    e
                }
                None => i + 1,
            };
            out.push(Piece {
                text: lines[i..end].concat(),
                key: key.map(str::to_string),
                placeholder: key.is_some(),
            });
            i = end;
        }
    };
    let first = starts.first().map_or(lines.len(), |(l, _)| *l);
    push_other(&mut out, 0, first);
    for (n, (start, name)) in starts.iter().enumerate() {
        let next = starts.get(n + 1).map_or(lines.len(), |(l, _)| *l);
        let mut end = next;
        while end > start + 1 && is_free_line(lines[end - 1]) {
            end -= 1;
        }
        out.push(Piece {
            text: lines[*start..end].concat(),
            key: Some(name.clone()),
            placeholder: false,
        });
        push_other(&mut out, end, next);
    }
    // A placeholder of a key the file also gives is only a comment.
    let given: Vec<String> = out
        .iter()
        .filter(|p| !p.placeholder)
        .filter_map(|p| p.key.clone())
        .collect();
    for p in &mut out {
        if p.placeholder && p.key.as_ref().is_some_and(|k| given.contains(k)) {
            p.key = None;
            p.placeholder = false;
        }
    }
    Ok(out)
}

/// Whether the key's lines `text` hold a value written without quotes on the key's line.
fn written_plain(text: &str) -> bool {
    let Some((_, rest)) = text.split_once(':') else {
        return false;
    };
    let first = rest.lines().next().unwrap_or("").trim_start();
    !first.is_empty() && !first.starts_with(['"', '\'', '[', '{', '|', '>', '#'])
}

/// The key's lines `old` with the value `rendered`, keeping a note written after the value
/// on the key's line (lined up as `hamkor new` lines notes up, if it was).
fn replaced(old: &str, key: &str, rendered: &str) -> String {
    let first = old.lines().next().unwrap_or("");
    let (head, rest) = match rendered.strip_prefix('\n') {
        Some(_) => (format!("{key}:"), rendered.to_string()),
        None => (format!("{key}: {rendered}"), String::new()),
    };
    let line = match note(first) {
        Some((width, pad, note)) => {
            let w = head.chars().count();
            let pad = if pad == new_pad(width) {
                new_pad(w)
            } else {
                pad
            };
            format!("{head}{}{note}", " ".repeat(pad))
        }
        None => head,
    };
    format!("{line}{rest}\n")
}

/// The spaces `hamkor new` puts before a note after a value `width` characters wide.
fn new_pad(width: usize) -> usize {
    if width < 22 { 22 - width } else { 2 }
}

/// The note (`# …`) after the value of a `key: value` line: the value's width, the spaces
/// before the note, and the note. A `#` is a note's only where the line without it reads as
/// the same value (not inside quotes).
fn note(line: &str) -> Option<(usize, usize, &str)> {
    let whole = crate::yaml::parse_mapping(line).ok()?;
    for (i, c) in line.char_indices() {
        if c != '#' || i == 0 || !line[..i].ends_with([' ', '\t']) {
            continue;
        }
        let value = line[..i].trim_end();
        if crate::yaml::parse_mapping(value).ok().as_ref() == Some(&whole) {
            let width = value.chars().count();
            let pad = line[value.len()..i].chars().count();
            return Some((width, pad, &line[i..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(kind: Kind, sent: &str) -> String {
        file_text(kind, false, None, sent).unwrap()
    }

    fn edited(kind: Kind, existing: &str, sent: &str) -> String {
        file_text(kind, false, Some(existing), sent).unwrap()
    }

    /// A partner as the form sends it: the editor's YAML writer, every field in the form's
    /// order, empty ones included.
    const SENT_PARTNER: &str = "---\ntitle: Seoul National University\nslug: ''\nsummary: ''\n\
        kind: university\ncountry: KR\ncity: ''\nwebsite: ''\nsince: ''\nstatus: ''\n\
        areas:\n  - oncology\n  - surgery\nagreements:\n  - type: memorandum\n    \
        title: Memorandum of understanding\n    signed: '2024-05-12'\n    renewed: ''\n    \
        document: ''\nlocation:\n  lat: null\n  lon: null\nlogo: ''\nphotos: []\n\
        draft: false\naliases: []\n---\nWhat we do together.\n";

    #[test]
    fn a_new_partner_is_what_hamkor_new_writes_with_the_values() {
        let out = new(Kind::Partner, SENT_PARTNER);
        let expected = crate::new::filled(
            Section::Partners,
            "\"Seoul National University\"",
            &[
                ("kind", "university"),
                ("country", "KR"),
                ("areas", "[oncology, surgery]"),
                (
                    "agreements",
                    "\n  - {type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}",
                ),
            ],
            "What we do together.\n",
        );
        assert_eq!(out, expected);
        assert_eq!(
            out,
            "---\ntitle: \"Seoul National University\"\n\
             # One of: university, research-center, hospital, foundation, company, government, association\n\
             kind: university\n\
             # Two-letter ISO 3166-1 code, e.g. KR, IN, RU, DE\n\
             country: KR\n\
             # city: \"\"\n\
             # website: \"https://\"\n\
             # since: 2024-05        # YYYY, YYYY-MM or YYYY-MM-DD\n\
             # status: active        # active, prospective or ended\n\
             areas: [oncology, surgery]  # slugs from content/areas.yaml\n\
             agreements:\n\
             \x20 - {type: memorandum, title: \"Memorandum of understanding\", signed: 2024-05-12}\n\
             # location: {lat: 37.56, lon: 126.94}\n\
             # summary: \"One sentence shown in lists.\"\n\
             ---\n\nWhat we do together.\n"
        );
    }

    #[test]
    fn a_new_translation_or_page_gives_its_keys_in_the_models_order() {
        let sent = "---\ntitle: Университет Ёнсе\nsummary: 'Первая строка\n\n  вторая: «цитата»'\nkind: university\n---\nТекст.";
        assert_eq!(
            file_text(Kind::Partner, true, None, sent).unwrap(),
            "---\ntitle: \"Университет Ёнсе\"\nsummary: \"Первая строка\\nвторая: «цитата»\"\n---\n\nТекст.\n"
        );
        let sent = "---\nweight: 3\ntitle: About\ndraft: true\naliases: [/old/, '/a b/']\n---\n";
        assert_eq!(
            new(Kind::Page, sent),
            "---\ntitle: \"About\"\ndraft: true\nweight: 3\naliases: [/old/, /a b/]\n---\n\n"
        );
    }

    #[test]
    fn editing_one_key_of_a_commented_file_leaves_every_other_byte() {
        let file = "---\ntitle: \"Seoul National University\"   # as on their site\n\
             # One of: university, research-center\n\
             kind: university\n\
             country: KR  # checked 2024\n\
             # city: \"\"\n\
             since: 2019        # YYYY, YYYY-MM or YYYY-MM-DD\n\
             # We signed twice.\n\
             agreements:\n\
             \x20 - type: memorandum   # the first\n\
             \x20   signed: 2019-04-12\n\
             \n\
             areas: [oncology]\n\
             ---\nBody\n";
        let sent = "---\ntitle: Seoul National University\nkind: university\ncountry: KR\n\
             since: 2021\nagreements:\n  - type: memorandum\n    signed: '2019-04-12'\n\
             areas: [oncology]\n---\nBody\n";
        assert_eq!(
            edited(Kind::Partner, file, sent),
            file.replace("since: 2019", "since: 2021")
        );
        // Nothing changed: nothing is rewritten, however the form writes the values.
        let same = sent.replace("since: 2021", "since: '2019'");
        assert_eq!(edited(Kind::Partner, file, &same), file);
        // A year is a year, written as a number or as text.
        let quoted = file.replace("since: 2019", "since: \"2019\"");
        let same = sent.replace("since: 2021", "since: 2019");
        assert_eq!(edited(Kind::Partner, &quoted, &same), quoted);
    }

    #[test]
    fn keys_the_form_does_not_send_are_kept() {
        let file =
            "---\ntitle: About\nextra:\n  motto: \"Together\"  # the old one\nlegacy: 1\n---\nB\n";
        let sent = "---\ntitle: About us\n---\nB\n";
        assert_eq!(
            file_text(Kind::Page, false, Some(file), sent).unwrap(),
            file.replace("title: About", "title: About us")
        );
        let sent = "---\ntitle: About\nextra: {motto: Apart}\n---\nB\n";
        assert_eq!(
            file_text(Kind::Page, false, Some(file), sent).unwrap(),
            "---\ntitle: About\nextra: {motto: Apart}\nlegacy: 1\n---\nB\n"
        );
    }

    #[test]
    fn a_changed_value_keeps_its_note_and_plain_text_stays_plain() {
        let file = "---\ntitle: Yonsei University\nsummary: \"Old.\"\nkind: university\ncountry: KR\nplace_note: x\n---\nB\n";
        let sent = "---\ntitle: 'Yonsei University #1'\nsummary: 'New: and more'\nkind: university\ncountry: KR\n---\nB\n";
        assert_eq!(
            edited(Kind::Partner, file, sent),
            "---\ntitle: \"Yonsei University #1\"\nsummary: \"New: and more\"\nkind: university\ncountry: KR\nplace_note: x\n---\nB\n"
        );
        let sent =
            "---\ntitle: Yonsei Univ.\nsummary: Old.\nkind: university\ncountry: KR\n---\nB\n";
        assert_eq!(
            edited(Kind::Partner, file, sent),
            "---\ntitle: Yonsei Univ.\nsummary: \"Old.\"\nkind: university\ncountry: KR\nplace_note: x\n---\nB\n"
        );
    }

    #[test]
    fn new_keys_go_where_hamkor_new_has_them() {
        // At the commented-out placeholder, keeping its note.
        let file = new(Kind::Partner, SENT_PARTNER);
        let sent = SENT_PARTNER
            .replace("status: ''", "status: ended")
            .replace("city: ''", "city: Seoul");
        let out = edited(Kind::Partner, &file, &sent);
        assert_eq!(
            out,
            file.replace("# city: \"\"", "city: \"Seoul\"")
                .replace("# status: active        #", "status: ended         #")
        );
        // After the key before it in the model, in a file without placeholders.
        let file = "---\ntitle: Visit to Cheongju\nsummary: \"S.\"\ndirection: outgoing\n\
                    # our own note\ncountry: KR\npartners: [korea-ginseng-export]\n---\nB\n";
        let sent = "---\ntitle: Visit to Cheongju\nsummary: S.\ndirection: outgoing\ndate: 2024-05\n\
                    end_date: 2024-06\ncountry: KR\npartners: [korea-ginseng-export]\ndelegation: [Prof. Kim]\n\
                    outcomes: []\n---\nB\n";
        assert_eq!(
            edited(Kind::Visit, file, sent),
            "---\ntitle: Visit to Cheongju\nsummary: \"S.\"\ndirection: outgoing\ndate: 2024-05\n\
             end_date: 2024-06\n# our own note\ncountry: KR\npartners: [korea-ginseng-export]\n\
             delegation: [\"Prof. Kim\"]\n---\nB\n"
        );
    }

    #[test]
    fn a_cleared_key_loses_its_lines_and_keeps_the_comments_above() {
        let file = "---\ntitle: Visit\ndirection: incoming\n# Who came:\ndelegation:\n  - Prof. Kim\n  - Dr. Lee\n\
                    areas: [oncology]  # for the report\n---\nB\n";
        let sent =
            "---\ntitle: Visit\ndirection: incoming\ndelegation: []\nareas: [oncology]\n---\nB\n";
        assert_eq!(
            edited(Kind::Visit, file, sent),
            "---\ntitle: Visit\ndirection: incoming\n# Who came:\nareas: [oncology]  # for the report\n---\nB\n"
        );
        // In a file `hamkor new` wrote, the placeholder comes back.
        let file = new(Kind::Partner, SENT_PARTNER);
        let sent = SENT_PARTNER.replace("  - oncology\n  - surgery\n", "");
        let sent = sent.replace("areas:\n", "areas: []\n");
        assert_eq!(
            edited(Kind::Partner, &file, &sent),
            file.replace("areas: [oncology, surgery]  #", "# areas: [oncology]     #")
        );
    }

    #[test]
    fn a_translation_edit_touches_only_its_own_keys() {
        let file =
            "---\ntitle: \"Университет Ёнсе\"\nsummary: \"Старое.\"\ncountry: KR\n---\nТекст.\n";
        let sent = "---\ntitle: Университет Ёнсе\nsummary: Новое.\noutcomes: [x]\n---\nТекст.\n";
        assert_eq!(
            file_text(Kind::Partner, true, Some(file), sent).unwrap(),
            "---\ntitle: \"Университет Ёнсе\"\nsummary: \"Новое.\"\ncountry: KR\n---\nТекст.\n"
        );
    }

    #[test]
    fn crlf_and_a_byte_order_mark_are_kept() {
        let file = "\u{feff}---\r\ntitle: About\r\nweight: 2\r\n---\r\n\r\nOld text.\r\n";
        let sent = "---\ntitle: About\nweight: 3\n---\nNew text.\n";
        assert_eq!(
            file_text(Kind::Page, false, Some(file), sent).unwrap(),
            "\u{feff}---\r\ntitle: About\r\nweight: 3\r\n---\r\n\r\nNew text.\r\n"
        );
    }

    #[test]
    fn the_body_is_replaced_only_when_it_changed() {
        let file = "---\ntitle: About\n---\nText.";
        let sent = "---\ntitle: About\n---\nText.\n";
        assert_eq!(
            file_text(Kind::Page, false, Some(file), sent).unwrap(),
            file
        );
        let sent = "---\ntitle: About\n---\nOther.";
        assert_eq!(
            file_text(Kind::Page, false, Some(file), sent).unwrap(),
            "---\ntitle: About\n---\nOther.\n"
        );
    }

    #[test]
    fn what_does_not_read_is_refused_with_the_reason() {
        assert_eq!(
            file_text(Kind::Page, false, None, "title: x\n"),
            Err("the file sent from the form has no front matter (line 1): missing front matter: the file must start with a `---` line".to_string())
        );
        assert_eq!(
            file_text(Kind::Page, false, None, "---\ntitle: [x\n---\n"),
            Err("the file sent from the form does not read as YAML (line 2): the list that starts here is not closed".to_string())
        );
        assert_eq!(
            file_text(Kind::Page, false, None, "---\n[a]: 1\n---\n"),
            Err("the front matter has a key that is not text: [a]".to_string())
        );
        assert_eq!(
            file_text(Kind::Page, false, Some("---\na: 1\na: 2\n---\n"), "---\ntitle: x\n---\n"),
            Err("the file's front matter does not read as YAML (line 3): duplicate key 'a'; fix it in the file first".to_string())
        );
    }

    #[test]
    fn an_edit_of_a_bundled_visit_changes_only_its_lines() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/visits/cheongju-ginseng-visit.md"
        );
        let file = std::fs::read_to_string(path).unwrap();
        let sent = as_the_form_sends(&file)
            .replace("place: Cheongju\n", "place: Cheongju\ndate: 2023-10\n")
            .replace("- traditional-medicine\n", "");
        let out = edited(Kind::Visit, &file, &sent);
        assert_eq!(
            out,
            file.replace(
                "direction: outgoing\n",
                "direction: outgoing\ndate: 2023-10\n"
            )
            .replace("[traditional-medicine, pharmacology]", "[pharmacology]")
        );
    }

    /// What a save writes is a file hamkor's own parser takes without a problem.
    #[test]
    fn saved_files_pass_hamkors_parser() {
        use crate::content::parse::{Role, parse_file};
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::config::load(root, &crate::config::Overrides::default()).unwrap();
        let record = |section, stem: &str| Role::Record {
            section,
            stem: stem.to_string(),
            bundle: None,
        };
        let partner = new(Kind::Partner, SENT_PARTNER);
        let visit = new(
            Kind::Visit,
            "---\ntitle: 'Visit: Seoul'\ndirection: incoming\ndate: '2024-05-12'\nend_date: ''\n\
             partners: [yonsei-university]\ndelegation: [Prof. Kim, 'Dr. \"Lee\"']\n\
             outcomes:\n  - A memorandum was signed, after a long talk about the joint programs in oncology.\n\
             summary: \"Two\\nlines #1\"\n---\nText.\n",
        );
        let translation = file_text(
            Kind::Visit,
            true,
            None,
            "---\ntitle: Визит\noutcomes: [Подписан меморандум]\ndirection: incoming\n---\nТекст.\n",
        )
        .unwrap();
        let files = [
            (
                "content/partners/seoul.md",
                &partner,
                record(Section::Partners, "seoul"),
            ),
            (
                "content/visits/seoul.md",
                &visit,
                record(Section::Visits, "seoul"),
            ),
            (
                "content/visits/seoul.ru.md",
                &translation,
                Role::Translation {
                    lang: "ru".to_string(),
                    original: "content/visits/seoul.md".into(),
                },
            ),
        ];
        for (rel, text, role) in files {
            let parsed = parse_file(&config, std::path::Path::new(rel), text.as_bytes(), &role);
            assert!(parsed.is_ok(), "{rel}:\n{text}\n{parsed:#?}");
        }
        assert!(
            visit.contains("delegation: [\"Prof. Kim\", \"Dr. \\\"Lee\\\"\"]\n"),
            "{visit}"
        );
        assert!(
            visit.contains("outcomes:\n  - \"A memorandum was signed, after"),
            "{visit}"
        );
        assert!(visit.contains("summary: \"Two\\nlines #1\"\n"), "{visit}");
    }

    /// Every bundled content file, sent back by the form unchanged (in the form's own
    /// layout), is saved byte for byte as it is.
    #[test]
    fn an_unchanged_save_of_every_bundled_file_changes_nothing() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&root) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("md") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap();
            let name = rel.file_name().unwrap().to_str().unwrap();
            let translation = name.matches('.').count() == 2;
            let kind = match rel.iter().next().and_then(|s| s.to_str()) {
                _ if name.starts_with("_index") => Kind::Page,
                Some("partners") => Kind::Partner,
                Some("visits") => Kind::Visit,
                Some("programs") => Kind::Program,
                _ => Kind::Page,
            };
            let text = std::fs::read_to_string(path).unwrap();
            let sent = as_the_form_sends(&text);
            let out = file_text(kind, translation, Some(&text), &sent).unwrap();
            assert_eq!(out, text, "{}", rel.display());
            seen += 1;
        }
        assert!(seen > 100, "{seen}");
    }

    /// `text` as the form sends it: its values in a YAML writer's block layout.
    fn as_the_form_sends(text: &str) -> String {
        let parts = crate::content::parse::split(text).unwrap();
        let map = crate::yaml::parse_mapping(parts.yaml).unwrap();
        format!(
            "---\n{}---\n{}",
            serde_yaml::to_string(&map).unwrap(),
            parts.body.trim_start_matches('\n')
        )
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;
        use proptest::test_runner::{RngSeed, TestCaseError};

        /// A fixed seed unless `PROPTEST_RNG_SEED` says otherwise, nothing written to disk.
        fn config(cases: u32) -> ProptestConfig {
            let env = ProptestConfig::default();
            ProptestConfig {
                cases: if std::env::var_os("PROPTEST_CASES").is_some() {
                    env.cases
                } else {
                    cases
                },
                rng_seed: match env.rng_seed {
                    RngSeed::Random => RngSeed::Fixed(0x6861_6d6b_6f72),
                    fixed => fixed,
                },
                failure_persistence: None,
                ..env
            }
        }

        /// Text an editor may type: YAML's special characters, quotes, notes, line breaks,
        /// Cyrillic and typographic quotes.
        fn text() -> BoxedStrategy<Yaml> {
            prop_oneof![
                4 => "[a-zA-Z0-9 :#'\"\\[\\]{},&*!%@|>?.\\\\ё«»\n\t-]{0,14}".prop_map(Yaml::String),
                1 => prop_oneof![Just("null"), Just("true"), Just("~"), Just("1.5"), Just("0123"), Just("- x"), Just(" ")]
                    .prop_map(|s| Yaml::String(s.to_string())),
                1 => Just(Yaml::Null),
            ]
            .boxed()
        }

        fn name() -> BoxedStrategy<Yaml> {
            prop_oneof![
                4 => "[a-z][a-z0-9-]{0,8}".prop_map(Yaml::String),
                1 => text(),
            ]
            .boxed()
        }

        fn date() -> BoxedStrategy<Yaml> {
            prop_oneof![
                "[12][0-9]{3}".prop_map(Yaml::String),
                "[12][0-9]{3}-[01][0-9]".prop_map(Yaml::String),
                "[12][0-9]{3}-[01][0-9]-[0-3][0-9]".prop_map(Yaml::String),
                (1990u64..2030).prop_map(|y| Yaml::Number(y.into())),
                Just(Yaml::String(String::new())),
            ]
            .boxed()
        }

        fn value(what: Value) -> BoxedStrategy<Yaml> {
            let list = |s: BoxedStrategy<Yaml>| {
                prop::collection::vec(s, 0..3)
                    .prop_map(Yaml::Sequence)
                    .boxed()
            };
            match what {
                Value::Line | Value::Prose | Value::Url => text(),
                Value::Bool => any::<bool>().prop_map(Yaml::Bool).boxed(),
                Value::Integer => (0u64..5000).prop_map(|n| Yaml::Number(n.into())).boxed(),
                Value::Decimal => (-18000i64..18000)
                    .prop_map(|n| Yaml::Number((n as f64 / 100.0).into()))
                    .boxed(),
                Value::Date => date(),
                Value::Areas | Value::Partners | Value::Paths => list(name()),
                Value::Lines => list(text()),
                Value::Records(keys) => list(mapping(keys)),
                Value::Record(keys) => mapping(keys),
                Value::Free => Just(Yaml::Null).boxed(),
                _ => name(),
            }
        }

        /// A mapping with some of `keys`, in their order.
        fn mapping(keys: &'static [Key]) -> BoxedStrategy<Yaml> {
            let fields: Vec<BoxedStrategy<Option<(String, Yaml)>>> = keys
                .iter()
                .filter(|k| k.value != Value::Free)
                .map(|k| {
                    let name = k.name.to_string();
                    let v = value(k.value);
                    if k.name == "title" {
                        v.prop_map(move |v| Some((name.clone(), v))).boxed()
                    } else {
                        prop::option::of(v.prop_map(move |v| (name.clone(), v))).boxed()
                    }
                })
                .collect();
            fields
                .prop_map(|fields| {
                    let mut m = Mapping::new();
                    for (k, v) in fields.into_iter().flatten() {
                        m.insert(Yaml::String(k), v);
                    }
                    Yaml::Mapping(m)
                })
                .boxed()
        }

        /// A file as the form sends it.
        fn sent(kind: Kind) -> BoxedStrategy<String> {
            (mapping(kind.keys()), "[a-z #*\n]{0,20}")
                .prop_map(|(m, body)| {
                    format!(
                        "---\n{}---\n{body}",
                        serde_yaml::to_string(&m).unwrap_or_default()
                    )
                })
                .boxed()
        }

        fn kind() -> impl Strategy<Value = (Kind, bool)> {
            (prop::sample::select(Kind::ALL.to_vec()), any::<bool>())
        }

        /// What `text` reads as, normalized as the form's values are, and its body.
        fn read(form: &Form, text: &str) -> Result<(Values, String), TestCaseError> {
            let file = Text::read(text, "x").map_err(TestCaseError::fail)?;
            let map = crate::yaml::parse_mapping(file.yaml())
                .map_err(|e| TestCaseError::fail(format!("{e:?}\n{text}")))?;
            let mut values = form.normalize(&map).map_err(TestCaseError::fail)?;
            values.sort_by(|a, b| a.0.cmp(&b.0));
            let body = file.body().trim_start_matches('\n').trim_end_matches('\n');
            Ok((values, body.to_string()))
        }

        /// `text` with `# note N` lines between its top-level lines, at the places `at`.
        fn with_notes(text: &str, at: &[usize]) -> (String, usize) {
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let close = lines
                .iter()
                .skip(1)
                .position(|l| *l == "---\n")
                .map_or(lines.len(), |i| i + 1);
            let mut out = String::new();
            let mut notes = 0;
            for (i, line) in lines.iter().enumerate() {
                let between =
                    i > 0 && i <= close && !line.starts_with(' ') && !line.starts_with("#   ");
                if between && at.contains(&i) {
                    notes += 1;
                    out.push_str(&format!("# note {notes}\n"));
                }
                out.push_str(line);
            }
            (out, notes)
        }

        proptest! {
            #![proptest_config(config(256))]

            /// A new file reads back as the values and the body sent.
            #[test]
            fn a_new_file_reads_back_as_what_was_sent(
                ((kind, translation), sent) in kind().prop_flat_map(|(k, t)| (Just((k, t)), sent(k))),
            ) {
                let form = Form::new(kind, translation);
                let out = file_text(kind, translation, None, &sent).map_err(TestCaseError::fail)?;
                prop_assert_eq!(read(&form, &out)?, read(&form, &sent)?, "{}", out);
            }

            /// An edited file reads back as the values sent, keeps every note between its
            /// keys, and saving the same values again changes nothing; a file `hamkor new`
            /// wrote becomes what `hamkor new` writes with the new values.
            #[test]
            fn an_edited_file_reads_back_as_what_was_sent(
                ((kind, translation), first, second) in kind().prop_flat_map(|(k, t)| {
                    (Just((k, t)), sent(k), sent(k))
                }),
                notes in prop::collection::vec(0usize..30, 0..4),
                crlf in any::<bool>(),
            ) {
                let form = Form::new(kind, translation);
                let created = file_text(kind, translation, None, &first).map_err(TestCaseError::fail)?;
                let (existing, count) = with_notes(&created, &notes);
                let existing = if crlf { existing.replace('\n', "\r\n") } else { existing };
                let out = file_text(kind, translation, Some(&existing), &second)
                    .map_err(TestCaseError::fail)?;
                prop_assert_eq!(read(&form, &out)?, read(&form, &second)?, "{}", out);
                for n in 1..=count {
                    let note = format!("# note {n}\n");
                    let note = if crlf { note.replace('\n', "\r\n") } else { note };
                    prop_assert!(out.contains(&note), "{} lost:\n{}", n, out);
                }
                prop_assert_eq!(out.contains('\r'), crlf);
                let again = file_text(kind, translation, Some(&out), &second)
                    .map_err(TestCaseError::fail)?;
                prop_assert_eq!(&again, &out);
                if count == 0 && !crlf {
                    let fresh = file_text(kind, translation, None, &second)
                        .map_err(TestCaseError::fail)?;
                    prop_assert_eq!(&out, &fresh, "from:\n{}", existing);
                }
            }
        }
    }
}
