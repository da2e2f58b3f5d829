// hamkor serve: live reload. Injected into pages by the preview server only.
(function () {
  "use strict";
  var OVERLAY_ID = "hamkor-overlay";

  function clearOverlay() {
    var el = document.getElementById(OVERLAY_ID);
    if (el) el.remove();
  }

  function showOverlay(problems) {
    clearOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "Build errors");
    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,24,.94);" +
      "color:#fff;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem;";
    var title = document.createElement("h2");
    var warningsOnly = problems.every(function (text) { return / warning: /.test(text.split("\n")[0]); });
    title.textContent = warningsOnly
      ? "The site has " + problems.length + " warning" + (problems.length === 1 ? "" : "s") + "; it was built"
      : "The site has " + problems.length + " problem" + (problems.length === 1 ? "" : "s") +
        " — showing the last good version underneath";
    title.style.cssText = "font:600 1.1rem system-ui,sans-serif;margin:0 0 1rem;color:#ffb4a9";
    box.appendChild(title);
    problems.forEach(function (text) {
      var pre = document.createElement("pre");
      pre.className = "hamkor-problem";
      pre.textContent = text;
      pre.style.cssText = "white-space:pre-wrap;margin:0 0 1rem;padding:1rem;background:#000;border-left:4px solid #ff6b57";
      box.appendChild(pre);
    });
    document.body.appendChild(box);
  }

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

  function connect() {
    var source = new EventSource("/__hamkor/events");
    source.addEventListener("reload", function () { location.reload(); });
    source.addEventListener("css", function () { swapStylesheets(); });
    source.addEventListener("problems", function (e) { showOverlay(JSON.parse(e.data)); });
    source.addEventListener("clear", function () { clearOverlay(); });
  }

  if (window.EventSource) connect();
})();
