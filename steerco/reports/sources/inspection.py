"""From the inspection register: the cases left outstanding at the report's
date (not concluded; violation found, discipline not decided) as backlogs
and tasks, and discipline by form, for organisations and members, this
period against the same period last year (annex). The funnel counts
themselves reach the report as computed indicators."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.inspection.models import Case
from steerco.inspection.stages import VIOLATION_STAGES, DisciplineForm
from steerco.inspection.statistics import GROUPS, MEMBERS, ORGANISATIONS, group_of, level_stats
from steerco.lib.numbers import fmt_number
from steerco.units.models import Unit

from ..contributions import contribute
from ..document import Action, Cell, Table
from ..phrases import count, sentence, units_count
from ..wording import period_name


@contribute("registers")
def cases_counted(ctx) -> list[str]:
    """Inspection cases with a stage (opened, concluded, decided) in the
    period, in the issuer's subtree."""
    stats = level_stats(ctx.unit, ctx.period, window=ctx.programme.reporting_window)
    cases = sum(stats.group(name).current.cases for name in GROUPS)
    if not cases:
        return []
    return [
        ngettext("%(n)s inspection case", "%(n)s inspection cases", cases) % {"n": fmt_number(cases, 0, ctx.language)}
    ]


def _pending(ctx) -> dict[str, dict[str, list]]:
    """At the report's date, in the issuer's subtree: the cases opened and
    not yet concluded, and those concluded with a violation and not yet
    decided, as they stood then (from the cases' dates), by group."""
    day = ctx.issued_on
    cases = Case.objects.filter(commission__path__startswith=ctx.unit.path, opened_on__lte=day)
    open_ = cases.filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=day))
    undecided = cases.filter(concluded_on__lte=day, stage__in=VIOLATION_STAGES).filter(
        Q(decided_on__isnull=True) | Q(decided_on__gt=day)
    )
    out: dict[str, dict[str, list]] = {"open": {}, "undecided": {}}
    for key, qs in (("open", open_), ("undecided", undecided)):
        for subject, commission in qs.values_list("subject", "commission_id").order_by("commission__path", "pk"):
            out[key].setdefault(group_of(subject), []).append(commission)
    return out


def _both(groups: dict[str, list], lang: str) -> str:
    """'05 tổ chức đảng và 16 đảng viên', leaving out a group with none."""
    parts = []
    if groups.get(ORGANISATIONS):
        n = len(groups[ORGANISATIONS])
        parts.append(ngettext("%(n)s Party organisation", "%(n)s Party organisations", n) % {"n": count(n, lang)})
    if groups.get(MEMBERS):
        n = len(groups[MEMBERS])
        parts.append(ngettext("%(n)s Party member", "%(n)s Party members", n) % {"n": count(n, lang)})
    if len(parts) == 2:
        return _("%(first)s and %(second)s") % {"first": parts[0], "second": parts[1]}
    return "".join(parts)


@contribute("provenance")
def cases_note(ctx) -> list[str]:
    stats = level_stats(ctx.unit, ctx.period, window=ctx.programme.reporting_window)
    cases = sum(stats.group(name).current.cases for name in GROUPS)
    if not cases:
        return []
    return [
        _(
            "the inspection and discipline figures are counted from %(cases)s of the inspection commissions,"
            " each stage in the period of its own date (decision to inspect, conclusion, discipline)"
        )
        % {
            "cases": ngettext("%(n)s inspection case", "%(n)s inspection cases", cases)
            % {"n": fmt_number(cases, 0, ctx.language)}
        }
    ]


@contribute("backlog")
def cases_pending(ctx) -> list[str]:
    pending = _pending(ctx)
    lang = ctx.language
    out = []
    if pending["undecided"]:
        out.append(
            _("%(who)s found in violation have not yet been considered for discipline")
            % {"who": _both(pending["undecided"], lang)}
        )
    if pending["open"]:
        out.append(
            _("the inspections of %(who)s on signs of violation are not yet concluded")
            % {"who": _both(pending["open"], lang)}
        )
    return out


@contribute("tasks")
def cases_to_finish(ctx) -> list[Action]:
    """Concluding the open cases and deciding on the violations found, led
    by the commissions that hold them, by the end of the next period."""
    pending = _pending(ctx)
    lang = ctx.language
    out = []
    for key, text in (
        ("undecided", _("consider discipline for %(who)s found in violation")),
        ("open", _("conclude the inspections of %(who)s on signs of violation")),
    ):
        if not pending[key]:
            continue
        commissions = sorted({c for ids in pending[key].values() for c in ids})
        out.append(Action(sentence(text % {"who": _both(pending[key], lang)}), _leads(commissions, lang), ctx.next.end))
    return out


def _leads(unit_ids: list[int], lang: str) -> str:
    """The inspection commissions of the units holding the cases: named
    when few, counted otherwise."""
    if len(unit_ids) > NAMED_LEADS:
        return _("the inspection commissions of %(units)s") % {"units": units_count(len(unit_ids), lang)}
    units = Unit.objects.filter(pk__in=unit_ids).order_by("path")
    return ", ".join(_("Inspection commission of %(unit)s") % {"unit": u.name(lang)} for u in units)


NAMED_LEADS = 2


@contribute("annex")
def discipline_by_form(ctx) -> list[Table]:
    stats = level_stats(ctx.unit, ctx.period, window=ctx.programme.reporting_window)
    lang = ctx.language
    rows = []
    for name in GROUPS:
        group = stats.group(name)
        label = _("Members") if name == MEMBERS else _("Organisations")
        for form in DisciplineForm:
            now, then = group.current.by_form.get(form.value, 0), group.previous.by_form.get(form.value, 0)
            if now or then:
                rows.append(
                    [
                        Cell(label),
                        Cell(str(form.label)),
                        Cell(fmt_number(now, 0, lang), now, "#,##0"),
                        Cell(fmt_number(then, 0, lang), then, "#,##0"),
                    ]
                )
    if not rows:
        return []
    title = _("Discipline by form, %(period)s and the same period of %(year)s") % {
        "period": period_name(ctx.period, lang),
        "year": ctx.previous.year,
    }
    columns = [_("Subject"), _("Form"), period_name(ctx.period, lang), period_name(ctx.previous, lang)]
    return [Table(_("Discipline"), title, columns, rows, widths=(3, 4, 2, 2))]
