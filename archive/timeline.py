"""A bar chart of mentions per month, drawn on the server as SVG (no script, no inline style)."""

from dataclasses import dataclass

from django.utils.dateformat import format as format_date

WIDTH, HEIGHT = 640, 160
TOP, BOTTOM, LEFT = 16, 28, 32
MAX_LABELS = 8
MAX_BAR_WIDTH = 48


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class MonthlyTimeline:
    bars: list
    ticks: list
    max_value: int
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM
    left: int = LEFT
    top: int = TOP


def monthly_timeline(series, noun="article"):
    """Layout for ``[(month date, count), ...]``: bars, axis ticks and a one-line summary."""
    if not series:
        return None
    plot_width, plot_height = WIDTH - LEFT, HEIGHT - TOP - BOTTOM
    slot = plot_width / len(series)
    top_value = max(value for _, value in series) or 1
    bars = []
    bar_width = min(max(slot * 0.8, 0.5), MAX_BAR_WIDTH)
    for index, (month, value) in enumerate(series):
        height = plot_height * value / top_value
        bars.append(
            Bar(
                x=round(LEFT + index * slot + (slot - bar_width) / 2, 2),
                y=round(HEIGHT - BOTTOM - height, 2),
                width=round(bar_width, 2),
                height=round(height, 2),
                label=format_date(month, "F Y"),
                value=value,
            )
        )
    step = max(1, -(-len(series) // MAX_LABELS))
    ticks = [
        Tick(x=round(LEFT + index * slot + slot / 2, 2), label=format_date(month, "M Y"))
        for index, (month, _) in enumerate(series)
        if index % step == 0
    ]
    peak_month, peak = max(series, key=lambda item: item[1])
    total = sum(value for _, value in series)
    summary = (
        f"{total} {noun}{'s' if total != 1 else ''} from {bars[0].label} to {bars[-1].label}; "
        f"most in {format_date(peak_month, 'F Y')} ({peak})."
    )
    return MonthlyTimeline(bars=bars, ticks=ticks, max_value=top_value, summary=summary)
