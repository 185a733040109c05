"""The report's sections, exception-first: results in a line and a short
list, then limitations, outstanding remediation, lagging units and
indicators, then the tasks of the next period; tables and charts in the
annex."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from steerco.indicators.models import RuleWarning
from steerco.indicators.scorecard import ScorecardRow
from steerco.lib.numbers import excel_day_format, fmt_day, fmt_number, fmt_percent
from steerco.lib.periods import Period
from steerco.lib.status import SEVERITY, expected
from steerco.units.models import type_names

from .breakdown import LAGGING
from .context import OutlineItem, ReportContext, is_remediation
from .contributions import blocks_for
from .document import Action, Bullets, Cell, Chart, FreeText, Paragraph, Section, Subheading, Table
from .phrases import (
    change_text,
    clause,
    count,
    figure_with_context,
    is_zero,
    mid_sentence,
    prose_value,
    sentence,
    share_text,
    status_label,
    target_text,
    threshold_text,
    value_text,
)
from .wording import period_name

# Name a unit's figure when this few units have one; more is a table's job.
NAMED_UNITS_AT_MOST = 5


_sentence = sentence


def _num(value, lang, decimals=0) -> Cell:
    return Cell(fmt_number(value, decimals, lang), value, "#,##0" if decimals == 0 else "#,##0." + "0" * decimals)


# -- I. results ---------------------------------------------------------------
def results(ctx: ReportContext) -> Section:
    """Results in a few short lines: what they were counted from, then one
    short sentence per figure. What the outline places among the
    limitations or the plan is stated in sections II and III, not here."""
    lang = ctx.language
    section = Section(_("I. RESULTS"))
    rows = ctx.result_rows()
    registers = ctx.register_rows()
    if not rows and not registers:
        section.add(Paragraph(_("No approved figures for this period yet.")))
        section.blocks += blocks_for("results", ctx)
        return section
    source = {
        "period": period_name(ctx.period, lang),
        "records": ngettext("%(n)s approved record", "%(n)s approved records", ctx.records)
        % {"n": fmt_number(ctx.records, 0, lang)},
        "units": ngettext("%(n)s reporting unit", "%(n)s reporting units", ctx.reporting_units)
        % {"n": fmt_number(ctx.reporting_units, 0, lang)},
    }
    counted = blocks_for("registers", ctx)
    if counted and not ctx.records:
        intro = _("The results of %(period)s are counted from the registers (%(registers)s)") % {
            **source,
            "registers": "; ".join(counted),
        }
    elif counted:
        intro = _(
            "The results of %(period)s are summed up from %(records)s of %(units)s and from the registers"
            " (%(registers)s)"
        ) % {**source, "registers": "; ".join(counted)}
    else:
        intro = _("The results of %(period)s are summed up from %(records)s of %(units)s") % source
    section.add(Paragraph(_sentence(intro)))
    figures = [*rows, *registers]
    section.add(
        Bullets(
            [_sentence(clause(r, ctx.previous, lang, with_percent=True)) for r in figures],
            links=tuple(records_link(ctx, r.indicator.code) for r in figures),
        )
    )
    section.blocks += blocks_for("results", ctx)
    return section


def _of_which(ctx: ReportContext, item: OutlineItem, row: ScorecardRow) -> str:
    """', of which 18 carried over and 30 newly arising', from the outline."""
    lang = ctx.language
    sub = ctx.rows.get(item.of_which)
    if sub is None or sub.figure.value is None or row.figure.value is None:
        return ""
    part, rest = sub.figure.value, row.figure.value - sub.figure.value
    if is_zero(part) or is_zero(rest):  # no zero in prose: "all newly arising"
        label = item.rest_label if is_zero(part) else item.of_which_label or sub.indicator.name(lang)
        return ", " + _("all %(label)s") % {"label": label} if label else ""
    return ", " + _("of which %(part)s %(part_label)s and %(rest)s %(rest_label)s") % {
        "part": fmt_number(sub.figure.value, 0, lang),
        "part_label": item.of_which_label or sub.indicator.name(lang),
        "rest": fmt_number(row.figure.value - sub.figure.value, 0, lang),
        "rest_label": item.rest_label,
    }


# -- II. limitations, causes, remediation, backlogs, lagging --------------------
def _unit_detail(ctx: ReportContext, row: ScorecardRow) -> str:
    """'Quận ủy Hai Bà Trưng 13/14 (93 %), Huyện ủy Ứng Hòa 7/13 (54 %)'
    when only a few units below have the figure."""
    lang = ctx.language
    found = [
        (card.unit, card.rows[row.indicator.code])
        for card in ctx.children
        if not is_zero(card.rows[row.indicator.code].figure.denominator or card.rows[row.indicator.code].figure.value)
    ]
    if not found or len(found) > NAMED_UNITS_AT_MOST:
        return ""
    return ", ".join(f"{unit.name(lang)} {prose_value(r, lang=lang)}" for unit, r in found)


def _outline_items(ctx: ReportContext, items: list[OutlineItem]) -> list[tuple[str, str]]:
    """The outline's figures that have data: (text, link to their records)."""
    return [(t, records_link(ctx, i.code)) for i in items if (t := _outline_text(ctx, i))]


def _outline_text(ctx: ReportContext, item: OutlineItem) -> str:
    """'Tỷ lệ …: 6/43 (14,0 %); cùng kỳ năm 2022: …', then the units
    behind the figure when they are few: ', of which Huyện ủy Ứng Hòa 7/13'."""
    lang = ctx.language
    row = ctx.rows.get(item.code)
    if row is None or not row.figure.has_data:
        return ""
    body = prose_value(row, lang=lang, with_measure=True) + _of_which(ctx, item, row)
    text = f"{row.indicator.name(lang)}: {figure_with_context(row, ctx.previous, lang, body)}"
    detail = _unit_detail(ctx, row)
    if not detail:
        return text
    return text + (";" if "(" in text.split(":", 1)[1] else ",") + " " + _("of which %(units)s") % {"units": detail}


def limitations(ctx: ReportContext) -> Section:
    """What is failing and why: the limitations on record with their units,
    causes and remediation; the figures the outline calls limitations; the
    causes; remediation not completed; what is left undone (backlogs); the
    units and indicators behind schedule."""
    section = Section(_("II. LIMITATIONS, WEAKNESSES AND THEIR CAUSES"))
    body: list = [FreeText(t) for t in ctx.free_text.get("II", [])]
    body.append(Subheading(_("1. Limitations and weaknesses")))
    recorded = blocks_for("limitations", ctx)
    items = _outline_items(ctx, ctx.limitations)
    body += recorded
    if items:
        if recorded:
            body.append(Paragraph(_("The figures that show limitations:")))
        body.append(Bullets([_sentence(t) for t, _link in items], links=tuple(link for _t, link in items)))
    if not recorded and not items:
        body.append(Paragraph(_("No limitations were recorded for this period.")))
    body.append(Subheading(_("2. Causes")))
    body += blocks_for("causes", ctx) or [Paragraph(_("No cause of the limitations is on record for this period."))]
    body.append(Subheading(_("3. Remediation not yet completed")))
    body += outstanding(ctx)
    body.append(Subheading(_("4. Work left outstanding")))
    body += backlog(ctx)
    body.append(Subheading(_("5. Units and indicators behind schedule")))
    body += lagging_units(ctx)
    body += lagging_indicators(ctx)
    section.blocks = body
    return section


def backlog(ctx: ReportContext) -> list:
    """Backlogs from the registers: violations found and not yet decided,
    cases not concluded, remediation overdue, units that have not reported."""
    lines = blocks_for("backlog", ctx)
    if not lines:
        return [Paragraph(_("No case, remediation or report is left outstanding at the date of this report."))]
    return [Bullets([_sentence(t) for t in lines])]


def outstanding(ctx: ReportContext) -> list:
    """Items found and not yet fixed, per unit, from remediation ratios in
    the outline; registers add their overdue items through the 'overdue'
    slot."""
    lang = ctx.language
    lines: list[str] = []
    for item in ctx.limitations:
        row = ctx.rows.get(item.code)
        if row is None or not is_remediation(row) or not row.figure.denominator:
            continue
        left = row.figure.denominator - row.figure.numerator
        if not left:
            continue
        found = row.indicator.denominator
        units = [
            _("%(unit)s %(left)s/%(total)s")
            % {
                "unit": card.unit.name(lang),
                "left": fmt_number(sub.denominator - sub.numerator, 0, lang),
                "total": fmt_number(sub.denominator, 0, lang),
            }
            for card in ctx.children
            for sub in [card.rows[item.code].figure]
            if sub.denominator and sub.denominator > sub.numerator
        ]
        text = _("%(found)s: %(left)s/%(total)s not yet remediated") % {
            "found": found.name(lang) if found else row.indicator.name(lang),
            "left": fmt_number(left, 0, lang),
            "total": fmt_number(row.figure.denominator, 0, lang),
        }
        if units:
            text += ", " + _("of which %(units)s") % {"units": ", ".join(units)}
        lines.append(text)
    blocks: list = [Bullets([_sentence(t) for t in lines])] if lines else []
    blocks += blocks_for("overdue", ctx)
    return blocks or [Paragraph(_("Nothing is left to remediate from the recorded limitations."))]


def _lagging_table(ctx: ReportContext, pairs: list[tuple[str, ScorecardRow]], key: str, title: str) -> Table:
    """Who, which indicator, result, target, what was due by now, share and
    status. When every row is about one indicator, it goes in the title."""
    lang = ctx.language
    names = {r.indicator.code for _who, r in pairs}
    one = len(names) == 1
    if one:
        title = f"{title}: {pairs[0][1].indicator.name(lang)}"
    rows = []
    for who, r in pairs:
        link = records_link(ctx, r.indicator.code, unit=r.unit)
        if r.target.threshold:  # a level, not an amount: no share of it is due
            rows.append(
                [
                    Cell(who),
                    *([] if one else [Cell(r.indicator.name(lang))]),
                    Cell(value_text(r, lang=lang, with_percent=True), link=link),
                    Cell(threshold_text(r, lang)),
                    Cell("–"),
                    Cell("–"),
                    Cell(status_label(r.status)),
                ]
            )
            continue
        due = expected(r.target.value, r.due_share)
        rows.append(
            [
                Cell(who),
                *([] if one else [Cell(r.indicator.name(lang))]),
                replace(_num(r.figure.value, lang), link=link),
                _num(r.target.value, lang),
                _num(due, lang),
                _share_cell(r, lang),
                Cell(status_label(r.status)),
            ]
        )
    columns = [
        _("Unit"),
        *([] if one else [_("Indicator")]),
        _("Result"),
        _("Target"),
        _("Due by now"),
        _("Of target"),
        pgettext("assessment", "Status"),
    ]
    return Table(key, title, columns, rows, widths=(3, *([2] * len(columns[1:-1])), 2) if one else ())


def _fraction(share) -> Decimal | None:
    return None if share is None else (Decimal(share) / 100).quantize(Decimal("0.0001"))


def _percent_format(decimals: int) -> str:
    return "0%" if decimals <= 0 else "0." + "0" * decimals + "%"


def _share_cell(row: ScorecardRow, lang: str) -> Cell:
    """A share of target: the text with the indicator's decimals, the
    fraction for Excel with the same number of decimals shown."""
    return Cell(share_text(row, lang), _fraction(row.share_of_target), _percent_format(row.indicator.decimals))


def lagging_units(ctx: ReportContext) -> list:
    """Every unit of the subtree that has a target (districts, grassroots
    organisations, …), judged pro rata; by level, worst first, each level's
    list and table capped so the report stays readable."""
    lang = ctx.language
    judged = [card for card in ctx.subtree if any(r.status for r in card.rows.values())]
    behind = [card for card in judged if card.lagging]
    blocks: list = []
    if not behind:
        if judged:
            blocks.append(
                Paragraph(
                    _sentence(
                        ngettext(
                            "the unit with a target is on schedule",
                            "all %(n)s units with a target are on schedule",
                            len(judged),
                        )
                        % {"n": fmt_number(len(judged), 0, lang)}
                    )
                )
            )
        return blocks + blocks_for("lagging", ctx)
    blocks.append(
        Paragraph(
            _sentence(
                ngettext(
                    "%(n)s of %(total)s is behind the pro-rata target",
                    "%(n)s of %(total)s are behind the pro-rata target",
                    len(behind),
                )
                % {"n": fmt_number(len(behind), 0, lang), "total": units_text(len(judged), lang)}
            )
        )
    )
    lines = []
    pairs: list[tuple[str, ScorecardRow]] = []
    left_out: list[tuple[str, ScorecardRow]] = []
    more = 0
    for label, cards in _by_level(judged, lang):
        late = sorted((c for c in cards if c.lagging), key=_worst)
        if not late:
            continue
        counted = {"level": label, "n": fmt_number(len(late), 0, lang), "total": units_text(len(cards), lang)}
        names = ", ".join(f"{c.unit.name(lang)} ({_share(_worst_row(c), lang)})" for c in late[:NAMED_LAGGING_AT_MOST])
        if len(late) > NAMED_LAGGING_AT_MOST and names:
            names = f"{names} {_and_more(len(late) - NAMED_LAGGING_AT_MOST, lang)}"
        if names:
            lines.append(_("%(level)s: %(n)s of %(total)s, namely %(names)s") % {**counted, "names": names})
        else:
            lines.append(_("%(level)s: %(n)s of %(total)s") % counted)
        for n, card in enumerate(late):
            rows = [(card.unit.name(lang), r) for r in sorted(card.lagging, key=_severity)]
            (pairs if n < TABLE_LAGGING_AT_MOST else left_out).extend(rows)
        more += max(0, len(late) - TABLE_LAGGING_AT_MOST)
    blocks.append(Bullets([_sentence(t) for t in lines]))
    table = _lagging_table(ctx, pairs + left_out, _("Units behind"), _("Units behind schedule"))
    if more:
        shown = len(pairs)
        table = replace(
            table,
            rows=table.rows[:shown],
            excel_rows=tuple(table.rows[shown:]),
            note=_sentence(_("%(more)s; every figure is in the Excel annex") % {"more": _and_more(more, lang)}),
        )
    blocks.append(table)
    return blocks + blocks_for("lagging", ctx)


# Units named per level in the text, and rows per level in the table.
NAMED_LAGGING_AT_MOST = 10
TABLE_LAGGING_AT_MOST = 15


def _severity(row: ScorecardRow):
    return (SEVERITY[row.status], row.share_of_target or 0)


def _worst_row(card) -> ScorecardRow:
    return min(card.lagging, key=_severity)


def _worst(card):
    return (*_severity(_worst_row(card)), card.unit.path)


def _share(row: ScorecardRow, lang: str) -> str:
    """The share of target; against a threshold, what is compared with it
    and the threshold ("3,0 %, ≤ 2,0 %"): no share of a level is due."""
    if row.target is not None and row.target.threshold and row.measured is not None:
        decimals = row.indicator.decimals
        as_percent = row.is_ratio or row.is_yesno
        shown = fmt_percent(row.measured, decimals, lang) if as_percent else fmt_number(row.measured, decimals, lang)
        return f"{shown}, {threshold_text(row, lang)}"
    return share_text(row, lang)


def _and_more(n: int, lang: str) -> str:
    return ngettext("and %(n)s more unit", "and %(n)s more units", n) % {"n": fmt_number(n, 0, lang)}


def _by_level(cards, lang: str = "vi") -> list[tuple[str, list]]:
    """Cards grouped by the type of unit, named as the programme's unit
    types name them ("Huyện ủy", "Quận ủy"), the higher levels first."""
    labels = type_names(lang)
    order = {t: i for i, t in enumerate(labels)}
    groups: dict[str, list] = {}
    for card in sorted(cards, key=lambda c: (c.unit.depth, order.get(c.unit.type, 99))):
        groups.setdefault(card.unit.type, []).append(card)
    return [(str(labels.get(t, t)), cards) for t, cards in groups.items()]


def units_text(n: int, lang: str) -> str:
    """'1 unit', '32 units'."""
    return ngettext("%(n)s unit", "%(n)s units", n) % {"n": fmt_number(n, 0, lang)}


def lagging_indicators(ctx: ReportContext) -> list:
    lang = ctx.language
    behind = [r for r in ctx.scorecard.rows if r.status in LAGGING]
    judged = [r for r in ctx.scorecard.rows if r.status is not None]
    if not judged:
        return []
    if not behind:
        if len(judged) == 1:
            r = judged[0]
            text = _("taken as a whole, %(name)s is %(status)s: %(target)s") % {
                "name": mid_sentence(r.indicator.name(lang), lang),
                "status": status_label(r.status),
                "target": target_text(r, lang, after_status=True),
            }
        else:
            text = _("taken as a whole, none of the %(n)s indicators with a target is behind schedule") % {
                "n": fmt_number(len(judged), 0, lang)
            }
        return [Paragraph(_sentence(text))]
    return [
        _lagging_table(
            ctx, [(ctx.unit.name(lang), r) for r in behind], _("Indicators behind"), _("Indicators behind schedule")
        )
    ]


# -- III. next period ---------------------------------------------------------
def next_period(ctx: ReportContext) -> Section:
    """The tasks of the next period: the theme and plan, then the tasks that
    follow from section II (each lagging figure and each overdue
    remediation, with its lead unit and deadline), then the schemes due."""
    lang = ctx.language
    section = Section(_("III. KEY TASKS FOR %(period)s") % {"period": period_name(ctx.next, lang).upper()})
    if ctx.theme is not None:
        section.add(Paragraph(_sentence(ctx.theme.name(lang)), lead=_("Key theme:")))
    section.blocks += [FreeText(t) for t in ctx.free_text.get("III", [])]
    items = [
        ngettext(
            "carry on the %(n)s task group of the programme",
            "carry on the %(n)s task groups of the programme",
            ctx.group_count,
        )
        % {"n": fmt_number(ctx.group_count, 0, lang)},
    ]
    plan = _outline_items(ctx, ctx.plan)
    items += [t for t, _link in plan]
    links = ("", *(link for _t, link in plan))
    actions = follow_ups(ctx)
    if actions:
        items.append(
            ngettext(
                "carry out the %(n)s task that follows from section II, with its lead unit and deadline",
                "carry out the %(n)s tasks that follow from section II, each with its lead unit and deadline",
                len(actions),
            )
            % {"n": fmt_number(len(actions), 0, lang)}
        )
    if ctx.next_tasks:
        items.append(
            ngettext(
                "complete %(n)s scheme, regulation or task due in %(period)s",
                "complete %(n)s schemes, regulations and tasks due in %(period)s",
                len(ctx.next_tasks),
            )
            % {"n": fmt_number(len(ctx.next_tasks), 0, lang), "period": period_name(ctx.next, lang)}
        )
    section.add(Bullets([_sentence(t) for t in items], links=links))
    if actions:
        section.add(
            Table(
                pgettext("report", "Follow-up"),
                _("Tasks that follow from the limitations and delays in section II"),
                [_("No."), _("Task"), _("Lead unit"), pgettext("report", "Deadline")],
                [
                    [
                        Cell(str(i), i, "0"),
                        Cell(a.text),
                        Cell(a.lead),
                        Cell(fmt_day(a.deadline) if a.deadline else "", a.deadline, excel_day_format(a.deadline)),
                    ]
                    for i, a in enumerate(actions, start=1)
                ],
                widths=(7, 55, 24, 14),
            )
        )
    if ctx.next_tasks:
        rows = [
            [
                Cell(str(i), i, "0"),
                Cell(t.name(lang)),
                Cell(t.get_kind_display()),
                Cell(t.lead_unit.name(lang) if t.lead_unit else ""),
                Cell(t.group.code),
            ]
            for i, t in enumerate(ctx.next_tasks, start=1)
        ]
        section.add(
            Table(
                _("Next period"),
                _("Schemes, regulations and tasks due in %(period)s") % {"period": period_name(ctx.next, lang)},
                [_("No."), _("Task"), _("Kind"), _("Lead unit"), _("Group")],
                rows,
                widths=(7, 43, 15, 25, 9),
            )
        )
    section.blocks += blocks_for("next_period", ctx)
    return section


def follow_ups(ctx: ReportContext) -> list[Action]:
    """Each unit behind its target (worst first, as in section II) becomes a
    task for that unit, due by the end of the target's period; the
    registers add theirs (overdue remediation, the plan's limitations)
    through the 'tasks' slot."""
    lang = ctx.language
    out: list[Action] = []
    judged = [card for card in ctx.subtree if card.lagging]
    for _label, cards in _by_level(judged):
        for card in sorted(cards, key=_worst)[:TABLE_LAGGING_AT_MOST]:
            for r in sorted(card.lagging, key=_severity):
                out.append(
                    Action(
                        _sentence(
                            _("speed up %(name)s: %(target)s, %(due)s due by now")
                            % {
                                "name": mid_sentence(r.indicator.name(lang), lang),
                                "target": target_text(r, lang),
                                "due": fmt_number(expected(r.target.value, r.due_share), 0, lang),
                            }
                        ),
                        card.unit.name(lang),
                        Period.parse(r.target.period).end,
                    )
                )
    return out + blocks_for("tasks", ctx)


# -- note on the data -------------------------------------------------------
def data_note(ctx: ReportContext) -> list:
    """Where the figures come from: the approved records of the reporting
    round (how many were estimated, how many entered as totals), each
    register's records, and what the profile says was invented (the demo)."""
    lang = ctx.language
    lines = []
    if ctx.records:
        text = _("the entered figures sum %(records)s of %(units)s for %(period)s") % {
            "records": ngettext("%(n)s approved record", "%(n)s approved records", ctx.records)
            % {"n": fmt_number(ctx.records, 0, lang)},
            "units": ngettext("%(n)s reporting unit", "%(n)s reporting units", ctx.reporting_units)
            % {"n": fmt_number(ctx.reporting_units, 0, lang)},
            "period": period_name(ctx.period, lang),
        }
        extra = []
        if ctx.total_records:
            extra.append(
                ngettext(
                    "%(n)s record was entered as a total at a unit with units below it",
                    "%(n)s records were entered as totals at units with units below them",
                    ctx.total_records,
                )
                % {"n": count(ctx.total_records, lang)}
            )
        if ctx.synthetic_records:
            extra.append(
                ngettext(
                    "%(n)s record is an estimate or a spread of a published total, not a unit's report",
                    "%(n)s records are estimates or spreads of published totals, not units' reports",
                    ctx.synthetic_records,
                )
                % {"n": count(ctx.synthetic_records, lang)}
            )
        lines.append("; ".join([text, *extra]))
    lines += blocks_for("provenance", ctx)
    lines += ctx.notes
    if not lines:
        return []
    return [Subheading(_("Note on the data")), Bullets([_sentence(t) for t in lines])]


# -- annex --------------------------------------------------------------------
def annex(ctx: ReportContext, progress) -> Section:
    lang = ctx.language
    section = Section(_("ANNEX: DATA TABLES AND CHARTS"))
    section.blocks += data_note(ctx)
    groups = [(g, rows) for g, rows in ctx.scorecard.groups if g is not None]
    for n, (group, rows) in enumerate(groups, start=1):
        section.add(group_table(ctx, n, group, rows))
    covered = {g.pk for g, _rows in ctx.scorecard.groups if g is not None}
    empty = [g for g in ctx.programme.task_groups.order_by("sort_order", "code") if g.pk not in covered]
    if empty:
        section.add(
            Paragraph(
                _sentence(
                    _("task groups without quantitative indicators: %(groups)s")
                    % {"groups": "; ".join(f"{g.code}. {g.name(lang)}" for g in empty)}
                )
            )
        )
    progress("charts")
    figures = target_charts(ctx) + comparison_charts(ctx)
    section.blocks += [_numbered(chart, n) for n, chart in enumerate(figures, start=1)]
    section.blocks += blocks_for("annex", ctx)
    section.blocks += data_quality(ctx)
    return section


def data_quality(ctx: ReportContext) -> list:
    """The note on data quality: the figures of the period that break a
    warning rule of the programme, kept as reported, with the reason when
    one was given. Nothing when there are none."""
    lang = ctx.language
    warnings = RuleWarning.objects.filter(
        rule__programme=ctx.programme, period=ctx.period.code, unit__path__startswith=ctx.unit.path
    ).order_by("unit__path", "rule__code")
    items = []
    for warning in warnings:
        text = warning.message(lang)
        if warning.acknowledged:
            text += " " + _("(accepted: %(reason)s)") % {"reason": warning.acknowledged_reason}
        items.append(text)
    if not items:
        return []
    return [
        Subheading(_("Note on data quality")),
        Paragraph(_("These figures break a consistency rule of the programme and are kept as reported:")),
        Bullets(items),
    ]


def _numbered(chart: Chart, n: int) -> Chart:
    title = _("Figure %(n)s. %(title)s") % {"n": n, "title": chart.title}
    key = _("Figure %(n)s") % {"n": n}
    return Chart(key, title, chart.draw, Table(key, title, chart.data.columns, chart.data.rows, chart.data.note))


def figure_cell(row: ScorecardRow, figure, lang: str) -> Cell:
    """A figure in a table: the text the report shows ('6/43 (14,0 %)',
    '29/67', '5.155') and, for the Excel annex, a number: a ratio as its
    fraction shown as %, a count as itself."""
    text = value_text(row, figure, lang)
    if figure.value is None:
        return Cell(text)
    if row.is_ratio:
        share = Decimal(figure.numerator) / Decimal(figure.denominator) if figure.denominator else None
        return Cell(text, share, _percent_format(row.indicator.decimals))
    decimals = row.indicator.decimals
    return Cell(text, figure.value, "#,##0" if decimals == 0 else "#,##0." + "0" * decimals)


def _records_url(query: str) -> str:
    return f"{reverse('dashboard:values')}?{query}"


# Resolved when the HTML report writes it: reversing loads the site's URLs,
# and with them every view (about a second), which a PDF, DOCX or XLSX report
# never shows (issue 21).
_records_url_lazy = lazy(_records_url, str)


def records_link(ctx: ReportContext, code: str, unit=None, period=None) -> str:
    """The page that lists the records behind a figure (who entered which
    value, when, from which source), for the HTML report; a lazy string,
    resolved when first read."""
    query = urlencode(
        {
            "programme": ctx.programme.code,
            "unit": (unit or ctx.unit).code,
            "period": (period or ctx.period).code,
            "indicator": code,
        }
    )
    return _records_url_lazy(query)


def _signed_percent(decimals: int) -> str:
    shown = _percent_format(decimals)
    return f"+{shown};-{shown};{shown}"


def group_table(ctx: ReportContext, n: int, group, rows: list[ScorecardRow]) -> Table:
    lang = ctx.language
    columns = [
        _("Indicator"),
        pgettext("unit of measure", "Measure"),
        _("Result"),
        _("Target"),
        _("Same period %(year)s") % {"year": ctx.previous.year},
        pgettext("comparison", "Change"),
        pgettext("assessment", "Status"),
    ]
    body = []
    for r in rows:
        target = Cell("")
        if r.target is not None and r.target.threshold:
            target = Cell(threshold_text(r, lang))
        elif r.target is not None and not r.is_ratio:
            target = Cell(f"{fmt_number(r.target.value, 0, lang)} ({share_text(r, lang)})", r.target.value, "#,##0")
        change = r.change
        if change is not None and r.is_ratio:
            change_cell = Cell(
                change_text(r, lang, signed=True), Decimal(change) / 100, _signed_percent(r.indicator.decimals)
            )
        else:
            change_cell = Cell(change_text(r, lang, signed=True), change, "+#,##0;-#,##0;0")
        body.append(
            [
                Cell(r.indicator.name(lang), link=records_link(ctx, r.indicator.code)),
                Cell(r.indicator.measure(lang) or ("%" if r.is_ratio else "")),
                figure_cell(r, r.figure, lang),
                target,
                figure_cell(r, r.previous, lang),
                change_cell,
                Cell(status_label(r.status)),
            ]
        )
    title = _("Table %(n)s. %(group)s") % {"n": n, "group": group.name(lang)}
    return Table(_("Table %(n)s") % {"n": n}, title, columns, body, widths=(30, 9, 15, 13, 13, 10, 10))


def target_charts(ctx: ReportContext) -> list[Chart]:
    lang = ctx.language
    out = []
    for row in ctx.scorecard.rows:
        if row.target is None or row.is_ratio or row.target.threshold:
            continue
        cards = [c for c in ctx.children if c.rows[row.indicator.code].target is not None]
        if len(cards) < 2:
            continue
        due = row.due_share * 100
        shares = [c.rows[row.indicator.code].share_of_target or Decimal(0) for c in cards]
        labels = [c.unit.name(lang) for c in cards]
        draw = _drawing(
            "share_of_target",
            labels,
            [float(s) for s in shares],
            float(due),
            (_("share of target: on schedule"), _("share of target: behind"), _("due by now")),
        )
        data = Table(
            row.indicator.code,
            _("%(name)s: share of target by unit") % {"name": row.indicator.name(lang)},
            [_("Unit"), _("Result"), _("Target"), _("Of target")],
            [
                [
                    Cell(c.unit.name(lang)),
                    _num(c.rows[row.indicator.code].figure.value, lang),
                    _num(c.rows[row.indicator.code].target.value, lang),
                    Cell(fmt_percent(s, 0, lang), _fraction(s), "0%"),
                ]
                for c, s in zip(cards, shares, strict=True)
            ],
            note=_("Due by the end of the period: %(due)s of the target.") % {"due": fmt_percent(due, 0, lang)},
            widths=(4, 2, 2, 2),
        )
        out.append(Chart(data.key, data.title, draw, data))
    return out


def comparison_charts(ctx: ReportContext) -> list[Chart]:
    """Per task group, its counts against the same period last year: one
    chart per unit of measure, so 5.155 members do not flatten 48
    organisations on a shared axis."""
    out = []
    for group, rows in ctx.scorecard.groups:
        if group is None:
            continue
        pairs = [r for r in rows if not r.is_ratio and r.figure.value is not None and r.previous.value is not None]
        by_measure: dict[str, list[ScorecardRow]] = {}
        for r in pairs:
            by_measure.setdefault(r.indicator.measure_vi, []).append(r)
        charted = [same for same in by_measure.values() if len(same) >= 2]
        for same in charted:
            out.append(_comparison_chart(ctx, group, same, named=len(charted) > 1))
    return out


def _comparison_chart(ctx: ReportContext, group, pairs: list[ScorecardRow], named: bool) -> Chart:
    lang = ctx.language
    labels = [r.indicator.name(lang) for r in pairs]
    draw = _drawing(
        "this_year_and_last",
        [_wrap(label) for label in labels],
        [float(r.figure.value) for r in pairs],
        [float(r.previous.value) for r in pairs],
        (period_name(ctx.period, lang), period_name(ctx.previous, lang)),
        fmt=lambda v: fmt_number(v, 0, lang),
    )
    name = group.name(lang)
    measure = pairs[0].indicator.measure(lang)
    if named and measure:
        name = f"{name} ({measure})"
    data = Table(
        group.code,
        _("%(group)s: %(period)s and the same period of %(year)s")
        % {"group": name, "period": period_name(ctx.period, lang), "year": ctx.previous.year},
        [
            _("Indicator"),
            period_name(ctx.period, lang),
            period_name(ctx.previous, lang),
            pgettext("comparison", "Change"),
        ],
        [
            [
                Cell(r.indicator.name(lang)),
                _num(r.figure.value, lang),
                _num(r.previous.value, lang),
                Cell(change_text(r, lang, signed=True), r.change, "+#,##0;-#,##0;0"),
            ]
            for r in pairs
        ],
    )
    return Chart(data.key, data.title, draw, data)


def _drawing(name: str, *args, **kwargs) -> Callable[[], bytes]:
    """Draws ``charts.<name>(*args, **kwargs)`` when a renderer asks for
    the picture: matplotlib loads only when a chart is drawn, and a report
    that embeds no picture (the Excel annex) draws none."""

    def draw() -> bytes:
        from . import charts

        return getattr(charts, name)(*args, **kwargs)

    return draw


def _wrap(label: str, width: int = 45) -> str:
    words, lines, line = label.split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "\n".join(lines)
