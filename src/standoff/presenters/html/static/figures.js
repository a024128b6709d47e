/* standoff: draw every figure of a page from its JSON.
 * A figure is an element <div data-figure="ID" data-plot="{...Plotly JSON...}">;
 * the JSON is parsed, never evaluated. */
(function () {
  "use strict";
  var CONFIG = {
    responsive: true,
    displaylogo: false,
    modeBarButtonsToRemove: ["sendDataToCloud", "editInChartStudio", "select2d", "lasso2d"]
  };

  function figures(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var found = Array.prototype.slice.call(scope.querySelectorAll("[data-figure]"));
    if (scope.matches && scope.matches("[data-figure]")) {
      found.unshift(scope);
    }
    return found;
  }

  function draw(root) {
    figures(root).forEach(function (el) {
      var text = el.getAttribute("data-plot");
      if (!text) {
        return;
      }
      var fig = JSON.parse(text);
      var layout = fig.layout || {};
      layout.autosize = true;
      window.Plotly.react(el, fig.data || [], layout, CONFIG).then(function () {
        el.setAttribute("data-drawn", "true");
      });
    });
  }

  function resizeAll() {
    figures(document).forEach(function (el) {
      if (el.getAttribute("data-drawn") === "true") {
        window.Plotly.Plots.resize(el);
      }
    });
  }

  window.standoffFigures = { draw: draw, resize: resizeAll };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
})();
