// The site's only script, loaded by the search pages alone. It starts Pagefind's UI with the
// page's own strings. Paths come from the page's relative root, so the same files work under
// any base path and on any mirror.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(element.getAttribute("data-root"), document.baseURI).pathname;
  var ui = new PagefindUI({
    element: element,
    bundlePath: root + "pagefind/",
    baseUrl: root,
    showImages: false,
    showSubResults: false,
    autofocus: true,
    translations: JSON.parse(element.getAttribute("data-ui")),
  });
  // A link or a bookmark may carry the query: …/search/?q=반도체
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
});
