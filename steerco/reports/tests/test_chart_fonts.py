"""The charts find Liberation and DejaVu even when matplotlib's font cache
was built before those fonts were installed (a fresh machine's order)."""

from matplotlib import font_manager

from steerco.charting import FAMILIES, ensure_chart_fonts


def test_fonts_missing_from_a_stale_cache_are_added(monkeypatch):
    manager = font_manager.fontManager
    stale = [entry for entry in manager.ttflist if not entry.name.startswith(("Liberation", "DejaVu"))]
    monkeypatch.setattr(manager, "ttflist", stale)
    ensure_chart_fonts()
    names = {entry.name for entry in manager.ttflist}
    assert set(FAMILIES) <= names
    found = font_manager.findfont(font_manager.FontProperties(family="Liberation Serif"), fallback_to_default=False)
    assert "LiberationSerif" in found
