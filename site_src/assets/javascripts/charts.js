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

  // The reader's switch between the main place alone and all places: the page's own buttons (keyboard
  // reachable, outside the chart's role="img"), setting the chart's `scope` param.
  function bindScope(figure, view) {
    var group = figure.querySelector(".chart-scope");
    if (!group) return;
    var buttons = group.querySelectorAll("button[data-scope]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function () {
        var scope = button.getAttribute("data-scope");
        view.signal("scope", scope).runAsync();
        figure.setAttribute("data-scope", scope);
        Array.prototype.forEach.call(buttons, function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      });
    });
    group.hidden = false;
  }

  function upgrade(figure) {
    var canvas = figure.querySelector(".chart-canvas");
    var label = canvas.getAttribute("aria-label");  // generated from the data; vega-embed would overwrite it
    return fetch(figure.getAttribute("data-chart-spec"))
      .then(function (response) { return response.json(); })
      .then(function (spec) {
        spec.width = "container";
        spec.autosize = { type: "fit-x", contains: "padding" };
        // No vega-embed action menu: the figure caption carries the site's own SVG, PNG and CSV links.
        return window.vegaEmbed(canvas, spec, { renderer: "svg", actions: false });
      })
      .then(function (result) {
        // The figure's role="img" and its label (generated from the data) speak for the chart; the table
        // below carries every figure. Vega's own per-mark ARIA would repeat each tooltip.
        var svg = canvas.querySelector("svg");
        if (svg) svg.setAttribute("aria-hidden", "true");
        canvas.setAttribute("role", "img");
        canvas.setAttribute("aria-label", label);
        bindScope(figure, result.view);
        figure.setAttribute("data-chart-ready", "interactive");
      })
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

  // Material's search runs on keyup: pasted text, or a phone keyboard's word suggestions, fire only `input`,
  // which left "键入以开始搜索" showing. Forward every input as a keyup so search always reacts.
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("md-search__input") && !event.isComposing) {
      target.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "Unidentified" }));
    }
  }, true);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(afterLoad);
  } else {
    afterLoad();
  }
})();
