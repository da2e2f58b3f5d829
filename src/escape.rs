//! Text escaped for HTML and XML attributes and elements, and for JSON strings.

/// Escapes text for an HTML or XML attribute or element.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Appends `s` as a JSON string, quotes included.
pub fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = std::fmt::Write::write_fmt(out, format_args!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_strings_read_back_as_written() {
        let text = "say \"hi\"\\ then\nnew line\ttab\r\u{1} and Košice";
        let mut out = String::new();
        super::push_json_str(&mut out, text);
        assert_eq!(
            serde_json::from_str::<String>(&out).ok().as_deref(),
            Some(text)
        );
        assert!(!out.contains('\n'));
    }
}
