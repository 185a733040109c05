"""Every figure of a draft, with its sentence and position.

A figure is a number (5.155; 5155; 5,155), a percentage (53 %, 86,06%), an
n/N pair (5.155/9.810), a comparison ("tăng 26 so với cùng kỳ", "giảm 2,3
điểm %") or a count in words ("hai đơn vị"). What looks like a number but
is not a figure is left out: dates (15/6/2023, "tháng 6", "năm 2023"),
years and terms (2020-2025), document numbers ("Số 12-BC/TU", "09/2019/NĐ-CP"),
section numbers ("1.", "2.1."), list markers ("(1)"), durations ("6 tháng").

The relations between figures that the text states are found here too: a
percentage that follows a count ("6 tổ chức (chiếm 13,9 %)") belongs to it,
a comparison to the figure it compares, and a total announced with its
parts ("48 tổ chức, gồm 18 … và 30 …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .document import Draft, fold, sentences, words
from .numbers import NUMBER_WORDS, Reading, readings, words_value


class Kind(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"
    PAIR = "pair"  # n/N
    CHANGE = "change"  # tăng 26 so với cùng kỳ (a difference, or a % change)
    POINTS = "points"  # giảm 2,3 điểm %: a difference of percentages


class Role(StrEnum):
    VALUE = "value"
    TARGET = "target"  # "chỉ tiêu 9.810"


@dataclass
class Figure:
    index: int
    kind: Kind
    text: str  # as written
    block: int
    start: int  # offsets in the block's text
    end: int
    value: Decimal  # first reading; n for a pair; signed for a change
    alternatives: tuple[Decimal, ...] = ()  # other readings (5,155: 5.155 or 5155)
    decimals: int = 0
    denominator: Decimal | None = None  # N of a pair
    in_words: bool = False
    role: Role = Role.VALUE
    relative: bool = False  # a change written as a percentage ("tăng 15%")
    base: str = ""  # what a change compares with: "same_period" or "previous"
    of_target: bool = False  # a percentage of the target ("đạt 53% chỉ tiêu")
    attached_to: int | None = None  # the figure a percentage or a change speaks of
    denominator_of: int | None = None  # "531 thủ tục trên tổng số 617": 617 is 531's N
    sentence: str = ""
    sentence_start: int = 0  # in the block
    sentence_end: int = 0
    clause_start: int = 0  # in the block
    clause_end: int = 0
    measure: str = ""  # the words right after the number ("đảng viên")

    @property
    def values(self) -> tuple[Decimal, ...]:
        return (self.value, *self.alternatives)

    @property
    def position(self) -> str:
        return f"{self.block + 1}:{self.start + 1}"


@dataclass
class Group:
    """A total stated with its parts: "48 tổ chức (18 … , 30 …)"."""

    total: int  # figure index
    parts: list[int]
    complete: bool  # "gồm", brackets: the parts are all of it; "trong đó": some of it


@dataclass
class Extraction:
    figures: list[Figure] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    style: str = "vi"


TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f]\d+)*")
PERCENT_AFTER = re.compile(r"\s?(%|phần trăm)", re.IGNORECASE)
POINTS_AFTER = re.compile(r"\s?điểm\s?(%|phần trăm)", re.IGNORECASE)
DOC_CODE_AFTER = re.compile(r"\s?[-/]\s?[A-ZĐ]")  # 12-BC/TU, 215/KH-UBND
DATE_TOKEN = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}")
YEAR_RANGE_AFTER = re.compile(r"\s?[-–]\s?(19|20)\d\d\b")

# A number right after one of these words is a date, a reference or an
# ordinal, not a figure.
NOT_AFTER = {
    "ngày", "tháng", "năm", "quý", "khóa", "khoá", "kỳ", "điều", "khoản", "mục", "phần", "chương",
    "lục", "trang", "thứ", "đoạn", "số", "lúc", "giờ", "bảng", "biểu", "mẫu", "hình", "tuần", "lần",
    "tờ", "đợt",
}  # fmt: skip
# ... and a number followed by these is a duration or a time.
NOT_BEFORE = {"tháng", "năm", "ngày", "giờ", "phút", "tuần", "quý", "h"}
# Measures a count in words must be followed by ("hai đơn vị"), besides the
# programme's own.
COMMON_MEASURES = [
    "đơn vị", "tổ chức", "đảng viên", "chức danh", "thủ tục", "cơ quan", "nhóm", "đề án", "hạn chế",
    "nguyên nhân", "tiêu chí", "người", "cán bộ", "trường hợp", "chi bộ", "đảng bộ", "nội dung",
    "nhiệm vụ", "quận", "huyện", "xã", "phường", "quy định", "quy chế", "chương trình", "kế hoạch",
]  # fmt: skip
CHANGE_WORDS = ("tăng", "giảm", "cao hơn", "thấp hơn", "nhiều hơn", "ít hơn")
TARGET_WORDS = ("chỉ tiêu", "kế hoạch", "mục tiêu")
SAME_PERIOD = ("cùng kỳ",)
PREVIOUS_PERIOD = ("kỳ trước", "6 tháng cuối năm", "sáu tháng cuối năm", "quý trước", "năm trước")
# Between a count and its percentage only these may stand: "6 tổ chức (chiếm 13,9 %)"
ATTACH_WORDS = {"chiếm", "đạt", "bằng", "tỷ", "tỉ", "lệ", "là", "tương", "đương", "với", "so", "tổng", "số", "="}
# A percentage right after these speaks of the figure before it: "…, chiếm 13,9%"
CONNECTIVES = ("chiếm", "bằng", "đạt", "tương đương", "đạt tỷ lệ", "chiếm tỷ lệ")
PARTS_OPEN = ("gồm", "bao gồm", "trong đó", "trong đó có", "cụ thể")


def extract(draft: Draft, measures: list[str] | None = None) -> Extraction:
    """The figures of ``draft``; ``measures`` are the programme's units of
    measure ("đảng viên", "thủ tục"), which a count in words must precede."""
    measure_list = sorted({m.lower() for m in [*COMMON_MEASURES, *(measures or [])] if m}, key=len, reverse=True)
    out = Extraction(style=_style(draft))
    for block in draft.blocks:
        found = _numbers(block.text, block.index, out.style) + _in_words(block.text, block.index, measure_list)
        found.sort(key=lambda f: f.start)
        spans = sentences(block.text)
        for fig in found:
            s, e = next(((s, e) for s, e in spans if s <= fig.start < e), (0, len(block.text)))
            fig.sentence, fig.sentence_start, fig.sentence_end = block.text[s:e].strip(), s, e
            fig.clause_start, fig.clause_end = _clause(block.text, s, e, fig.start)
            fig.measure = _measure(block.text, fig.end, measure_list)
            fig.index = len(out.figures)
            out.figures.append(fig)
        _relate(block.text, [f for f in out.figures if f.block == block.index], out)
    return out


def _style(draft: Draft) -> str:
    """Vietnamese unless the draft writes numbers the English way only
    (1,234,567 or 86.06 and never 5.155 or 86,06)."""
    vi = en = 0
    for m in TOKEN.finditer(draft.text):
        styles = {r.style for r in readings(m.group())}
        if styles == {"vi"}:
            vi += 1
        elif styles == {"en"}:
            en += 1
    return "en" if en > vi else "vi"


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([^\W\d_]+)[\s:]*$", text[:start])
    return m.group(1).lower() if m else ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"\s*([^\W\d_]+)", text[end:])
    return m.group(1).lower() if m else ""


def _numbers(text: str, block: int, style: str) -> list[Figure]:
    out: list[Figure] = []
    skip_until = 0
    for m in TOKEN.finditer(text):
        start, end, token = m.start(), m.end(), m.group()
        if start < skip_until:
            continue
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if before.isalnum() or before in "/_" or (before == "-" and start > 1 and text[start - 2].isalnum()):
            continue  # CS01, H1, the tail of 12/2023 or 2021-2025
        if (after.isalpha() and not PERCENT_AFTER.match(text, end)) or after == "_":
            continue  # 8h30, 2023H1
        if DATE_TOKEN.fullmatch(token) or DOC_CODE_AFTER.match(text, end):
            continue  # 15.6.2023; 12-BC/TU, 215/KH-UBND
        if YEAR_RANGE_AFTER.match(text, end) and re.fullmatch(r"(19|20)\d\d", token):
            skip_until = YEAR_RANGE_AFTER.match(text, end).end()
            continue  # 2020-2025
        if _not_a_figure_after(text, start):
            continue
        nxt = _next_word(text, end)
        if nxt in NOT_BEFORE and not PERCENT_AFTER.match(text, end):
            continue  # 6 tháng, 2 năm
        if re.fullmatch(r"(19|20)\d\d", token) and nxt not in ("đảng", "đơn", "tổ", "người"):
            continue  # a year
        if _section_number(text, start, end):
            continue
        bracketed = text[start - 1 : start] == "(" and text[end : end + 1] == ")" and int(token.split(".")[0]) < 30
        if bracketed and (re.match(r"\)\s+[^\W\d_]", text[end:]) or start == 1):
            continue  # (1) list marker
        pair = re.compile(r"\s?/\s?(\d+(?:[.,]\d+)*)").match(text, end)
        if pair:
            tail = text[pair.end() : pair.end() + 2]
            second = pair.group(1)
            if tail.startswith("/") or re.match(r"/[A-ZĐ]|-[A-ZĐ]", tail) or tail[:1].isalpha():
                skip_until = pair.end()
                continue  # 15/6/2023, 09/2019/NĐ-CP
            if re.fullmatch(r"(19|20)\d\d", second) and int(token) <= 12:
                skip_until = pair.end()
                continue  # 6/2023: a month
            if _prev_word(text, start) in ("ngày",):
                skip_until = pair.end()
                continue
            n, d = _read(token, style), _read(second, style)
            if n is None or d is None:
                continue
            out.append(
                Figure(0, Kind.PAIR, text[start : pair.end()], block, start, pair.end(), n.value, denominator=d.value)
            )
            skip_until = pair.end()
            continue
        reading = _read(token, style)
        if reading is None:
            continue
        alternatives = tuple(r.value for r in readings(token) if r.value != reading.value)
        points = POINTS_AFTER.match(text, end)
        percent = PERCENT_AFTER.match(text, end)
        if points:
            fig = Figure(0, Kind.POINTS, text[start : points.end()], block, start, points.end(), reading.value)
        elif percent:
            fig = Figure(0, Kind.PERCENT, text[start : percent.end()], block, start, percent.end(), reading.value)
            if reading.value > 100 and alternatives:  # "86.06%" read the English way
                fig.value, fig.alternatives = alternatives[0], (reading.value,)
                reading = next(r for r in readings(token) if r.value == fig.value)
        else:
            fig = Figure(0, Kind.NUMBER, token, block, start, end, reading.value, alternatives)
        fig.decimals = reading.decimals
        out.append(fig)
    return out


def _not_a_figure_after(text: str, start: int) -> bool:
    """ "ngày 15", "năm 2023", "Điều 5", "số 12", but not "tổng số 48" nor "năm: 5"."""
    if text[:start].rstrip().endswith((":", "=")):
        return False
    word = _prev_word(text, start)
    if word == "số" and re.search(r"(tổng|với)\s+số\s*$", text[:start], re.IGNORECASE):
        return False
    return word in NOT_AFTER


def _read(token: str, style: str) -> Reading | None:
    found = readings(token)
    if not found:
        return None
    return next((r for r in found if r.style in (style, "")), found[0])


def _section_number(text: str, start: int, end: int) -> bool:
    """ "1.", "2.1.", "3)" at the start of a paragraph."""
    if text[:start].strip():
        return False
    rest = text[end : end + 2]
    return (rest[:1] in (".", ")") and (len(rest) < 2 or not rest[1].isdigit())) or bool(
        re.fullmatch(r"\d+(\.\d{1,2})+", text[start:end]) and re.match(r"\.?\s+[A-ZĐÀ-Ỹ]", text[end:])
    )


def _in_words(text: str, block: int, measures: list[str]) -> list[Figure]:
    out = []
    for m in NUMBER_WORDS.finditer(text):
        rest = text[m.end() :].lstrip().lower()
        if not any(
            rest.startswith(measure) and not rest[len(measure) : len(measure) + 1].isalpha() for measure in measures
        ):
            continue
        if m.group()[0].isupper() and m.start() and text[: m.start()].rstrip()[-1:].isalpha():
            continue  # a proper name: "quận Ba Đình"
        if _not_a_figure_after(text, m.start()):
            continue
        value = Decimal(words_value(m.group()))
        out.append(Figure(0, Kind.NUMBER, m.group(), block, m.start(), m.end(), value, in_words=True))
    return out


def _clause(text: str, s: int, e: int, at: int) -> tuple[int, int]:
    """The clause around offset ``at``: the part of the sentence between
    semicolons (and the line breaks of a PDF page)."""
    marks = (";", "\n", " | ")  # " | " separates the cells of a table row
    lefts = [(i + len(m)) for m in marks if (i := text.rfind(m, s, at)) != -1]
    right = min((i for m in marks if (i := text.find(m, at, e)) != -1), default=e)
    return max(lefts, default=s), right


def _measure(text: str, end: int, measures: list[str]) -> str:
    rest = text[end:].lstrip(" )%").lower()
    for measure in measures:
        if rest.startswith(measure):
            return measure
    m = re.match(r"([^\W\d_]+(?:\s+[^\W\d_]+)?)", rest)
    return m.group(1) if m else ""


def _has(text: str, phrases) -> bool:
    folded = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(fold(p))}(?!\w)", folded) for p in phrases)


def _relate(text: str, figures: list[Figure], out: Extraction) -> None:
    """Roles (target), comparisons, percentages that belong to a count, and
    totals with their parts, within each sentence."""
    for n, fig in enumerate(figures):
        clause = text[fig.clause_start : fig.clause_end]
        before = text[max(fig.clause_start, fig.start - 40) : fig.start]
        before_words = [w for w, _s, _e in words(before)][-4:]
        if fig.kind in (Kind.NUMBER, Kind.PERCENT) and _has(" ".join(before_words[-3:]), CHANGE_WORDS):
            if _has(clause, SAME_PERIOD):
                fig.kind, fig.base = Kind.CHANGE, "same_period"
            elif _has(clause, PREVIOUS_PERIOD):
                fig.kind, fig.base = Kind.CHANGE, "previous"
            if fig.kind == Kind.CHANGE:
                fig.relative = "%" in fig.text or "phần trăm" in fig.text.lower()
                if _has(" ".join(before_words[-3:]), ("giảm", "thấp hơn", "ít hơn")):
                    fig.value = -fig.value
        if fig.kind == Kind.POINTS and _has(" ".join(before_words[-3:]), ("giảm", "thấp hơn")):
            fig.value = -fig.value
        if fig.kind == Kind.POINTS:
            fig.base = "previous" if _has(clause, PREVIOUS_PERIOD) and not _has(clause, SAME_PERIOD) else "same_period"
        if fig.kind in (Kind.NUMBER, Kind.PAIR) and _has(" ".join(before_words), TARGET_WORDS):
            fig.role = Role.TARGET if fig.kind == Kind.NUMBER else fig.role
        if fig.kind == Kind.PAIR and _has(text[fig.end : fig.end + 30] + " " + " ".join(before_words), TARGET_WORDS):
            fig.of_target = True
        if fig.kind == Kind.NUMBER and n > 0 and re.search(r"trên\s+(tổng\s+)?(số\s+)?$", text[: fig.start]):
            prev = figures[n - 1]
            if prev.kind == Kind.NUMBER and prev.clause_start == fig.clause_start:
                fig.denominator_of = prev.index
        if fig.kind == Kind.PAIR:
            # "kết nạp 5.155 đảng viên, đạt 53% chỉ tiêu (5.155/9.810)": the pair restates a count
            same = [f for f in figures[:n] if f.kind == Kind.NUMBER and f.sentence_start == fig.sentence_start]
            fig.attached_to = next((f.index for f in reversed(same) if f.value == fig.value), None)
        if fig.kind in (Kind.PERCENT, Kind.CHANGE, Kind.POINTS) and n > 0:
            prev = figures[n - 1]
            between = text[prev.end : fig.start]
            same_clause = prev.clause_start == fig.clause_start
            gap = [w for w, _s, _e in words(between) if w not in ATTACH_WORDS]
            measure_words = set(prev.measure.split())
            extra = [w for w in gap if w not in measure_words]
            bracket = between.rfind("(")
            in_bracket = (
                bracket != -1
                and ")" not in between[bracket:]
                and all(w in ATTACH_WORDS for w, _s, _e in words(between[bracket:]))
            )
            connected = _has(" ".join(before_words[-3:]), CONNECTIVES) and ";" not in between
            close = len(extra) <= 3 or (in_bracket and len(extra) <= 8) or connected
            if same_clause and prev.kind in (Kind.NUMBER, Kind.PAIR) and prev.role == Role.VALUE:
                if (fig.kind == Kind.PERCENT and close) or (fig.kind in (Kind.CHANGE, Kind.POINTS) and len(gap) <= 8):
                    fig.attached_to = prev.index
            elif same_clause and prev.kind == Kind.PERCENT and fig.kind == Kind.POINTS and len(gap) <= 6:
                fig.attached_to = prev.index
        if fig.kind == Kind.PERCENT and _has(
            text[fig.end : fig.end + 25] + " " + " ".join(before_words[-2:]), TARGET_WORDS
        ):
            fig.of_target = True
    _groups(text, figures, out)


def _groups(text: str, figures: list[Figure], out: Extraction) -> None:
    """A count followed, in its sentence, by "gồm"/"trong đó" or a bracket
    and two or more counts: its parts. "tổng số"/"tổng cộng" after two or
    more counts: their total."""
    counts = [f for f in figures if f.kind == Kind.NUMBER and f.role == Role.VALUE]
    for n, total in enumerate(counts):
        rest = [f for f in counts[n + 1 :] if f.sentence_start == total.sentence_start]
        if len(rest) < 2:
            continue
        first = rest[0]
        between = text[total.end : first.start]
        low = between.lower()
        marker = next((p for p in sorted(PARTS_OPEN, key=len, reverse=True) if p in low), None)
        bracket = "(" in between and ")" not in between
        if not marker and not bracket:
            continue
        if bracket:
            close = text.find(")", first.start)
            parts = [f for f in rest if close == -1 or f.start < close]
        else:
            # the parts run to the end of the clause
            parts = [f for f in rest if f.clause_start == first.clause_start]
        if len(parts) >= 2:
            out.groups.append(
                Group(total.index, [p.index for p in parts], complete=marker not in ("trong đó", "trong đó có"))
            )
    for n, total in enumerate(counts):
        before = text[max(0, total.start - 20) : total.start].lower()
        if "tổng" not in before:
            continue
        parts = [f for f in counts[:n] if f.sentence_start == total.sentence_start]
        if len(parts) >= 2 and not any(g.total == total.index for g in out.groups):
            out.groups.append(Group(total.index, [p.index for p in parts], complete=True))
