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


def test_each_chart_family_is_a_face_that_writes_vietnamese(monkeypatch):
    """Debian's fonts-liberation (1.x, no Vietnamese) beside fonts-liberation2:
    matplotlib must take the face that writes "Quận ủy" itself, not borrow
    its letters from DejaVu one by one."""
    from matplotlib.ft2font import FT2Font

    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", list(manager.ttflist))
    ensure_chart_fonts()
    for family in FAMILIES:
        path = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        font = FT2Font(path)
        assert all(font.get_char_index(ord(c)) for c in "Quận ủy Hà Đông ư ơ"), (family, path)
