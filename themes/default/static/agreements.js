// Sorting the agreements table in place: each column heading becomes a button, and a click
// sorts the rows by that column (again: the other way). Without JavaScript the page's links
// to its other orders do the same, one page each.
(function () {
  "use strict";

  function enhance(table) {
    var body = table.tBodies[0];
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var label = table.getAttribute("data-sort-label") || "";
    heads.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      if (label) { button.title = label; }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var descending = th.getAttribute("aria-sort") === "ascending";
        sort(body, column, th.getAttribute("data-sort-type"), descending);
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      });
    });
  }

  // Rows without a value (no date, no document) stay last in either direction.
  function sort(body, column, type, descending) {
    var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
      var value = row.cells[column].getAttribute("data-sort");
      return { row: row, i: i, value: value, missing: value === null || value === "" };
    });
    rows.sort(function (a, b) {
      if (a.missing || b.missing) { return a.missing === b.missing ? a.i - b.i : (a.missing ? 1 : -1); }
      var c = type === "number" ? Number(a.value) - Number(b.value) : a.value.localeCompare(b.value);
      return (descending ? -c : c) || a.i - b.i;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
