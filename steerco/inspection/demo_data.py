"""Synthetic inspection cases for the demo, from which the published
2023-H1 figures (and the 2022-H1 comparison) are counted.

The source publishes city totals only; they are spread over the 33
commissions (the city commission, the 30 district committees and the two
bloc committees) with the same stable spreading as the other demo records,
each stage capped by the one before it in every commission. Every case is
then moved through its stages by the services' own rules
(``apply_conclusion``, ``apply_decision``), with dates inside the half-year
it counts in (see ``statistics`` for the
counting rule). docs/demo-data.md lists the counts the source does not give.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from simple_history.utils import bulk_create_with_history

from steerco.demo.loader import STORY_DAY, demo_span, demo_units
from steerco.lib.spread import spread, weight
from steerco.lib.windows import Span
from steerco.units.models import Unit, UnitType

from . import services
from .models import Case, PersonRecord
from .scope import level_served
from .stages import DisciplineForm, Subject


@dataclass(frozen=True)
class Plan:
    """Totals for one group in one half-year, and the forms of the
    disciplined cases (as many as ``disciplined``)."""

    inspected: int
    concluded: int
    violation: int
    disciplined: int
    forms: Sequence[str]


R, W, C, K = DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.REMOVAL, DisciplineForm.EXPULSION
PLANS = {  # in the order of time, so that case numbers follow it
    # Published: 95 members inspected; everything else invented.
    "2022-H1": {
        Subject.ORGANISATION: Plan(47, 41, 7, 2, [R, W]),
        "members": Plan(95, 93, 41, 30, [R] * 17 + [W] * 8 + [C] * 1 + [K] * 4),
    },
    # Published: 52/43/6/1 organisations, 121/120/55/39 members (43 and 120
    # concluded are inferred from the published percentages).
    "2023-H1": {
        Subject.ORGANISATION: Plan(52, 43, 6, 1, [R]),
        "members": Plan(121, 120, 55, 39, [R] * 24 + [W] * 10 + [C] * 1 + [K] * 4),
    },
}
# Cases of 2022-H1 still open at its end (14 June 2022) close in the second half.
LATER = {"2022-H1": "2022-H2"}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Hữu", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hương", "Lan", "Long", "Nam", "Phong", "Quân", "Sơn", "Trang"]


def commissions() -> list[Unit]:
    """The city commission, then the district and bloc committees (which
    stand for their own commissions in the demo tree), as the demo names them."""
    codes = list(demo_units().inspection_commissions)
    by_code = Unit.objects.in_bulk(codes, field_name="code")
    return [by_code[c] for c in codes]


def load(progress) -> None:
    if Case.objects.filter(synthetic=True).exists():
        return
    bodies = commissions()
    built = Built(subjects=_organisations_by_commission(bodies))
    for period_code, plans in PLANS.items():
        for group, plan in plans.items():
            _plan_cases(built, bodies, demo_span(period_code), group, plan)
    # Built in memory by the services' own moves, then written in bulk
    # with their history rows (one case at a time takes far longer).
    cases = bulk_create_with_history(built.cases, Case, batch_size=500)
    by_code = {c.code: c for c in cases}
    people = [PersonRecord(case=by_code[code], **person) for code, person in built.people]
    bulk_create_with_history(people, PersonRecord, batch_size=500)
    progress(f"Opened {len(cases)} synthetic inspection cases over {len(bodies)} commissions …")


@dataclass
class Built:
    subjects: dict[int, list[Unit]]
    cases: list[Case] = field(default_factory=list)
    people: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    numbers: Counter = field(default_factory=Counter)

    def code(self, body: Unit, year: int) -> str:
        self.numbers[(body.pk, year)] += 1
        return services.case_code(body, year, self.numbers[(body.pk, year)])


def _organisations_by_commission(bodies: Sequence[Unit]) -> dict[int, list[Unit]]:
    """Organisations a commission may inspect: the grassroots organisations
    and cells of the level it serves."""
    kinds = [UnitType.GRASSROOTS, UnitType.CELL]
    out = {}
    for body in bodies:
        # The organisations of the demo's tree (2022-2023), not those of 2025.
        below = list(
            Unit.objects.subtree_of(level_served(body)).filter(type__in=kinds).valid_on(STORY_DAY).order_by("path")
        )
        out[body.pk] = below or [level_served(body)]
    return out


def _split(plan: Plan, keys: Sequence[str], salt: str) -> list[tuple[int, int, int, int]]:
    caps = None
    columns = []
    for name in ("inspected", "concluded", "violation", "disciplined"):
        parts = spread(getattr(plan, name), keys, salt=f"{salt}-{name}", caps=caps)
        columns.append(parts)
        caps = parts
    return list(zip(*columns, strict=True))


def _day(period: Span, key: str, low: int, high: int, after: date | None = None) -> date:
    """A stable day in the period's days, ``low``..``high`` days after
    ``after`` (or the first day), never past the last."""
    base = after or period.start
    offset = low + int(weight(key, 0, 1) * (high - low))
    return min(base + timedelta(days=offset), period.end)


def _plan_cases(built: Built, bodies, period: Span, group, plan: Plan) -> None:
    salt = f"KT-{group}-{period.code}"
    split = _split(plan, [b.code for b in bodies], salt)
    forms = list(plan.forms)
    later = demo_span(LATER[period.code]) if period.code in LATER else None
    for body, (inspected, concluded, violation, disciplined) in zip(bodies, split, strict=True):
        organisations = built.subjects[body.pk]
        for i in range(inspected):
            key = f"{salt}-{body.code}-{i}"
            form = forms.pop(0) if i < disciplined else None
            opened = _day(period, key + "-open", 0, 100)
            case = Case(
                code=built.code(body, opened.year),
                commission=body,
                subject=_subject(group, key, form),
                subject_unit=organisations[i % len(organisations)] if group == Subject.ORGANISATION else None,
                opened_on=opened,
                synthetic=True,
            )
            _advance(case, key, period, later, i, concluded, violation, form)
            case.clean()
            built.cases.append(case)
            if form and case.is_member_case:
                built.people.append((case.code, _person(key)))


def _subject(group, key: str, form: str | None) -> str:
    if group == Subject.ORGANISATION:
        return Subject.ORGANISATION
    probationary_ok = form in (None, DisciplineForm.REPRIMAND, DisciplineForm.WARNING)
    return Subject.PROBATIONARY_MEMBER if probationary_ok and weight(key, 0, 1) < 0.06 else Subject.FULL_MEMBER


def _advance(case, key, period, later, i, concluded, violation, form) -> None:
    """Move a case as far as the plan says it went within the period; with
    a later period, close what was left open there."""
    if i < concluded:
        on = _day(period, key + "-concl", 20, 60, after=case.opened_on)
        services.apply_conclusion(case, on=on, violation=i < violation)
        if form:
            services.apply_decision(case, on=_day(period, key + "-dec", 3, 20, after=on), form=form)
        elif i < violation and later:
            services.apply_decision(case, on=_day(later, key + "-dec", 10, 60), form=None)
    elif later:
        services.apply_conclusion(case, on=_day(later, key + "-concl", 10, 60), violation=False)


def _person(key: str) -> dict[str, str]:
    """A made-up name and an identity number that no card can have (the
    province code 000 does not exist)."""

    def pick(options, suffix):
        return options[int(weight(key + suffix, 0, 1) * len(options))]

    digits = f"{int(weight(key + '-id', 0, 1) * 10**9):09d}"
    return {
        "full_name": f"{pick(FAMILY, '-f')} {pick(MIDDLE, '-m')} {pick(GIVEN, '-g')}",
        "identity_number": f"000{digits}",
    }
