//! The preview server's HTTP side: safe path resolution, content types, limits, and the
//! live-reload script injected into HTML responses (never into `build` output).

use std::sync::Arc;

/// The longest request target accepted.
pub const MAX_URL: usize = 8 * 1024;
/// The most header bytes accepted in one request.
pub const MAX_HEADERS: usize = 64 * 1024;

/// Where the live-reload machinery lives on the preview server.
pub const RELOAD_PREFIX: &str = "/__hamkor/";
/// The Server-Sent Events stream.
pub const EVENTS_PATH: &str = "/__hamkor/events";
/// The live-reload script.
pub const SCRIPT_PATH: &str = "/__hamkor/livereload.js";
/// The same script started as the shared worker that holds the one event stream of all the
/// tabs of a browser (a path of its own, so that a tab can tell which role it was given).
pub const WORKER_PATH: &str = "/__hamkor/livereload-worker.js";

/// The live-reload client: reloads a tab when its page changed, swaps stylesheets on CSS-only
/// changes, shows an overlay with diagnostics while the site has errors; also the shared
/// worker that relays the events to the tabs.
pub const SCRIPT: &str = include_str!("livereload.js");

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a valid path (400).
    BadRequest,
    /// Tries to leave the site (404: nothing is there to find).
    Outside,
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes once; invalid escapes or invalid UTF-8 are refused.
fn percent_decode(s: &str) -> Result<String, Refusal> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            ) else {
                return Err(Refusal::BadRequest);
            };
            out.push(h * 16 + l);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| Refusal::BadRequest)
}

/// Turns a request target into a path below the site root (no leading slash), refusing
/// anything that could leave it: `..` segments in any encoding, backslashes, NUL, and
/// percent-escapes that decode to further escapes (double encoding).
pub fn resolve(target: &str) -> Result<String, Refusal> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = percent_decode(path)?;
    // A decoded '%' means the client encoded an escape: never decode twice, never accept it.
    if decoded.contains('%') && path.contains("%25") {
        return Err(Refusal::Outside);
    }
    if decoded.contains(['\\', '\0']) {
        return Err(Refusal::Outside);
    }
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => return Err(Refusal::Outside),
            s if s.starts_with("..") && s.trim_start_matches('.').is_empty() => {
                return Err(Refusal::Outside);
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if decoded.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

/// The Content-Type for a file name.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script to an HTML page, before `</body>` (or at the end).
pub fn inject(html: &[u8]) -> Vec<u8> {
    inject_status(html, 200)
}

/// Adds the live-reload script to an HTML page served with `status`: a page that is not
/// the one its address names (404, 503) reloads when that page comes into being.
pub fn inject_status(html: &[u8], status: u16) -> Vec<u8> {
    let tag = if status == 200 {
        format!("<script src=\"{SCRIPT_PATH}\" defer></script>")
    } else {
        format!("<script src=\"{SCRIPT_PATH}\" data-status=\"{status}\" defer></script>")
    };
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// A response body shared with the site snapshot (no copy per request).
pub type Body = Arc<[u8]>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendars_are_served_as_calendars() {
        // A calendar program subscribing to `serve` reads only text/calendar.
        assert_eq!(
            content_type("/ru/calendar.ics"),
            "text/calendar; charset=utf-8"
        );
    }

    #[test]
    fn traversal_is_refused_in_every_encoding() {
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/..%2fetc/passwd",
            "/%252e%252e/etc/passwd",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "/a/%00",
            "/....//etc",
        ] {
            assert!(
                resolve(bad).is_err(),
                "{bad} accepted as {:?}",
                resolve(bad)
            );
        }
        assert_eq!(resolve("/partners/x/?q=1"), Ok("partners/x/".into()));
        assert_eq!(resolve("/"), Ok(String::new()));
        assert_eq!(resolve("/a%20b.png"), Ok("a b.png".into()));
        assert_eq!(resolve("/%zz"), Err(Refusal::BadRequest));
    }

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let out = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "<html><body><p>x</p><script src=\"{SCRIPT_PATH}\" defer></script></body></html>"
            )
        );
    }
}
