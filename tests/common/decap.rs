//! Driving Decap CMS's editor (the `/admin/` UI) in headless Chromium, as an editor would:
//! clicks, typing and file choosing through WebDriver, on the real Decap DOM.
//!
//! Fields are named by the label an editor sees, without Decap's " (optional)": `"Title"`.
//! A field inside an object or a list item is a path, `"Location > Latitude"`,
//! `"Agreements > 2 > Type"` (list items count from 1, as shown). A path may start with a
//! locale, `"ru:Title"`: the field on the translation pane, switched to that locale first;
//! without one it is the default locale's pane (the left one).
//!
//! Selectors lean on what Decap 3.16 keeps stable: each label's `for` names its input's id,
//! react-select's option ids (`…-option-N`), the split panes' `Pane1`/`Pane2` classes, and
//! visible button texts. Every step waits for the UI to answer (through [`Browser::wait`])
//! instead of sleeping.
//!
//! ```ignore
//! let b = Browser::start(&chromium, &driver);
//! decap::open_collection(&b, "http://127.0.0.1:8000/admin/", "partners");
//! decap::new_entry(&b, "partners");
//! decap::fill_text(&b, "Title", "Seoul National University");
//! decap::pick_select(&b, "Country", "Korea, Republic of");
//! decap::pick_many(&b, "Areas", &["Oncology", "Surgery"]);
//! let item = decap::add_list_item(&b, "Agreements");
//! decap::pick_select(&b, &format!("Agreements > {item} > Type"), "Memorandum of understanding");
//! decap::set_date(&b, &format!("Agreements > {item} > Signed"), "2024-05-12");
//! decap::fill_text(&b, "ru:Title", "Сеульский национальный университет");
//! decap::upload_image(&b, "Logo", Path::new("/path/to/logo.png"));
//! decap::publish(&b);
//! decap::wait_saved(&b).expect("saved");
//! ```

use std::path::Path;

use serde_json::Value;

use super::browser::Browser;

/// Functions every script below uses. `resolve` turns a field path into its elements, or
/// an error text naming the first step that was not found.
const PRELUDE: &str = r#"
const norm = s => (s || '').replace(/\s+/g, ' ').trim().replace(/ \(optional\)$/i, '');
const isContainer = e => typeof e.className === 'string' && /ControlContainer/.test(e.className);
const isItem = e => typeof e.className === 'string' && /SortableListItem/.test(e.className);
const between = (el, scope, test) => {
  let n = 0;
  for (let e = el.parentElement; e && e !== scope; e = e.parentElement) if (test(e)) n++;
  return n;
};
const shallowest = (els, scope, test) => {
  let best = [], min = Infinity;
  for (const e of els) {
    const d = between(e, scope, test);
    if (d < min) { min = d; best = [e]; } else if (d === min) best.push(e);
  }
  return best;
};
const disarm = () => {
  if (window.__decapConfirmOriginal) window.confirm = window.__decapConfirmOriginal;
  window.__decapConfirmOriginal = null;
};
const visible = e => !!e && e.getClientRects().length > 0;
const pane = second => document.querySelector(second ? '.Pane2' : '.Pane1') || document.body;
// The two panes scroll each other (Decap keeps them in step), which can leave an element
// out of view where WebDriver's own scrolling does not reach: centre it before acting on it.
const mark = el => {
  el.scrollIntoView({ block: 'center' });
  window.__decapDriver = (window.__decapDriver || 0) + 1;
  el.setAttribute('data-decap-driver', String(window.__decapDriver));
  return '[data-decap-driver="' + window.__decapDriver + '"]';
};
const byText = (root, sel, text) =>
  [...root.querySelectorAll(sel)].find(e => visible(e) && norm(e.textContent) === text);
const startsWith = (root, sel, text) =>
  [...root.querySelectorAll(sel)].find(e => visible(e) && norm(e.textContent).startsWith(text));
function resolve(spec) {
  let cur = pane(spec.second);
  let label = null;
  for (const seg of spec.path) {
    if (/^\d+$/.test(seg)) {
      const items = shallowest([...cur.querySelectorAll('*')].filter(isItem), cur, isItem);
      const item = items[Number(seg) - 1];
      if (!item) return 'no item ' + seg + ' (of ' + items.length + ') in ' + (label ? norm(label.textContent) : 'the form');
      cur = item;
      continue;
    }
    const labels = [...cur.querySelectorAll('label')].filter(l => norm(l.textContent) === seg);
    const found = shallowest(labels, cur, isContainer)[0];
    if (!found) return 'no field labelled ' + JSON.stringify(seg);
    label = found;
    let c = found;
    while (c && !isContainer(c)) c = c.parentElement;
    cur = c || found.parentElement;
  }
  if (!label) return 'empty field path';
  return { label, container: cur, control: label.htmlFor ? document.getElementById(label.htmlFor) : null };
}
"#;

/// A field path split into the pane it is on and its steps.
struct FieldPath {
    locale: Option<String>,
    steps: Vec<String>,
}

fn parse(field: &str) -> FieldPath {
    let (locale, rest) = match field.split_once(':') {
        Some((l, rest))
            if (2..=10).contains(&l.len())
                && l.chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '-' || c == '_') =>
        {
            (Some(l.to_string()), rest)
        }
        _ => (None, field),
    };
    FieldPath {
        locale,
        steps: rest.split('>').map(|s| s.trim().to_string()).collect(),
    }
}

/// Runs `body` after the prelude; a JavaScript error fails the test with its message.
fn run(b: &Browser, body: &str) -> Value {
    let v = b.eval(&format!("{PRELUDE}\n{body}"));
    if let Some(e) = v.get("error") {
        panic!("script failed: {e}: {}\n{body}", v["message"]);
    }
    v
}

/// Polls `body` (after the prelude) until `done` accepts its result; a JavaScript error fails
/// the test at once with its message rather than at the timeout.
fn wait(b: &Browser, what: &str, body: &str, done: impl Fn(&Value) -> bool) -> Value {
    let script = format!("{PRELUDE}\n{body}");
    b.wait(what, &script, |v| {
        if let Some(e) = v.get("error") {
            panic!(
                "script failed while waiting for {what}: {e}: {}\n{body}",
                v["message"]
            );
        }
        done(v)
    })
}

/// The JavaScript literal that `resolve` takes for `field`, switching the translation pane to
/// the field's locale first.
fn spec(b: &Browser, field: &str) -> String {
    let path = parse(field);
    let second = match &path.locale {
        Some(locale) if Some(locale.as_str()) != default_locale(b).as_deref() => {
            switch_locale(b, locale);
            true
        }
        _ => false,
    };
    serde_json::json!({ "second": second, "path": path.steps }).to_string()
}

/// Waits until `field` is on the form and returns a CSS selector for `what` of it: `control`
/// (the element its label names), `container`, or a script expression over `f`, the resolved
/// field, that yields an element.
fn locate(b: &Browser, field: &str, what: &str) -> String {
    let spec = spec(b, field);
    let found = wait(
        b,
        &format!("field {field}"),
        &format!(
            "const f = resolve({spec});\nif (typeof f === 'string') return f;\n\
             const el = {what};\nreturn el ? mark(el) : {};",
            js(&format!("field {field} has no such element"))
        ),
        |v| {
            v.as_str()
                .is_some_and(|s| s.starts_with("[data-decap-driver"))
        },
    );
    found.as_str().unwrap_or_default().to_string()
}

/// Waits for the element the script `find` (an expression, after the prelude) yields, and
/// returns a CSS selector that names it.
fn find(b: &Browser, what: &str, find: &str) -> String {
    let found = wait(
        b,
        what,
        &format!("const el = {find};\nreturn el ? mark(el) : null;"),
        |v| v.as_str().is_some(),
    );
    found.as_str().unwrap_or_default().to_string()
}

const SELECT_ALL: &str = "\u{E009}a\u{E000}\u{E003}";
const ESCAPE: &str = "\u{E00C}";

fn js(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Opens the admin page at `admin_url` (e.g. `http://127.0.0.1:PORT/admin/`) on
/// `#/collections/NAME`, passing the proxy backend's login screen, and waits for the list of
/// entries (or the empty message).
pub fn open_collection(b: &Browser, admin_url: &str, collection: &str) {
    b.open(&format!("{admin_url}#/collections/{collection}"));
    login(b);
    wait_collection(b, collection);
}

/// Clicks the proxy backend's "Login" button if the login screen shows; waits for the app.
pub fn login(b: &Browser) {
    let state = wait(
        b,
        "Decap to load (its login screen or the app)",
        "const t = document.body.innerText;\n\
         if (/Error loading the CMS configuration/.test(t)) return 'config: ' + t;\n\
         if ([...document.querySelectorAll('button')].some(b => b.textContent.trim() === 'Login')) return 'login';\n\
         if (document.querySelector('[class*=AppMainContainer]')) return 'app';\n\
         return null;",
        |v| v.is_string(),
    );
    let state = state.as_str().unwrap_or_default();
    assert!(
        !state.starts_with("config"),
        "Decap rejected its config: {state}"
    );
    if state == "login" {
        let css = find(b, "the Login button", "byText(document, 'button', 'Login')");
        b.click(&css);
        wait(
            b,
            "Decap's app after login",
            "return !!document.querySelector('[class*=AppMainContainer]')",
            |v| v == &Value::Bool(true),
        );
    }
}

fn wait_collection(b: &Browser, collection: &str) {
    wait(
        b,
        &format!("the {collection} collection's entries"),
        &format!(
            "return location.hash.startsWith('#/collections/' + {}) && \
             !!document.querySelector('[class*=CollectionMain], [class*=CollectionContainer]') && \
             !/Loading Entries/i.test(document.body.innerText) && \
             (document.querySelectorAll('[class*=ListCard], [class*=GridCard]').length > 0 || \
              /No Entries/i.test(document.body.innerText))",
            js(collection)
        ),
        |v| v == &Value::Bool(true),
    );
}

/// The entries the collection view lists, in its order: each one's summary (its title
/// unless the collection's `summary` says otherwise) and its slug for [`open_entry`].
pub fn entries(b: &Browser) -> Vec<(String, String)> {
    let v = run(
        b,
        "return [...document.querySelectorAll('a[href*=\"/entries/\"]')].map(a => \
           [norm((a.querySelector('h2') || a).textContent), decodeURIComponent(a.getAttribute('href').replace(/^.*?\\/entries\\//, ''))]);",
    );
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|p| {
                    let s = |i: usize| p[i].as_str().unwrap_or_default().to_string();
                    (s(0), s(1))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Goes to `#/collections/NAME/new` and waits for the empty form.
pub fn new_entry(b: &Browser, collection: &str) {
    out_of_editor(b, collection);
    go(b, &format!("#/collections/{collection}/new"));
    wait_form(b);
}

/// Goes to `#/collections/NAME/entries/SLUG` and waits for the entry's form, filled. The
/// slug is Decap's: the entry's path in the folder without locale and extension, so with
/// `path: "{{slug}}/index"` it is `seoul-nu/index` (as the collection's links show).
pub fn open_entry(b: &Browser, collection: &str, slug: &str) {
    out_of_editor(b, collection);
    go(b, &format!("#/collections/{collection}/entries/{slug}"));
    wait_form(b);
    // An unknown slug opens an empty form too: an entry has at least one value shown.
    wait(
        b,
        &format!("entry {slug} to load"),
        "return [...pane(false).querySelectorAll('input, textarea, [contenteditable=true]')]\
         .some(e => e.isContentEditable ? e.innerText.trim() !== '' : (e.value || '') !== '');",
        |v| v == &Value::Bool(true),
    );
}

/// Goes to the collection's list first when an editor is open: going from one editor route
/// straight to another keeps the old form (Decap 3.16 does not reload it).
fn out_of_editor(b: &Browser, collection: &str) {
    let editing = run(
        b,
        "return /^#\\/collections\\/[^/]+\\/(new|entries\\/)/.test(location.hash);",
    );
    if editing == Value::Bool(true) {
        leave(b, collection);
    }
}

/// Changes the route; a form with unsaved changes is left without saving (Decap asks, the
/// driver answers OK).
fn go(b: &Browser, hash: &str) {
    accept_next_confirm(b);
    run(b, &format!("location.hash = {}; return true;", js(hash)));
    wait(
        b,
        &format!("the route {hash}"),
        &format!("return location.hash === {}", js(hash)),
        |v| v == &Value::Bool(true),
    );
    disarm_confirm(b);
}

fn wait_form(b: &Browser) {
    wait(
        b,
        "the editor's form",
        "return !!document.querySelector('.Pane1 label, [class*=ControlPaneContainer] label') && \
         [...document.querySelectorAll('[role=button]')].some(e => /^(Publish|Published|Publishing)/.test(e.textContent.trim())) && \
         !/Loading entry/i.test(document.body.innerText)",
        |v| v == &Value::Bool(true),
    );
}

/// The default locale: the one the left pane's locale button names (`Writing in EN`).
fn default_locale(b: &Browser) -> Option<String> {
    run(
        b,
        "const e = startsWith(pane(false), '[role=button]', 'Writing in');\n\
         return e ? norm(e.textContent).replace('Writing in ', '').toLowerCase() : null;",
    )
    .as_str()
    .map(str::to_string)
}

/// Makes the translation pane (the right one) show `locale`, through its "Writing in …"
/// dropdown; waits until it does.
pub fn switch_locale(b: &Browser, locale: &str) {
    let shown = |b: &Browser| {
        run(
            b,
            "const e = startsWith(pane(true), '[role=button]', 'Writing in');\n\
             return e ? norm(e.textContent).replace('Writing in ', '').toLowerCase() : null;",
        )
        .as_str()
        .map(str::to_string)
    };
    wait(
        b,
        "the translation pane",
        "return !!document.querySelector('.Pane2')",
        |v| v == &Value::Bool(true),
    );
    if shown(b).as_deref() == Some(locale) {
        return;
    }
    let button = find(
        b,
        "the translation pane's locale button",
        "startsWith(pane(true), '[role=button]', 'Writing in')",
    );
    b.click(&button);
    let item = find(
        b,
        &format!("locale {locale} in the dropdown"),
        &format!("byText(pane(true), '[role=menuitem]', {})", js(locale)),
    );
    b.click(&item);
    let want = format!("WRITING IN {}", locale.to_uppercase());
    wait(
        b,
        &format!("the translation pane to show {locale}"),
        "const e = startsWith(pane(true), '[role=button]', 'Writing in');\n\
         return e ? norm(e.textContent).toUpperCase() : null;",
        |v| v.as_str() == Some(want.as_str()),
    );
}

/// Replaces the text of a string, text, number or markdown field with `value`, typed
/// (select-all, delete, then the keys), as an editor would.
pub fn fill_text(b: &Browser, field: &str, value: &str) {
    let css = locate(
        b,
        field,
        "(f.control && /^(INPUT|TEXTAREA)$/.test(f.control.tagName)) ? f.control : \
         f.container.querySelector('[contenteditable=true], textarea, input')",
    );
    b.click(&css);
    b.type_into(&css, &format!("{SELECT_ALL}{value}"));
    let want = value.to_string();
    wait(
        b,
        &format!("{field} to read {value:?}"),
        &format!(
            "const e = document.querySelector({});\n\
             return e.isContentEditable ? e.innerText.replace(/\\n+$/, '') : e.value;",
            js(&css)
        ),
        |v| v.as_str() == Some(want.as_str()),
    );
}

/// What `field` currently shows: an input's value, a select's chosen labels joined by ", ",
/// a markdown editor's text, an image's file name.
pub fn field_value(b: &Browser, field: &str) -> String {
    let spec = spec(b, field);
    let v = run(
        b,
        &format!(
            "const f = resolve({spec});\nif (typeof f === 'string') throw new Error(f);\n\
             const c = f.container;\n\
             const chips = [...c.querySelectorAll('[class*=multiValue] > :first-child')];\n\
             if (chips.length) return chips.map(e => norm(e.textContent)).join(', ');\n\
             const single = c.querySelector('[class*=singleValue], [class*=single-value]');\n\
             if (single) return norm(single.textContent);\n\
             if (f.control && /^(INPUT|TEXTAREA)$/.test(f.control.tagName) && f.control.getAttribute('role') !== 'combobox') return f.control.value;\n\
             const ed = c.querySelector('[contenteditable=true]');\n\
             if (ed) return ed.innerText.replace(/\\n+$/, '');\n\
             const img = c.querySelector('img');\n\
             if (img) return img.getAttribute('src') || '';\n\
             return '';"
        ),
    );
    v.as_str().unwrap_or_default().to_string()
}

/// Chooses `option_label` in a select field: types it into react-select's input and clicks
/// the option that reads exactly so once the filtered menu shows it.
pub fn pick_select(b: &Browser, field: &str, option_label: &str) {
    pick_relation(b, field, option_label, option_label);
}

/// Chooses each of `option_labels` in a `multiple: true` select field, one after another.
pub fn pick_many(b: &Browser, field: &str, option_labels: &[&str]) {
    for label in option_labels {
        pick_select(b, field, label);
    }
}

/// Chooses an entry in a relation field: types `search_text`, waits for the options Decap
/// searches for, and clicks the one that reads `option_label` (its `display_fields`).
pub fn pick_relation(b: &Browser, field: &str, search_text: &str, option_label: &str) {
    let input = locate(
        b,
        field,
        "f.container.querySelector('input[role=combobox]') || f.control",
    );
    b.click(&input);
    b.type_into(&input, search_text);
    let option = wait(
        b,
        &format!("option {option_label:?} in {field}"),
        &format!(
            "const box = document.querySelector({});\n\
             let c = box; while (c && !isContainer(c)) c = c.parentElement;\n\
             const all = [...(c || document).querySelectorAll('[id*=\"-option-\"]')];\n\
             const o = all.find(o => norm(o.textContent) === {});\n\
             return o ? mark(o) : {{ shown: all.map(o => norm(o.textContent)).slice(0, 20) }};",
            js(&input),
            js(option_label)
        ),
        |v| v.is_string(),
    );
    b.click(option.as_str().unwrap_or_default());
    let want = option_label.to_string();
    wait(
        b,
        &format!("{field} to show {option_label:?}"),
        &format!(
            "const box = document.querySelector({});\n\
             let c = box; while (c && !isContainer(c)) c = c.parentElement;\n\
             return [...c.querySelectorAll('[class*=singleValue], [class*=single-value], [class*=multiValue], [class*=multi-value__label]')]\
               .map(e => norm(e.textContent));",
            js(&input)
        ),
        |v| strings(v).iter().any(|s| s == &want),
    );
    // A multi-select's menu may stay open over the next field.
    let open = run(
        b,
        "return !!document.querySelector('[class*=menu] [id*=\"-option-\"]');",
    );
    if open == Value::Bool(true) {
        b.press_key(ESCAPE);
    }
}

/// Clicks the list field's "Add …" button and returns the new item's number (counting from 1,
/// as [`fill_text`]'s paths do); waits for the item to appear. New items go to the end, as
/// Decap puts them unless the list says `add_to_top: true`.
pub fn add_list_item(b: &Browser, list: &str) -> usize {
    let count = |b: &Browser| -> usize {
        let spec = spec(b, list);
        run(
            b,
            &format!(
                "const f = resolve({spec});\nif (typeof f === 'string') throw new Error(f);\n\
                 return shallowest([...f.container.querySelectorAll('*')].filter(isItem), f.container, isItem).length;"
            ),
        )
        .as_u64()
        .unwrap_or(0) as usize
    };
    let button = locate(
        b,
        list,
        "[...f.container.querySelectorAll('button')].find(e => /^Add /.test(norm(e.textContent)))",
    );
    let before = count(b);
    b.click(&button);
    let spec = spec(b, list);
    wait(
        b,
        &format!("a new item in {list}"),
        &format!(
            "const f = resolve({spec});\n\
             return typeof f === 'string' ? -1 : \
             shallowest([...f.container.querySelectorAll('*')].filter(isItem), f.container, isItem).length;"
        ),
        |v| v.as_u64() == Some(before as u64 + 1),
    );
    before + 1
}

/// Sets a date field (`widget: datetime`, date only) to `date` (`YYYY-MM-DD`) as the
/// browser's date picker does: one change with the whole date.
///
/// Typing the date key by key does not work on Decap 3.16's datetime widget in Chromium: the
/// year's first digit already makes a whole date (year 2), which the widget re-formats into
/// 1902 and writes back while the year is still being typed (`05122024` ends as 1904-05-12).
pub fn set_date(b: &Browser, field: &str, date: &str) {
    let css = locate(
        b,
        field,
        "f.container.querySelector('input[type=date], input[type=datetime-local], input') ",
    );
    run(
        b,
        &format!(
            "const e = document.querySelector({});\n\
             const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;\n\
             e.focus(); set.call(e, {});\n\
             e.dispatchEvent(new Event('input', {{ bubbles: true }}));\n\
             e.dispatchEvent(new Event('change', {{ bubbles: true }}));\n\
             e.blur(); return true;",
            js(&css),
            js(date)
        ),
    );
    let want = date.to_string();
    wait(
        b,
        &format!("{field} to read {date}"),
        &format!("return document.querySelector({}).value", js(&css)),
        |v| v.as_str() == Some(want.as_str()),
    );
}

/// Chooses `file` for an image (or file) field: "Choose an image" opens the media library,
/// the file goes to its upload input, and "Choose selected" puts it in the field; waits
/// until the field shows it.
pub fn upload_image(b: &Browser, field: &str, file: &Path) {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let button = locate(
        b,
        field,
        "[...f.container.querySelectorAll('button')].find(e => /^Choose (an|different) (image|file)/.test(norm(e.textContent)))",
    );
    b.click(&button);
    let input = find(
        b,
        "the media library's upload input",
        "document.querySelector('[role=dialog] .nc-fileUploadButton input[type=file], [role=dialog] input[type=file]')",
    );
    wait(
        b,
        "the media library to finish loading",
        "return !/Loading/i.test((document.querySelector('[role=dialog]') || {}).innerText || '')",
        |v| v == &Value::Bool(true),
    );
    // A file of the same name in the folder makes Decap ask whether to replace it: yes.
    accept_next_confirm(b);
    b.send_file(&input, file);
    let card = find(
        b,
        &format!("{name} in the media library"),
        &format!(
            "[...document.querySelectorAll('[role=dialog] [class*=CardText]')].find(e => norm(e.textContent) === {})",
            js(&name)
        ),
    );
    disarm_confirm(b);
    // An upload is selected when it lands; a card chosen before is not. Click it if needed.
    let choose = "[...document.querySelectorAll('[role=dialog] button')].find(e => norm(e.textContent) === 'Choose selected')";
    let enabled = run(
        b,
        &format!("const c = {choose}; return !!c && !c.disabled;"),
    );
    if enabled != Value::Bool(true) {
        b.click(&card);
    }
    let choose = find(
        b,
        "the enabled Choose selected button",
        &format!("(() => {{ const c = {choose}; return c && !c.disabled ? c : null; }})()"),
    );
    b.click(&choose);
    let spec = spec(b, field);
    wait(
        b,
        &format!("{field} to show the chosen image"),
        &format!(
            "const f = resolve({spec});\n\
             return !document.querySelector('[role=dialog]') && typeof f !== 'string' && \
             [...f.container.querySelectorAll('button')].some(e => /^Choose different/.test(norm(e.textContent)));"
        ),
        |v| v == &Value::Bool(true),
    );
}

/// Publishes the open entry: the toolbar's "Publish" dropdown, then "Publish now". Wait for
/// the outcome with [`wait_saved`]. Toasts still showing are closed first: on a narrow
/// screen they cover the toolbar.
pub fn publish(b: &Browser) {
    dismiss_notifications(b);
    let button = find(
        b,
        "the Publish button",
        "byText(document, '[role=button]', 'Publish')",
    );
    b.click(&button);
    let now = find(
        b,
        "Publish now",
        "byText(document, '[role=menuitem]', 'Publish now')",
    );
    b.click(&now);
}

/// Deletes the open published entry: the toolbar's "Delete published entry" and the
/// browser's confirm dialog; waits until Decap is back on the collection.
pub fn delete_entry(b: &Browser) {
    let button = find(
        b,
        "the Delete published entry button",
        "[...document.querySelectorAll('button')].find(e => visible(e) && /^Delete/.test(norm(e.textContent)))",
    );
    accept_next_confirm(b);
    b.click(&button);
    disarm_confirm(b);
    wait(
        b,
        "the collection view after deleting",
        "return /^#\\/collections\\/[^/]+$/.test(location.hash)",
        |v| v == &Value::Bool(true),
    );
}

/// Waits for the outcome of a save: `Ok` once Decap says "Entry saved"; `Err` with the error
/// toast's text (e.g. `Failed to persist entry: API_ERROR: …`, the message the backend
/// answered) if it shows one instead, followed by the fields' own error messages
/// (`Label: message`, one a line), which alone are all Decap shows for a value that breaks a
/// `pattern`.
pub fn wait_saved(b: &Browser) -> Result<(), String> {
    let v = wait(
        b,
        "the save to finish",
        "const t = [...document.querySelectorAll('.Toastify__toast')];\n\
         const busy = [...document.querySelectorAll('[role=button]')].some(e => /^Publishing/.test(e.textContent.trim()));\n\
         const fields = [...document.querySelectorAll('[class*=ControlErrorsList]')].filter(visible).map(e => {\n\
           let c = e; while (c && !isContainer(c)) c = c.parentElement;\n\
           const l = c && c.querySelector('label');\n\
           return (l ? norm(l.textContent) + ': ' : '') + norm(e.textContent);\n\
         });\n\
         const err = t.find(e => /--error/.test(e.className));\n\
         if (err || (fields.length && !busy)) return { err: [err ? norm(err.innerText) : null, ...fields].filter(Boolean).join('\\n') };\n\
         const ok = t.find(e => /Entry saved/i.test(e.innerText));\n\
         if (ok && !busy) return { ok: true };\n\
         return null;",
        |v| v.is_object(),
    );
    match v.get("err").and_then(Value::as_str) {
        Some(e) => Err(e.to_string()),
        None => Ok(()),
    }
}

/// The texts of the toasts Decap shows now (they go after 4–8 seconds), oldest first.
pub fn notifications(b: &Browser) -> Vec<String> {
    strings(&run(
        b,
        "return [...document.querySelectorAll('.Toastify__toast')].map(e => e.innerText.trim());",
    ))
}

/// Closes every toast showing (their close buttons), and waits until they are gone.
pub fn dismiss_notifications(b: &Browser) {
    run(
        b,
        "for (const t of document.querySelectorAll('.Toastify__toast')) {\n\
           const close = t.querySelector('.Toastify__close-button');\n\
           if (close) close.click();\n\
         }\n\
         return true;",
    );
    wait(
        b,
        "the toasts to close",
        "return document.querySelectorAll('.Toastify__toast').length",
        |v| v.as_u64() == Some(0),
    );
}

/// Waits for a toast whose text contains `text` and returns its whole text.
pub fn wait_notification(b: &Browser, text: &str) -> String {
    let v = wait(
        b,
        &format!("a notification containing {text:?}"),
        &format!(
            "const t = [...document.querySelectorAll('.Toastify__toast')].map(e => e.innerText.trim());\n\
             return t.find(s => s.includes({})) || null;",
            js(text)
        ),
        |v| v.is_string(),
    );
    v.as_str().unwrap_or_default().to_string()
}

/// Makes the page's next `window.confirm` answer OK, as an editor clicking OK would; its
/// question is kept in `window.__decapConfirmed`. (chromedriver dismisses a dialog that no
/// command expects, so the question has to be answered before it is asked.)
fn accept_next_confirm(b: &Browser) {
    run(
        b,
        "if (!window.__decapConfirmOriginal) window.__decapConfirmOriginal = window.confirm;\n\
         window.confirm = message => { window.__decapConfirmed = message; disarm(); return true; };\n\
         return true;",
    );
}

/// Puts the page's own `window.confirm` back if [`accept_next_confirm`]'s answer was not used.
fn disarm_confirm(b: &Browser) {
    run(b, "disarm(); return true;");
}

/// The question the last confirm dialog answered by the driver asked, if any.
pub fn confirmed(b: &Browser) -> Option<String> {
    run(b, "return window.__decapConfirmed || null;")
        .as_str()
        .map(str::to_string)
}

/// Leaves the editor for the collection's list without saving (answering OK when Decap asks
/// whether to leave unsaved changes), and waits for the list.
pub fn leave(b: &Browser, collection: &str) {
    go(b, &format!("#/collections/{collection}"));
    wait_collection(b, collection);
}
