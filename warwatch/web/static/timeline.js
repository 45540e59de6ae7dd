// Weekly timeline drawn as SVG: incidents per week as bars, fatalities as a low–high band.
"use strict";
(function () {
  var box = document.getElementById("timeline");
  if (!box) return;
  var SVG = "http://www.w3.org/2000/svg";
  var W = 600, H = 400, M = { top: 20, right: 40, bottom: 40, left: 44 };

  function node(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function niceMax(v) {
    if (v <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(v)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= v) return steps[i] * p;
    return 10 * p;
  }

  function draw(weeks) {
    var svg = node("svg", { viewBox: "0 0 " + W + " " + H, id: "timeline-svg" });
    box.appendChild(svg);
    if (!weeks.length) {
      svg.appendChild(node("text", { x: W / 2, y: H / 2, "text-anchor": "middle" }, "No dated incidents."));
      return;
    }
    var iw = W - M.left - M.right, ih = H - M.top - M.bottom;
    var fmax = niceMax(Math.max.apply(null, weeks.map(function (w) { return w.fatalities_high; })));
    var nmax = niceMax(Math.max.apply(null, weeks.map(function (w) { return w.incidents; })));
    var bw = iw / weeks.length;
    function x(i) { return M.left + i * bw + bw / 2; }
    function yf(v) { return M.top + ih - (v / fmax) * ih; }
    function yn(v) { return M.top + ih - (v / nmax) * ih; }

    weeks.forEach(function (w, i) {
      var bar = node("rect", {
        x: M.left + i * bw + bw * 0.15, y: yn(w.incidents), width: Math.max(1, bw * 0.7),
        height: M.top + ih - yn(w.incidents), fill: "#b8c7d6", class: "week-bar",
      });
      bar.appendChild(node("title", {}, "week of " + w.week + ": " + w.incidents + " incident(s), killed " +
        w.fatalities_low + (w.fatalities_high !== w.fatalities_low ? "–" + w.fatalities_high : "")));
      svg.appendChild(bar);
    });
    var upper = weeks.map(function (w, i) { return x(i) + "," + yf(w.fatalities_high); });
    var lower = weeks.map(function (w, i) { return x(i) + "," + yf(w.fatalities_low); }).reverse();
    svg.appendChild(node("polygon", {
      points: upper.concat(lower).join(" "), fill: "#c0392b", "fill-opacity": "0.25", stroke: "none", class: "band",
    }));
    svg.appendChild(node("polyline", {
      points: weeks.map(function (w, i) { return x(i) + "," + yf(w.fatalities_low); }).join(" "),
      fill: "none", stroke: "#c0392b", "stroke-width": "2",
    }));
    // Axes: fatalities on the left, incidents on the right, a few week labels along the bottom.
    svg.appendChild(node("line", { x1: M.left, y1: M.top + ih, x2: M.left + iw, y2: M.top + ih, stroke: "#444" }));
    [0, 0.5, 1].forEach(function (f) {
      svg.appendChild(node("text", { x: M.left - 4, y: yf(fmax * f) + 4, "text-anchor": "end", "font-size": 11 },
        String(Math.round(fmax * f))));
      svg.appendChild(node("text", { x: M.left + iw + 4, y: yn(nmax * f) + 4, "font-size": 11, fill: "#567" },
        String(Math.round(nmax * f))));
    });
    var every = Math.max(1, Math.ceil(weeks.length / 6));
    weeks.forEach(function (w, i) {
      if (i % every) return;
      svg.appendChild(node("text", { x: x(i), y: H - M.bottom + 16, "text-anchor": "middle", "font-size": 11 }, w.week));
    });
    svg.appendChild(node("text", { x: M.left, y: 14, "font-size": 12, fill: "#c0392b" }, "killed per week (low–high)"));
    svg.appendChild(node("text", { x: W - M.right, y: 14, "font-size": 12, fill: "#567", "text-anchor": "end" },
      "incidents per week"));
  }

  fetch("/api/timeline?" + (box.dataset.query || ""))
    .then(function (r) { return r.json(); })
    .then(function (data) { draw(data.weeks || []); box.classList.add("ready"); })
    .catch(function (err) {
      var p = document.createElement("p");
      p.className = "error";
      p.textContent = "The timeline could not load: " + err;
      box.appendChild(p);
    });
})();
