// Upgrade the build-time SVG charts to interactive Vega charts. The Vega bundle (~300 KB compressed)
// is fetched only on pages that have a chart, and only after the page has loaded, so the SVG shows first.
// mkdocs-material's instant navigation swaps pages without reloading scripts: document$ fires per page.
(function () {
  "use strict";
  var bundle = null;

  function loadBundle(src) {
    if (window.vegaEmbed) return Promise.resolve();
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () { bundle = null; reject(new Error("could not load " + src)); };
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  function upgrade(figure) {
    var canvas = figure.querySelector(".chart-canvas");
    return fetch(figure.getAttribute("data-chart-spec"))
      .then(function (response) { return response.json(); })
      .then(function (spec) {
        spec.width = "container";
        spec.autosize = { type: "fit-x", contains: "padding" };
        return window.vegaEmbed(canvas, spec, {
          renderer: "svg",
          formatLocale: undefined,
          actions: { export: true, source: false, compiled: false, editor: false },
          i18n: { SVG_ACTION: "下载 SVG", PNG_ACTION: "下载 PNG" }
        });
      })
      .then(function () { figure.setAttribute("data-chart-ready", "interactive"); })
      .catch(function (error) {
        figure.setAttribute("data-chart-ready", "static");  // the build-time SVG stays in place
        if (window.console) console.warn(error);
      });
  }

  function upgradeAll() {
    var figures = document.querySelectorAll("figure.chart[data-chart-spec]:not([data-chart-ready])");
    if (!figures.length) return;
    var src = figures[0].getAttribute("data-vega-src");
    loadBundle(src).then(function () {
      Array.prototype.forEach.call(figures, upgrade);
    }, function (error) { if (window.console) console.warn(error); });
  }

  function afterLoad() {
    if (document.readyState === "complete") upgradeAll();
    else window.addEventListener("load", upgradeAll, { once: true });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(afterLoad);
  } else {
    afterLoad();
  }
})();
