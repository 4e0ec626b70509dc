"""Bar charts drawn on the server as SVG: no script, nothing to vendor, readable without CSS.

Each chart is shown beside the table of its figures (the table is what assistive technologies
read; the SVG is marked as an image with a title summarising it).
"""

from __future__ import annotations

import dataclasses

WIDTH, HEIGHT = 320, 180
LEFT, BOTTOM, TOP = 8, 28, 18


@dataclasses.dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int | float
    label_x: float
    text_y: float


@dataclasses.dataclass
class Chart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    label_y: float = HEIGHT - 10

    @property
    def summary(self) -> str:
        return f"{self.title} : " + ", ".join(f"{b.label} {b.value}" for b in self.bars)


def bar_chart(title: str, points: list[tuple[str, int | float | None]]) -> Chart:
    """Vertical bars, one per (label, value); the tallest bar fills the plot."""
    values = [v or 0 for _, v in points]
    top = max(values, default=0) or 1
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(points), 1)
    width = slot * 0.6
    bars = []
    for i, (label, value) in enumerate(points):
        height = plot_height * (value or 0) / top
        x = LEFT + i * slot + (slot - width) / 2
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                label=label,
                value=value if value is not None else 0,
                label_x=round(x + width / 2, 1),
                text_y=round(HEIGHT - BOTTOM - height - 4, 1),
            )
        )
    return Chart(title=title, bars=bars)
