"""How one scorecard row reads in a sentence and in a table cell.

A ratio is never shown without its parts ("67/76 (88 %)"), a count with a
target says how much of it is done ("53 % of the 2023 target,
5.155/9.810"), and every figure can carry the same period of last year.
Strings are English gettext sources; the builder activates the report's
language around all of this.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.indicators.scorecard import ScorecardRow
from steerco.lib.numbers import fmt_day, fmt_number, fmt_percent, fmt_ratio
from steerco.lib.periods import Period
from steerco.lib.status import Status

from .wording import period_name


def status_label(status: Status | None) -> str:
    labels = {
        Status.ACHIEVED: _("achieved"),
        Status.ON_TRACK: _("on track"),
        Status.BEHIND: _("behind"),
        Status.AT_RISK: _("at risk"),
        Status.NO_DATA: _("no data"),
    }
    return labels.get(status, "") if status else ""


def value_text(
    row: ScorecardRow, figure=None, lang: str = "vi", with_measure: bool = False, with_percent: bool = False
) -> str:
    """'5.155', '67/76 (88 %)' or, for yes/no answers, '29' or '60/412'
    ('60/412 (15 %)' ``with_percent``)."""
    figure = figure or row.figure
    if figure.value is None:
        return "–"
    ind = row.indicator
    if row.is_ratio:
        return fmt_ratio(figure.numerator, figure.denominator, ind.decimals, lang)
    # A yes/no figure counts units (whole); its share takes the decimals.
    text = fmt_number(figure.value, 0 if row.is_yesno else ind.decimals, lang)
    count, percent = figure.value, ""
    if row.is_yesno and figure.denominator != figure.value:
        text = f"{text}/{fmt_number(figure.denominator, 0, lang)}"
        count = figure.denominator  # "29/67 units": the measure counts the denominator
        if with_percent and figure.denominator:
            share = Decimal(figure.value) * 100 / Decimal(figure.denominator)
            percent = f" ({fmt_percent(share, ind.decimals, lang)})"
    measure = measure_text(ind, count, lang)
    return (f"{text} {measure}" if with_measure and measure else text) + percent


def prose_value(
    row: ScorecardRow, figure=None, lang: str = "vi", with_measure: bool = False, with_percent: bool = False
) -> str:
    """``value_text`` inside a sentence, which never writes a zero: "none",
    "none of 2" (a table cell keeps its 0)."""
    figure = figure or row.figure
    if figure.value is not None:
        counted = figure.numerator if row.is_ratio else figure.value
        if (row.is_ratio or row.is_yesno) and figure.denominator and is_zero(counted):
            return _("none of %(total)s") % {"total": fmt_number(figure.denominator, 0, lang)}
        if not row.is_ratio and is_zero(figure.value):
            return _("none")
    return value_text(row, figure, lang, with_measure, with_percent)


def measure_text(indicator, count, lang: str = "vi") -> str:
    """The unit of measure agreeing with ``count``. Packs give it in the
    plural ("organisations"); Vietnamese nouns do not change, and the
    English singular drops the plural ending: "1 organisation"."""
    measure = indicator.measure(lang)
    if not measure or lang != "en" or count is None or Decimal(count) != 1:
        return measure
    return singular(measure)


def singular(noun: str) -> str:
    """'organisations' -> 'organisation', 'bodies' -> 'body'; a word that
    is not a regular English plural is left as it is."""
    head, _sep, last = noun.rpartition(" ")
    if last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and not last.endswith("ss") and len(last) > 2:
        last = last[:-1]
    return f"{head} {last}" if head else last


def threshold_text(row: ScorecardRow, lang: str = "vi") -> str:
    """'≤ 2,0 %' for a threshold on a ratio or a yes/no, '≥ 90' on a count."""
    value = row.target.value
    if row.is_ratio or row.is_yesno:
        return f"{row.threshold_sign} {fmt_percent(value, row.indicator.decimals, lang)}"
    return f"{row.threshold_sign} {fmt_number(value, row.indicator.decimals, lang)}"


def target_text(row: ScorecardRow, lang: str = "vi") -> str:
    """'53 % of the 2023 target (5.155/9.810)'; for a later part of the
    year, over the year to date; 'threshold for 2025: ≤ 2,0 %'."""
    if row.target is not None and row.target.threshold:
        return _("threshold for %(period)s: %(threshold)s") % {
            "period": period_name(Period.parse(row.target.period), lang),
            "threshold": threshold_text(row, lang),
        }
    if row.target is None or row.is_ratio:
        return ""
    # The share is of the year to date (H2: H1 + H2), and so is the count
    # beside it: "150, 103 % of the 2023 target (283/276 to date)".
    to_date = len(row.provenance.to_date) > 1
    text = (
        _("%(share)s of the %(period)s target (%(value)s/%(target)s to date)")
        if to_date
        else _("%(share)s of the %(period)s target (%(value)s/%(target)s)")
    )
    return text % {
        "share": share_text(row, lang),
        "period": period_name(Period.parse(row.target.period), lang),
        "value": fmt_number(row.judged.value, row.indicator.decimals, lang),
        "target": fmt_number(row.target.value, row.indicator.decimals, lang),
    }


def change_text(row: ScorecardRow, lang: str = "vi", signed: bool = False) -> str:
    """'up 26' in a sentence, '+26' in a table; points for a ratio."""
    change = row.change
    if change is None:
        return ""
    decimals = row.indicator.decimals
    amount = fmt_number(abs(change), decimals, lang)
    if signed:
        sign = "+" if change > 0 else ("−" if change < 0 else "±")
        return f"{sign}{amount}" + (" " + _("pts") if row.is_ratio else "")
    if change == 0:
        return _("unchanged")
    unit = " " + _("percentage points") if row.is_ratio else ""
    return (_("up %(amount)s") if change > 0 else _("down %(amount)s")) % {"amount": amount + unit}


def previous_text(row: ScorecardRow, previous: Period, lang: str = "vi") -> str:
    """'same period of 2022: 95, up 26'."""
    if row.previous.value is None:
        return ""
    text = _("same period of %(year)s: %(value)s") % {
        "year": previous.year,
        "value": prose_value(row, row.previous, lang),
    }
    change = change_text(row, lang)
    return f"{text}, {change}" if change else text


def clause(row: ScorecardRow, previous: Period, lang: str = "vi", with_percent: bool = False, after: str = "") -> str:
    """One indicator in the results paragraph: its name, figure, target
    and last year's figure (``after`` goes right after the figure)."""
    name = row.indicator.name(lang)
    body = prose_value(row, lang=lang, with_measure=True, with_percent=with_percent) + after
    return f"{mid_sentence(name, lang)}: {figure_with_context(row, previous, lang, body)}"


def figure_with_context(row: ScorecardRow, previous: Period, lang: str, body: str) -> str:
    """A figure, then its share of target after a comma and last year's
    figure, in brackets only where that nests no bracket: '121 đảng viên
    (cùng kỳ năm 2022: 95, tăng 26)', but '531/617 (86,06 %); cùng kỳ năm
    2022: 478/602 (79,40 %), tăng 6,66 điểm phần trăm'."""
    text = body
    target = target_text(row, lang)
    if target:
        text = f"{text}, {target}"
    return attach(text, previous_text(row, previous, lang))


def attach(text: str, extra: str) -> str:
    """``extra`` in brackets after ``text``, or after a semicolon when
    either already holds a bracket: a document never nests brackets."""
    if not extra:
        return text
    if "(" in text or "(" in extra:
        return f"{text}; {extra}"
    return f"{text} ({extra})"


def share_text(row: ScorecardRow, lang: str = "vi") -> str:
    """The share of target, with the indicator's own decimals: one rule per
    indicator, in the text, the tables and the charts alike."""
    return fmt_percent(row.share_of_target, row.indicator.decimals, lang)


# English words that keep their capital mid-sentence ("Party organisations").
PROPER_EN = ("Party", "State", "City", "Hanoi", "PAR")


def mid_sentence(name: str, lang: str = "vi") -> str:
    """An indicator's name inside a sentence: a Vietnamese common noun
    loses its capital, and so does an English one unless it is a proper
    noun ("new Party members admitted", "Party organisations inspected")."""
    if not name:
        return name
    if lang == "en" and name.split(" ", 1)[0] in PROPER_EN:
        return name
    return name[0].lower() + name[1:]


def share_of(numerator, denominator, lang: str = "vi") -> str:
    return fmt_ratio(numerator, denominator, 0, lang)


def is_zero(value) -> bool:
    return value is None or Decimal(value) == 0


def sentence(text: str) -> str:
    """A capital at the start and a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", ":")) else ".")


def count(n: int, lang: str = "vi") -> str:
    """A count of things in the text. Party documents write a count below
    ten with two digits ("05 tổ chức", "01 đơn vị"); English does not. A
    zero is never written: the caller says "không có" / "no" instead."""
    if lang == "vi" and 0 < n < 10:
        return f"{n:02d}"
    return fmt_number(n, 0, lang)


def units_count(n: int, lang: str = "vi") -> str:
    """'01 đơn vị', '14 đơn vị'; '1 unit', '14 units'."""
    return ngettext("%(n)s unit", "%(n)s units", n) % {"n": count(n, lang)}


def short_date(day) -> str:
    """'30/6/2023' (the Party's rule, ``fmt_day``): a date inside a sentence or a table cell."""
    return fmt_day(day)
