// Search on demand (the page side is in overrides/main.html). The theme starts its search worker on every page;
// this stand-in is what it starts. The real worker (lunr, ~12 KB compressed) and its language files load only with
// the first message, which the page sends once the reader opens search and the index has arrived. It lives beside
// the theme's worker so the theme's relative paths (../lunr/…) still resolve.
(function () {
  "use strict";
  var real = new URL(decodeURIComponent(self.location.hash.slice(1)), self.location.href);
  function first(event) {
    removeEventListener("message", first);
    if (real.origin !== self.location.origin) return;  // only the theme's own worker, from this site
    importScripts(real.href);  // registers the theme's message handler
    dispatchEvent(new MessageEvent("message", { data: event.data }));
  }
  addEventListener("message", first);
})();
