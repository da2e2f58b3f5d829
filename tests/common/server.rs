//! Running `hamkor serve` in tests: start it on a free port, read its log, talk HTTP to it
//! with a minimal client that can also send malformed requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running preview server, stopped when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

/// An HTTP response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn collect(reader: impl Read + Send + 'static, log: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(reader).lines().map_while(Result::ok) {
            log.lock().expect("log").push(super::slashed(line));
        }
    });
}

impl Server {
    /// Starts `hamkor serve --port 0` on `root` and waits until it listens.
    // The process is waited for by `Server`'s `Drop`, which clippy cannot see.
    #[allow(clippy::zombie_processes)]
    pub fn start(root: &Path, extra: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_hamkor"));
        command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra);
        Server::spawn(command)
    }

    /// Starts `command`, a `hamkor serve --port 0` however it is run (under wine, say), and
    /// waits until it listens.
    #[allow(clippy::zombie_processes)]
    pub fn spawn(mut command: Command) -> Server {
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start hamkor serve");
        let log = Arc::new(Mutex::new(Vec::new()));
        collect(child.stdout.take().expect("stdout"), log.clone());
        collect(child.stderr.take().expect("stderr"), log.clone());
        let started = Instant::now();
        loop {
            let port = log.lock().expect("log").iter().find_map(|l| {
                let rest = l.split(" at http://127.0.0.1:").nth(1)?;
                rest.split('/').next()?.parse::<u16>().ok()
            });
            if let Some(port) = port {
                return Server { child, port, log };
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server did not start: {:?}",
                log.lock().expect("log")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Everything the server printed so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("log").clone()
    }

    /// Lines saying a rebuild happened.
    pub fn rebuilds(&self) -> Vec<String> {
        self.log()
            .into_iter()
            .filter(|l| l.starts_with("rebuilt in "))
            .collect()
    }

    /// Waits until `count` rebuilds were logged.
    pub fn wait_rebuilds(&self, count: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let r = self.rebuilds();
            if r.len() >= count {
                return r;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "only {} rebuilds: {:?}",
                r.len(),
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until a line starting with `start` was logged (the log is read on another
    /// thread, so a line can arrive after what the server sent over the network).
    pub fn wait_log(&self, start: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self.log().into_iter().find(|l| l.starts_with(start)) {
                return line;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no line starting {start:?} in {:?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Sends raw bytes and reads the response.
    pub fn raw(&self, request: &[u8]) -> Option<Response> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .ok()?;
        stream.write_all(request).ok()?;
        let mut data = Vec::new();
        let _ = stream.read_to_end(&mut data);
        parse(&data)
    }

    /// `GET path` (sent as written, without normalising it).
    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    pub fn request(&self, method: &str, path: &str) -> Response {
        let req =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        self.raw(req.as_bytes())
            .unwrap_or_else(|| panic!("no response to {method} {path}"))
    }

    /// Polls `path` until its body contains `needle`; returns how long that took.
    pub fn wait_for(&self, path: &str, needle: &str) -> Duration {
        let started = Instant::now();
        loop {
            if self.get(path).text().contains(needle) {
                return started.elapsed();
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{path} never contained {needle:?}; log: {:?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Polls `path` until it answers `status`.
    pub fn wait_status(&self, path: &str, status: u16) {
        let started = Instant::now();
        while self.get(path).status != status {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{path} never answered {status}; log: {:?}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn parse(data: &[u8]) -> Option<Response> {
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    Some(Response {
        status,
        headers,
        body: data[end + 4..].to_vec(),
    })
}
