"""Placement rates in words. The rates themselves are counted by the hourly refresh of the
indicators (pilotage/placement_figures.py) into summary rows: no page counts pupils live."""


def rate_text(placed: int, pupils: int) -> str:
    return f"{round(100 * placed / pupils)} %" if pupils else "—"
