//! Addresses as the browser reads them: where a link written in a page leads, and file paths
//! made safe for a URL.

/// A file path made safe for a URL: spaces, non-ASCII letters and other characters a URL path
/// cannot hold are percent-encoded (`Apollo logo.png` → `Apollo%20logo.png`); `/` is kept.
pub fn encode_path(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) || escape {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where `dest`, written in the page at `page_url` (below the base, `""` or ending in `/`),
/// leads below the base, with its query and anchor cut off and its `%` escapes decoded; `None`
/// if it climbs above the site root.
pub fn resolve(dest: &str, page_url: &str) -> Option<String> {
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let (start, rel) = match path.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (page_url, path.as_str()),
    };
    let mut segments: Vec<&str> = start.split('/').filter(|s| !s.is_empty()).collect();
    let mut folder = rel.is_empty();
    for seg in rel.split('/') {
        folder = matches!(seg, "" | "." | "..");
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    let mut out = segments.join("/");
    if folder && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `%20` and other escapes decoded (invalid ones kept as written), as servers read paths.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                let (h, l) = (hex(h).unwrap_or(0), hex(l).unwrap_or(0));
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::{encode_path, resolve};

    #[test]
    fn relative_links_lead_from_the_page_address() {
        let page = "partners/apollo/";
        assert_eq!(
            resolve("photo.jpg", page).as_deref(),
            Some("partners/apollo/photo.jpg")
        );
        assert_eq!(
            resolve("./docs/a.pdf#page=2", page).as_deref(),
            Some("partners/apollo/docs/a.pdf")
        );
        assert_eq!(
            resolve("../yonsei/", page).as_deref(),
            Some("partners/yonsei/")
        );
        assert_eq!(
            resolve("../yonsei", page).as_deref(),
            Some("partners/yonsei")
        );
        assert_eq!(resolve("..", page).as_deref(), Some("partners/"));
        assert_eq!(resolve("../../", page).as_deref(), Some(""));
        assert_eq!(resolve("../../../x/", page), None);
        assert_eq!(
            resolve("?lang=ru", page).as_deref(),
            Some("partners/apollo/")
        );
        assert_eq!(resolve("photo.jpg", "").as_deref(), Some("photo.jpg"));
    }

    #[test]
    fn site_paths_lead_from_the_site_root() {
        let page = "ru/about/";
        assert_eq!(resolve("/", page).as_deref(), Some(""));
        assert_eq!(resolve("/partners/x", page).as_deref(), Some("partners/x"));
        assert_eq!(
            resolve("/partners/?kind=u", page).as_deref(),
            Some("partners/")
        );
        assert_eq!(resolve("/a/../b/", page).as_deref(), Some("b/"));
        assert_eq!(resolve("/../b/", page), None);
        assert_eq!(
            resolve("/p/Apollo%20logo.png", page).as_deref(),
            Some("p/Apollo logo.png")
        );
        assert_eq!(resolve("/p/100%", page).as_deref(), Some("p/100%"));
        assert_eq!(resolve("/p/%D0%BA", page).as_deref(), Some("p/к"));
    }

    #[test]
    fn paths_are_encoded_once() {
        assert_eq!(encode_path("Apollo logo.png"), "Apollo%20logo.png");
        assert_eq!(encode_path("/коп/"), "/%D0%BA%D0%BE%D0%BF/");
        assert_eq!(encode_path("/a%20b/100%/"), "/a%20b/100%25/");
    }
}
