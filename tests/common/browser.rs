//! Driving headless Chromium through chromedriver (the W3C WebDriver protocol), for tests
//! that need a real browser. Tools missing: the test is skipped with a message, unless `CI` is
//! set, where a missing tool fails the test so CI can never pass by skipping.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The browser binary and its driver, if installed.
pub fn tools() -> Option<(String, String)> {
    let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let driver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c.to_string(), d.to_string())),
        _ => None,
    }
}

/// Returns the tools, or explains the skip (and fails under CI).
pub fn require(test: &str) -> Option<(String, String)> {
    super::require_tool(
        test,
        tools(),
        "chromium with chromedriver",
        "apt-get install chromium chromium-driver",
    )
}

/// A WebDriver session on headless Chromium, ended when dropped.
pub struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Option<Value> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).ok()?;
    // chromedriver may keep the connection open: read exactly Content-Length bytes.
    let mut data = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            if let Some(length) = length
                && data.len() >= end + 4 + length
            {
                return serde_json::from_slice(&data[end + 4..end + 4 + length]).ok();
            }
        }
        let n = stream.read(&mut buf).ok()?;
        if n == 0 {
            let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
            return serde_json::from_slice(&data[end + 4..]).ok();
        }
        data.extend_from_slice(&buf[..n]);
    }
}

/// Standard base64 (WebDriver's encoding of screenshots); `None` on a byte outside it.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

impl Browser {
    /// Starts chromedriver and a headless Chromium session.
    // The driver is waited for by `Browser`'s `Drop`, which clippy cannot see.
    #[allow(clippy::zombie_processes)]
    pub fn start(chromium: &str, driver: &str) -> Browser {
        let port = free_port();
        let mut child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        let ready = |p| {
            http(p, "GET", "/status", None).and_then(|v| v["value"]["ready"].as_bool())
                == Some(true)
        };
        while !ready(port) {
            if started.elapsed() > Duration::from_secs(30) {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromedriver did not start");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile");
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                     format!("--user-data-dir={}", profile.path().display()), "--window-size=1280,900"]
        }}}});
        let created = http(port, "POST", "/session", Some(&caps)).unwrap_or(Value::Null);
        let Some(session) = created["value"]["sessionId"].as_str().map(str::to_string) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not start: {created}");
        };
        Browser {
            driver: child,
            port,
            session,
            _profile: profile,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let path = format!("/session/{}{path}", self.session);
        http(self.port, method, &path, body.as_ref())
            .unwrap_or_else(|| panic!("webdriver {method} {path} failed"))["value"]
            .clone()
    }

    /// Opens `url` and waits for it to load.
    pub fn open(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs JavaScript in the page and returns its result.
    pub fn eval(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Runs asynchronous JavaScript in the page: the script's last argument,
    /// `arguments[arguments.length - 1]`, is a callback whose argument becomes the result.
    pub fn eval_async(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Resizes the browser window; in headless Chromium the viewport gets this size.
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// Sends a Chrome DevTools Protocol command through chromedriver (its `goog/cdp/execute`
    /// extension), e.g. `Emulation.setEmulatedMedia`; returns the command's result.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
    }

    /// Types `text` into the element `css` selects, as a reader would.
    pub fn type_into(&self, css: &str, text: &str) {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        let id = found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string();
        self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// Chooses `file` in the file input `css` selects (WebDriver's send keys with the file's
    /// path, which is how a test picks a file for `<input type=file>`, hidden ones included).
    pub fn send_file(&self, css: &str, file: &std::path::Path) {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        let id = found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string();
        let path =
            std::fs::canonicalize(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let sent = self.call(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": path.to_string_lossy() })),
        );
        assert!(sent.get("error").is_none(), "send file to {css}: {sent}");
    }

    /// A PNG of the viewport, as WebDriver takes it.
    pub fn screenshot(&self) -> Vec<u8> {
        let shot = self.call("GET", "/screenshot", None);
        let data = shot
            .as_str()
            .unwrap_or_else(|| panic!("no screenshot: {shot}"));
        base64_decode(data).unwrap_or_else(|| panic!("screenshot is not base64"))
    }

    /// The current window's handle.
    pub fn window(&self) -> String {
        self.call("GET", "/window", None)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Opens a new tab in the same browser and returns its handle (the current window stays).
    pub fn new_tab(&self) -> String {
        let made = self.call("POST", "/window/new", Some(json!({ "type": "tab" })));
        made["handle"]
            .as_str()
            .unwrap_or_else(|| panic!("no new tab: {made}"))
            .to_string()
    }

    /// Closes the current window or tab; switch to another before the next command.
    pub fn close_tab(&self) {
        self.call("DELETE", "/window", None);
    }

    /// Makes the window or tab `handle` the one the next commands go to.
    pub fn switch_to(&self, handle: &str) {
        self.call("POST", "/window", Some(json!({ "handle": handle })));
    }

    /// Tab `i` of a test that opens several: the window itself for the first, a new tab for
    /// the others; switched to, and its handle returned.
    pub fn tab(&self, i: usize) -> String {
        let handle = if i == 0 {
            self.window()
        } else {
            self.new_tab()
        };
        self.switch_to(&handle);
        handle
    }

    /// How long `open` waits for a page to load before it reports an error.
    pub fn set_page_load_timeout(&self, ms: u64) {
        self.call("POST", "/timeouts", Some(json!({ "pageLoad": ms })));
    }

    /// Opens `url` and waits for it to load; the WebDriver error, if it did not.
    pub fn try_open(&self, url: &str) -> Result<(), String> {
        let v = self.call("POST", "/url", Some(json!({ "url": url })));
        match v.get("error") {
            Some(e) => Err(format!("{e}: {}", v["message"])),
            None => Ok(()),
        }
    }

    /// Clicks the element `css` selects, as a reader would (the pointer at its centre).
    pub fn click(&self, css: &str) {
        let found = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        let id = found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"))
            .to_string();
        let clicked = self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
        assert!(clicked.get("error").is_none(), "click {css}: {clicked}");
    }

    /// Presses and releases one key (a WebDriver key code such as `"\u{E00C}"`, Escape) on
    /// whatever has the focus.
    pub fn press_key(&self, key: &str) {
        let actions = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
            { "type": "keyDown", "value": key }, { "type": "keyUp", "value": key }
        ]}]});
        self.call("POST", "/actions", Some(actions));
    }

    /// Waits until the page's live-reload script is connected to serve's event stream (the
    /// shared stream is opened by a worker: the script's having loaded does not mean it is
    /// connected), so that an edit made next is seen.
    pub fn wait_live(&self) {
        self.wait(
            "the live-reload connection",
            "return window.__hamkorLive === true",
            |v| v == &Value::Bool(true),
        );
    }

    /// Polls `script` until `done` accepts its result; returns the result. A timeout fails
    /// the test with the last result, the page's address and the start of its text, so that a
    /// failure far away (in CI) says what the page showed.
    pub fn wait(&self, what: &str, script: &str, done: impl Fn(&Value) -> bool) -> Value {
        let limit = Duration::from_secs(20);
        let started = Instant::now();
        loop {
            let v = self.eval(script);
            if done(&v) {
                return v;
            }
            if started.elapsed() >= limit {
                let page = self.eval(
                    "return location.href + '\\n' + (document.body ? document.body.innerText : '').slice(0, 1500)",
                );
                panic!(
                    "timed out after {limit:?} waiting for {what}; last value: {v}\npage: {}",
                    page.as_str().unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            None,
        );
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
