"""Charts for the report, drawn with matplotlib's Agg canvas (no pyplot,
no display, safe in a web worker) and returned as PNG bytes. The PNGs
carry no timestamp or software tag, so the same figures give the same
bytes.

Drawn as SVG instead (matplotlib's SVG backend, text left to WeasyPrint),
the five charts of the demo's city report cost matplotlib about 0,4 s less
CPU, but WeasyPrint about 0,3 s more to draw them, and a label wrapped on
two lines lost its right alignment (matplotlib places each line by its own
text metrics); measured on 3 Dec 2026 and not kept (docs/performance.md)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from steerco.charting import use_chart_style

use_chart_style()

FONT = ["Liberation Serif", "DejaVu Serif", "serif"]
WIDTH_IN = 6.3  # the text width of an A4 page with 30/15 mm margins
DPI = 150
BAR = "#1f4e79"
BEHIND = "#b03a2e"
PREVIOUS = "#a6a6a6"


def _png(fig: Figure) -> bytes:
    """zlib's fastest level: WeasyPrint decodes the PNG and compresses the
    pixels again for the PDF (the same PDF size either way), so Pillow's
    default level 6 cost about 0,05 s per chart for files 13 % smaller in
    the DOCX and the HTML page only."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    return buf.getvalue()


def _figure(height_in: float, left: float) -> Figure:
    """Fixed margins rather than a layout engine: one draw instead of
    several, which is most of the report's rendering time."""
    fig = Figure(figsize=(WIDTH_IN, height_in))
    bottom = 0.45 / height_in
    fig.subplots_adjust(left=left, right=0.97, top=1 - 0.35 / height_in, bottom=bottom)
    return fig


def _legend(ax) -> None:
    """Above the plot, where it cannot cover a bar."""
    ax.legend(prop={"family": FONT, "size": 7}, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)


def share_of_target(
    labels: Sequence[str], shares: Sequence[float], expected: float, legend: tuple[str, str, str]
) -> bytes:
    """Horizontal bars: each unit's share of its target (%), with the
    pro-rata expectation as a line; units below it are drawn in red.
    ``legend``: (on schedule, behind, due by now)."""
    height = max(2.5, 0.17 * len(labels) + 1.0)
    fig = _figure(height, left=0.3)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    colours = [BEHIND if s < expected else BAR for s in shares]
    ax.barh(positions, shares, color=colours, height=0.7)
    line = ax.axvline(expected, color="black", linestyle="--", linewidth=1)
    ax.set_yticks(positions, labels, fontfamily=FONT, fontsize=7)
    ax.set_xlabel("%", fontfamily=FONT, fontsize=8)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlim(0, max([*shares, expected, 1.0]) * 1.1)
    # One entry per colour, whichever colour the first bar has.
    handles = [Patch(color=BAR), Patch(color=BEHIND), line]
    ax.legend(
        handles, [legend[0], legend[1], legend[2]], prop={"family": FONT, "size": 7},
        loc="lower left", bbox_to_anchor=(0, 1.0), ncols=3, frameon=False,
    )  # fmt: skip
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def this_year_and_last(
    labels: Sequence[str],
    current: Sequence[float],
    previous: Sequence[float],
    legend: tuple[str, str],
    fmt: Callable[[float], str] = str,
) -> bytes:
    """Grouped horizontal bars: this period against the same period of
    last year, the figure written at the end of each bar."""
    height = max(2.2, 0.45 * len(labels) + 0.9)
    fig = _figure(height, left=0.36)
    ax = fig.add_subplot()
    positions = [i * 1.0 for i in range(len(labels))][::-1]
    ax.barh([p + 0.2 for p in positions], current, height=0.38, color=BAR, label=legend[0])
    ax.barh([p - 0.2 for p in positions], previous, height=0.38, color=PREVIOUS, label=legend[1])
    for p, c, q in zip(positions, current, previous, strict=True):
        ax.text(c, p + 0.2, f" {fmt(c)}", va="center", fontsize=7, fontfamily=FONT)
        ax.text(q, p - 0.2, f" {fmt(q)}", va="center", fontsize=7, fontfamily=FONT, color="#555555")
    ax.set_yticks(positions, labels, fontfamily=FONT, fontsize=7)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlim(0, max([*current, *previous, 1.0]) * 1.15)
    _legend(ax)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)
