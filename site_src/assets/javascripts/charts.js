// Upgrade the build-time SVG charts to interactive Vega charts, only when the reader reaches for one: the Vega
// bundle (~300 KB compressed, a few hundred ms of script) is fetched and run on the first pointer, touch or
// keyboard focus on a chart or its switch, never at load, so nothing blocks the page before the reader acts.
// The static SVG is the chart until then (and for good without script).
// document$ (the theme's) fires once per page, and again per swapped page if a publisher turns on instant navigation.
(function () {
  "use strict";
  var bundle = null;
  var TRIGGERS = ["pointerenter", "pointerdown", "focusin", "touchstart"];

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
  // reachable, outside the chart's role="img"), setting the chart's `scope` param. A press before Vega has
  // loaded starts the upgrade; the chosen scope is applied once the chart is interactive.
  function setScope(figure, scope) {
    figure.setAttribute("data-scope", scope);
    var buttons = figure.querySelectorAll(".chart-scope button[data-scope]");
    Array.prototype.forEach.call(buttons, function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-scope") === scope));
    });
    if (figure.__chartView) figure.__chartView.signal("scope", scope).runAsync();
  }

  function bindScope(figure, start) {
    var group = figure.querySelector(".chart-scope");
    if (!group) return;
    Array.prototype.forEach.call(group.querySelectorAll("button[data-scope]"), function (button) {
      button.addEventListener("click", function () {
        setScope(figure, button.getAttribute("data-scope"));
        start();
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
        figure.__chartView = result.view;
        setScope(figure, figure.getAttribute("data-scope") || "main");
        figure.setAttribute("data-chart-ready", "interactive");
      })
      .catch(function (error) {
        figure.setAttribute("data-chart-ready", "static");  // the build-time SVG stays in place
        if (window.console) console.warn(error);
      });
  }

  function arm(figure) {
    var started = false;
    function start() {
      if (started) return;
      started = true;
      TRIGGERS.forEach(function (name) { figure.removeEventListener(name, start); });
      figure.setAttribute("data-chart-ready", "loading");
      loadBundle(figure.getAttribute("data-vega-src")).then(function () { return upgrade(figure); }, function (error) {
        figure.setAttribute("data-chart-ready", "static");
        if (window.console) console.warn(error);
      });
    }
    TRIGGERS.forEach(function (name) { figure.addEventListener(name, start, { passive: true }); });
    bindScope(figure, start);
    figure.setAttribute("data-chart-armed", "");
  }

  function armAll() {
    var figures = document.querySelectorAll("figure.chart[data-chart-spec]:not([data-chart-armed])");
    Array.prototype.forEach.call(figures, arm);
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
    window.document$.subscribe(armAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", armAll, { once: true });
  } else {
    armAll();
  }
})();
