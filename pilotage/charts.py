"""Bar charts drawn on the server as SVG: no script, nothing to vendor, readable without CSS.

Each chart is shown beside the table of its figures (the table is what assistive technologies
read; the SVG is marked as an image with a title summarising it).
"""

from __future__ import annotations

import dataclasses

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

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

    def svg(self, chart_id: str) -> SafeString:
        """The chart's markup, built here rather than by a template loop: ten charts of a few
        bars each cost more in template nodes than the rest of the dashboard."""
        ident = escape(chart_id)
        parts = [
            f'<svg class="pilotage-chart" viewBox="0 0 {self.width} {self.height}" '
            f'width="{self.width}" height="{self.height}" role="img" '
            f'aria-labelledby="{ident}-title" focusable="false">',
            f'<title id="{ident}-title">{escape(self.summary)}</title>',
            f'<line x1="0" y1="{self.baseline}" x2="{self.width}" y2="{self.baseline}" '
            'stroke="#666666" stroke-width="1"/>',
        ]
        for bar in self.bars:
            value, label = escape(bar.value), escape(bar.label)
            parts += [
                f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" '
                'fill="#000091"/>',
                f'<text x="{bar.label_x}" y="{bar.text_y}" text-anchor="middle" font-size="11" '
                f'fill="currentColor">{value}</text>',
                f'<text x="{bar.label_x}" y="{self.label_y}" text-anchor="middle" '
                f'font-size="10" fill="currentColor">{label}</text>',
            ]
        parts.append("</svg>")
        # Every value above is escaped or a number.
        return mark_safe("".join(parts))


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


# Drawn 400 wide: on a 375 px phone the text keeps about 9 px.
ROW, LABEL_WIDTH, BAR_WIDTH, LABEL_CHARS = 22, 150, 190, 24


# The words every school's name starts with, written as the académie writes them, so that the
# 24 characters of a bar's label go to the part that tells two schools apart.
ABBREVIATIONS = {
    "Lycée professionnel ": "LP ",
    "Lycée polyvalent ": "LPO ",
    "Section d’enseignement professionnel ": "SEP ",
}


def _short(label: str) -> str:
    for long, short in ABBREVIATIONS.items():
        if label.startswith(long):
            label = short + label.removeprefix(long)
            break
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def rate_chart_svg(chart_id: str, title: str, rows: list[tuple[str, float | None, str]]) -> str:
    """Horizontal bars on a 0–100 % scale, one per (label, percent or None, figure written):
    the figure is written at the end of each bar; a row with no figure yet says so in words.
    The table of the same rows sits beside it (what assistive technologies read)."""
    ident = escape(chart_id)
    width, height = LABEL_WIDTH + BAR_WIDTH + 60, ROW * max(len(rows), 1) + 8
    summary = f"{title} : " + ", ".join(f"{label} {text}" for label, _, text in rows)
    parts = [
        f'<svg class="pilotage-chart" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{ident}-title" focusable="false">',
        f'<title id="{ident}-title">{escape(summary)}</title>',
        f'<line x1="{LABEL_WIDTH}" y1="0" x2="{LABEL_WIDTH}" y2="{height}" stroke="#666666" '
        'stroke-width="1"/>',
    ]
    for i, (label, percent, text) in enumerate(rows):
        y = i * ROW + 4
        length = round(BAR_WIDTH * min(max(percent or 0, 0), 100) / 100, 1)
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 12}" text-anchor="end" font-size="11" '
            f'fill="currentColor">{escape(_short(label))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="15" fill="#000091"/>',
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 12}" font-size="11" '
            f'fill="currentColor">{escape(text)}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value above is escaped or a number
