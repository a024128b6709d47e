/* standoff what-if app: show each slider's value as it moves, and draw the figures of
 * every fragment htmx swaps in. No inline handlers, no eval. */
(function () {
  "use strict";

  function showValue(input) {
    var out = input.parentNode.querySelector("output");
    if (out) {
      var v = Number(input.value);
      out.textContent = Math.abs(v) >= 100 ? v.toFixed(0) : String(Number(v.toPrecision(3)));
      var moved = Math.abs(v - Number(input.getAttribute("data-file-value"))) > Number(input.step || 0) / 2;
      input.closest(".control").classList.toggle("moved", moved);
    }
  }

  document.addEventListener("input", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches("input[type=range]")) {
      showValue(t);
    }
  });

  document.addEventListener("change", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches("input[type=checkbox]")) {
      t.closest(".control").classList.toggle("moved", !t.checked);
    }
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && window.Plotly) {
      target.querySelectorAll("[data-drawn=true]").forEach(function (el) { window.Plotly.purge(el); });
    }
    if (target && target.id === "workspace") {
      var status = document.getElementById("upload-status");
      if (status) { status.textContent = ""; }
    }
  });

  // Draw after htmx has settled: while settling, htmx gives elements that keep their id
  // their old attributes and then their new ones back, which would strip the classes
  // Plotly adds to a figure it has just drawn.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (window.standoffFigures) {
      window.standoffFigures.draw(event.detail.target);
    }
    document.body.setAttribute("data-updated", String(Date.now()));
  });
})();
