// The incidents map. With Leaflet (vendored at build time) it draws clustered circle markers over a
// country outline; without it, a plain SVG of the same points. No tiles: nothing is fetched from
// another host, so the map works offline. Every label is set as text, never as HTML.
"use strict";
(function () {
  var box = document.getElementById("map");
  if (!box) return;
  var query = box.dataset.query || "";
  var limit = box.dataset.limit || "2000";
  var SVG = "http://www.w3.org/2000/svg";
  var OUTLINE_URL = "/static/vendor/world-atlas/countries-110m.json";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function popup(inc) {
    var div = el("div", null, "popup");
    var a = el("a", (inc.sub_event_type || inc.scope || "incident") + " — " + (inc.location || "?"));
    a.href = inc.url;
    a.className = "popup-link";
    div.appendChild(a);
    div.appendChild(el("div", (inc.event_date || "undated") + " · killed " + window.wwToll(inc.fatalities)));
    if (inc.actor1) div.appendChild(el("div", inc.actor1 + (inc.actor2 ? " vs " + inc.actor2 : "")));
    if (inc.grade) div.appendChild(el("div", "grade " + inc.grade));
    return div;
  }

  function legend(items) {
    var node = document.getElementById("legend");
    if (!node) return;
    var seen = {};
    items.forEach(function (i) { seen[i.event_type || "other"] = true; });
    Object.keys(seen).sort().forEach(function (t) {
      var s = el("span", t);
      s.dataset.type = t;
      node.appendChild(s);
    });
  }

  // TopoJSON arcs to [lon, lat] lines: undo the quantised delta encoding. Each shared border is one
  // arc, so drawing the arcs draws every coast and border exactly once.
  function arcs(topo) {
    var t = topo.transform;
    return topo.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (p) {
        if (!t) return [p[0], p[1]];
        x += p[0]; y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
  }

  function loadOutline() {
    return fetch(OUTLINE_URL).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (topo) { return topo ? arcs(topo) : []; })
      .catch(function () { return []; });
  }

  function graticule(step) {
    var lines = [];
    for (var lon = -180; lon <= 180; lon += step) lines.push([[lon, -80], [lon, 80]]);
    for (var lat = -80; lat <= 80; lat += step) lines.push([[-180, lat], [180, lat]]);
    return lines;
  }

  function extent(points) {
    if (!points.length) return [[25, 30], [45, 45]];  // lon/lat box of the Middle East when empty
    var x0 = 180, y0 = 90, x1 = -180, y1 = -90;
    points.forEach(function (i) {
      x0 = Math.min(x0, i.longitude); x1 = Math.max(x1, i.longitude);
      y0 = Math.min(y0, i.latitude); y1 = Math.max(y1, i.latitude);
    });
    var pad = Math.max(1, (x1 - x0) * 0.1, (y1 - y0) * 0.1);
    return [[x0 - pad, y0 - pad], [x1 + pad, y1 + pad]];
  }

  function leafletMap(points, outline) {
    box.dataset.renderer = "leaflet";
    // No tile layer sets the zoom range, and the cluster layer needs one.
    var map = L.map(box, { minZoom: 1, maxZoom: 16, worldCopyJump: true, attributionControl: false });
    graticule(10).concat(outline).forEach(function (line) {
      L.polyline(line.map(function (p) { return [p[1], p[0]]; }), {
        color: "#7b8a97", weight: 1, opacity: 0.8, interactive: false,
      }).addTo(map);
    });
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    points.forEach(function (inc) {
      var m = L.circleMarker([inc.latitude, inc.longitude], {
        radius: window.wwRadius(inc), color: "#222", weight: 1,
        fillColor: window.wwColor(inc.event_type || "other"), fillOpacity: 0.8,
      });
      m.bindPopup(popup(inc));
      cluster.addLayer(m);
    });
    map.addLayer(cluster);
    var e = extent(points);
    map.fitBounds([[e[0][1], e[0][0]], [e[1][1], e[1][0]]]);
    box.classList.add("ready");
  }

  function svgMap(points, outline) {
    box.dataset.renderer = "svg";
    var e = extent(points), w = 1000, h = 600;
    var sx = w / (e[1][0] - e[0][0]), sy = h / (e[1][1] - e[0][1]), s = Math.min(sx, sy);
    function px(p) { return [(p[0] - e[0][0]) * s, h - (p[1] - e[0][1]) * s]; }
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("id", "map-svg");
    graticule(5).concat(outline).forEach(function (line) {
      var path = document.createElementNS(SVG, "polyline");
      path.setAttribute("points", line.map(function (p) { return px(p).join(","); }).join(" "));
      path.setAttribute("fill", "none");
      path.setAttribute("stroke", "#7b8a97");
      path.setAttribute("stroke-width", "1");
      svg.appendChild(path);
    });
    points.forEach(function (inc) {
      var a = document.createElementNS(SVG, "a");
      a.setAttribute("href", inc.url);
      var c = document.createElementNS(SVG, "circle");
      var p = px([inc.longitude, inc.latitude]);
      c.setAttribute("cx", p[0]); c.setAttribute("cy", p[1]);
      c.setAttribute("r", window.wwRadius(inc));
      c.setAttribute("fill", window.wwColor(inc.event_type || "other"));
      c.setAttribute("fill-opacity", "0.8");
      c.setAttribute("stroke", "#222");
      c.setAttribute("class", "incident-point");
      var title = document.createElementNS(SVG, "title");
      title.textContent = (inc.sub_event_type || "incident") + " — " + (inc.location || "?") + ", " +
        (inc.event_date || "undated") + ", killed " + window.wwToll(inc.fatalities);
      c.appendChild(title);
      a.appendChild(c);
      svg.appendChild(a);
    });
    box.appendChild(svg);
    box.classList.add("ready");
  }

  Promise.all([
    fetch("/api/incidents?" + query + (query ? "&" : "") + "limit=" + limit + "&sort=-fatalities")
      .then(function (r) { return r.json(); }),
    loadOutline(),
  ]).then(function (res) {
    var items = res[0].items || [];
    var points = items.filter(function (i) { return i.latitude != null && i.longitude != null; });
    box.dataset.points = String(points.length);
    legend(items);
    if (window.L && L.markerClusterGroup) leafletMap(points, res[1]);
    else svgMap(points, res[1]);
  }).catch(function (err) {
    box.appendChild(el("p", "The map could not load: " + err, "error"));
  });
})();
