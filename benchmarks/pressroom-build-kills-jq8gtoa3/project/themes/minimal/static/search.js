// The search page's only script: loads Pagefind's UI from the site's pagefind/ bundle (absent
// from a build made with --no-search, hence loaded here rather than linked from the page) and
// starts it with the translated texts in data-pagefind-ui.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("search");
    if (!el) return;
    var bundle = el.dataset.bundle;
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = bundle + "pagefind-ui.css";
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      var translations = {};
      try {
        translations = JSON.parse(el.dataset.pagefindUi || "{}");
      } catch (e) {
        translations = {};
      }
      new window.PagefindUI({
        element: "#search",
        bundlePath: bundle,
        showSubResults: true,
        translations: translations,
      });
    };
    document.head.appendChild(script);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
