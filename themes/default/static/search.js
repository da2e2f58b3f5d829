// Search as you type, over the index hamkor writes at build time (search.json). Without
// JavaScript the header keeps its plain link to the A-Z index.
(function () {
  "use strict";

  // Lower case, accents and apostrophes removed: the same as the index.
  function normalize(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u02bb\u02bc'\u2019\u2018`]/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function decode(postings) {
    var ids = [], last = 0;
    postings.split(",").forEach(function (d) { last += parseInt(d, 36); ids.push(last); });
    return ids;
  }

  var SECTIONS = { p: "partners/", v: "visits/", g: "programs/" };

  // Prepared once per index: each document's searchable text and title, normalised.
  function prepare(index) {
    if (!index.text) {
      index.titles = index.docs.map(function (d) { return normalize(d[1]); });
      index.text = index.docs.map(function (d, i) { return " " + index.titles[i] + " " + d[4]; });
    }
    return index;
  }

  function url(index, id) {
    var d = index.docs[id];
    return index.base + SECTIONS[d[0]] + d[2] + "/";
  }

  // Documents matching every word of the query: a word of the title, country, city or areas
  // starting with it, or (from three letters) a word of the text. Titles starting with the
  // query first.
  function search(index, query, limit) {
    prepare(index);
    var words = normalize(query).split(" ").filter(Boolean);
    if (!words.length || normalize(query).length < 2) return [];
    var result = null;
    words.forEach(function (w) {
      var hits = new Set();
      var pad = " " + w;
      var text = index.text;
      var candidates = result === null ? null : [...result];
      if (candidates) {
        candidates.forEach(function (i) { if (text[i].indexOf(pad) !== -1) hits.add(i); });
      } else {
        for (var i = 0; i < text.length; i++) if (text[i].indexOf(pad) !== -1) hits.add(i);
      }
      if (w.length >= 3) {
        // the text's words starting with w, by binary search in the sorted vocabulary
        var lo = 0, hi = index.words.length;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (index.words[mid] < w) lo = mid + 1; else hi = mid; }
        for (var j = lo; j < index.words.length && index.words[j].startsWith(w); j++) {
          decode(index.postings[j]).forEach(function (id) { if (!result || result.has(id)) hits.add(id); });
        }
      }
      result = hits;
    });
    var first = words[0];
    return [...result].sort(function (a, b) {
      var ta = index.titles[a].startsWith(first) ? 0 : 1, tb = index.titles[b].startsWith(first) ? 0 : 1;
      return ta - tb || a - b;
    }).slice(0, limit);
  }

  if (typeof module !== "undefined") { module.exports = { search: search, normalize: normalize, url: url }; return; }

  var box = document.querySelector(".site-search");
  if (!box) return;
  var link = box.querySelector("a");
  var form = document.createElement("form");
  form.setAttribute("role", "search");
  form.className = "search-form";
  var label = document.createElement("label");
  label.className = "vh";
  label.htmlFor = "site-search-input";
  label.textContent = box.dataset.label;
  var input = document.createElement("input");
  input.type = "search";
  input.id = "site-search-input";
  input.placeholder = box.dataset.placeholder;
  input.autocomplete = "off";
  input.setAttribute("aria-controls", "site-search-results");
  var list = document.createElement("ul");
  list.id = "site-search-results";
  list.className = "search-results";
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "vh";
  status.setAttribute("role", "status");
  form.append(label, input, list, status);
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  box.replaceChild(form, link);

  var index = null, loading = null;
  function load() {
    if (!loading) loading = fetch(box.dataset.index).then(function (r) { return r.json(); }).then(function (i) { index = i; });
    return loading;
  }
  input.addEventListener("focus", load);

  function show() {
    if (!index) { load().then(show); return; }
    var q = input.value;
    list.replaceChildren();
    if (!normalize(q)) { list.hidden = true; status.textContent = ""; return; }
    var hits = search(index, q, 12);
    hits.forEach(function (id) {
      var d = index.docs[id];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = url(index, id);
      a.textContent = d[1];
      var small = document.createElement("span");
      small.className = "search-context";
      small.textContent = d[3];
      li.append(a, small);
      list.append(li);
    });
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "search-none";
      none.textContent = box.dataset.none;
      list.append(none);
    }
    list.hidden = false;
    status.textContent = hits.length + " / " + index.docs.length;
  }
  input.addEventListener("input", show);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { list.hidden = true; }
  });
})();
