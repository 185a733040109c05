"""Everything the report's sections read, gathered once in a fixed number
of queries: the scorecard of the unit, the scorecards of the units right
below it, the targeted units of its whole subtree, the profile and
outline, the plan for the next period."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Q

from steerco.indicators.models import DataValue, Direction, Indicator, IndicatorKind, ValueStatus
from steerco.indicators.scorecard import Scorecard, ScorecardRow, build_scorecard
from steerco.lib.periods import Period
from steerco.lib.windows import Span
from steerco.programmes.models import Programme, Task, TaskKind, Theme
from steerco.units.models import Unit

from .breakdown import ChildCard, child_cards, subtree_cards
from .document import Style
from .models import Narrative, ReportProfile
from .wording import next_period


@dataclass(frozen=True)
class OutlineItem:
    code: str
    of_which: str = ""  # a subset indicator: "48, of which 18 carried over"
    of_which_label: str = ""
    rest_label: str = ""  # what the remainder is called: "30 newly arising"


def _item(raw, language: str) -> OutlineItem:
    if isinstance(raw, str):
        return OutlineItem(raw)
    pick = lambda key: raw.get(f"{key}_{language}") or raw.get(f"{key}_vi", "")  # noqa: E731
    return OutlineItem(raw["code"], raw.get("of_which", ""), pick("of_which_label"), pick("rest_label"))


@dataclass
class ReportContext:
    programme: Programme
    unit: Unit
    period: Period
    language: str
    style: Style
    profile: ReportProfile
    scorecard: Scorecard
    children: list[ChildCard]
    subtree: list[ChildCard]  # every unit below with a target, any depth
    limitations: list[OutlineItem]
    plan: list[OutlineItem]
    next_tasks: list[Task]
    theme: Theme | None
    group_count: int
    records: int
    reporting_units: int
    issued_on: date
    generated_at: datetime
    number: int | None = None
    synthetic_records: int = 0  # estimated or spread (marked synthetic), not reported as such
    total_records: int = 0  # entered as totals at a unit that has units below it
    notes: list[str] = field(default_factory=list)  # the profile's notes on the data (the demo's inventions)
    rows: dict[str, ScorecardRow] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)  # what a source computes once per report
    free_text: dict[str, list[str]] = field(default_factory=dict)  # the secretariat's paragraphs of II and III

    @property
    def previous(self) -> Period:
        return self.scorecard.previous_period

    @property
    def next(self) -> Period:
        return next_period(self.period)

    @property
    def span(self) -> Span:
        """The days the period's register records come from (the
        programme's reporting window)."""
        return self.programme.reporting_window.span(self.period)

    @property
    def is_owner_report(self) -> bool:
        return self.unit.pk == self.programme.owner_id

    def outline_codes(self) -> set[str]:
        codes: set[str] = set()
        for item in (*self.limitations, *self.plan):
            codes.add(item.code)
            if item.of_which:
                codes.add(item.of_which)
        return codes

    def _parts(self) -> set[int]:
        return {r.indicator.numerator_id for r in self.scorecard.rows} | {
            r.indicator.denominator_id for r in self.scorecard.rows
        }

    def result_rows(self) -> list[ScorecardRow]:
        """Every entered figure with data that the outline does not place
        elsewhere, without the parts of ratios (the ratio shows them as
        n/N). Register figures are ``register_rows``."""
        return self._results(computed=False)

    def register_rows(self) -> list[ScorecardRow]:
        """The results counted from registers (inspection cases, deep
        self-reviews, …) for section I: as ``result_rows``, what the outline
        places among the limitations (section II) or the plan (section III)
        is stated there and not here, so no figure is given twice."""
        return self._results(computed=True)

    def _results(self, computed: bool) -> list[ScorecardRow]:
        skip = self.outline_codes()
        parts = self._parts()
        return self._in_funnel_order(
            r
            for r in self.scorecard.rows
            if r.figure.has_data
            and is_computed(r) == computed
            and r.indicator.code not in skip
            and r.indicator.pk not in parts
        )

    def _in_funnel_order(self, rows) -> list[ScorecardRow]:
        """Pack order, a ratio in the place of its first part: inspected 52,
        in violation 6/43, disciplined 1."""
        place = {r.indicator.pk: n for n, r in enumerate(self.scorecard.rows)}

        def key(row: ScorecardRow) -> int:
            ind = row.indicator
            own = place[ind.pk]
            return min(place.get(ind.numerator_id, own), place.get(ind.denominator_id, own))

        return sorted(rows, key=key)

    def outline_item(self, code: str) -> OutlineItem | None:
        return next((i for i in (*self.limitations, *self.plan) if i.code == code), None)


def default_profile(programme: Programme) -> ReportProfile:
    """An unsaved profile for a programme that has none: the owner as the
    superior body, its steering committee as the issuer, the owner's place
    (its name without its type: "Thanh Hóa" for "Tỉnh ủy Thanh Hóa")."""
    owner = programme.owner
    return ReportProfile(
        programme=programme,
        superior_vi=owner.name_vi.upper(),
        superior_en=owner.name_en.upper(),
        issuer_vi=f"BAN CHỈ ĐẠO CHƯƠNG TRÌNH {programme.code}",
        issuer_en=f"STEERING COMMITTEE OF PROGRAMME {programme.code}",
        issuer_code="BCĐ",
        place_vi=place_of(owner.name_vi, owner.type_name("vi")),
        place_en=place_of(owner.name_en, owner.type_name("en")),
    )


def place_of(name: str, type_name: str) -> str:
    """A unit's place: its name without its type ("Tỉnh ủy Thanh Hóa" →
    "Thanh Hóa"; "Hanoi Party Committee" → "Hanoi")."""
    name = " ".join(name.split())
    for affix in sorted({type_name, "Party Committee", "Thành ủy", "Tỉnh ủy"} - {""}, key=len, reverse=True):
        if name.lower().startswith(affix.lower() + " "):
            return name[len(affix) + 1 :]
        if name.lower().endswith(" " + affix.lower()):
            return name[: -len(affix) - 1]
    return name


def default_outline(indicators: list[Indicator]) -> dict:
    """Without an outline, what is better lower (violations, weak
    organisations) is a limitation and the rest are results."""
    return {"limitations": [i.code for i in indicators if i.direction == Direction.LOWER], "plan": []}


def gather(
    programme: Programme,
    unit: Unit,
    period: Period,
    language: str,
    *,
    style: str | None,
    number: int | None,
    issued_on: date,
    generated_at: datetime,
    progress,
) -> ReportContext:
    progress("scorecard")
    scorecard = build_scorecard(programme, unit, period)
    indicators = [r.indicator for r in scorecard.rows]
    progress("units")
    children = child_cards(indicators, unit, period, programme.term_period)
    subtree = subtree_cards(indicators, unit, period, programme.term_period)
    profile = ReportProfile.objects.filter(programme=programme).first() or default_profile(programme)
    outline = profile.outline or default_outline(indicators)
    following = next_period(period)
    progress("plan")
    tasks = list(
        Task.objects.filter(group__programme=programme, due=following.code, kind__in=[TaskKind.SCHEME, TaskKind.TASK])
        .select_related("group", "lead_unit")
        .order_by("group__sort_order", "group__code", "sort_order", "code")
    )
    theme = Theme.objects.filter(programme=programme, period__in=[following.code, str(following.year)]).first()
    counted = DataValue.objects.filter(
        indicator__programme=programme,
        period=period.code,
        unit__path__startswith=unit.path,
        status=ValueStatus.APPROVED,
    ).aggregate(
        records=Count("id", distinct=True),
        units=Count("unit", distinct=True),
        synthetic=Count("id", filter=Q(synthetic=True), distinct=True),
        totals=Count("id", filter=Q(unit__children__isnull=False), distinct=True),
    )
    ctx = ReportContext(
        programme=programme,
        unit=unit,
        period=period,
        language=language,
        style=Style(style or profile.style),
        profile=profile,
        scorecard=scorecard,
        children=children,
        subtree=subtree,
        limitations=[_item(i, language) for i in outline.get("limitations", [])],
        plan=[_item(i, language) for i in outline.get("plan", [])],
        next_tasks=tasks,
        theme=theme,
        group_count=programme.task_groups.count(),
        records=counted["records"],
        reporting_units=counted["units"],
        synthetic_records=counted["synthetic"],
        total_records=counted["totals"],
        notes=[str(n) for n in (outline.get(f"notes_{language}") or outline.get("notes_vi") or [])],
        issued_on=issued_on,
        generated_at=generated_at,
        number=number,
    )
    ctx.rows = {r.indicator.code: r for r in scorecard.rows}
    narrative = Narrative.objects.filter(programme=programme, unit=unit, period=period.code, language=language).first()
    if narrative is not None:
        ctx.free_text = {key: narrative.paragraphs(key) for key in ("II", "III")}
    return ctx


def is_computed(row: ScorecardRow) -> bool:
    """Counted from a register: a computed indicator, or a ratio of them."""
    ind = row.indicator
    if ind.kind == IndicatorKind.RATIO:
        return bool(ind.numerator.computed_by or ind.denominator.computed_by)
    return bool(ind.computed_by)


def is_remediation(row: ScorecardRow) -> bool:
    """A ratio of items fixed over items found: what is left is outstanding."""
    return row.indicator.kind == IndicatorKind.RATIO and row.indicator.direction == Direction.HIGHER
