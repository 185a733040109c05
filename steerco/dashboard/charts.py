"""Charts drawn on the server with matplotlib, as SVG: no JavaScript and
nothing fetched by the browser but the picture. Text stays text (the
browser's fonts carry Vietnamese), and every chart has a title."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from steerco.charting import INK, use_chart_style

use_chart_style()

ACCENT, OK, NEUTRAL = "#9b1c1c", "#1d6b35", "#3d5a80"
OPEN_FILL = "#f2d7d5"


def _svg(fig: Figure, title: str = "", desc: str = "") -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    content = out.getvalue()
    if title or desc:
        # <title> and <desc> first in the <svg>, for screen readers and
        # anyone opening the picture on its own.
        start = content.index(b"<svg")
        end = content.index(b">", start) + 1
        extra = f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>".encode()
        content = content[:end] + b"\n" + extra + content[end:]
    return content


def trend(
    title: str,
    labels: Sequence[str],
    values: Sequence[Decimal | None],
    formatter,
    target: Decimal | None = None,
    target_label: str = "",
) -> bytes:
    """A line over periods, with the expected level as a dashed line."""
    return _svg(trend_figure(title, labels, values, formatter, target, target_label))


def _measured(fig: Figure) -> Figure:
    """A figure with a canvas that can measure its texts (``_place``)."""
    FigureCanvasAgg(fig)
    return fig


def trend_figure(title, labels, values, formatter, target=None, target_label="") -> Figure:
    fig = _measured(Figure(figsize=(6, 2.6)))
    ax = fig.subplots()
    xs = [i for i, v in enumerate(values) if v is not None]
    ys = [float(values[i]) for i in xs]
    ax.plot(xs, ys, marker="o", color=ACCENT, linewidth=2)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_xlim(-0.5, len(labels) - 0.5)
    top = max([*ys, float(target) if target is not None else 0, 1])
    ax.set_ylim(0, top * 1.25)
    ax.yaxis.set_major_formatter(lambda y, _pos: formatter(y))
    ax.set_title(title, loc="left", color=INK)
    placed: list = []
    for x, y in zip(xs, ys, strict=True):
        # above the point; below it when that would cover a label already placed
        _place(fig, ax, placed, formatter(y), (x, y), [((0, 7), "center"), ((0, -14), "center")], color=INK)
    if target is not None:
        ax.axhline(float(target), color=OK, linestyle="--", linewidth=1)
        if target_label:
            # on the line's left end, else its right end, above or below it:
            # the first place that covers no value label
            first, last = -0.5, len(labels) - 0.5
            _place(
                fig,
                ax,
                placed,
                target_label,
                (first, float(target)),
                [((2, 4), "left"), ((2, -12), "left")],
                also=[((last, float(target)), (-2, 4), "right"), ((last, float(target)), (-2, -12), "right")],
                color=OK,
            )
    return fig


def _place(fig, ax, placed: list, text: str, at, offsets, color, also=()) -> None:
    """Annotate ``text`` at the first of the candidate places whose box
    covers no box in ``placed`` (display coordinates, with the figure laid
    out as it will be saved); when every place collides, the first one is
    used only if nothing is covered, else the label is left out (the same
    figure is in the table beside every chart)."""
    renderer = fig.canvas.get_renderer()
    candidates = [(at, offset, ha) for offset, ha in offsets] + list(also)
    for point, offset, ha in candidates:
        label = ax.annotate(text, point, textcoords="offset points", xytext=offset, ha=ha, color=color)
        box = label.get_window_extent(renderer)
        if not any(box.overlaps(other) for other in placed):
            placed.append(box)
            return
        label.remove()


def label_boxes(fig: Figure) -> list:
    """The display boxes of a figure's annotations, after layout (tests)."""
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for ax in fig.axes for t in ax.texts if t.get_visible()]


def completeness(title: str, rows: Sequence[tuple[str, int, int]], formatter) -> bytes:
    """Horizontal bars: for each unit, n of N with a value; least complete
    on top. One neutral colour: which indicators a unit is expected to
    report is not known here (reporting rounds will say)."""
    rows = sorted(rows, key=lambda r: (r[1] / r[2] if r[2] else 0, r[0]))
    fig = Figure(figsize=(6, 0.8 + 0.24 * max(len(rows), 1)))
    ax = fig.subplots()
    shares = [100 * n / total if total else 0 for _label, n, total in rows]
    positions = range(len(rows))
    ax.barh(positions, shares, color=NEUTRAL)
    ax.set_yticks(positions, [label for label, _n, _t in rows])
    ax.invert_yaxis()
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100], [formatter(v) for v in (0, 25, 50, 75, 100)])
    for y, (share, (_label, n, total)) in enumerate(zip(shares, rows, strict=True)):
        ax.annotate(f"{n}/{total}", (share, y), textcoords="offset points", xytext=(3, -3), color=INK, fontsize=8)
    ax.set_title(title, loc="left", color=INK)
    return _svg(fig)


def burndown(
    title: str,
    desc: str,
    labels: Sequence[str],
    series: dict[str, Sequence[int]],
    names: dict[str, str],
    formatter,
) -> bytes:
    """Findings over time: identified, remediated and verified (cumulative
    lines), the gap between identified and remediated shaded as open, and
    the open ones past their deadline. ``series`` and ``names`` are keyed
    identified, remediated, verified, overdue."""
    return _svg(burndown_figure(title, labels, series, names, formatter), title, desc)


def burndown_figure(title, labels, series, names, formatter) -> Figure:
    fig = _measured(Figure(figsize=(6, 3)))
    ax = fig.subplots()
    xs = list(range(len(labels)))
    ax.fill_between(
        xs, series["remediated"], series["identified"], color=OPEN_FILL, linewidth=0, label=names["open"], step=None
    )
    styles = {
        "identified": {"color": INK, "linewidth": 2, "marker": "o"},
        "remediated": {"color": OK, "linewidth": 2, "marker": "s"},
        "verified": {"color": NEUTRAL, "linewidth": 1.5, "linestyle": "--", "marker": "^"},
        "overdue": {"color": ACCENT, "linewidth": 1.5, "linestyle": ":", "marker": "x"},
    }
    for key, style in styles.items():
        ax.plot(xs, series[key], label=names[key], markersize=4, **style)
    last = len(xs) - 1
    ax.set_xticks(xs, labels, rotation=45, ha="right")
    ax.set_xlim(-0.3, last + 0.8)
    ax.set_ylim(0, max([*series["identified"], 1]) * 1.15)
    ax.yaxis.set_major_formatter(lambda y, _pos: formatter(y))
    ax.set_title(title, loc="left", color=INK)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    placed: list = []
    # the last values, beside their lines; moved up or down off a label
    # already placed (two series often end on close values)
    for key in ("identified", "remediated", "overdue"):
        value = series[key][last]
        offsets = [((6, -3), "left"), ((6, 7), "left"), ((6, -13), "left"), ((6, 17), "left"), ((6, -23), "left")]
        _place(fig, ax, placed, formatter(value), (last, value), offsets, color=INK)
    return fig
