// The incidents map. With Leaflet (vendored at build time) it draws clustered circle markers over the
// world's coasts and borders and a lat/lon graticule; without it, a plain SVG of the same points. No
// tiles: nothing is fetched from another host, so the map works offline. Every label is set as text,
// never as HTML.
"use strict";
(function () {
  var box = document.getElementById("map");
  if (!box) return;
  var query = box.dataset.query || "";
  var limit = box.dataset.limit || "2000";
  var SVG = "http://www.w3.org/2000/svg";
  var OUTLINE_URL = "/static/vendor/world-atlas/countries-110m.json";
  var LINE_COLOR = "#7b8a97";
  var GRID_COLOR = "#b7c3cd";
  // Pixels kept clear round the markers when the map fits them, so edge markers are not cut in half.
  var FIT_PADDING = 40;
  // Without tiles there is nothing to see closer than this (the 1:110m outline turns coarse beyond it),
  // so a lone incident is shown with its region round it.
  var MAX_FIT_ZOOM = 6;
  // Degrees between graticule lines: Leaflet's view spans many zooms, the SVG one region.
  var GRID_STEP_LEAFLET = 10;
  var GRID_STEP_SVG = 5;
  // The Web Mercator projection stops short of the poles.
  var GRID_MAX_LAT = 80;
  // Cluster disc size in pixels: grows with the log of the summed toll, like single markers do.
  var CLUSTER_MIN_PX = 28;
  var CLUSTER_MAX_PX = 56;
  // Points of the SVG map closer than this many pixels are fanned out round their centre so none hides.
  var SVG_OVERLAP_PX = 6;
  var SVG_FAN_PX = 10;
  // The plain map's drawing size when the box has none yet (hidden, or not laid out).
  var SVG_WIDTH = 1000;
  var SVG_HEIGHT = 600;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function toll(inc) {
    var f = inc.fatalities || {};
    return f.high != null ? f.high : (f.best != null ? f.best : (f.low || 0));
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
      .then(function (topo) { return topo && topo.arcs ? arcs(topo) : []; })
      .catch(function () { return []; });
  }

  function graticule(step, x0, y0, x1, y1) {
    var lines = [];
    for (var lon = Math.ceil(x0 / step) * step; lon <= x1; lon += step) lines.push([[lon, y0], [lon, y1]]);
    for (var lat = Math.ceil(y0 / step) * step; lat <= y1; lat += step) lines.push([[x0, lat], [x1, lat]]);
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

  function latLngs(line) { return line.map(function (p) { return [p[1], p[0]]; }); }

  // A cluster takes the colour of its commonest event type and a size from its summed toll, so a
  // cluster of air strikes reads like the air strikes inside it.
  function clusterIcon(cluster) {
    var byType = {}, total = 0, top = "other";
    cluster.getAllChildMarkers().forEach(function (m) {
      var t = m.options.eventType;
      byType[t] = (byType[t] || 0) + 1;
      total += m.options.toll;
      if (byType[t] > (byType[top] || 0)) top = t;
    });
    var size = Math.min(CLUSTER_MAX_PX, CLUSTER_MIN_PX + 4 * Math.log2(1 + total));
    var disc = el("div", null, "ww-cluster-disc");
    disc.style.backgroundColor = window.wwColor(top);
    disc.appendChild(el("span", String(cluster.getChildCount()), "ww-cluster-count"));
    disc.title = cluster.getChildCount() + " incidents, killed " + total + " (highest figures)";
    return L.divIcon({ html: disc, className: "marker-cluster ww-cluster", iconSize: L.point(size, size) });
  }

  function leafletMap(points, outline) {
    box.dataset.renderer = "leaflet";
    // No tile layer sets the zoom range, and the cluster layer needs one.
    var map = L.map(box, { minZoom: 1, maxZoom: 16, worldCopyJump: true, attributionControl: false });
    var bounds = points.length
      ? L.latLngBounds(points.map(function (i) { return [i.latitude, i.longitude]; }))
      : L.latLngBounds(latLngs(extent(points)));
    map.fitBounds(bounds, { padding: [FIT_PADDING, FIT_PADDING], maxZoom: MAX_FIT_ZOOM });
    var grid = graticule(GRID_STEP_LEAFLET, -180, -GRID_MAX_LAT, 180, GRID_MAX_LAT);
    // One layer each for the grid and the outline: a single SVG path draws faster than hundreds.
    L.polyline(grid.map(latLngs), { color: GRID_COLOR, weight: 1, opacity: 0.9, interactive: false })
      .addTo(map);
    if (outline.length) {
      L.polyline(outline.map(latLngs), { color: LINE_COLOR, weight: 1, opacity: 0.9, interactive: false,
        className: "world-outline" }).addTo(map);
    }
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40, iconCreateFunction: clusterIcon,
    });
    points.forEach(function (inc) {
      var m = L.circleMarker([inc.latitude, inc.longitude], {
        radius: window.wwRadius(inc), color: "#222", weight: 1,
        fillColor: window.wwColor(inc.event_type || "other"), fillOpacity: 0.8,
        className: "incident-marker", eventType: inc.event_type || "other", toll: toll(inc),
      });
      m.bindPopup(popup(inc));
      cluster.addLayer(m);
    });
    map.addLayer(cluster);
    box.classList.add("ready");
  }

  // Points that would be drawn on top of one another are spread on a small ring round where they are.
  function fanOut(pixels) {
    var groups = [];
    pixels.forEach(function (p, i) {
      var g = groups.find(function (gr) {
        return Math.abs(gr.x - p[0]) < SVG_OVERLAP_PX && Math.abs(gr.y - p[1]) < SVG_OVERLAP_PX;
      });
      if (g) g.members.push(i);
      else groups.push({ x: p[0], y: p[1], members: [i] });
    });
    var out = pixels.slice();
    groups.forEach(function (g) {
      if (g.members.length < 2) return;
      g.members.forEach(function (i, k) {
        var a = 2 * Math.PI * k / g.members.length;
        out[i] = [g.x + SVG_FAN_PX * Math.cos(a), g.y + SVG_FAN_PX * Math.sin(a)];
      });
    });
    return out;
  }

  function svgMap(points, outline) {
    box.dataset.renderer = "svg";
    // The drawing takes the box's own size, so the grid reaches its edges instead of being letterboxed.
    var e = extent(points), w = box.clientWidth || SVG_WIDTH, h = box.clientHeight || SVG_HEIGHT;
    // Equirectangular, with longitude shrunk by the cosine of the middle latitude so shapes keep
    // their proportions, and the extent centred in the frame.
    var k = Math.cos((e[0][1] + e[1][1]) / 2 * Math.PI / 180);
    var s = Math.min(w / ((e[1][0] - e[0][0]) * k), h / (e[1][1] - e[0][1]));
    var cx = (e[0][0] + e[1][0]) / 2, cy = (e[0][1] + e[1][1]) / 2;
    function px(p) { return [w / 2 + (p[0] - cx) * k * s, h / 2 - (p[1] - cy) * s]; }
    var x0 = cx - w / 2 / (k * s), x1 = cx + w / 2 / (k * s), y0 = cy - h / 2 / s, y1 = cy + h / 2 / s;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("id", "map-svg");
    function lines(list, color, cls) {
      list.forEach(function (line) {
        var path = document.createElementNS(SVG, "polyline");
        path.setAttribute("points", line.map(function (p) { return px(p).join(","); }).join(" "));
        path.setAttribute("fill", "none");
        path.setAttribute("stroke", color);
        path.setAttribute("stroke-width", "1");
        path.setAttribute("class", cls);
        svg.appendChild(path);
      });
    }
    lines(graticule(GRID_STEP_SVG, x0, y0, x1, y1), GRID_COLOR, "grid");
    lines(outline, LINE_COLOR, "outline");
    var at = fanOut(points.map(function (inc) { return px([inc.longitude, inc.latitude]); }));
    points.forEach(function (inc, i) {
      var a = document.createElementNS(SVG, "a");
      a.setAttribute("href", inc.url);
      var c = document.createElementNS(SVG, "circle");
      c.setAttribute("cx", at[i][0]); c.setAttribute("cy", at[i][1]);
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
