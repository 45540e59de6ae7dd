// Event-type colours shared by the map, its legend and the table (app.css holds the same values).
"use strict";
window.WW_COLORS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Protests": "#2980b9",
  "Riots": "#16a085",
  "Strategic developments": "#7f8c8d",
  "other": "#555555",
};
window.wwColor = function (type) { return window.WW_COLORS[type] || window.WW_COLORS.other; };
// Marker radius grows with the log of the toll, so one massacre does not hide a hundred clashes.
window.wwRadius = function (inc) {
  var f = inc.fatalities || {};
  var toll = f.high != null ? f.high : (f.best != null ? f.best : (f.low || 0));
  return Math.min(22, 4 + 3 * Math.log2(1 + toll));
};
window.wwToll = function (range) {
  if (!range || (range.low == null && range.high == null && range.best == null)) return "unknown";
  if (range.high == null || range.low === range.high) return String(range.low != null ? range.low : range.best);
  return (range.low != null ? range.low : "?") + "–" + range.high;
};
