"""Fonts and style for the server-drawn charts (dashboard SVGs, report PNGs).

matplotlib keeps a font cache in the user's home. When that cache was built
before the Makefile installed Debian's Liberation fonts, matplotlib never sees
them and silently falls back to another face, which changes the report's
bytes and its look. So the faces the charts name are checked once, and any
that the cache lacks are added from the system's font directories."""

from __future__ import annotations

from pathlib import Path

import matplotlib
from matplotlib import font_manager

# The families the charts ask for; all ship in fonts-liberation2 and
# fonts-dejavu-core (Makefile, REPORT_DEBS).
FAMILIES = ("Liberation Serif", "Liberation Sans", "DejaVu Serif", "DejaVu Sans")
_FILE_PREFIXES = ("Liberation", "DejaVu")


# "ạ": a face without it cannot write Vietnamese.
_VIETNAMESE = 0x1EA1


def _writes_vietnamese(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(path).get_char_index(_VIETNAMESE) != 0
    except (OSError, RuntimeError):
        return False


def _prefer_vietnamese_faces(manager) -> None:
    """Debian installs Liberation twice: fonts-liberation (1.x, without
    Vietnamese) beside fonts-liberation2. matplotlib scores the two alike
    and takes whichever its cache lists first; with 1.x every Vietnamese
    letter of a chart came from DejaVu, glyph by glyph, in another face
    and size than the letters around it (and each label paid for the
    fallback). A face of FAMILIES that cannot write Vietnamese is dropped
    when another face of the same family, style and weight can."""
    faces: dict[tuple, list] = {}
    for entry in manager.ttflist:
        if entry.name in FAMILIES:
            faces.setdefault((entry.name, entry.style, entry.weight, entry.stretch), []).append(entry)
    drop = set()
    for entries in faces.values():
        if len(entries) > 1:
            writes = {entry.fname: _writes_vietnamese(entry.fname) for entry in entries}
            if any(writes.values()):
                drop |= {entry.fname for entry in entries if not writes[entry.fname]}
    if drop:
        manager.ttflist = [entry for entry in manager.ttflist if entry.fname not in drop]
        manager._findfont_cached.cache_clear()  # as addfont() does


def ensure_chart_fonts() -> None:
    manager = font_manager.fontManager
    known = {entry.name for entry in manager.ttflist}
    if not all(family in known for family in FAMILIES):
        cached = {entry.fname for entry in manager.ttflist}
        for path in sorted(font_manager.findSystemFonts(fontext="ttf")):
            if Path(path).name.startswith(_FILE_PREFIXES) and path not in cached:
                manager.addfont(path)  # also forgets findfont's earlier fallbacks
    _prefer_vietnamese_faces(manager)


INK, MUTED = "#1b1f24", "#5b6470"

# The charts' look, for the dashboard's SVGs and the report's PNGs alike.
# The report's charts once took it from the dashboard's chart module, which
# the site's URLs happened to import first; a report that loads no page
# (issue 21) asks for it here.
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "steerco",  # stable ids: the same data gives the same file
    "font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"],
    "font.size": 10,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def use_chart_style() -> None:
    """The fonts the charts name, and their style in matplotlib's settings."""
    ensure_chart_fonts()
    matplotlib.rcParams.update(STYLE)
