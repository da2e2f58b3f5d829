// The gallery's larger views open by their address (#photo-1) and work without this script.
// With it: Escape closes the view, the arrow keys go to the previous or next photo, and
// focus moves into the view when it opens and back to its photo when it closes.
(function () {
  "use strict";
  function open() {
    var id = location.hash.slice(1);
    var box = id && document.getElementById(id);
    return box && box.classList.contains("lightbox") ? box : null;
  }
  var last = null;
  function update() {
    var box = open();
    if (box) {
      last = box.id;
      var close = box.querySelector(".lightbox-close");
      // After the browser has moved its own focus point to the target.
      if (close) setTimeout(function () { close.focus({ preventScroll: true }); }, 0);
    } else if (last) {
      var link = document.querySelector('.gallery-link[href="#' + last + '"]');
      last = null;
      if (link) link.focus();
    }
  }
  window.addEventListener("hashchange", update);
  document.addEventListener("keydown", function (e) {
    var box = open();
    if (!box || e.altKey || e.ctrlKey || e.metaKey) return;
    var to = null;
    if (e.key === "Escape") to = box.querySelector(".lightbox-close");
    else if (e.key === "ArrowLeft") to = box.querySelector(".lightbox-previous");
    else if (e.key === "ArrowRight") to = box.querySelector(".lightbox-next");
    if (to) {
      e.preventDefault();
      location.hash = to.getAttribute("href");
    }
  });
  update();
})();
