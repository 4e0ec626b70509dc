/* A Leaflet map of the points listed on the page (the list stays the accessible alternative).
   The element is hidden in the HTML: without JavaScript, or without points, nothing shows. */
(function () {
  "use strict";

  function draw(element) {
    var points;
    try {
      points = JSON.parse(element.dataset.mapPoints || "[]");
    } catch (error) {
      return;
    }
    if (!points.length || typeof L === "undefined") {
      return;
    }
    element.hidden = false;
    var map = L.map(element, { scrollWheelZoom: false });
    L.tileLayer(element.dataset.mapTiles, {
      maxZoom: 18,
      attribution: element.dataset.mapAttribution || "",
    }).addTo(map);
    var bounds = [];
    points.forEach(function (point) {
      var popup = document.createElement("p");
      var link = document.createElement(point.url ? "a" : "span");
      link.textContent = point.name;
      if (point.url) {
        link.href = point.url;
      }
      popup.appendChild(link);
      if (point.detail) {
        popup.appendChild(document.createElement("br"));
        popup.appendChild(document.createTextNode(point.detail));
      }
      L.marker([point.lat, point.lon], { title: point.name, alt: point.name })
        .bindPopup(popup)
        .addTo(map);
      bounds.push([point.lat, point.lon]);
    });
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 13 });
  }

  function start() {
    document.querySelectorAll("[data-map-points]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
