"""The report's sections, exception-first: results in a line and a short
list, then limitations, outstanding remediation, lagging units and
indicators, then the tasks of the next period; tables and charts in the
annex."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from steerco.indicators.models import RuleWarning
from steerco.indicators.scorecard import ScorecardRow
from steerco.lib.numbers import fmt_number, fmt_percent
from steerco.lib.status import SEVERITY, expected
from steerco.units.models import UnitType

from .breakdown import LAGGING
from .context import OutlineItem, ReportContext, is_remediation
from .contributions import blocks_for
from .document import Bullets, Cell, Chart, Paragraph, Section, Subheading, Table
from .phrases import change_text, clause, is_zero, previous_text, status_label, target_text, value_text
from .wording import period_name

# Name a unit's figure when this few units have one; more is a table's job.
NAMED_UNITS_AT_MOST = 5


def _sentence(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _num(value, lang, decimals=0) -> Cell:
    return Cell(fmt_number(value, decimals, lang), value, "#,##0" if decimals == 0 else "#,##0." + "0" * decimals)


# -- I. results ---------------------------------------------------------------
def results(ctx: ReportContext) -> Section:
    """Results in a line: one sentence with what it was counted from and the
    entered figures, then the results counted from the registers as a short
    list. What the outline places among the limitations or the plan is
    stated in sections II and III, not here."""
    lang = ctx.language
    section = Section(_("I. RESULTS"))
    rows = ctx.result_rows()
    registers = [_sentence(_register_clause(ctx, r)) for r in ctx.register_rows()]
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
    if counted:
        intro = _("In %(period)s, from %(records)s of %(units)s and from the registers (%(registers)s)") % {
            **source,
            "registers": "; ".join(counted),
        }
    else:
        intro = _("In %(period)s, from %(records)s of %(units)s") % source
    if rows:
        section.add(Paragraph(_sentence(f"{intro}: " + "; ".join(clause(r, ctx.previous, lang) for r in rows))))
    else:
        section.add(Paragraph(_sentence(intro).rstrip(".") + ":"))
    if registers:
        section.add(Bullets(registers))
    section.blocks += blocks_for("results", ctx)
    return section


def _register_clause(ctx: ReportContext, row: ScorecardRow) -> str:
    """'Party organisations inspected: 52 organisations (same period of
    2022: 47, up 5)'; a yes/no count with its share: '29/67 units (43 %)'."""
    return clause(row, ctx.previous, ctx.language, with_percent=True)


def _of_which(ctx: ReportContext, item: OutlineItem, row: ScorecardRow) -> str:
    """', of which 18 carried over and 30 newly arising', from the outline."""
    lang = ctx.language
    sub = ctx.rows.get(item.of_which)
    if sub is None or sub.figure.value is None or row.figure.value is None:
        return ""
    return ", " + _("of which %(part)s %(part_label)s and %(rest)s %(rest_label)s") % {
        "part": fmt_number(sub.figure.value, 0, lang),
        "part_label": item.of_which_label or sub.indicator.name(lang),
        "rest": fmt_number(row.figure.value - sub.figure.value, 0, lang),
        "rest_label": item.rest_label,
    }


# -- II. limitations, remediation, lagging ------------------------------------------
def _unit_detail(ctx: ReportContext, row: ScorecardRow) -> str:
    """'Huyện ủy Ứng Hòa: 7/13 (54 %); Quận ủy Hai Bà Trưng: 13/14 (93 %)'
    when only a few units below have the figure."""
    lang = ctx.language
    found = [
        (card.unit, card.rows[row.indicator.code])
        for card in ctx.children
        if not is_zero(card.rows[row.indicator.code].figure.denominator or card.rows[row.indicator.code].figure.value)
    ]
    if not found or len(found) > NAMED_UNITS_AT_MOST:
        return ""
    return "; ".join(f"{unit.name(lang)}: {value_text(r, lang=lang)}" for unit, r in found)


def _outline_text(ctx: ReportContext, item: OutlineItem) -> str:
    lang = ctx.language
    row = ctx.rows.get(item.code)
    if row is None or not row.figure.has_data:
        return ""
    text = f"{row.indicator.name(lang)}: {value_text(row, lang=lang, with_measure=True)}"
    text += _of_which(ctx, item, row)
    extras = [t for t in (target_text(row, lang), previous_text(row, ctx.previous, lang)) if t]
    if extras:
        text += f" ({'; '.join(extras)})"
    detail = _unit_detail(ctx, row)
    return f"{text}; {detail}" if detail else text


def limitations(ctx: ReportContext) -> Section:
    section = Section(_("II. LIMITATIONS, WEAKNESSES AND THEIR CAUSES"))
    items = [t for t in (_outline_text(ctx, i) for i in ctx.limitations) if t]
    body: list = [Subheading(_("1. Limitations and weaknesses"))]
    if items:
        body.append(Bullets([_sentence(t) for t in items]))
    else:
        body.append(Paragraph(_("No limitations were recorded for this period.")))
    body += blocks_for("limitations", ctx)
    body.append(Subheading(_("2. Remediation not yet completed")))
    body += outstanding(ctx)
    body.append(Subheading(_("3. Units behind schedule")))
    body += lagging_units(ctx)
    body.append(Subheading(_("4. Indicators behind schedule")))
    body += lagging_indicators(ctx)
    section.blocks = body
    return section


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
        lines.append(
            ngettext(
                "%(name)s: %(left)s of %(total)s item still to fix",
                "%(name)s: %(left)s of %(total)s items still to fix",
                int(row.figure.denominator),
            )
            % {
                "name": row.indicator.name(lang),
                "left": fmt_number(left, 0, lang),
                "total": fmt_number(row.figure.denominator, 0, lang),
            }
        )
        for card in ctx.children:
            sub = card.rows[item.code].figure
            if sub.denominator and sub.denominator > sub.numerator:
                lines.append(
                    _("%(unit)s: %(left)s of %(total)s still to fix (%(done)s done)")
                    % {
                        "unit": card.unit.name(lang),
                        "left": fmt_number(sub.denominator - sub.numerator, 0, lang),
                        "total": fmt_number(sub.denominator, 0, lang),
                        "done": value_text(card.rows[item.code], lang=lang),
                    }
                )
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
        due = expected(r.target.value, r.due_share)
        rows.append(
            [
                Cell(who),
                *([] if one else [Cell(r.indicator.name(lang))]),
                _num(r.figure.value, lang),
                _num(r.target.value, lang),
                _num(due, lang),
                Cell(fmt_percent(r.share_of_target, 0, lang), _fraction(r.share_of_target), "0%"),
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


def lagging_units(ctx: ReportContext) -> list:
    """Every unit of the subtree that has a target (districts, grassroots
    organisations, …), judged pro rata; by level, worst first, each level's
    list and table capped so the report stays readable."""
    lang = ctx.language
    judged = [card for card in ctx.subtree if any(r.status for r in card.rows.values())]
    behind = [card for card in judged if card.lagging]
    blocks: list = []
    if not behind:
        blocks.append(
            Paragraph(
                _sentence(
                    ngettext(
                        "the %(n)s unit with a target is not behind the pro-rata target",
                        "none of the %(n)s units with a target is behind the pro-rata target",
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
                    "%(n)s of %(total)s is behind the pro-rata target, by level and worst first",
                    "%(n)s of %(total)s are behind the pro-rata target, by level and worst first",
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
    for label, cards in _by_level(judged):
        late = sorted((c for c in cards if c.lagging), key=_worst)
        if not late:
            continue
        names = ", ".join(f"{c.unit.name(lang)} ({_share(_worst_row(c), lang)})" for c in late[:NAMED_LAGGING_AT_MOST])
        if len(late) > NAMED_LAGGING_AT_MOST:
            names = f"{names} {_and_more(len(late) - NAMED_LAGGING_AT_MOST, lang)}".strip()
        lines.append(
            _("%(level)s: %(n)s of %(total)s: %(names)s")
            % {
                "level": label,
                "n": fmt_number(len(late), 0, lang),
                "total": units_text(len(cards), lang),
                "names": names,
            }
        )
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
    return fmt_percent(row.share_of_target, 0, lang)


def _and_more(n: int, lang: str) -> str:
    return ngettext("and %(n)s more unit", "and %(n)s more units", n) % {"n": fmt_number(n, 0, lang)}


def _by_level(cards) -> list[tuple[str, list]]:
    """Cards grouped by the type of unit, the higher levels first."""
    labels = dict(UnitType.choices)
    order = {t: i for i, t in enumerate(UnitType.values)}
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
    if not behind:
        return [
            Paragraph(
                _sentence(
                    ngettext(
                        "the %(n)s indicator with a target is not behind: %(list)s",
                        "none of the %(n)s indicators with a target is behind: %(list)s",
                        len(judged),
                    )
                    % {
                        "n": fmt_number(len(judged), 0, lang),
                        "list": "; ".join(
                            f"{r.indicator.name(lang)} {target_text(r, lang)} – {status_label(r.status)}"
                            for r in judged
                        ),
                    }
                )
            )
        ]
    return [
        _lagging_table(
            ctx, [(ctx.unit.name(lang), r) for r in behind], _("Indicators behind"), _("Indicators behind schedule")
        )
    ]


# -- III. next period ---------------------------------------------------------
def next_period(ctx: ReportContext) -> Section:
    lang = ctx.language
    section = Section(_("III. KEY TASKS FOR %(period)s") % {"period": period_name(ctx.next, lang).upper()})
    if ctx.theme is not None:
        section.add(Paragraph(_sentence(ctx.theme.name(lang)), lead=_("Key theme:")))
    items = [
        ngettext(
            "carry on the %(n)s task group of the programme",
            "carry on the %(n)s task groups of the programme",
            ctx.group_count,
        )
        % {"n": fmt_number(ctx.group_count, 0, lang)},
    ]
    items += [t for t in (_outline_text(ctx, i) for i in ctx.plan) if t]
    if ctx.next_tasks:
        items.append(
            ngettext(
                "complete %(n)s scheme, regulation or task due in %(period)s (table below)",
                "complete %(n)s schemes, regulations and tasks due in %(period)s (table below)",
                len(ctx.next_tasks),
            )
            % {"n": fmt_number(len(ctx.next_tasks), 0, lang), "period": period_name(ctx.next, lang)}
        )
    section.add(Bullets([_sentence(t) for t in items]))
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


# -- annex --------------------------------------------------------------------
def annex(ctx: ReportContext, progress) -> Section:
    lang = ctx.language
    section = Section(_("ANNEX: DATA TABLES AND CHARTS"))
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
    return Chart(key, title, chart.png, Table(key, title, chart.data.columns, chart.data.rows, chart.data.note))


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
        result = (
            Cell(value_text(r, lang=lang))
            if r.is_ratio or (r.is_yesno and r.figure.denominator != r.figure.value)
            else _num(r.figure.value, lang, r.indicator.decimals)
        )
        target = ""
        if r.target is not None and not r.is_ratio:
            target = f"{fmt_number(r.target.value, 0, lang)} ({fmt_percent(r.share_of_target, 0, lang)})"
        body.append(
            [
                Cell(r.indicator.name(lang)),
                Cell(r.indicator.measure(lang) or ("%" if r.is_ratio else "")),
                result,
                Cell(target),
                Cell(value_text(r, r.previous, lang)),
                Cell(change_text(r, lang, signed=True)),
                Cell(status_label(r.status)),
            ]
        )
    title = _("Table %(n)s. %(group)s") % {"n": n, "group": group.name(lang)}
    return Table(_("Table %(n)s") % {"n": n}, title, columns, body, widths=(30, 9, 15, 13, 13, 10, 10))


def target_charts(ctx: ReportContext) -> list[Chart]:
    lang = ctx.language
    out = []
    for row in ctx.scorecard.rows:
        if row.target is None or row.is_ratio:
            continue
        cards = [c for c in ctx.children if c.rows[row.indicator.code].target is not None]
        if len(cards) < 2:
            continue
        due = row.due_share * 100
        shares = [c.rows[row.indicator.code].share_of_target or Decimal(0) for c in cards]
        labels = [c.unit.name(lang) for c in cards]
        from . import charts  # matplotlib loads only when a chart is drawn

        png = charts.share_of_target(
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
        out.append(Chart(data.key, data.title, png, data))
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
    from . import charts  # matplotlib loads only when a chart is drawn

    png = charts.this_year_and_last(
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
    return Chart(data.key, data.title, png, data)


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
