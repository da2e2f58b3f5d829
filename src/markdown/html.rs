//! Addresses written in raw HTML inside a Markdown body (`<a href>`, `<img src>`, `srcset`…).
//!
//! The HTML is tokenized as a browser would (html5gum, with the text of `<script>`, `<style>`
//! and the like skipped), and each address attribute is found with its byte span, so that it
//! is checked and reported exactly like a Markdown link.

use std::ops::Range;

use html5gum::{DefaultEmitter, Token, Tokenizer};

/// One address found in an HTML fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address as the browser reads it (character references decoded).
    pub value: String,
    /// What it is, in an editor's words: `link`, `image`, `video`…
    pub what: &'static str,
    /// Where it is written in the fragment (bytes).
    pub span: Range<usize>,
}

/// What the attribute `attr` of the element `tag` holds: `None` if not an address, else the
/// element's word for it and whether it is a `srcset` (several addresses).
fn kind(tag: &str, attr: &str) -> Option<(&'static str, bool)> {
    Some(match (tag, attr) {
        ("a" | "area" | "link" | "iframe" | "form", "href" | "src" | "action") => ("link", false),
        ("img", "src") => ("image", false),
        ("img" | "source", "srcset") => ("image", true),
        ("video", "poster") => ("image", false),
        ("video", "src") => ("video", false),
        ("audio", "src") => ("audio", false),
        ("source" | "track" | "embed", "src") => ("file", false),
        ("object", "data") => ("file", false),
        _ => return None,
    })
}

/// Every address in `html`, in the order written.
pub fn addresses(html: &str) -> Vec<Address> {
    let mut emitter = DefaultEmitter::new_with_span();
    // Without a tree builder the tokenizer would read the text of `<script>` as markup.
    emitter.naively_switch_states(true);
    let mut out = Vec::new();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        let Token::StartTag(tag) = token else {
            continue;
        };
        let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
        let mut found: Vec<Address> = Vec::new();
        for (attr, value) in &tag.attributes {
            let attr = String::from_utf8_lossy(attr).to_ascii_lowercase();
            let Some((what, srcset)) = kind(&name, &attr) else {
                continue;
            };
            let text = String::from_utf8_lossy(value).into_owned();
            let span = value_span(html, value.span.start, value.span.end, &text);
            if srcset {
                found.extend(candidates(html, &text, span, what));
            } else {
                let text = text.trim().to_string();
                let span = trimmed(html, span);
                found.push(Address {
                    value: text,
                    what,
                    span,
                });
            }
        }
        // Attributes come sorted by name; report them as written.
        found.sort_by_key(|a| a.span.start);
        out.extend(found);
    }
    out
}

/// The bytes of the value itself within an attribute's span (which may start at its name):
/// the value follows the last `=` and its quote.
fn value_span(html: &str, start: usize, end: usize, value: &str) -> Range<usize> {
    let end = end.min(html.len());
    let start = start.min(end);
    let Some(raw) = html.get(start..end) else {
        return start..start;
    };
    // An empty value or one written with character references: find the `=` that opens it.
    let inner = match raw.find('=') {
        Some(eq) => {
            let after = &raw[eq + 1..];
            let lead = after.len() - after.trim_start().len();
            let quoted = after[lead..].starts_with(['"', '\'']);
            let from = start + eq + 1 + lead + usize::from(quoted);
            let mut to = end;
            if quoted && to > from && html[..to].ends_with(['"', '\'']) {
                to -= 1;
            }
            if !quoted {
                // An unquoted value ends at a space or the tag's `>`.
                let rest = html.get(from..to).unwrap_or("");
                to = from
                    + rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len());
            }
            from..to
        }
        None => start..end,
    };
    // A span that ends at the value without its closing quote.
    match html.get(inner.clone()) {
        Some(s) if s == value || s.len() >= value.len() => inner,
        _ => inner.start..inner.start + value.len().min(end - inner.start),
    }
}

fn trimmed(html: &str, span: Range<usize>) -> Range<usize> {
    let Some(s) = html.get(span.clone()) else {
        return span;
    };
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    span.start + lead..span.end - trail.min(s.len() - lead)
}

/// The addresses of a `srcset` (`a.jpg 1x, b.jpg 2x`), each at its own place when the value
/// is written without character references, else all at the start of the value.
fn candidates(html: &str, value: &str, span: Range<usize>, what: &'static str) -> Vec<Address> {
    let literal = html.get(span.clone()) == Some(value);
    let mut out = Vec::new();
    let mut at = 0;
    for part in value.split(',') {
        let lead = part.len() - part.trim_start().len();
        let url = part.split_whitespace().next().unwrap_or("");
        if !url.is_empty() {
            let start = if literal {
                span.start + at + lead
            } else {
                span.start
            };
            let len = if literal { url.len() } else { span.len() };
            out.push(Address {
                value: url.to_string(),
                what,
                span: start..start + len,
            });
        }
        at += part.len() + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(html: &str) -> Vec<(String, &'static str, &str)> {
        addresses(html)
            .into_iter()
            .map(|a| {
                let raw = &html[a.span.clone()];
                (a.value, a.what, raw)
            })
            .collect()
    }

    #[test]
    fn addresses_are_found_with_their_spans() {
        let html =
            r#"<p><a title="x" href="/a/">a</a> <IMG SRC = 'b.jpg' srcset="c.jpg 1x,  d.jpg 2x">"#;
        assert_eq!(
            found(html),
            [
                ("/a/".to_string(), "link", "/a/"),
                ("b.jpg".to_string(), "image", "b.jpg"),
                ("c.jpg".to_string(), "image", "c.jpg"),
                ("d.jpg".to_string(), "image", "d.jpg"),
            ]
        );
    }

    #[test]
    fn references_are_decoded_and_unquoted_values_found() {
        let html = "<a href=/x/?a=1&amp;b=2>x</a><video poster=p.jpg src=\"v.mp4\">";
        assert_eq!(
            found(html),
            [
                ("/x/?a=1&b=2".to_string(), "link", "/x/?a=1&amp;b=2"),
                ("p.jpg".to_string(), "image", "p.jpg"),
                ("v.mp4".to_string(), "video", "v.mp4"),
            ]
        );
    }

    #[test]
    fn scripts_comments_and_other_attributes_are_not_addresses() {
        let html = "<!-- <a href=\"/c/\"> --><script>let s = '<a href=\"/s/\">';</script>\
                    <div data-src=\"/d/\" class=\"x\"></div>";
        assert!(found(html).is_empty(), "{:?}", found(html));
    }
}
