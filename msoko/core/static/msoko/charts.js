/* The charts of a page, interactive: each chart's Vega-Lite specification (the same one the
   server rendered to the SVG shown until now) is rendered by vega-embed in the browser, with
   tooltips and links. Vega's expression interpreter (ast: true) keeps the page within a
   Content-Security-Policy without 'unsafe-eval'. Without the Vega scripts the SVG stays. */
(function () {
  "use strict";

  function locale() {
    var node = document.getElementById("chart-locale");
    return node ? JSON.parse(node.textContent) : undefined;
  }

  function embed(script, formatLocale) {
    if (script.dataset.embedded) return;
    script.dataset.embedded = "1";
    var holder = script.parentElement;
    var target = document.createElement("div");
    target.className = "chart-live";
    holder.insertBefore(target, script);
    window
      .vegaEmbed(target, JSON.parse(script.textContent), {
        renderer: "svg",
        actions: false,
        ast: true,
        formatLocale: formatLocale,
        tooltip: { theme: "light" },
      })
      .then(function () {
        var still = holder.querySelector(".chart-static");
        if (still) still.remove();
        holder.classList.add("chart-interactive");
      })
      .catch(function (error) {
        target.remove();
        if (window.console) console.warn("МСОКО: график показан картинкой", error);
      });
  }

  function init(root) {
    if (!window.vegaEmbed) return;
    var formatLocale = locale();
    root.querySelectorAll("script.chart-spec").forEach(function (script) {
      embed(script, formatLocale);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      init(event.target);
    });
  });
})();
