"""The page's measures and the width of a line of text, shared by the DOCX
and the HTML/PDF renderers. Kept apart from the DOCX renderer so that a PDF
does not import python-docx (issue 21: each format loads only its own
library)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

TEXT_WIDTH_MM = 210 - 30 - 15  # A4 less the guideline's 30 mm left and 15 mm right margins
LEFT_COLUMN_MM = 80  # the heading block: issuing body on the left, the nation's heading on the right
EMU_PER_MM, EMU_PER_PT = 36000, 12700  # Office's units, so that these equal python-docx's Mm(...).pt
LANGUAGES = {"vi": "vi-VN", "en": "en-GB"}

# Where to find the fonts to measure a heading's length (Liberation Serif has
# Times New Roman's metrics).
FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")


def mm_to_pt(mm: float) -> float:
    """As python-docx counts it: whole EMUs, then points."""
    return int(mm * EMU_PER_MM) / float(EMU_PER_PT)


@lru_cache(maxsize=8)
def _font(bold: bool):
    from PIL import ImageFont

    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return ImageFont.truetype(str(path), 1000)
    return None


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of ``text`` in points in Times New Roman (measured with
    Liberation Serif, which has its metrics); a fair estimate without it."""
    font = _font(bold)
    if font is None:
        return len(text) * size * (0.62 if bold else 0.55)
    return font.getlength(text) * size / 1000


def fit_lines(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` in as few lines as fit ``width`` points, in the shape of a
    heading block: a shorter line over a longer one, the break as late as
    keeps the first line a fair length ('BAN CHỈ ĐẠO / CHƯƠNG TRÌNH
    01-CTr/TU', never 'BAN CHỈ ĐẠO CHƯƠNG / TRÌNH 01-CTr/TU'). Line breaks
    written in the text are kept."""
    if "\n" in text:
        return [line.strip() for line in text.splitlines() if line.strip()]
    words = text.split()
    if text_width(text, size, bold) <= width or len(words) < 2:
        return [text]
    splits = []
    for cut in range(1, len(words)):
        first, second = " ".join(words[:cut]), " ".join(words[cut:])
        a, b = text_width(first, size, bold), text_width(second, size, bold)
        if a <= width and b <= width:
            splits.append((a >= 0.4 * b, b if a >= 0.4 * b else -max(a, b), [first, second]))
    if splits:
        return max(splits, key=lambda s: (s[0], s[1]))[2]
    lines = [words[0]]  # longer than two lines: fill each line in turn
    for word in words[1:]:
        if text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines
