//! `/admin/` in `hamkor serve`: the editor's page and script, its configuration generated
//! from the site as it is now, and the API its saves go through.
//!
//! The API changes files, so it answers only requests that come from the editor's own page:
//! a `POST` whose `Origin` is this server's own address (a page on another site cannot forge
//! that header), with a JSON body of bounded size. The server listens on loopback unless
//! `--bind` says otherwise, so nothing outside the editor's computer reaches it at all.

use std::io::Read as _;

use super::{State, lock, respond};
use crate::cms;

const API: &str = "/admin/api/v1";
const CONFIG: &str = "/admin/config.yml";

fn header_value<'r>(request: &'r tiny_http::Request, name: &'static str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// The language of the editor's own texts: the first of the browser's languages that the
/// site has.
fn ui_locale(request: &tiny_http::Request, languages: &[String]) -> String {
    let wanted = header_value(request, "Accept-Language").unwrap_or("");
    wanted
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(|tag| {
            tag.trim()
                .split('-')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .find(|tag| languages.iter().any(|l| l == tag))
        .or_else(|| languages.first().cloned())
        .unwrap_or_else(|| "en".to_string())
}

/// Answers the editor's configuration and API; gives the request back when `path` is neither.
pub(super) fn handle(
    request: tiny_http::Request,
    state: &State,
    path: &str,
) -> Option<tiny_http::Request> {
    if path == API {
        api(request, state);
        return None;
    }
    if path == CONFIG {
        let (languages, config) = {
            let live = lock(&state.live);
            match live.session.config() {
                Some(c) => (c.languages.clone(), Some(c.clone())),
                None => (Vec::new(), None),
            }
        };
        let Some(config) = config else {
            respond(
                request,
                503,
                "text/plain; charset=utf-8",
                b"site.yaml has problems: the editor's forms are made from it; see the terminal\n",
            );
            return None;
        };
        let locale = ui_locale(&request, &languages);
        let generated = cms::config::generate(&config, &cms::config::Target::Serve, &locale);
        let text = cms::config::to_yaml(&generated);
        respond(request, 200, "text/yaml; charset=utf-8", text.as_bytes());
        return None;
    }
    Some(request)
}

fn json(request: tiny_http::Request, status: u16, value: &serde_json::Value) {
    respond(
        request,
        status,
        "application/json",
        value.to_string().as_bytes(),
    );
}

fn error(request: tiny_http::Request, status: u16, message: &str) {
    json(request, status, &serde_json::json!({ "error": message }));
}

fn api(mut request: tiny_http::Request, state: &State) {
    if request.method() != &tiny_http::Method::Post {
        return error(request, 405, "the editor's API takes POST requests only");
    }
    let origin = header_value(&request, "Origin");
    let host = header_value(&request, "Host");
    // A name other than this machine's own could be an attacker's, resolved to it (DNS
    // rebinding); with `--bind`, the address given is this machine's too.
    let own_host = cms::api::loopback_host(host)
        || host.is_some_and(|h| {
            h.trim()
                .rsplit_once(':')
                .map_or(h, |(name, _)| name)
                .trim_start_matches('[')
                .trim_end_matches(']')
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip == state.bind)
        });
    if !own_host || !cms::api::same_origin(origin, host) {
        return error(
            request,
            403,
            "refused: the request does not come from this server's own editor page",
        );
    }
    let is_json = header_value(&request, "Content-Type").is_some_and(|t| {
        t.trim()
            .to_ascii_lowercase()
            .starts_with("application/json")
    });
    if !is_json {
        return error(request, 415, "the editor's API takes JSON");
    }
    if request
        .body_length()
        .is_some_and(|n| n > cms::api::MAX_BODY)
    {
        return error(request, 413, &too_large());
    }
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(cms::api::MAX_BODY as u64 + 1)
        .read_to_end(&mut body);
    if read.is_err() {
        return error(request, 400, "the request's body could not be read");
    }
    if body.len() > cms::api::MAX_BODY {
        return error(request, 413, &too_large());
    }
    let site = {
        let live = lock(&state.live);
        live.session.config().cloned()
    };
    let Some(config) = site else {
        return error(
            request,
            503,
            "site.yaml has problems: fix them first (see the terminal)",
        );
    };
    let saver = super::save::LiveSaver { state };
    let (status, value) = cms::api::answer(&body, &cms::paths::ApiSite::of(&config), &saver);
    json(request, status, &value)
}

fn too_large() -> String {
    format!(
        "refused: the request is larger than {} MB; images that large do not belong on a web page",
        cms::api::MAX_BODY / (1024 * 1024)
    )
}
