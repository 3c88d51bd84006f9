// Search on demand (issue 11). The theme fetches the whole search index and starts its lunr worker on every page
// load: the largest part of a first visit, growing with the site. Here the index request is sent only once the
// reader opens search (focus on the box, the search toggle, or a ?q= link), and the theme's worker is replaced by
// a small stand-in (workers/search-on-demand.js) that loads the real one with its first message. Results are the
// theme's own. Loaded by overrides/main.html after the theme's configuration and before its bundle.
(function () {
  "use strict";
  var el = document.getElementById("__config");
  var config = el && JSON.parse(el.textContent);
  if (!config || !config.search || !document.currentScript) return;
  var worker = new URL("workers/search-on-demand.js", document.currentScript.src);
  worker.hash = encodeURIComponent(new URL(config.search, location.href).href);
  config.search = worker.href;
  el.textContent = JSON.stringify(config);

  var open, opened = new Promise(function (resolve) { open = resolve; });
  document.addEventListener("focusin", function (e) {
    if (e.target.matches && e.target.matches("[data-md-component=search-query]")) open();
  });
  document.addEventListener("change", function (e) { if (e.target.id === "__search" && e.target.checked) open(); });
  if (new URLSearchParams(location.search).has("q")) open();

  // The theme requests the index with XMLHttpRequest at start-up: that one request is sent once search opens.
  var xhr = XMLHttpRequest.prototype, openXhr = xhr.open, sendXhr = xhr.send;
  xhr.open = function (method, url) {
    this.searchIndex = /\/search\/search_index\.json$/.test(new URL(url, location.href).pathname);
    return openXhr.apply(this, arguments);
  };
  xhr.send = function () {
    if (!this.searchIndex) return sendXhr.apply(this, arguments);
    var request = this, body = arguments;
    opened.then(function () {
      try { sendXhr.apply(request, body); } catch (aborted) { /* the theme gave up on it meanwhile */ }
    });
  };
})();
