// hamkor serve: live reload. Injected into pages by the preview server only.
//
// A browser opens at most six HTTP/1.1 connections to one host, and an event stream holds
// one for as long as the tab is open: with a stream per tab the seventh tab would never load.
// So all the tabs of the site share one stream. Where SharedWorker exists, this same file
// runs as the worker that holds it and relays its events to the tabs. Elsewhere (Chrome on
// Android) one tab, chosen with a Web Lock, holds it and relays over a BroadcastChannel; when
// that tab goes away the lock passes to another. Only a browser with neither gets a stream
// per tab.
//
// Every event names the pages the rebuild rendered or removed; a tab reloads only when its
// own page is among them, so the others keep their place.
(function () {
  "use strict";
  var EVENTS = "/__hamkor/events";
  var TYPES = ["reload", "css", "problems", "clear"];

  // Opens the stream and hands each event to `deliver` as {type, data, at}; {type: "ready"}
  // once connected (again after every reconnection).
  // `after`: the number of the last event seen, when this stream takes over from another
  // (a tab that led and closed), so that the server sends what came in between.
  function openStream(deliver, after) {
    var source = new EventSource(after ? EVENTS + "?after=" + encodeURIComponent(after) : EVENTS);
    source.addEventListener("open", function () { deliver({ type: "ready" }); });
    TYPES.forEach(function (type) {
      source.addEventListener(type, function (e) {
        var data = {};
        try { data = JSON.parse(e.data); } catch (err) { /* a keep-alive or a torn message */ }
        deliver({ type: type, data: data, at: Date.now(), id: e.lastEventId || "" });
      });
    });
    return source;
  }

  // What a hub (the worker, or the leading tab) remembers for the tabs that join later: the
  // problems while the site is broken, and the last minute's events, for a tab whose page was
  // being loaded when they came (it may have got the old version).
  function Hub() {
    this.ready = false;
    this.problems = null;
    this.recent = [];
  }
  Hub.prototype.note = function (m) {
    if (m.type === "ready") { this.ready = true; return; }
    this.problems = m.type === "problems" ? m : null;
    this.recent.push(m);
    var cutoff = Date.now() - 60000;
    while (this.recent.length > 50 || (this.recent.length && this.recent[0].at < cutoff)) {
      this.recent.shift();
    }
  };
  // The messages a tab that started loading at `since` (ms since the epoch) needs.
  Hub.prototype.catchUp = function (since) {
    var out = this.recent.filter(function (m) { return m.at >= since && m.type !== "problems"; });
    if (this.problems) out.push(this.problems);
    if (this.ready) out.push({ type: "ready" });
    return out;
  };

  // --- The shared worker ----------------------------------------------------------------
  if (typeof document === "undefined") {
    var ports = [];
    var hub = new Hub();
    var stream = null;
    var post = function (port, m) { try { port.postMessage(m); } catch (err) { /* gone */ } };
    self.onconnect = function (e) {
      var port = e.ports[0];
      port.onmessage = function (ev) {
        var m = ev.data || {};
        if (m.type === "hello") {
          if (ports.indexOf(port) < 0) ports.push(port);
          hub.catchUp(m.since || 0).forEach(function (c) { post(port, c); });
        } else if (m.type === "bye") {
          ports = ports.filter(function (p) { return p !== port; });
        }
      };
      port.start();
      if (!stream) {
        stream = openStream(function (m) {
          hub.note(m);
          ports.forEach(function (p) { post(p, m); });
        });
      }
    };
    return;
  }

  // --- A tab ----------------------------------------------------------------------------
  var OVERLAY_ID = "hamkor-overlay";
  var me = document.querySelector('script[src^="/__hamkor/livereload.js"]');
  // 200 unless the server said otherwise: 404 (no such page yet) or 503 (no good build yet).
  var status = Number((me && me.getAttribute("data-status")) || 200);

  // A page's address as the server names it: decoded, `index.html` left off.
  function pageKey(path) {
    try { path = decodeURIComponent(path); } catch (err) { /* keep it as it is */ }
    return path.replace(/\/index\.html$/, "/");
  }
  var here = pageKey(location.pathname);

  function concernsMe(data) {
    if (data.all || (status !== 200 && status !== 404)) return true;
    var pages = data.pages || [];
    for (var i = 0; i < pages.length; i++) {
      var key = pageKey(pages[i]);
      if (key === here || (status === 404 && /\/404\.html$/.test(key))) return true;
    }
    return false;
  }

  var SCROLL_KEY = "hamkor-scroll:" + location.pathname;
  function reload() {
    try { sessionStorage.setItem(SCROLL_KEY, String(window.scrollY)); } catch (err) { /* private mode */ }
    location.reload();
  }
  function restoreScroll() {
    var y = null;
    try {
      y = sessionStorage.getItem(SCROLL_KEY);
      sessionStorage.removeItem(SCROLL_KEY);
    } catch (err) { /* private mode */ }
    if (y === null) return;
    var go = function () { window.scrollTo(0, Number(y) || 0); };
    if (document.readyState === "complete") go(); else window.addEventListener("load", go);
  }

  function clearOverlay() {
    var el = document.getElementById(OVERLAY_ID);
    if (el) el.remove();
  }

  // Lines of a source excerpt: "12 | text" and "   |    ^^^".
  var EXCERPT = /^ *\d* \|( |$)/;

  function problemBlock(text) {
    var block = document.createElement("div");
    block.className = "hamkor-problem";
    block.style.cssText = "margin:0 0 1rem;padding:1rem;background:#000;border-left:4px solid #ff6b57";
    var lines = text.replace(/\n$/, "").split("\n");
    var run = null;
    var runIsExcerpt = null;
    lines.forEach(function (line) {
      var excerpt = EXCERPT.test(line);
      if (!run || runIsExcerpt !== excerpt) {
        // The line break stays in the text, so that the problem copies as it was written.
        if (run) run.appendChild(document.createTextNode("\n"));
        run = document.createElement(excerpt ? "pre" : "div");
        // An excerpt never wraps: a wrapped line would leave its carets under other
        // characters. It scrolls sideways instead, line and carets together.
        run.style.cssText = excerpt
          ? "white-space:pre;overflow-x:auto;margin:0;font:inherit"
          : "white-space:pre-wrap;overflow-wrap:anywhere;margin:0";
        if (excerpt) run.className = "hamkor-excerpt";
        block.appendChild(run);
        runIsExcerpt = excerpt;
      } else {
        run.appendChild(document.createTextNode("\n"));
      }
      run.appendChild(document.createTextNode(line));
    });
    return block;
  }

  function showOverlay(data) {
    clearOverlay();
    var problems = Array.isArray(data) ? data : (data.problems || []);
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");

    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);" +
      "color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;box-sizing:border-box";
    var head = document.createElement("div");
    head.style.cssText = "display:flex;gap:1rem;align-items:flex-start;margin:0 0 1rem";
    var title = document.createElement("h2");
    var count = problems.length + " problem" + (problems.length === 1 ? "" : "s");
    // Warnings alone do not stop the build: the page underneath is the new one.
    var warningsOnly = problems.every(function (text) { return / warning: /.test(text.split("\n")[0]); });
    box.setAttribute("aria-label", warningsOnly ? "Build warnings" : "Build errors");
    title.textContent = warningsOnly
      ? "The site has " + problems.length + " warning" + (problems.length === 1 ? "" : "s") + "; it was built"
      : data.lastGood === false
      ? "The site has " + count + " — there is no last good version yet; this page loads once they are fixed"
      : "The site has " + count + " — showing the last good version underneath";
    title.style.cssText = "font:600 1.1rem system-ui,sans-serif;margin:0;color:#ffb4a9;flex:1";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "hamkor-close";
    close.textContent = "Close";
    close.title = "Hide until the next save (Esc)";
    close.style.cssText =
      "font:600 .9rem system-ui,sans-serif;padding:.3rem .8rem;color:#fff;background:#333;" +
      "border:1px solid #888;border-radius:4px;cursor:pointer";
    close.addEventListener("click", clearOverlay);
    head.appendChild(title);
    head.appendChild(close);
    box.appendChild(head);
    problems.forEach(function (text) { box.appendChild(problemBlock(text)); });
    document.body.appendChild(box);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && document.getElementById(OVERLAY_ID)) clearOverlay();
  });

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      url.searchParams.set("hamkor", String(Date.now()));
      var fresh = link.cloneNode();
      fresh.href = url.toString();
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  function handle(m) {
    switch (m.type) {
      case "ready": window.__hamkorLive = true; break;
      // A reload or a stylesheet swap comes only from a good build: the problems are gone.
      case "reload": if (concernsMe(m.data)) reload(); else clearOverlay(); break;
      case "css": clearOverlay(); swapStylesheets(); break;
      case "problems": showOverlay(m.data); break;
      case "clear": clearOverlay(); break;
    }
  }

  // When this document started loading: events from then on may be missing from it.
  var since = Math.floor(performance.timeOrigin || Date.now());

  function viaWorker() {
    var worker;
    try {
      worker = new SharedWorker("/__hamkor/livereload-worker.js", { name: "hamkor-live-reload" });
    } catch (err) {
      return false;
    }
    var live = false;
    worker.port.onmessage = function (e) {
      live = true;
      handle(e.data || {});
    };
    // A worker that cannot start (its script refused, say) must not leave the tab deaf.
    worker.addEventListener("error", function () {
      if (!live && !viaLeader() && window.EventSource) openStream(handle);
    });
    worker.port.start();
    worker.port.postMessage({ type: "hello", since: since });
    var hiddenAt = 0;
    window.addEventListener("pagehide", function () {
      hiddenAt = Date.now();
      worker.port.postMessage({ type: "bye" });
    });
    // Back from the back/forward cache: join again, with what came while it was away.
    window.addEventListener("pageshow", function (e) {
      if (e.persisted) worker.port.postMessage({ type: "hello", since: hiddenAt });
    });
    return true;
  }

  function viaLeader() {
    if (!(navigator.locks && window.BroadcastChannel)) return false;
    var channel = new BroadcastChannel("hamkor-live-reload");
    var id = Math.random().toString(36).slice(2);
    var hub = null; // set while this tab leads
    var lastId = ""; // the number of the last event this tab saw, relayed or its own
    var seen = function (m) { if (m.id) lastId = m.id; };
    channel.onmessage = function (e) {
      var m = e.data || {};
      if (m.type === "hello") {
        if (hub) hub.catchUp(m.since).forEach(function (c) {
          channel.postMessage({ to: m.from, message: c });
        });
      } else if (m.message && (!m.to || m.to === id)) {
        seen(m.message);
        handle(m.message);
      }
    };
    navigator.locks.request("hamkor-live-reload", function () {
      hub = new Hub();
      // Taking over from a tab that closed: start after the last event relayed from it.
      openStream(function (m) {
        seen(m);
        hub.note(m);
        handle(m);
        channel.postMessage({ message: m });
      }, lastId);
      // Held until this tab goes away; then the next tab waiting for it takes over.
      return new Promise(function () {});
    });
    channel.postMessage({ type: "hello", from: id, since: since });
    return true;
  }

  restoreScroll();
  if (window.SharedWorker && viaWorker()) return;
  if (viaLeader()) return;
  if (window.EventSource) openStream(handle);
})();
