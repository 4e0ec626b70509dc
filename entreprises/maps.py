"""Points for the Leaflet maps of the public pages (the directory, the tutor calendar)."""

import json

from django.conf import settings


def map_context(points: list[dict], *, label: str) -> dict:
    """Template context of templates/entreprises/_map.html; no points, no map."""
    return {
        "map_points": json.dumps(points) if points else "",
        "map_tiles": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_TILES_ATTRIBUTION,
        "map_label": label,
    }


def point(*, name: str, latitude, longitude, url: str = "", detail: str = "") -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {
        "name": name,
        "lat": float(latitude),
        "lon": float(longitude),
        "url": url,
        "detail": detail,
    }
