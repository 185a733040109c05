"""From the findings register: the limitations of the remediation plans on
record with their units, causes and where their remediation stands (section
II), the causes themselves, the limitations past their remediation deadline
or closed without evidence at the report's date, unit by unit, and the
tasks that follow for the next period. (The counts themselves reach the
report as computed indicators.)"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from steerco.findings.dated import known_on
from steerco.findings.models import (
    Cause,
    CauseKind,
    DeepReviewSuggestion,
    Finding,
    RemediationPlan,
    Status,
    WeakOrganisation,
)
from steerco.findings.services.exceptions import NO_EVIDENCE, OVERDUE, exception_list
from steerco.lib.numbers import excel_day_format, fmt_day, fmt_number

from ..contributions import contribute
from ..document import Action, Bullets, Cell, Paragraph, Subheading, Table
from ..phrases import attach, count, sentence, short_date, units_count

REASONS = (OVERDUE, NO_EVIDENCE)


@contribute("registers")
def records_counted(ctx) -> list[str]:
    """The records behind the register figures, by the computations' own
    rules: findings on the books in the period (identified by its end, not
    verified before it began), deep self-reviews followed up in it (those
    of the previous year's review), organisations on its years' weak lists."""
    lang, p, path = ctx.language, ctx.span, ctx.unit.path
    years = p.years
    findings = (
        Finding.objects.filter(owner__path__startswith=path, identified_on__lte=p.end)
        .filter(Q(verified_on__isnull=True) | Q(verified_on__gte=p.start))
        .count()
    )
    reviews = DeepReviewSuggestion.objects.filter(
        addressed_to__path__startswith=path, review_year__in=[y - 1 for y in years]
    ).count()
    weak = WeakOrganisation.objects.filter(organisation__path__startswith=path, year__in=years).count()
    out = []
    if findings:
        out.append(ngettext("%(n)s finding", "%(n)s findings", findings) % {"n": fmt_number(findings, 0, lang)})
    if reviews:
        out.append(
            ngettext("%(n)s deep self-review suggestion", "%(n)s deep self-review suggestions", reviews)
            % {"n": fmt_number(reviews, 0, lang)}
        )
    if weak:
        out.append(
            ngettext("%(n)s organisation on the weak list", "%(n)s organisations on the weak list", weak)
            % {"n": fmt_number(weak, 0, lang)}
        )
    return out


def overdue_at(unit, day) -> list:
    """The findings of ``unit``'s subtree past their deadline or closed
    without evidence on ``day`` (the register's own rule, as they stood
    then): what a report dated ``day`` lists."""
    return [
        e
        for e in exception_list(Finding.objects.filter(owner__path__startswith=unit.path), today=day, dated=True)
        if set(e.reasons) & set(REASONS)
    ]


def overdue_count(unit, day) -> int:
    """How many limitations a report dated ``day`` lists as overdue."""
    return sum(1 for e in overdue_at(unit, day) if OVERDUE in e.reasons)


def _overdue(ctx) -> list:
    """``overdue_at`` the report's unit and date, computed once per report."""
    if "findings.overdue" not in ctx.cache:
        ctx.cache["findings.overdue"] = overdue_at(ctx.unit, ctx.issued_on)
    return ctx.cache["findings.overdue"]


@contribute("provenance")
def registers_note(ctx) -> list[str]:
    counted = records_counted(ctx)
    if not counted:
        return []
    return [
        _(
            "the figures on limitations and their remediation, deep self-reviews and weak organisations are"
            " counted from the findings registers (%(records)s), as the records stood at the date of this report"
        )
        % {"records": "; ".join(counted)}
    ]


@contribute("overdue")
def overdue_findings(ctx) -> list:
    found = _overdue(ctx)
    if not found:
        return []
    lang = ctx.language
    overdue = [e for e in found if OVERDUE in e.reasons]
    closed = sum(NO_EVIDENCE in e.reasons for e in found)
    parts = []
    if overdue:
        parts.append(
            ngettext(
                "%(n)s limitation is past its remediation deadline in %(units)s",
                "%(n)s limitations are past their remediation deadline in %(units)s",
                len(overdue),
            )
            % {"n": count(len(overdue), lang), "units": units_count(len({e.finding.owner_id for e in overdue}), lang)}
        )
    if closed:
        parts.append(
            ngettext(
                "%(n)s was marked remediated without evidence",
                "%(n)s were marked remediated without evidence",
                closed,
            )
            % {"n": count(closed, lang)}
        )
    rows = [
        [
            Cell(e.finding.owner.name(lang)),
            Cell(e.finding.title, link=finding_link(e.finding)),
            Cell(fmt_day(e.finding.deadline), e.finding.deadline, excel_day_format(e.finding.deadline)),
            Cell(status_words(status_on(e.finding, ctx.issued_on))),
            Cell(", ".join(label for r, label in zip(e.reasons, e.labels, strict=True) if r in REASONS)),
        ]
        for e in found
    ]
    columns = [_("Unit"), _("Limitation"), _("Remediation deadline"), _("Status"), _("Why")]
    title = _("Limitations overdue or closed without evidence, at %(date)s") % {"date": short_date(ctx.issued_on)}
    return [Paragraph(sentence("; ".join(parts))), Table(_("Overdue"), title, columns, rows, widths=(3, 6, 2, 2, 2))]


def finding_link(finding: Finding) -> str:
    """The finding's page: what the HTML report links a limitation to; a
    lazy string, so that a PDF or DOCX does not load the site's URLs."""
    return reverse_lazy("findings:detail", args=[finding.pk])


def status_words(status: Status) -> str:
    """A finding's state in the report's own words (the workflow's labels
    are shared with other apps' catalogues)."""
    if status == Status.VERIFIED:
        return pgettext("report", "remediated")
    if status == Status.REMEDIATED:
        return _("reported remediated, awaiting verification")
    if status == Status.IN_PROGRESS:
        return pgettext("report", "being remediated")
    if status == Status.OPEN:
        return _("remediation not started")
    return str(status.label)


def status_on(finding: Finding, day) -> Status:
    """Where a finding stood on ``day``, from the dates the register keeps."""
    if finding.closed_on and finding.closed_on <= day:
        return Status.NOT_RELEVANT
    if finding.verified_on and finding.verified_on <= day:
        return Status.VERIFIED
    if finding.remediated_on and finding.remediated_on <= day:
        return Status.REMEDIATED
    if finding.started_on and finding.started_on <= day:
        return Status.IN_PROGRESS
    return Status.OPEN


# -- the limitations on record, their causes and remediation --------------------------
# A subtree with many plans lists this many limitations and counts the rest.
LISTED_AT_MOST = 30


@dataclass
class PlanView:
    plan: RemediationPlan
    findings: list[Finding]
    deadline: object  # the deadline most of its findings share


def _plans(ctx) -> tuple[list[PlanView], list[Cause]]:
    """The remediation plans of the subtree with their limitations
    identified within the report's days (by the end of its period under the
    programme's reporting window: a report of 2022-H1 written later names
    no limitation of 2023) and still known at the report's date (the
    issuer's own plans first), and their causes, numbered in that order.
    Three queries, once per report."""
    if "findings.plans" in ctx.cache:
        return ctx.cache["findings.plans"]
    day, period = ctx.issued_on, ctx.span
    findings = list(
        Finding.objects.filter(owner__path__startswith=ctx.unit.path, plan__isnull=False)
        .filter(Q(programme=ctx.programme) | Q(programme__isnull=True))
        .filter(known_on(day), identified_on__lte=period.end)
        .filter(Q(verified_on__isnull=True) | Q(verified_on__gte=period.start))
        .select_related("owner", "plan", "plan__unit")
        .order_by("plan__unit__path", "plan__adopted_on", "plan_id", "pk")
    )
    by_plan: dict[int, PlanView] = {}
    for f in findings:
        view = by_plan.setdefault(f.plan_id, PlanView(f.plan, [], None))
        view.findings.append(f)
    for view in by_plan.values():
        deadlines = Counter(f.deadline for f in view.findings if f.deadline)
        view.deadline = deadlines.most_common(1)[0][0] if deadlines else None
    plans = sorted(by_plan.values(), key=lambda v: (v.plan.unit.depth, v.plan.unit.path, v.plan.adopted_on, v.plan.pk))
    causes = list(
        Cause.objects.filter(plan_id__in=list(by_plan))
        .select_related("unit")
        .prefetch_related("findings")
        .order_by("plan_id", "pk")
    )
    # Numbered as section II lists them: subjective, then objective.
    order = {v.plan.pk: n for n, v in enumerate(plans)}
    causes.sort(key=lambda c: (c.kind != CauseKind.SUBJECTIVE, order[c.plan_id], c.pk))
    ctx.cache["findings.plans"] = (plans, causes)
    return plans, causes


def _cause_numbers(causes: list[Cause]) -> dict[int, list[int]]:
    """finding pk -> the numbers of its causes, as section II lists them."""
    out: dict[int, list[int]] = {}
    for n, cause in enumerate(causes, start=1):
        for f in cause.findings.all():
            out.setdefault(f.pk, []).append(n)
    return out


def _state(ctx, finding: Finding, common_deadline) -> str:
    """'not started', 'being remediated, due 31/12/2023', 'overdue since
    30/6/2023', 'remediated'."""
    status = status_on(finding, ctx.issued_on)
    if status in (Status.REMEDIATED, Status.VERIFIED):
        return (
            pgettext("report", "remediated")
            if status == Status.VERIFIED
            else _("reported remediated, awaiting verification")
        )
    text = pgettext("report", "being remediated") if status == Status.IN_PROGRESS else _("remediation not started")
    if finding.deadline and finding.deadline < ctx.issued_on:
        return text + ", " + _("overdue since %(date)s") % {"date": short_date(finding.deadline)}
    if finding.deadline and finding.deadline != common_deadline:
        return text + ", " + _("due %(date)s") % {"date": short_date(finding.deadline)}
    return text


@contribute("limitations")
def recorded_limitations(ctx) -> list:
    """Each limitation of the plans on record: its unit, its causes and
    where its remediation stands."""
    plans, causes = _plans(ctx)
    if not plans:
        return []
    lang = ctx.language
    numbers = _cause_numbers(causes)
    per_plan = Counter(c.plan_id for c in causes)
    blocks: list = []
    listed = 0
    left = 0
    for view in plans:
        plan = view.plan
        lead = _("%(unit)s identified %(n)s and %(causes)s in its %(plan)s, adopted on %(date)s") % {
            "unit": plan.unit.name(lang),
            "n": ngettext("%(n)s limitation", "%(n)s limitations", len(view.findings))
            % {"n": count(len(view.findings), lang)},
            "causes": ngettext("%(n)s cause", "%(n)s causes", per_plan[plan.pk]) % {"n": count(per_plan[plan.pk], lang)}
            if per_plan[plan.pk]
            else pgettext("report", "no cause"),
            "plan": plan.title,
            "date": short_date(plan.adopted_on),
        }
        if view.deadline:
            lead += "; " + _("remediation is due by %(date)s") % {"date": short_date(view.deadline)}
        items, links, anchors = [], [], []
        for f in view.findings:
            if listed >= LISTED_AT_MOST:
                left += 1
                continue
            listed += 1
            text = f.title.rstrip(".")
            if f.owner_id != plan.unit_id:
                text += f", {f.owner.name(lang)}"
            refs = numbers.get(f.pk)
            if refs:
                text = attach(
                    text,
                    ngettext("cause %(list)s", "causes %(list)s", len(refs)) % {"list": ", ".join(map(str, refs))},
                )
            items.append(sentence(f"{text}; {_state(ctx, f, view.deadline)}"))
            links.append(finding_link(f))
            anchors.append(len(f.title.rstrip(".")))  # the finding's title carries the link
        blocks.append(Paragraph(sentence(lead).rstrip(".") + ":"))
        if items:
            blocks.append(Bullets(items, links=tuple(links), anchors=tuple(anchors)))
    if left:
        blocks.append(
            Paragraph(
                sentence(
                    ngettext(
                        "%(n)s more limitation is in the register", "%(n)s more limitations are in the register", left
                    )
                    % {"n": count(left, lang)}
                )
            )
        )
    return blocks


@contribute("causes")
def recorded_causes(ctx) -> list:
    """The causes on record, subjective then objective, numbered as the
    limitations refer to them."""
    causes = _plans(ctx)[1]
    if not causes:
        return []
    lang = ctx.language
    blocks: list = []
    for kind, lead in ((CauseKind.SUBJECTIVE, _("Subjective causes:")), (CauseKind.OBJECTIVE, _("Objective causes:"))):
        items = []
        for n, cause in enumerate(causes, start=1):
            if cause.kind != kind:
                continue
            effects = len(cause.findings.all())
            text = f"({n}) {cause.description.rstrip('.')}"
            if cause.unit_id != ctx.unit.pk:
                text += f", {cause.unit.name(lang)}"
            if effects:
                text += "; " + ngettext("it underlies %(n)s limitation", "it underlies %(n)s limitations", effects) % {
                    "n": count(effects, lang)
                }
            items.append(sentence(text))
        if items:
            blocks += [Subheading(lead, level=3), Bullets(items)]
    return blocks


@contribute("backlog")
def overdue_backlog(ctx) -> list[str]:
    overdue = [e for e in _overdue(ctx) if OVERDUE in e.reasons]
    if not overdue:
        return []
    lang = ctx.language
    return [
        ngettext(
            "%(n)s limitation is past its remediation deadline in %(units)s (section 3)",
            "%(n)s limitations are past their remediation deadline in %(units)s (section 3)",
            len(overdue),
        )
        % {"n": count(len(overdue), lang), "units": units_count(len({e.finding.owner_id for e in overdue}), lang)}
    ]


@contribute("tasks")
def remediation_tasks(ctx) -> list[Action]:
    """Each plan's limitations still to remediate, led by the plan's unit by
    the plan's deadline; each unit's overdue remediation, due by the end of
    the next period."""
    lang = ctx.language
    out: list[Action] = []
    overdue = [e for e in _overdue(ctx) if OVERDUE in e.reasons]
    late = {e.finding.pk for e in overdue}
    for view in _plans(ctx)[0]:
        open_ = [
            f
            for f in view.findings
            if f.pk not in late and status_on(f, ctx.issued_on) not in (Status.REMEDIATED, Status.VERIFIED)
        ]
        if open_:
            out.append(
                Action(
                    sentence(
                        ngettext(
                            "remediate the %(n)s limitation of the %(plan)s",
                            "remediate the %(n)s limitations of the %(plan)s",
                            len(open_),
                        )
                        % {"n": count(len(open_), lang), "plan": view.plan.title}
                    ),
                    view.plan.unit.name(lang),
                    view.deadline,
                )
            )
    by_unit: dict[int, list] = {}
    for e in overdue:
        by_unit.setdefault(e.finding.owner_id, []).append(e.finding)
    for findings in by_unit.values():
        first = min(f.deadline for f in findings)
        out.append(
            Action(
                sentence(
                    ngettext(
                        "complete the remediation of %(n)s limitation overdue since %(date)s",
                        "complete the remediation of %(n)s limitations overdue since %(date)s",
                        len(findings),
                    )
                    % {"n": count(len(findings), lang), "date": short_date(first)}
                ),
                findings[0].owner.name(lang),
                ctx.next.end,
            )
        )
    return out
