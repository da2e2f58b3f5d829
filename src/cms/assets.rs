//! Decap CMS's script and the page that loads it, built into hamkor so that the editor works
//! offline: nothing is loaded from a CDN, in `hamkor serve` or on a published site.
//!
//! The script is `vendor/decap-cms/decap-cms.js.gz` (written by `scripts/vendor-decap`), kept
//! compressed in the binary: 1.5 MB instead of 5.2 MB. `hamkor serve` sends it as it is to
//! browsers that accept gzip and inflates it once for those that do not; `hamkor build`
//! writes it inflated, as static hosts compress files themselves.
//!
//! Every URL in the page is relative, so `/admin/` works under any base path.

use std::borrow::Cow;
use std::io::Read;
use std::sync::OnceLock;

use crate::config::Config;

/// The version of Decap CMS built in (`vendor/decap-cms/VERSION`).
pub const VERSION: &str = include_str!("../../vendor/decap-cms/VERSION").trim_ascii();

/// `decap-cms.js`, compressed with `gzip -9 -n`.
pub static SCRIPT_GZ: &[u8] = include_bytes!("../../vendor/decap-cms/decap-cms.js.gz");

/// The license notices: Decap CMS's own, then those of the libraries bundled into its script.
pub static LICENSES: &str = concat!(
    "Decap CMS (decap-cms.js), https://github.com/decaporg/decap-cms\n\n",
    include_str!("../../vendor/decap-cms/LICENSE"),
    "\n\nLibraries bundled into decap-cms.js:\n\n",
    include_str!("../../vendor/decap-cms/decap-cms.js.LICENSE.txt"),
);

/// The folder below the base path that holds the editor.
pub const ADMIN_DIR: &str = "admin/";
/// The editor's page, below [`ADMIN_DIR`].
pub const PAGE: &str = "index.html";
/// The script, below [`ADMIN_DIR`].
pub const SCRIPT: &str = "decap-cms.js";
/// The license notices, below [`ADMIN_DIR`]: the name the script's first line points to.
pub const LICENSE_FILE: &str = "decap-cms.js.LICENSE.txt";
/// The published editor's backend, below [`ADMIN_DIR`]: Decap's GitHub backend with the
/// paths mapped to hamkor's file names, as `hamkor serve`'s API maps them.
pub const GITHUB_SCRIPT: &str = "hamkor-github.js";
/// The name [`GITHUB_SCRIPT`] registers its backend under, for `config.yml`.
pub const GITHUB_BACKEND: &str = "hamkor-github";
/// [`GITHUB_SCRIPT`]'s text.
pub static GITHUB_JS: &str = include_str!("github.js");

/// The script, inflated (once; it stays in memory after).
pub fn script() -> Result<&'static [u8], String> {
    static PLAIN: OnceLock<Result<Vec<u8>, String>> = OnceLock::new();
    PLAIN
        .get_or_init(|| {
            let mut out = Vec::with_capacity(SCRIPT_GZ.len() * 4);
            flate2::read::GzDecoder::new(SCRIPT_GZ)
                .read_to_end(&mut out)
                .map(|_| out)
                .map_err(|e| format!("the built-in Decap CMS script is damaged: {e}"))
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// Which editor a page is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `hamkor serve`'s, which saves through hamkor's API.
    Serve,
    /// A published site's, which saves to GitHub through [`GITHUB_SCRIPT`].
    Published,
}

/// The editor's page: it loads the script and names `config.yml` beside it as Decap's
/// configuration. `base_path` (beginning and ending with `/`) is the site's, linked for readers
/// without JavaScript; `title` is the site's title.
pub fn index_html(base_path: &str, title: &str, page: Page) -> String {
    let title = crate::escape::attr(title);
    let base = crate::escape::attr(base_path);
    // The published editor registers its backend before Decap starts, so Decap must wait.
    let (before, after) = match page {
        Page::Serve => (String::new(), String::new()),
        Page::Published => (
            "window.CMS_MANUAL_INIT = true;\n".to_string(),
            format!("\n<script src=\"{GITHUB_SCRIPT}?v={VERSION}\"></script>"),
        ),
    };
    format!(
        r#"<!doctype html>
<!-- Decap CMS {VERSION} (MIT license), built into hamkor; license notices: {LICENSE_FILE} -->
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title} — editor</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
<link href="{LICENSE_FILE}" rel="license">
<style>
/* Decap's editor is two panes at least 800 px wide together; on a phone, one pane the whole
   width, its language chosen by its own "Writing in" menu. */
@media (max-width: 700px) {{
  [class*=EditorContainer], [class*=ToolbarContainer] {{ min-width: 0 !important; }}
  .Pane2, .Resizer {{ display: none !important; }}
  .Pane1 {{ width: 100% !important; flex: 1 1 auto !important; }}
  /* With one pane, the buttons that show the second pane, the preview or scroll both
     panes together only cover the fields' right edge; the back arrow says enough. */
  [class*=ViewControls], [class*=BackCollection] {{ display: none !important; }}
  /* The toolbar in two rows: going back (with whether the changes are saved) and the
     account menu (with "Log out") on the first, Publish, Delete and "View Live" on the
     second. The site's address, beside the account menu, is left out: "View Live" and the
     back arrow lead to the site. */
  [class*=ToolbarContainer] {{ height: auto !important; flex-wrap: wrap !important; }}
  [class*=ToolbarSectionBackLink] {{ order: 1 !important; height: 56px !important;
    padding: 0 12px !important; display: flex !important; align-items: center !important; }}
  [class*=BackArrow] {{ margin-right: 8px !important; }}
  [class*=ToolbarSectionMeta] {{ order: 2 !important; margin-left: auto !important;
    height: 56px !important; display: flex !important; align-items: center !important; }}
  [class*=ToolbarSectionMeta] a[href][target=_blank] {{ display: none !important; }}
  [class*=ToolbarSectionMain] {{ order: 3 !important; flex: 1 0 100% !important;
    height: 52px !important; padding: 0 4px !important; border-top: 1px solid #dfdfe3 !important;
    min-width: 0 !important; }}
  [class*=ToolbarSectionMain] > * {{ min-width: 0 !important; }}
  [class*=ToolbarSectionMain] [class*=buttonMargin] {{ margin: 0 3px !important; }}
  [class*=ToolbarSectionMain] button {{ padding: 0 10px !important; }}
  [class*=ToolbarSectionMain] a, [class*=ToolbarSectionMain] span {{ white-space: nowrap !important; }}
  [class*=EditorContainer] {{ padding-top: 109px !important; }}
  /* "Writing in EN" and "Fill in from another locale" one under the other. */
  [class*=LocaleRowWrapper] {{ flex-wrap: wrap !important; }}
  [class*=LocaleRowWrapper] > * {{ margin-top: 8px !important; margin-bottom: 8px !important; }}
}}
</style>
</head>
<body>
<noscript><p>The editor of {title} needs JavaScript: turn it on for this site and reload, or go <a href="{base}">back to the site</a>. (Decap CMS {VERSION}; <a href="{LICENSE_FILE}">license notices</a>.)</p></noscript>
<script>
// The text of an entry is edited as Markdown unless the editor chose the rich-text view
// before: Decap starts in the view last chosen, and the rich-text view rewrites a body
// nobody touched.
{before}try {{ if (!localStorage.getItem("cms.md-mode")) localStorage.setItem("cms.md-mode", "raw"); }} catch (e) {{}}
</script>
<script src="{SCRIPT}?v={VERSION}"></script>{after}
</body>
</html>
"#
    )
}

/// A file of the output: its path below the output folder, and its bytes.
pub type File = (String, Cow<'static, [u8]>);

/// The editor's files a published site gets when `site.yaml` has `cms:` (none without it).
pub fn published_files(cfg: &Config) -> Result<Vec<File>, String> {
    let Some(cms) = &cfg.cms else {
        return Ok(Vec::new());
    };
    let title = cfg.title_in(&cfg.default_language);
    let page = index_html(&cfg.base_url.path, title, Page::Published);
    let settings = super::config::generate(
        cfg,
        &super::config::Target::Published(cms),
        &cfg.default_language,
    );
    let settings = super::config::to_yaml(&settings);
    Ok(vec![
        (format!("{ADMIN_DIR}{PAGE}"), Cow::Owned(page.into_bytes())),
        (
            format!("{ADMIN_DIR}config.yml"),
            Cow::Owned(settings.into_bytes()),
        ),
        (format!("{ADMIN_DIR}{SCRIPT}"), Cow::Borrowed(script()?)),
        (
            format!("{ADMIN_DIR}{GITHUB_SCRIPT}"),
            Cow::Borrowed(GITHUB_JS.as_bytes()),
        ),
        (
            format!("{ADMIN_DIR}{LICENSE_FILE}"),
            Cow::Borrowed(LICENSES.as_bytes()),
        ),
    ])
}

/// What a request for one of the editor's files asks, besides its path.
#[derive(Debug, Clone, Copy, Default)]
pub struct Request<'r> {
    /// The query string, without `?`.
    pub query: &'r str,
    /// The `Accept-Encoding` header.
    pub accept_encoding: Option<&'r str>,
    /// The `If-None-Match` header.
    pub if_none_match: Option<&'r str>,
}

/// An answer to a request for one of the editor's files.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status: 200, or 304 when the browser's copy is current.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// Further headers: caching, and the encoding of the body.
    pub headers: Vec<(&'static str, String)>,
    /// The body (empty for 304).
    pub body: Cow<'static, [u8]>,
}

impl Answer {
    fn new(content_type: &'static str, cache: &str, body: Cow<'static, [u8]>) -> Answer {
        Answer {
            status: 200,
            content_type,
            headers: vec![("Cache-Control", cache.to_string())],
            body,
        }
    }
}

/// Answers a request for `file` (the path below `admin/`), or `None` when it is not one of
/// the files this module serves (`config.yml` and the API are answered elsewhere).
/// `base_path` and `title` are the site's, for the page.
pub fn answer(
    file: &str,
    request: &Request<'_>,
    base_path: &str,
    title: &str,
) -> Option<Result<Answer, String>> {
    Some(Ok(match file {
        "" | PAGE => Answer::new(
            "text/html; charset=utf-8",
            "no-store",
            Cow::Owned(index_html(base_path, title, Page::Serve).into_bytes()),
        ),
        LICENSE_FILE => Answer::new(
            "text/plain; charset=utf-8",
            "no-cache",
            Cow::Borrowed(LICENSES.as_bytes()),
        ),
        SCRIPT => return Some(script_answer(request)),
        _ => return None,
    }))
}

fn script_answer(request: &Request<'_>) -> Result<Answer, String> {
    let gzip = accepts_gzip(request.accept_encoding);
    let etag = if gzip {
        format!("\"decap-cms-{VERSION}-gzip\"")
    } else {
        format!("\"decap-cms-{VERSION}\"")
    };
    // The page asks for `decap-cms.js?v=VERSION`: that address always has the same bytes, so
    // the browser keeps them; any other address is checked each time (by its ETag).
    let versioned = request
        .query
        .split('&')
        .any(|kv| kv.strip_prefix("v=") == Some(VERSION));
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let fresh = request
        .if_none_match
        .is_some_and(|h| h.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let body = if fresh {
        Cow::Borrowed(&[][..])
    } else if gzip {
        Cow::Borrowed(SCRIPT_GZ)
    } else {
        Cow::Borrowed(script()?)
    };
    let mut answer = Answer::new("text/javascript; charset=utf-8", cache, body);
    if fresh {
        answer.status = 304;
    }
    answer.headers.push(("ETag", etag));
    answer.headers.push(("Vary", "Accept-Encoding".to_string()));
    if gzip && !fresh {
        answer
            .headers
            .push(("Content-Encoding", "gzip".to_string()));
    }
    Ok(answer)
}

/// Whether an `Accept-Encoding` header allows gzip: named (as `gzip` or `x-gzip`) or covered
/// by `*`, with a quality above 0.
pub fn accepts_gzip(header: Option<&str>) -> bool {
    let Some(header) = header else { return false };
    let mut named = None;
    let mut any = None;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or(p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match coding.as_str() {
            "gzip" | "x-gzip" => named = Some(q > 0.0),
            "*" => any = Some(q > 0.0),
            _ => {}
        }
    }
    named.or(any).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_script_inflates_to_decap_cms() {
        let script = script().unwrap();
        assert!(script.len() > 4 * SCRIPT_GZ.len() / 2);
        let head = String::from_utf8_lossy(&script[..200]);
        assert!(
            head.contains(&format!(
                "For license information please see {LICENSE_FILE}"
            )),
            "{head}"
        );
        assert!(LICENSES.contains("Permission is hereby granted"));
        assert!(LICENSES.contains("object-assign"));
        assert!(VERSION.split('.').count() == 3 && !VERSION.contains(char::is_whitespace));
    }

    #[test]
    fn gzip_is_sent_only_to_browsers_that_accept_it() {
        for (header, gzip) in [
            (None, false),
            (Some(""), false),
            (Some("identity"), false),
            (Some("gzip"), true),
            (Some("gzip, deflate, br, zstd"), true),
            (Some("br;q=1.0, GZIP;q=0.5"), true),
            (Some("x-gzip"), true),
            (Some("gzip;q=0"), false),
            (Some("gzip;q=0.000, *"), false),
            (Some("*"), true),
            (Some("*;q=0"), false),
            (Some("br, *;q=0"), false),
        ] {
            assert_eq!(accepts_gzip(header), gzip, "{header:?}");
        }
    }

    #[test]
    fn a_current_copy_gets_304_without_a_body() {
        let first = script_answer(&Request {
            query: "v=0",
            accept_encoding: Some("gzip"),
            ..Request::default()
        })
        .unwrap();
        assert_eq!(first.status, 200);
        let cache = first.headers.iter().find(|(k, _)| *k == "Cache-Control");
        assert_eq!(cache.map(|(_, v)| v.as_str()), Some("no-cache"));
        let etag = first
            .headers
            .iter()
            .find(|(k, _)| *k == "ETag")
            .map(|(_, v)| v.clone())
            .unwrap();
        let again = script_answer(&Request {
            query: "",
            accept_encoding: Some("gzip"),
            if_none_match: Some(&etag),
        })
        .unwrap();
        assert_eq!((again.status, again.body.len()), (304, 0));
        // The same ETag names the compressed bytes only: a client that now refuses gzip gets
        // the plain script.
        let plain = script_answer(&Request {
            if_none_match: Some(&etag),
            ..Request::default()
        })
        .unwrap();
        assert_eq!(plain.status, 200);
        assert_eq!(plain.body.len(), script().unwrap().len());
    }

    #[test]
    fn the_page_escapes_the_site_title() {
        let page = index_html("/coop/", "A & <B>", Page::Serve);
        assert!(page.contains("<title>A &amp; &lt;B&gt; — editor</title>"));
        assert!(page.contains("<a href=\"/coop/\">"));
    }
}
