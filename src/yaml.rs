//! The one place that reads YAML.
//!
//! `serde_yaml` does the typed decoding (it is deprecated upstream, so every call to it lives
//! here and the crate can be swapped by editing this file alone). It does not keep positions of
//! values, so when a diagnostic needs one, the text is parsed a second time with an event parser
//! that does ([`locate`]); that happens only on the error path and costs nothing otherwise.
//! The few positions that problems found after parsing need (a partner unknown to the site, a
//! slug two files share) are recorded while the file is read ([`KeyPos`]), so later stages
//! never read a file again.
//!
//! [`Fields`] decodes a mapping key by key: each key is deserialized on its own, so one file
//! reports all of its problems at once (unknown keys with a suggestion, wrong types, missing
//! keys), each at the position of the offending key or value.

use std::path::Path;

use serde::de::DeserializeOwned;
use yaml_rust2::parser::{Event, Parser};

use crate::diagnostic::{Diagnostic, Pos, did_you_mean};

/// A YAML mapping as read from a file.
pub type Mapping = serde_yaml::Mapping;

/// Free-form data (`extra:`), handed to templates as is.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize, Hash)]
#[serde(transparent)]
pub struct Extra(serde_yaml::Value);

/// A syntax error in a YAML text, positioned within that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong, in the editor's words rather than the parser's.
    pub message: String,
    /// 1-based position in the YAML text.
    pub pos: Pos,
    /// What to do; `{line}` stands for the file line of `earlier`.
    pub help: Option<String>,
    /// Characters to underline.
    pub width: usize,
    /// Another place the problem involves (the first of two duplicate keys).
    pub earlier: Option<Pos>,
}

impl SyntaxError {
    fn at(pos: Pos, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            pos,
            help: None,
            width: 1,
            earlier: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> SyntaxError {
        self.help = Some(help.into());
        self
    }

    fn width(mut self, width: usize) -> SyntaxError {
        self.width = width.max(1);
        self
    }
}

/// Parses `text` as a YAML mapping; an empty document is an empty mapping.
pub fn parse_mapping(text: &str) -> Result<Mapping, SyntaxError> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(serde_yaml::Value::Mapping(m)) => match merged_list_item(text) {
            Some(e) => Err(e),
            None => Ok(m),
        },
        Ok(serde_yaml::Value::Null) => Ok(Mapping::new()),
        Ok(_) => Err(SyntaxError::at(Pos::START, "expected `key: value` lines")),
        Err(e) => Err(syntax_error(text, &e)),
    }
}

/// A list item indented one space more than the item above it: YAML reads it as the rest of
/// that item's text (`- Prof. Kim` then ` - Dr. Lee` is one item, "Prof. Kim - Dr. Lee"),
/// which no one means.
fn merged_list_item(text: &str) -> Option<SyntaxError> {
    let mut previous: Option<(usize, &str)> = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        let item = line[indent..].strip_prefix("- ");
        if let (Some((above, above_text)), Some(_)) = (previous, item)
            && indent == above + 1
            && !above_text.starts_with(['"', '\'', '[', '{'])
            && !above_text.trim_end().ends_with(':')
            && !above_text.contains(": ")
        {
            return Some(
                SyntaxError::at(
                    Pos {
                        line: i + 1,
                        col: indent + 1,
                    },
                    "this list item is indented one space more than the item above, so YAML joins it to that item",
                )
                .help("put its `-` under the `-` of the item above"),
            );
        }
        previous = item.map(|t| (indent, t));
    }
    None
}

/// Parses a whole YAML file into `T` (used for small data files such as vocabularies).
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    serde_yaml::from_str(text).map_err(|e| syntax_error(text, &e))
}

/// Writes `value` as a YAML document (for files hamkor generates, such as the editor's
/// configuration).
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

/// Decodes an already parsed value as `T`.
pub fn from_value<T: DeserializeOwned>(value: serde_yaml::Value) -> Result<T, String> {
    serde_yaml::from_value(value).map_err(|e| explain(&e.to_string()))
}

fn syntax_error(text: &str, e: &serde_yaml::Error) -> SyntaxError {
    let raw = e.to_string();
    let mut pos = e.location().map_or(Pos::START, |l| Pos {
        line: l.line(),
        col: l.column(),
    });
    // serde_yaml appends " at line L column C" to the message, and ", while parsing (or
    // scanning) X at line L column C" for the construct it was in.
    let (problem, context) = match raw
        .split_once(", while parsing ")
        .or_else(|| raw.split_once(", while scanning "))
    {
        Some((p, c)) => (
            strip_position(p),
            Some((strip_position(c), parse_position(c))),
        ),
        None => (strip_position(&raw), None),
    };
    let line_at = |p: Pos| text.lines().nth(p.line.saturating_sub(1)).unwrap_or("");
    let char_at = |p: Pos| line_at(p).chars().nth(p.col.saturating_sub(1));
    let key_of = |p: Pos| {
        let l = line_at(p).trim_start().trim_start_matches("- ");
        l.split_once(':').map(|(k, _)| k.trim().to_string())
    };
    let tab = |at: Pos| {
        SyntaxError::at(at, "a tab is used to indent this line")
            .help("indent with spaces: YAML does not allow tabs for indentation")
    };
    if problem.starts_with("found a tab character") {
        return tab(Pos {
            line: pos.line,
            col: 1,
        });
    }
    if problem == "found character that cannot start any token" {
        return match char_at(pos) {
            Some('\t') => tab(pos),
            Some(c @ ('@' | '`' | '%')) => {
                let value = rest_of_line(text, pos).unwrap_or("");
                let err = SyntaxError::at(pos, format!("a value cannot start with `{c}`"));
                match key_of(pos) {
                    Some(k) => err.help(format!("put the text in quotes: `{k}: \"{value}\"`")),
                    None => err.help("put the text in quotes"),
                }
            }
            Some(c) => SyntaxError::at(pos, format!("`{c}` cannot start a value here"))
                .help("put the text in quotes"),
            None => SyntaxError::at(pos, "unexpected character"),
        };
    }
    if problem == "found unexpected end of stream"
        && let Some((what, Some(start))) = context
        && what.contains("quoted scalar")
    {
        let quote = char_at(start).unwrap_or('"');
        return SyntaxError::at(start, "the quoted text that starts here is not closed")
            .help(format!("end it with a `{quote}` on the same line"));
    }
    // `city Cheongju`: YAML only notices at the next line; the mistake is where the key
    // started.
    if problem == "could not find expected ':'"
        && let Some((_, Some(start))) = context
        && !line_at(start).contains(':')
    {
        let line = line_at(start).trim();
        let fixed = match line.split_once(' ') {
            Some((k, v)) => format!("`{k}: {}`", v.trim()),
            None => format!("`{line}: …`"),
        };
        return SyntaxError::at(start, "this line has no `:` after its key").help(format!(
            "write the key, a colon and a space, then the value: {fixed}"
        ));
    }
    // ` city: Cheongju` after `country: KR`: a key indented by one space (as left when `# ` is
    // deleted from a commented line) reads as the rest of the value above.
    if problem == "mapping values are not allowed in this context"
        && line_at(pos).starts_with(' ')
        && let Some(key) = key_of(pos)
        && let Some(above) = (1..pos.line)
            .rev()
            .map(|l| line_at(Pos { line: l, col: 1 }))
            .find(|l| !l.trim().is_empty())
        && !above.starts_with(' ')
        && above
            .split_once(':')
            .is_some_and(|(_, v)| !v.trim().is_empty())
    {
        let spaces = line_at(pos).len() - line_at(pos).trim_start().len();
        return SyntaxError::at(
            Pos {
                line: pos.line,
                col: 1,
            },
            format!(
                "'{key}' is indented by {spaces} space{}, so YAML reads it as part of the value above",
                if spaces == 1 { "" } else { "s" }
            ),
        )
        .help(format!("start `{key}:` at the beginning of the line, like the keys above"))
        .width(spaces);
    }
    if problem == "mapping values are not allowed in this context"
        && let Some(key) = key_of(pos)
    {
        let line = line_at(pos);
        let value = line
            .split_once(':')
            .map_or("", |(_, v)| v)
            .trim()
            .replace('"', "\\\"");
        return SyntaxError::at(pos, format!("unexpected `: ` in the value of '{key}'")).help(
            format!("put text that contains `: ` in quotes: `{key}: \"{value}\"`"),
        );
    }
    if problem.starts_with("did not find expected ',' or ']'")
        && let Some((_, Some(start))) = context
    {
        let err = SyntaxError::at(start, "the list that starts here is not closed");
        // `title: [Draft] Agreement` is text that YAML reads as the start of a list; commas
        // say it was meant as one.
        let rest = rest_of_line(text, start).unwrap_or("");
        return match key_of(start) {
            Some(k) if !rest.contains(',') => err.help(format!(
                "if this is text, put it in quotes: `{k}: \"{}\"`; a list ends with `]`",
                rest.trim_end().replace('"', "\\\"")
            )),
            _ => err.help("end the list with `]`, and separate its items with commas"),
        };
    }
    if problem.starts_with("did not find expected ',' or '}'")
        && let Some((_, Some(start))) = context
    {
        return SyntaxError::at(start, "the `{…}` that starts here is not closed")
            .help("end it with `}`, and separate its `key: value` pairs with commas");
    }
    if problem == "repetition limit exceeded" {
        // A "billion laughs": aliases that would expand to more than memory holds.
        if let Some(p) = first_alias(text) {
            pos = p;
        }
        return SyntaxError::at(pos, "the aliases (`*name`) expand to too much data")
            .help("write the data out instead of repeating it with `&` and `*`")
            .width(2);
    }
    // serde_yaml reads digits beyond 64 bits as a 128-bit integer and names the type.
    if let Some(rest) = problem
        .split_once("invalid type: integer `")
        .map(|(_, r)| r)
        && let Some((n, after)) = rest.split_once('`')
        && (after.starts_with(" as u128") || after.starts_with(" as i128"))
    {
        return SyntaxError::at(pos, format!("the number {n} is too big"))
            .help("write the real figure; numbers up to 18446744073709551615 can be read")
            .width(n.chars().count());
    }
    if problem == "recursion limit exceeded" {
        return SyntaxError::at(pos, "the value is nested too deeply")
            .help("lists and maps may be nested a few levels, not hundreds");
    }
    // A duplicate key is reported at the start of its mapping; point at the second key instead.
    if let Some(key) = problem
        .strip_prefix("duplicate entry with key \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        let (first, second) = locate_duplicate(text, key).unzip();
        return SyntaxError {
            message: format!("duplicate key '{key}'"),
            pos: second.unwrap_or(pos),
            help: Some(format!(
                "'{key}' is already on line {{line}}: keep one of them"
            )),
            width: key.chars().count(),
            earlier: first,
        };
    }
    let message = match context {
        Some((what, Some(start))) if raw.contains(", while parsing ") => {
            // "a flow sequence at line 2 column 8": the mistake is usually where that started.
            pos = start;
            format!(
                "{problem} in the {} that starts here",
                what.trim_start_matches("a ")
            )
        }
        _ => problem.to_string(),
    };
    SyntaxError::at(pos, message)
}

/// The text from `pos` to the end of its line, without trailing spaces.
fn rest_of_line(text: &str, pos: Pos) -> Option<&str> {
    let line = text.lines().nth(pos.line.checked_sub(1)?)?;
    let start = line.char_indices().nth(pos.col.checked_sub(1)?)?.0;
    Some(line[start..].trim_end())
}

/// The first `*alias` in a YAML text.
fn first_alias(text: &str) -> Option<Pos> {
    for (line, l) in (1..).zip(text.lines()) {
        let chars: Vec<char> = l.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            let before = if i == 0 { ' ' } else { chars[i - 1] };
            let after = chars.get(i + 1).copied().unwrap_or(' ');
            if *c == '*' && matches!(before, ' ' | '[' | ',' | '{') && after.is_alphanumeric() {
                return Some(Pos { line, col: i + 1 });
            }
        }
    }
    None
}

fn strip_position(s: &str) -> &str {
    match s.find(" at line ") {
        Some(i) => &s[..i],
        None => s,
    }
}

fn parse_position(s: &str) -> Option<Pos> {
    let rest = &s[s.find(" at line ")? + " at line ".len()..];
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some(Pos {
        line: line.trim().parse().ok()?,
        col: col.parse().ok()?,
    })
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

/// What to point at: a key itself or the value under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The key of the last path segment.
    Key,
    /// The value the path leads to.
    Value,
}

/// A located node: where it starts and how many characters to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Located {
    /// 1-based position in the YAML text.
    pub pos: Pos,
    /// Characters to underline.
    pub width: usize,
}

#[derive(Debug)]
enum Node {
    Scalar(Located),
    Seq(Located, Vec<Node>),
    Map(Located, Vec<(String, Located, Node)>),
}

impl Node {
    fn at(&self) -> Located {
        match self {
            Node::Scalar(l) | Node::Seq(l, _) | Node::Map(l, _) => *l,
        }
    }
}

fn located(m: &yaml_rust2::scanner::Marker, width: usize) -> Located {
    Located {
        pos: Pos {
            line: m.line(),
            col: m.col() + 1,
        },
        width: width.max(1),
    }
}

fn scalar_width(text: &str, style: yaml_rust2::scanner::TScalarStyle) -> usize {
    use yaml_rust2::scanner::TScalarStyle::*;
    let n = text.chars().count();
    match style {
        SingleQuoted | DoubleQuoted => n + 2,
        Plain => n,
        _ => 1,
    }
}

fn read_node(
    p: &mut Parser<std::str::Chars<'_>>,
    first: (Event, yaml_rust2::scanner::Marker),
) -> Option<Node> {
    let (ev, mark) = first;
    Some(match ev {
        Event::Scalar(text, style, _, _) => {
            Node::Scalar(located(&mark, scalar_width(&text, style)))
        }
        Event::Alias(_) => Node::Scalar(located(&mark, 1)),
        Event::SequenceStart(..) => {
            let mut items = Vec::new();
            loop {
                let next = p.next_token().ok()?;
                if next.0 == Event::SequenceEnd {
                    break;
                }
                items.push(read_node(p, next)?);
            }
            Node::Seq(located(&mark, 1), items)
        }
        Event::MappingStart(..) => {
            let mut entries = Vec::new();
            loop {
                let next = p.next_token().ok()?;
                if next.0 == Event::MappingEnd {
                    break;
                }
                let key_text = match &next.0 {
                    Event::Scalar(t, ..) => t.clone(),
                    _ => String::new(),
                };
                let key = read_node(p, next)?.at();
                let value_first = p.next_token().ok()?;
                let value = read_node(p, value_first)?;
                entries.push((key_text, key, value));
            }
            Node::Map(located(&mark, 1), entries)
        }
        _ => return None,
    })
}

fn tree(text: &str) -> Option<Node> {
    let mut p = Parser::new_from_str(text);
    loop {
        let next = p.next_token().ok()?;
        match next.0 {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd => return None,
            _ => return read_node(&mut p, next),
        }
    }
}

/// Finds where `path` is in `text`: the key of its last segment or the value it leads to.
pub fn locate(text: &str, path: &[Seg<'_>], target: Target) -> Option<Located> {
    let mut node = tree(text)?;
    let mut key_at = None;
    for seg in path {
        node = match (seg, node) {
            (Seg::Key(k), Node::Map(_, entries)) => {
                let (_, key, value) = entries.into_iter().find(|(name, _, _)| name == k)?;
                key_at = Some(key);
                value
            }
            (Seg::Index(i), Node::Seq(_, items)) => {
                key_at = None;
                items.into_iter().nth(*i)?
            }
            _ => return None,
        };
    }
    match target {
        Target::Key => key_at.or(Some(node.at())),
        Target::Value => Some(node.at()),
    }
}

/// The keys of the mapping `text` holds, each with the 1-based line and 0-based column it
/// starts at, in file order: for editing a file line by line (the editor's form rewrites only
/// the keys it changed). `None` if `text` is not a mapping or a key is not text.
pub fn top_level_keys(text: &str) -> Option<Vec<(String, usize, usize)>> {
    let mut p = Parser::new_from_str(text);
    loop {
        match p.next_token().ok()?.0 {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::MappingStart(..) => break,
            Event::StreamEnd => return Some(Vec::new()),
            _ => return None,
        }
    }
    let mut keys = Vec::new();
    loop {
        let (ev, mark) = p.next_token().ok()?;
        let name = match ev {
            Event::MappingEnd => break,
            Event::Scalar(t, ..) => t,
            _ => return None,
        };
        keys.push((name, mark.line(), mark.col()));
        let value_first = p.next_token().ok()?;
        skip_node(&mut p, value_first, None)?;
    }
    Some(keys)
}

/// Where some keys of a mapping were written, with the value under each and, for a list,
/// each of its items: recorded when a file is parsed, for the problems found after parsing
/// (by linking, by the routes, by the site's doubts), so that those need not read the file
/// again. Positions are in the YAML text, as [`locate`] gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPos {
    keys: Vec<KeyAt>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct KeyAt {
    name: &'static str,
    key: Located,
    value: Located,
    /// The items of a list value (empty for any other value).
    items: Vec<Located>,
}

impl KeyPos {
    /// The positions of the `wanted` keys of the mapping `text` holds, found as [`locate`]
    /// finds them (nothing if `text` is not a mapping the event parser reads).
    pub fn of(text: &str, wanted: &[&'static str]) -> KeyPos {
        Self::read(text, wanted).unwrap_or_default()
    }

    fn read(text: &str, wanted: &[&'static str]) -> Option<KeyPos> {
        let mut p = Parser::new_from_str(text);
        loop {
            match p.next_token().ok()?.0 {
                Event::StreamStart | Event::DocumentStart => continue,
                Event::MappingStart(..) => break,
                _ => return None,
            }
        }
        let mut keys = Vec::new();
        loop {
            let next = p.next_token().ok()?;
            if next.0 == Event::MappingEnd {
                break;
            }
            let name = match &next.0 {
                Event::Scalar(t, ..) => wanted.iter().find(|w| **w == t.as_str()).copied(),
                _ => None,
            };
            let key = skip_node(&mut p, next, None)?;
            let value_first = p.next_token().ok()?;
            let mut items = Vec::new();
            let value = skip_node(&mut p, value_first, name.map(|_| &mut items))?;
            if let Some(name) = name {
                keys.push(KeyAt {
                    name,
                    key,
                    value,
                    items,
                });
            }
        }
        Some(KeyPos { keys })
    }

    fn get(&self, name: &str) -> Option<&KeyAt> {
        self.keys.iter().find(|k| k.name == name)
    }

    /// Where the key `name` is.
    pub fn key(&self, name: &str) -> Option<Located> {
        self.get(name).map(|k| k.key)
    }

    /// Where the value under `name` is.
    pub fn value(&self, name: &str) -> Option<Located> {
        self.get(name).map(|k| k.value)
    }

    /// Where item `index` of the list under `name` is.
    pub fn item(&self, name: &str, index: usize) -> Option<Located> {
        self.get(name)?.items.get(index).copied()
    }
}

/// Reads past one node and gives where it starts, as [`locate`] does; with `items`, also
/// where each item of a list starts.
fn skip_node(
    p: &mut Parser<std::str::Chars<'_>>,
    first: (Event, yaml_rust2::scanner::Marker),
    mut items: Option<&mut Vec<Located>>,
) -> Option<Located> {
    let (ev, mark) = first;
    Some(match ev {
        Event::Scalar(text, style, _, _) => located(&mark, scalar_width(&text, style)),
        Event::Alias(_) => located(&mark, 1),
        Event::SequenceStart(..) => {
            loop {
                let next = p.next_token().ok()?;
                if next.0 == Event::SequenceEnd {
                    break;
                }
                let at = skip_node(p, next, None)?;
                if let Some(items) = items.as_deref_mut() {
                    items.push(at);
                }
            }
            located(&mark, 1)
        }
        Event::MappingStart(..) => {
            loop {
                let next = p.next_token().ok()?;
                if next.0 == Event::MappingEnd {
                    break;
                }
                skip_node(p, next, None)?;
                let value = p.next_token().ok()?;
                skip_node(p, value, None)?;
            }
            located(&mark, 1)
        }
        _ => return None,
    })
}

/// A diagnostic at `found`, a position in a YAML block that follows `line_offset` lines of
/// `file_text`, or at the block's start if nothing was found.
pub fn error_at_located(
    file: &Path,
    file_text: &str,
    line_offset: usize,
    found: Option<Located>,
    message: impl Into<String>,
) -> Diagnostic {
    let file_pos = |pos: Pos| Pos {
        line: pos.line + line_offset,
        col: pos.col,
    };
    let (pos, width) = match found {
        Some(l) => (file_pos(l.pos), l.width),
        None => (file_pos(Pos::START), 1),
    };
    // A `[…]` or `{…}` written on one line is underlined whole.
    let width = match rest_of_line(file_text, pos) {
        Some(rest) if width == 1 && (rest.starts_with('[') || rest.starts_with('{')) => {
            rest.chars().count()
        }
        _ => width,
    };
    Diagnostic::new(file, Some(pos), message).excerpt(file_text, width)
}

/// The first and the second occurrence of a key that a mapping has twice.
fn locate_duplicate(text: &str, key: &str) -> Option<(Pos, Pos)> {
    fn walk(node: &Node, key: &str) -> Option<(Pos, Pos)> {
        match node {
            Node::Scalar(_) => None,
            Node::Seq(_, items) => items.iter().find_map(|n| walk(n, key)),
            Node::Map(_, entries) => {
                let mut seen = None;
                for (name, at, _) in entries {
                    if name == key {
                        if let Some(first) = seen {
                            return Some((first, at.pos));
                        }
                        seen = Some(at.pos);
                    }
                }
                entries.iter().find_map(|(_, _, v)| walk(v, key))
            }
        }
    }
    walk(&tree(text)?, key)
}

/// Where a YAML block sits in its file, to turn block positions into file positions.
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    /// The file, relative to the site root.
    pub file: &'a Path,
    /// The whole file's text, for excerpts.
    pub file_text: &'a str,
    /// The YAML block's text.
    pub yaml: &'a str,
    /// Lines before the YAML block in the file.
    pub line_offset: usize,
}

impl Origin<'_> {
    /// A file position for a block position.
    pub fn file_pos(&self, pos: Pos) -> Pos {
        Pos {
            line: pos.line + self.line_offset,
            col: pos.col,
        }
    }

    /// A diagnostic at `path` in the block, or at the block's start if it cannot be located.
    pub fn error_at(
        &self,
        path: &[Seg<'_>],
        target: Target,
        message: impl Into<String>,
    ) -> Diagnostic {
        error_at_located(
            self.file,
            self.file_text,
            self.line_offset,
            locate(self.yaml, path, target),
            message,
        )
    }

    /// The text of the file from `pos` to the end of its line, without trailing spaces.
    fn raw_at(&self, pos: Pos) -> Option<&str> {
        rest_of_line(self.file_text, pos)
    }

    /// The value at `path` as written (its first line).
    pub fn raw_value(&self, path: &[Seg<'_>]) -> Option<&str> {
        let l = locate(self.yaml, path, Target::Value)?;
        self.raw_at(self.file_pos(l.pos))
    }

    /// A diagnostic for a syntax error in the block.
    pub fn syntax(&self, e: &SyntaxError) -> Diagnostic {
        let d = Diagnostic::new(
            self.file,
            Some(self.file_pos(e.pos)),
            format!("invalid YAML: {}", e.message),
        )
        .excerpt(self.file_text, e.width);
        match &e.help {
            Some(h) => {
                let line = e.earlier.map_or(0, |p| self.file_pos(p).line);
                d.help(h.replace("{line}", &line.to_string()))
            }
            None => d,
        }
    }
}

/// Plain (unquoted) values that YAML reads otherwise than they were probably meant: cut at a
/// ` #`, or wrapped in typographic quotes that stay on the page.
///
/// A ` #` after one space is reported: that is how a `#` in text looks (`Chungbuk #1
/// University`), and YAML cuts the value there. Glued to a word (`#1`, `#AI`) it is text
/// beyond doubt, an error; followed by a space it may be a note, a warning. A note written
/// after two spaces or more (as `hamkor new` writes them) is taken as meant.
pub fn doubtful_values(origin: &Origin<'_>) -> Vec<Diagnostic> {
    let mut plain = Vec::new();
    let mut p = Parser::new_from_str(origin.yaml);
    loop {
        let Ok(next) = p.next_token() else {
            return Vec::new();
        };
        match next.0 {
            Event::StreamStart | Event::DocumentStart => continue,
            Event::StreamEnd => break,
            _ => {
                if plain_values(&mut p, next, &mut Vec::new(), &mut plain).is_none() {
                    return Vec::new();
                }
                break;
            }
        }
    }
    let mut out = Vec::new();
    for value in &plain {
        if let Some(d) = cut_by_comment(origin, value) {
            out.push(d);
        }
        if let Some(d) = typographic_quotes(origin, value) {
            out.push(d);
        }
    }
    out
}

/// A plain scalar in value position, with the path that leads to it.
struct PlainValue {
    /// The path as shown, e.g. `agreements[1].title`.
    name: String,
    /// The last key of the path (for the suggested fix); `None` for a list item.
    key: Option<String>,
    text: String,
    /// 1-based line, 0-based character column, in the YAML text.
    line: usize,
    col: usize,
}

fn shown_path(path: &[String]) -> String {
    let mut out = String::new();
    for seg in path {
        if !out.is_empty() && !seg.starts_with('[') {
            out.push('.');
        }
        out.push_str(seg);
    }
    out
}

fn plain_values(
    p: &mut Parser<std::str::Chars<'_>>,
    first: (Event, yaml_rust2::scanner::Marker),
    path: &mut Vec<String>,
    out: &mut Vec<PlainValue>,
) -> Option<()> {
    use yaml_rust2::scanner::TScalarStyle;
    let (ev, mark) = first;
    match ev {
        Event::Scalar(text, TScalarStyle::Plain, _, _) if !path.is_empty() => {
            let key = path.last().filter(|s| !s.starts_with('[')).cloned();
            out.push(PlainValue {
                name: shown_path(path),
                key,
                text,
                line: mark.line(),
                col: mark.col(),
            });
        }
        Event::SequenceStart(..) => {
            let mut i = 0;
            loop {
                let next = p.next_token().ok()?;
                if next.0 == Event::SequenceEnd {
                    break;
                }
                path.push(format!("[{i}]"));
                plain_values(p, next, path, out)?;
                path.pop();
                i += 1;
            }
        }
        Event::MappingStart(..) => loop {
            let next = p.next_token().ok()?;
            if next.0 == Event::MappingEnd {
                break;
            }
            let key = match &next.0 {
                Event::Scalar(t, ..) => t.clone(),
                _ => String::new(),
            };
            // Keys themselves are not looked at: a comment cannot cut a key short of its `:`.
            let mut ignored = Vec::new();
            plain_values(p, next, &mut Vec::new(), &mut ignored)?;
            let value = p.next_token().ok()?;
            path.push(key);
            plain_values(p, value, path, out)?;
            path.pop();
        },
        Event::Scalar(..) | Event::Alias(_) => {}
        _ => return None,
    }
    Some(())
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// How the value would be written in quotes: `key: "…"`, or `- "…"` for a list item.
fn written(value: &PlainValue, text: &str) -> String {
    match &value.key {
        Some(k) => format!("{k}: {}", quoted(text)),
        None => format!("- {}", quoted(text)),
    }
}

/// Where a comment cut `value` short: follows the value over the lines it is folded from
/// until the text read so far, plus what comes before a ` #`, is the whole value.
fn cut_by_comment(origin: &Origin<'_>, value: &PlainValue) -> Option<Diagnostic> {
    let lines: Vec<&str> = origin.yaml.lines().collect();
    let mut read = String::new();
    for (i, line) in lines.iter().enumerate().skip(value.line.checked_sub(1)?) {
        let first = i + 1 == value.line;
        // The segment of this line that belongs to the value, and its column.
        let (seg, seg_col) = if first {
            let at = line
                .char_indices()
                .nth(value.col)
                .map_or(line.len(), |(b, _)| b);
            (&line[at..], value.col)
        } else {
            let trimmed = line.trim_start();
            (trimmed, line.chars().count() - trimmed.chars().count())
        };
        let seg = seg.trim_end();
        let join = |part: &str| {
            if read.is_empty() {
                part.to_string()
            } else {
                format!("{read} {part}")
            }
        };
        if let Some((end, hash)) = comment_start(seg)
            && join(&seg[..end]) == value.text
        {
            if &seg[end..hash] != " " {
                return None;
            }
            let comment = &seg[hash..];
            let glued = comment.chars().nth(1).is_some_and(|c| !c.is_whitespace());
            let col = seg_col + seg[..hash].chars().count() + 1;
            let pos = origin.file_pos(Pos { line: i + 1, col });
            let whole = format!("{} {comment}", value.text);
            let message = format!(
                "'{}' is cut short: YAML reads `{comment}` as a comment, not as part of the value",
                value.name
            );
            let d = Diagnostic::new(origin.file, Some(pos), message)
                .excerpt(origin.file_text, comment.chars().count());
            return Some(if glued {
                d.help(format!(
                    "put the whole value in quotes: `{}`",
                    written(value, &whole)
                ))
            } else {
                d.help(format!(
                    "if the `#` belongs to the value, put it in quotes: `{}`; a note for editors needs two spaces before its `#`",
                    written(value, &whole)
                ))
                .warning()
            });
        }
        let joined = join(seg);
        if joined == value.text {
            return comment_line_below(origin, value, &lines, i + 1);
        }
        if !value.text.starts_with(&joined) {
            return None;
        }
        read = joined;
    }
    None
}

/// A line below a value, indented under it, that starts with `#`: YAML ends the value before
/// it (`summary: … lab` then `  #2 of Chungbuk`), where the editor only wrapped the text.
fn comment_line_below(
    origin: &Origin<'_>,
    value: &PlainValue,
    lines: &[&str],
    below: usize,
) -> Option<Diagnostic> {
    let start = lines.get(value.line.checked_sub(1)?)?;
    let key_indent = start.len() - start.trim_start_matches([' ', '-']).len();
    let line = lines.get(below)?;
    let comment = line.trim();
    let indent = line.len() - line.trim_start().len();
    if !comment.starts_with('#') || indent <= key_indent {
        return None;
    }
    let pos = origin.file_pos(Pos {
        line: below + 1,
        col: indent + 1,
    });
    let message = format!(
        "'{}' is cut short: YAML reads the line `{comment}` as a comment, not as the rest of the value",
        value.name
    );
    let d = Diagnostic::new(origin.file, Some(pos), message)
        .excerpt(origin.file_text, comment.chars().count())
        .help(format!(
            "put the whole value in quotes: `{}`, or move the `#` away from the start of the line",
            written(value, &format!("{} {comment}", value.text))
        ));
    // `#2 of …` is text beyond doubt; `# …` may be a note.
    let glued = comment.chars().nth(1).is_some_and(|c| !c.is_whitespace());
    Some(if glued { d } else { d.warning() })
}

/// Where a comment starts in a line's value segment: the end of the text before it and the
/// byte index of its `#` (YAML starts a comment at a `#` after a space or a tab).
fn comment_start(seg: &str) -> Option<(usize, usize)> {
    let bytes = seg.as_bytes();
    let hash =
        (1..bytes.len()).find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))?;
    Some((seg[..hash].trim_end().len(), hash))
}

/// Quotation marks that are not YAML's.
const TYPOGRAPHIC_QUOTES: &[char] = &['“', '”', '„', '‟', '«', '»', '‘', '’', '‚', '‛', '‹', '›'];

/// A value wrapped whole in typographic quotes, as a word processor writes `"…"`: YAML keeps
/// them as text, so the page shows them. Quotes inside a value (`АО «Узбекистон»`) are left
/// alone, and so is a value in straight quotes around typographic ones, which says they are
/// meant.
fn typographic_quotes(origin: &Origin<'_>, value: &PlainValue) -> Option<Diagnostic> {
    let mut chars = value.text.chars();
    let (open, close) = (chars.next()?, chars.next_back()?);
    let inner = chars.as_str();
    if !TYPOGRAPHIC_QUOTES.contains(&open)
        || !TYPOGRAPHIC_QUOTES.contains(&close)
        || inner.trim().is_empty()
        || inner.contains(TYPOGRAPHIC_QUOTES)
    {
        return None;
    }
    let pos = origin.file_pos(Pos {
        line: value.line,
        col: value.col + 1,
    });
    let message = format!(
        "'{}' is in typographic quotes {open}…{close}, which YAML keeps: the page will show them",
        value.name
    );
    Some(
        Diagnostic::new(origin.file, Some(pos), message)
            .excerpt(origin.file_text, value.text.chars().count())
            .help(format!(
                "YAML's quotes are straight: `{}`; to show the quotes, put straight ones around them: `{}`",
                written(value, inner),
                written(value, &value.text)
            ))
            .warning(),
    )
}

/// Decodes the keys of one mapping, reporting every problem it finds.
pub struct Fields<'a, 'p> {
    map: Mapping,
    origin: Origin<'a>,
    path: Vec<Seg<'p>>,
    /// Problems found so far.
    pub diagnostics: Vec<Diagnostic>,
    /// The keys read, so that `finish` can tell a key the parser reads but does not list as
    /// accepted: the model (`content::schema`) and the parser must name the same keys.
    #[cfg(debug_assertions)]
    read: Vec<&'p str>,
}

impl<'a, 'p> Fields<'a, 'p> {
    /// Starts decoding `map`, found at `path` within the block described by `origin`.
    pub fn new(map: Mapping, origin: Origin<'a>, path: Vec<Seg<'p>>) -> Self {
        Fields {
            map,
            origin,
            path,
            diagnostics: Vec::new(),
            #[cfg(debug_assertions)]
            read: Vec::new(),
        }
    }

    fn note_read(&mut self, key: &'p str) {
        #[cfg(debug_assertions)]
        self.read.push(key);
        let _ = key;
    }

    fn path_to(&self, key: &'p str) -> Vec<Seg<'p>> {
        let mut p = self.path.clone();
        p.push(Seg::Key(key));
        p
    }

    /// The display name of `key` including its parents, e.g. `agreements[1].signed`.
    pub fn name(&self, key: &str) -> String {
        let mut out = String::new();
        for seg in &self.path {
            match seg {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() {
            key.to_string()
        } else {
            format!("{out}.{key}")
        }
    }

    /// Reports a problem with the value under `key`.
    pub fn error(&mut self, key: &'p str, message: impl Into<String>, help: Option<String>) {
        let d = self
            .origin
            .error_at(&self.path_to(key), Target::Value, message)
            .maybe_help(help);
        self.diagnostics.push(d);
    }

    /// Reports a problem with `key` as a whole, pointing at the key rather than its value
    /// (for a value that is empty, or that is right but may not be written in this file).
    pub fn key_error(&mut self, key: &'p str, message: impl Into<String>, help: Option<String>) {
        let d = self
            .origin
            .error_at(&self.path_to(key), Target::Key, message)
            .maybe_help(help);
        self.diagnostics.push(d);
    }

    /// Reports something probably wrong with the value under `key`, as a warning.
    pub fn warn(&mut self, key: &'p str, message: impl Into<String>, help: Option<String>) {
        let d = self
            .origin
            .error_at(&self.path_to(key), Target::Value, message)
            .maybe_help(help)
            .warning();
        self.diagnostics.push(d);
    }

    /// Reports a problem with item `index` of the list under `key`.
    pub fn item_error(
        &mut self,
        key: &'p str,
        index: usize,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut path = self.path_to(key);
        path.push(Seg::Index(index));
        let d = self
            .origin
            .error_at(&path, Target::Value, message)
            .maybe_help(help);
        self.diagnostics.push(d);
    }

    /// Whether `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Drops `key` without decoding it (after reporting a problem with it).
    pub fn discard(&mut self, key: &str) {
        self.map.remove(key);
    }

    /// Takes `key` and decodes it as `T`; `None` if absent, null or invalid (invalid is reported).
    pub fn take<T: DeserializeOwned>(&mut self, key: &'p str) -> Option<T> {
        self.note_read(key);
        let value = self.map.remove(key)?;
        if value.is_null() {
            return None;
        }
        let scalar = match &value {
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        let found = kind_of(&value);
        // An item of a list of texts that reads as `key: value`, because it contains `: `.
        let map_item = match &value {
            serde_yaml::Value::Sequence(items) => items.iter().position(|v| v.is_mapping()),
            _ => None,
        };
        match serde_yaml::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(e) => {
                // YAML reads `title: 1001` as a number; the editor wrote text.
                if let Some(text) = scalar
                    && let Ok(v) = serde_yaml::from_value::<T>(serde_yaml::Value::String(text))
                {
                    return Some(v);
                }
                if let Some(index) = map_item
                    && e.to_string().contains("invalid type: map")
                {
                    let mut path = self.path_to(key);
                    path.push(Seg::Index(index));
                    let message = format!(
                        "this item of '{}' contains `: `, so YAML reads it as `key: value`",
                        self.name(key)
                    );
                    // The item is shown and underlined whole, from just after its `- `.
                    let line = locate(self.origin.yaml, &path, Target::Value)
                        .map(|l| self.origin.file_pos(l.pos).line);
                    let text = line.and_then(|l| self.origin.file_text.lines().nth(l - 1));
                    let d = match (line, text) {
                        (Some(line), Some(text)) => {
                            let item = text.trim_start().trim_start_matches("- ").trim_end();
                            let col = text.chars().count() - text.trim_start().chars().count() + 3;
                            Diagnostic::new(self.origin.file, Some(Pos { line, col }), message)
                                .excerpt(self.origin.file_text, item.chars().count())
                                .help(format!(
                                    "put the item in quotes: `- \"{}\"`",
                                    item.replace('"', "\\\"")
                                ))
                        }
                        _ => self.origin.error_at(&path, Target::Value, message),
                    };
                    self.diagnostics.push(d);
                    return None;
                }
                let raw = self.origin.raw_value(&self.path_to(key)).unwrap_or("");
                let (message, help) = explain_value(&e.to_string(), &self.name(key), raw, found);
                self.error(key, message, help);
                None
            }
        }
    }

    /// Like [`Fields::take`], but a missing key is reported.
    pub fn required<T: DeserializeOwned>(&mut self, key: &'p str) -> Option<T> {
        self.note_read(key);
        let blank = |v: &serde_yaml::Value| match v {
            serde_yaml::Value::Null => true,
            serde_yaml::Value::String(s) => s.trim().is_empty(),
            _ => false,
        };
        let present = self.map.get(key).is_some_and(|v| !blank(v));
        if !present {
            // `contry: KR` is one mistake: the unknown key's "did you mean 'country'?" says
            // it all, without a second message about 'country' missing.
            let misspelt = !self.map.contains_key(key)
                && self.map.keys().any(|k| {
                    k.as_str()
                        .is_some_and(|k| crate::diagnostic::did_you_mean(k, [key]).is_some())
                });
            if misspelt {
                return None;
            }
            // A data file (site.yaml) is all YAML; a Markdown file has front matter.
            let data_file = self.origin.yaml.len() == self.origin.file_text.len();
            let example = if key == "base_url" {
                "https://…"
            } else {
                "…"
            };
            let at = if self.map.contains_key(key) {
                self.origin.error_at(
                    &self.path_to(key),
                    Target::Key,
                    format!("'{}' is empty", self.name(key)),
                )
            } else if self.path.is_empty() && data_file {
                Diagnostic::new(
                    self.origin.file,
                    None,
                    format!("missing required key '{key}'"),
                )
                .help(format!(
                    "add `{key}: {example}` to {}",
                    crate::diagnostic::display_path(self.origin.file)
                ))
            } else if self.path.is_empty() {
                // Nothing to point at: point where the key would go, the closing `---`.
                let line = self.origin.line_offset + self.origin.yaml.lines().count() + 1;
                Diagnostic::new(
                    self.origin.file,
                    Some(Pos { line, col: 1 }),
                    format!("missing required key '{key}'"),
                )
                .excerpt(self.origin.file_text, 3)
                .help(format!("add `{key}: {example}` to the front matter"))
            } else {
                self.origin.error_at(
                    &self.path,
                    Target::Value,
                    format!("missing required key '{}'", self.name(key)),
                )
            };
            self.diagnostics.push(at);
            self.map.remove(key);
            return None;
        }
        self.take(key)
    }

    /// Takes a list of mappings under `key`, each to be decoded with its own [`Fields`].
    pub fn take_maps(&mut self, key: &'p str) -> Vec<(usize, Mapping)> {
        self.note_read(key);
        let Some(value) = self.map.remove(key) else {
            return Vec::new();
        };
        let seq = match value {
            serde_yaml::Value::Null => return Vec::new(),
            serde_yaml::Value::Sequence(seq) => seq,
            other => {
                let message = format!(
                    "invalid '{}': expected a list, found {}",
                    self.name(key),
                    kind_of(&other)
                );
                self.error(key, message, None);
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (i, item) in seq.into_iter().enumerate() {
            match item {
                serde_yaml::Value::Mapping(m) => out.push((i, m)),
                other => {
                    let message = format!(
                        "invalid '{}[{i}]': expected `key: value` pairs, found {}",
                        self.name(key),
                        kind_of(&other)
                    );
                    self.item_error(key, i, message, None);
                }
            }
        }
        out
    }

    /// Takes a mapping under `key`, to be decoded with its own [`Fields`].
    pub fn take_map(&mut self, key: &'p str) -> Option<Mapping> {
        self.take_map_or(key, None)
    }

    /// Like [`Fields::take_map`], with a hint for a value that is not a mapping (`example`
    /// shows how it is written).
    pub fn take_map_or(&mut self, key: &'p str, example: Option<&str>) -> Option<Mapping> {
        self.note_read(key);
        match self.map.remove(key)? {
            serde_yaml::Value::Null => None,
            serde_yaml::Value::Mapping(m) => Some(m),
            other => {
                let message = format!(
                    "invalid '{}': expected `key: value` pairs, found {}",
                    self.name(key),
                    kind_of(&other)
                );
                self.error(key, message, example.map(|e| format!("write `{key}: {e}`")));
                None
            }
        }
    }

    /// A decoder for a nested mapping at `key` (and `index`, for list items).
    pub fn nested(&self, map: Mapping, key: &'p str, index: Option<usize>) -> Fields<'a, 'p> {
        let mut path = self.path_to(key);
        if let Some(i) = index {
            path.push(Seg::Index(i));
        }
        Fields::new(map, self.origin, path)
    }

    /// Reports every key not taken as unknown, suggesting the nearest of `known`; returns all problems.
    pub fn finish(mut self, known: &[&str], what: &str) -> Vec<Diagnostic> {
        #[cfg(debug_assertions)]
        for key in &self.read {
            debug_assert!(
                known.contains(key),
                "'{key}' is read but not in the model's keys for {what}: {known:?}"
            );
        }
        let rest = std::mem::take(&mut self.map);
        for (key, _) in rest {
            let name = match &key {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            let mut path = self.path.clone();
            path.push(Seg::Key(&name));
            let help = did_you_mean(&name, known.iter().copied()).or_else(|| {
                Some(format!(
                    "{what} accepts: {}; put free-form data under 'extra:'",
                    known.join(", ")
                ))
            });
            let d = self
                .origin
                .error_at(
                    &path,
                    Target::Key,
                    format!("unknown key '{}'", self.name(&name)),
                )
                .maybe_help(help);
            self.diagnostics.push(d);
        }
        self.diagnostics
    }
}

fn kind_of(v: &serde_yaml::Value) -> &'static str {
    match v {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "text",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "`key: value` pairs",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

/// Rewords serde's complaint about the value of `key` (written as `raw`, a value of kind
/// `found`) for an editor: the message, and a hint when one helps.
fn explain_value(message: &str, key: &str, raw: &str, found: &str) -> (String, Option<String>) {
    let what = key.replace('_', " ");
    if let Some(rest) = message.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once("`, expected ")
    {
        let known: Vec<&str> = expected
            .trim_start_matches("one of ")
            .split(['`', ',', ' '])
            .filter(|w| !w.is_empty() && *w != "or")
            .collect();
        return (
            format!("unknown {what} '{value}'"),
            Some(format!("known: {}", known.join(", "))),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid value: integer `")
        && let Some((n, expected)) = rest.split_once("`, expected ")
        && n.starts_with('-')
        && expected.starts_with('u')
    {
        return (
            format!("invalid '{key}': expected 0 or a positive whole number, found {n}"),
            None,
        );
    }
    // serde_yaml reads digits beyond 64 bits as a 128-bit integer and names the type.
    if let Some(rest) = message.strip_prefix("invalid type: integer `")
        && let Some((n, _)) = rest.split_once('`')
        && (rest.contains(" as u128") || rest.contains(" as i128"))
    {
        return (
            format!("invalid '{key}': the number {n} is too big"),
            Some("write the real figure; numbers up to 18446744073709551615 can be read".into()),
        );
    }
    let explained = explain(message);
    let help = match (explained.starts_with("expected text"), found) {
        (true, "a list") => Some(format!(
            "put text that starts with `[` in quotes: `{key}: \"{}\"`",
            raw.replace('"', "\\\"")
        )),
        (true, "`key: value` pairs") => Some(format!(
            "put text that starts with `{{` or contains `: ` in quotes: `{key}: \"{}\"`",
            raw.replace('"', "\\\"")
        )),
        // `-Prof. Kim` is text that starts with a dash, not a list item.
        _ if explained.starts_with("expected a list") && raw.starts_with('-') => Some(format!(
            "a list item needs a space after its `-`: write `- {}`",
            raw.trim_start_matches('-').trim_start()
        )),
        _ if explained.starts_with("expected a list") && !raw.is_empty() => {
            Some(format!("write a list, even of one: `{key}: [{raw}]`"))
        }
        _ => None,
    };
    (format!("invalid '{key}': {explained}"), help)
}

/// Rewords serde's "invalid type: X, expected Y" as "expected Y, found X".
fn explain(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let found = match found {
            "sequence" => "a list".to_string(),
            "map" => "`key: value` pairs".to_string(),
            "unit value" => "nothing".to_string(),
            other => match other
                .strip_prefix("floating point `")
                .or_else(|| other.strip_prefix("integer `"))
            {
                Some(n) => n.trim_end_matches('`').to_string(),
                None => other.to_string(),
            },
        };
        return format!("expected {}, found {found}", humanize(expected));
    }
    message.to_string()
}

fn humanize(expected: &str) -> &str {
    match expected {
        "a string" => "text",
        "a boolean" => "true or false",
        "i64" | "u64" | "u32" | "i32" | "u16" | "usize" => "a whole number",
        "f64" => "a number",
        "a sequence" => "a list",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doubts(yaml: &str) -> Vec<String> {
        let origin = Origin {
            file: Path::new("x.yaml"),
            file_text: yaml,
            yaml,
            line_offset: 0,
        };
        doubtful_values(&origin)
            .iter()
            .map(|d| format!("{} {}", d.severity().as_str(), d.headline()))
            .collect()
    }

    #[test]
    fn notes_after_two_spaces_quoted_values_and_hashes_inside_words_are_left_alone() {
        let fine = "since: 2024-05        # YYYY, YYYY-MM or YYYY-MM-DD\n\
                    status: active  # renewed\n\
                    title: \"Chungbuk #1 University\"\n\
                    city: 'Seoul # Sinchon'\n\
                    summary: Courses in C# and F#\n\
                    website: https://example.org/#about\n\
                    name: АО «Узбекистон темир йуллари»\n\
                    other: “One” and “two”\n\
                    shown: \"«Газпром»\"\n\
                    list:\n  - Prof. Kim\n  # - Dr. Lee\n\
                    # a note on its own line\n\
                    agreements:\n  - type: memorandum\n    # signed: 2024-05-12\n";
        assert_eq!(doubts(fine), Vec::<String>::new());
    }

    #[test]
    fn cut_values_and_typographic_quotes_are_found_in_nested_values_too() {
        let text = "agreements:\n  - type: memorandum\n    title: Memorandum #2\n\
                    location: {lat: 1, lon: 2}\n\
                    extra:\n  motto: „Together“\n";
        let found = doubts(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("error "), "{found:?}");
        assert!(
            found[0].contains("'agreements[0].title' is cut short"),
            "{found:?}"
        );
        assert!(found[1].starts_with("warning "), "{found:?}");
        assert!(
            found[1].contains("'extra.motto' is in typographic quotes"),
            "{found:?}"
        );
    }

    #[test]
    fn locates_keys_and_values_in_lists() {
        let text = "title: x\npartners: [a, 'bb']\nagreements:\n  - type: memo\n    signed: 20x\n";
        let v = locate(text, &[Seg::Key("partners"), Seg::Index(1)], Target::Value).unwrap();
        assert_eq!(
            v,
            Located {
                pos: Pos { line: 2, col: 15 },
                width: 4
            }
        );
        let k = locate(
            text,
            &[Seg::Key("agreements"), Seg::Index(0), Seg::Key("signed")],
            Target::Key,
        )
        .unwrap();
        assert_eq!(k.pos, Pos { line: 5, col: 5 });
        let v = locate(
            text,
            &[Seg::Key("agreements"), Seg::Index(0), Seg::Key("signed")],
            Target::Value,
        )
        .unwrap();
        assert_eq!(
            v,
            Located {
                pos: Pos { line: 5, col: 13 },
                width: 3
            }
        );
    }

    #[test]
    fn key_positions_recorded_in_one_pass_are_those_locate_finds() {
        let texts = [
            "title: x\npartners: [a, 'bb']\nslug: \"s\"\n",
            "slug: &x a\npartners:\n  - a\n  - \"b c\"\n  - *x\naliases: []\nslug: second\n",
            "extra: {a: [1, {b: 2}], c: d}\naliases:\n- /old/\n- {x: y}\n- [p, q]\nstatus: 'ended'\n",
            "agreements:\n  - type: memo\n    signed: 2024\nstatus:\n",
            "[a, b]\n",
            "partners: [a, b\n",
            "? [complex, key]\n: v\nslug: s\n",
            "",
        ];
        let wanted = ["slug", "partners", "aliases", "status", "agreements"];
        for text in texts {
            let found = KeyPos::of(text, &wanted);
            for key in wanted {
                let k = Seg::Key(key);
                assert_eq!(
                    found.key(key),
                    locate(text, &[k], Target::Key),
                    "{text:?} {key}"
                );
                assert_eq!(
                    found.value(key),
                    locate(text, &[k], Target::Value),
                    "{text:?} {key}"
                );
                for i in 0..4 {
                    let item = locate(text, &[k, Seg::Index(i)], Target::Value);
                    assert_eq!(found.item(key, i), item, "{text:?} {key}[{i}]");
                }
            }
        }
    }

    #[test]
    fn syntax_errors_have_positions_and_duplicates_point_at_the_second_key() {
        let e = parse_mapping("a: 1\nb: [x, y\n").unwrap_err();
        assert_eq!(
            e.pos,
            Pos { line: 2, col: 4 },
            "points at the unclosed bracket"
        );
        let e = parse_mapping("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            (e.message.as_str(), e.pos, e.earlier),
            (
                "duplicate key 'a'",
                Pos { line: 3, col: 1 },
                Some(Pos { line: 1, col: 1 })
            )
        );
    }

    #[test]
    fn explains_type_errors_in_plain_words() {
        assert_eq!(
            explain("invalid type: string \"x\", expected u32"),
            "expected a whole number, found string \"x\""
        );
    }
}
