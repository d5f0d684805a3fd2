// Injected by `syllabus serve` only (never into built files): reloads the page after a rebuild,
// swaps stylesheets without a reload, keeps the scroll position, and shows build errors.
(function () {
  "use strict";
  var KEY = "syllabus-serve-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  var overlay = null;
  function showError(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.setAttribute("role", "alert");
      overlay.setAttribute("data-syllabus-error", "");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;" +
        "background:rgba(20,20,24,.94);color:#fff;font:14px/1.5 ui-monospace,monospace";
      var title = document.createElement("p");
      title.style.cssText = "font-weight:bold;color:#ff8f8f;margin:0 0 1rem";
      title.textContent = "The last change did not build. Still showing the last good version. Fix the file and save: this goes away by itself.";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = text;
  }
  function hideError() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  var events = new EventSource("/__syllabus/events");
  events.addEventListener("reload", function () {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  });
  events.addEventListener("css", function () {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("syllabus-reload", String(Date.now()));
      link.href = url.toString();
    });
  });
  events.addEventListener("build-error", function (e) { showError(e.data); });
  events.addEventListener("ok", hideError);
})();
