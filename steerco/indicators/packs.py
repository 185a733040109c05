"""Programme packs: a programme as a YAML document.

A pack carries the programme, its themes, task groups and tasks, its
indicators, validation rules and targets. Loading is all-or-nothing: every
problem in the file is collected and reported with its place in the file,
and nothing is written unless the whole pack is sound. Loading the same
pack twice changes nothing. The format is documented in
docs/programme-pack.md.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from steerco.audit.history import stamp
from steerco.audit.reasons import ReasonKind, ReasonRequired, Stated, state
from steerco.lib import schema
from steerco.lib.errors import Refused
from steerco.lib.names import nfc_document
from steerco.lib.periods import Period, PeriodError
from steerco.lib.rules import Rule, RuleSyntaxError
from steerco.lib.status import check_profile
from steerco.lib.windows import CALENDAR, ReportingWindow, WindowError
from steerco.programmes.models import Programme, Task, TaskGroup, TaskKind, Theme
from steerco.units import validity
from steerco.units.models import Unit

from .computed import REGISTRY as COMPUTATIONS
from .models import (
    AGGREGATION_FOR_KIND,
    Indicator,
    IndicatorKind,
    Severity,
    Target,
    TargetKind,
    ValidationRule,
    default_kind,
    target_problem,
)

PACK_FORMAT = "steerco-pack/1"


class PackSection:
    """A top-level key of the pack that an app above this one owns (the
    report profile: ``reports``), registered from its ``AppConfig.ready()``
    so that the loader imports no app above it: ``problems(value,
    indicator_codes)`` checks it before anything is written, ``write(programme,
    value)`` writes it in the pack's transaction, ``dump(programme)`` gives it
    back for ``export``."""

    def __init__(self, problems, write, dump):
        self.problems, self.write, self.dump = problems, write, dump


SECTIONS: dict[str, PackSection] = {}


def register_section(key: str, *, problems, write, dump) -> None:
    SECTIONS[key] = PackSection(problems, write, dump)


class PackError(Refused):
    """Everything wrong with a pack, one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.extend([f"{where}: {message}"])

    def extend(self, lines: list[str]) -> None:
        self.items += [line for line in lines if line not in self.items]

    def raise_if_any(self) -> None:
        if self.items:
            raise PackError(self.items)


def _text(item: dict, key: str) -> str:
    value = item.get(key)
    return "" if value is None else str(value).strip()


def _period(code: Any, where: str, problems: _Problems) -> str | None:
    try:
        return Period.parse(str(code)).code
    except PeriodError as err:
        problems.add(where, str(err))
        return None


def _window(text: Any, problems: _Problems) -> ReportingWindow:
    """The programme's reporting window (``15/12``); the calendar when the
    pack names none."""
    if text in (None, ""):
        return CALENDAR
    try:
        return ReportingWindow.parse(str(text))
    except WindowError as err:
        problems.add("programme.reporting_window", str(err))
        return CALENDAR


def _decimal(value: Any, where: str, problems: _Problems) -> Decimal | None:
    if isinstance(value, bool):
        problems.add(where, f"{value!r} is not a number")
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.add(where, f"{value!r} is not a number")
        return None


def load_pack(data: dict) -> Programme:
    """Validate the whole pack, then write it in one transaction."""
    problems = _Problems()
    if not isinstance(data, dict) or data.get("format") != PACK_FORMAT:
        raise PackError([f"format: expected '{PACK_FORMAT}'"])
    data = nfc_document(data)  # names in NFD or NFC are stored as one text
    # The published schema first (unknown keys, kinds of values, required
    # keys), then what a schema cannot say (references, periods, rules).
    problems.extend(schema.problems(data, PACK_FORMAT))
    try:
        _check_shape(data)
    except PackError as err:
        problems.extend(err.problems)
        problems.raise_if_any()
    head = data.get("programme") or {}
    code = head.get("code")
    owner_code = head.get("owner")
    term = _period(head["term"], "programme.term", problems) if head.get("term") not in (None, "") else None
    window = _window(head.get("reporting_window"), problems)
    units = {u.code: u for u in Unit.objects.all()}
    if owner_code not in (None, "") and owner_code not in units:
        problems.add("programme.owner", f"unknown unit '{owner_code}'")

    groups = data.get("task_groups") or []
    group_codes = _unique_codes(groups, "task_groups", problems)
    indicators = data.get("indicators") or []
    indicator_codes = _unique_codes(indicators, "indicators", problems)
    _unique_codes(data.get("themes") or [], "themes", problems)
    for n, theme in enumerate(data.get("themes") or []):
        if theme.get("period") not in (None, ""):
            _period(theme["period"], f"themes[{n}] ({theme.get('code')}).period", problems)
    _unique_codes(data.get("rules") or [], "rules", problems)
    _check_groups(groups, units, problems)
    profiles = data.get("profiles") or {}
    _check_indicators(indicators, group_codes, problems, profiles)
    _check_rules(data.get("rules") or [], indicator_codes, problems)
    target_rows = _check_targets(data.get("targets") or [], indicators, units, problems)
    sections = {key: data.get(key) for key in SECTIONS if isinstance(data.get(key), dict)}
    for key, value in sections.items():
        problems.extend(SECTIONS[key].problems(value, indicator_codes))
    problems.raise_if_any()

    with transaction.atomic():
        programme, _ = Programme.objects.update_or_create(
            code=str(code),
            defaults={
                "title_vi": _text(head, "title_vi"),
                "title_en": _text(head, "title_en"),
                "owner": units[owner_code],
                "term": term,
                "note": _text(head, "note"),
                "window_day": window.day,
                "window_month": window.month,
            },
        )
        for theme in data.get("themes") or []:
            Theme.objects.update_or_create(
                programme=programme,
                code=str(theme["code"]),
                defaults={
                    "name_vi": _text(theme, "name_vi"),
                    "name_en": _text(theme, "name_en"),
                    "period": Period.parse(str(theme["period"])).code if theme.get("period") else "",
                },
            )
        group_objs = _write_groups(programme, groups, units)
        _write_indicators(programme, indicators, group_objs, profiles)
        for rule in data.get("rules") or []:
            ValidationRule.objects.update_or_create(
                programme=programme,
                code=str(rule["code"]),
                defaults={
                    "expression": str(Rule.parse(rule["rule"])),
                    "severity": rule.get("severity", Severity.ERROR),
                    "message_vi": _text(rule, "message_vi"),
                    "message_en": _text(rule, "message_en"),
                },
            )
        by_code = {i.code: i for i in programme.indicators.all()}
        for ind_code, unit_code, period, kind, value, stated, where in target_rows:
            indicator = by_code[ind_code]
            _write_target(programme, indicator, units[unit_code], period, kind, value, stated, where, problems)
        problems.raise_if_any()  # a changed target without its reason: nothing is kept
        for key, value in sections.items():
            SECTIONS[key].write(programme, value)
    return programme


def _write_target(programme, indicator, unit, period, kind, value, stated, where, problems: _Problems) -> None:
    """A new target is written as given; changing an agreed one (its value
    or its kind) needs the item's ``reason`` and ``reason_text``
    (``audit.reasons``)."""
    refused = validity.period_refusal(unit, period)
    if refused:
        problems.add(f"{where}.values.{unit.code}", refused)
        return
    kind = kind or default_kind(indicator)
    target = Target.objects.filter(indicator=indicator, unit=unit, period=period).first()
    if target is None:
        Target.objects.create(indicator=indicator, unit=unit, period=period, value=value, kind=kind)
        return
    if target.value == value and target.kind == kind:
        return
    try:
        why = state(
            ReasonKind.TARGET,
            stated,
            acting_user=None,
            record=target,
            unit=unit,
            programme=programme,
            period=period,
            before=target.value,
            after=value,
        )
    except ReasonRequired as err:
        problems.add(f"{where}.values.{unit.code}", str(err))
        return
    stamp(target, acting_user=None, reason=why)
    target.value, target.kind = value, kind
    target.save()


def _check_shape(data: dict) -> None:
    """Sections must be mappings, or lists of mappings, before anything reads
    them; a pack that is the wrong shape is refused with its places listed."""
    problems = _Problems()
    if not isinstance(data.get("programme") or {}, dict):
        problems.add("programme", "must be a mapping")
    sections = {name: data.get(name) or [] for name in ("themes", "task_groups", "indicators", "rules", "targets")}
    for group in sections["task_groups"] if isinstance(sections["task_groups"], list) else []:
        if isinstance(group, dict):
            sections.setdefault("task_groups[].tasks", []).extend(
                group.get("tasks") if isinstance(group.get("tasks"), list) else [group.get("tasks") or {}]
            )
    places = [("programme", data.get("programme") or {})]
    for name, items in sections.items():
        if not isinstance(items, list):
            problems.add(name, "must be a list")
            continue
        places += [(f"{name}[{n}]", item) for n, item in enumerate(items)]
    for where, item in places:
        if not isinstance(item, dict):
            problems.add(where, "must be a mapping")
            continue
        for key in _SCALAR_KEYS & item.keys():
            value = item[key]
            if isinstance(value, bool) or not isinstance(value, str | int | float | None):
                problems.add(f"{where}.{key}", f"{value!r} is not a code or a period")
    problems.raise_if_any()


# Keys whose values are codes, kinds or periods: looked up, hashed, parsed.
_SCALAR_KEYS = {
    "code",
    "kind",
    "indicator",
    "group",
    "numerator",
    "denominator",
    "computed",
    "lead_unit",
    "owner",
    "period",
    "due",
    "term",
    "rule",
    "direction",
    "over_time",
}


def _unique_codes(items: list, section: str, problems: _Problems) -> set[str]:
    seen: set[str] = set()
    for n, item in enumerate(items):
        code = str(item.get("code", "")).strip() if isinstance(item, dict) else ""
        if not code:
            problems.add(f"{section}[{n}]", "'code' is required")
        elif code in seen:
            problems.add(f"{section}[{n}]", f"code '{code}' appears twice")
        seen.add(code)
    return seen


def _check_groups(groups: list, units: dict, problems: _Problems) -> None:
    for n, group in enumerate(groups):
        where = f"task_groups[{n}]"
        _unique_codes(group.get("tasks") or [], f"{where}.tasks", problems)
        for m, task in enumerate(group.get("tasks") or []):
            twhere = f"{where}.tasks[{m}]"
            if task.get("lead_unit") and task["lead_unit"] not in units:
                problems.add(twhere, f"unknown unit '{task['lead_unit']}'")
            if task.get("due"):
                _period(task["due"], f"{twhere}.due", problems)


def _profile(ind: dict, profiles: dict) -> Any:
    """An indicator's seasonal profile: inline, or the name of one in the
    pack's ``profiles`` section."""
    profile = ind.get("profile")
    return profiles.get(profile) if isinstance(profile, str) else profile


def _check_indicators(indicators: list, group_codes: set[str], problems: _Problems, profiles: dict) -> None:
    kinds = {str(i.get("code")): i.get("kind") for i in indicators}
    for n, ind in enumerate(indicators):
        where = f"indicators[{n}] ({ind.get('code')})"
        kind = ind.get("kind")
        if kind not in IndicatorKind.values:
            continue  # the schema has said so
        if ind.get("group") is not None and str(ind["group"]) not in group_codes:
            problems.add(where, f"unknown task group '{ind['group']}'")
        if kind == IndicatorKind.RATIO:
            for side in ("numerator", "denominator"):
                part = ind.get(side)
                if not part:
                    problems.add(where, f"a ratio needs '{side}'")
                elif kinds.get(str(part)) != IndicatorKind.COUNT:
                    problems.add(where, f"{side} '{part}' must be a count indicator of this pack")
        elif ind.get("numerator") or ind.get("denominator"):
            problems.add(where, "only a ratio has a numerator and a denominator")
        if ind.get("profile") is not None:
            profile = _profile(ind, profiles if isinstance(profiles, dict) else {})
            if profile is None:
                problems.add(where, f"unknown seasonal profile '{ind['profile']}'")
            for problem in check_profile(profile) if profile is not None else []:
                problems.add(where, f"profile: {problem}")
        synonyms = ind.get("synonyms")
        if synonyms is not None and (
            not isinstance(synonyms, list) or not all(isinstance(w, str) and w.strip() for w in synonyms)
        ):
            problems.add(where, "synonyms must be a list of words or phrases")
        computed = ind.get("computed")
        if computed and kind == IndicatorKind.RATIO:
            problems.add(where, "a ratio is computed from its parts; put 'computed' on the parts")
        elif computed and computed not in COMPUTATIONS:
            known = ", ".join(sorted(COMPUTATIONS)) or "none"
            problems.add(where, f"unknown computation '{computed}' (known: {known})")


def _check_rules(rules: list, indicator_codes: set[str], problems: _Problems) -> None:
    for n, item in enumerate(rules):
        where = f"rules[{n}] ({item.get('code')})"
        try:
            rule = Rule.parse(str(item.get("rule", "")))
        except RuleSyntaxError as err:
            problems.add(where, str(err))
            continue
        for operand in rule.operands():
            if operand not in indicator_codes:
                problems.add(where, f"unknown indicator '{operand}'")


class _Declared:
    """An indicator as the pack declares it, for ``target_problem``."""

    def __init__(self, item: dict):
        self.code, self.kind = str(item.get("code")), item.get("kind")
        self.direction = item.get("direction", "higher")


def _check_targets(targets: list, indicators: list, units: dict, problems: _Problems) -> list[tuple]:
    """The same check as the API and the admin (``target_problem``) on each
    value, against the indicators as the pack declares them."""
    declared = {i.get("code"): _Declared(i) for i in indicators}
    rows = []
    for n, item in enumerate(targets):
        where = f"targets[{n}]"
        code = item.get("indicator")
        if code not in declared:
            problems.add(where, f"unknown indicator '{code}'")
            continue
        kind = item.get("kind") or default_kind(declared[code])
        if kind not in TargetKind.values:
            continue  # the schema has said so
        period = _period(item.get("period", ""), f"{where}.period", problems)
        values = item.get("values") or {}
        code_text = (str(item.get("reason") or ""), str(item.get("reason_text") or ""))
        stated = Stated(*code_text) if any(code_text) else None
        if not isinstance(values, dict) or not values:
            problems.add(where, "'values' maps unit codes to targets")
            continue
        for unit_code, raw in values.items():
            if unit_code not in units:
                problems.add(f"{where}.values", f"unknown unit '{unit_code}'")
                continue
            value = _decimal(raw, f"{where}.values.{unit_code}", problems)
            problem = target_problem(declared[code], kind, value) if value is not None else None
            if problem:
                problems.add(f"{where}.values.{unit_code}", problem)
            elif period and value is not None:
                rows.append((code, unit_code, period, kind, value, stated, where))
    return rows


def _write_groups(programme: Programme, groups: list, units: dict) -> dict[str, TaskGroup]:
    objs = {}
    for order, group in enumerate(groups, start=1):
        obj, _ = TaskGroup.objects.update_or_create(
            programme=programme,
            code=str(group["code"]),
            defaults={"name_vi": _text(group, "name_vi"), "name_en": _text(group, "name_en"), "sort_order": order},
        )
        objs[obj.code] = obj
        for torder, task in enumerate(group.get("tasks") or [], start=1):
            Task.objects.update_or_create(
                group=obj,
                code=str(task["code"]),
                defaults={
                    "kind": task.get("kind", TaskKind.TASK),
                    "name_vi": _text(task, "name_vi"),
                    "name_en": _text(task, "name_en"),
                    "lead_unit": units.get(task.get("lead_unit")),
                    "due": Period.parse(str(task["due"])).code if task.get("due") else "",
                    "sort_order": torder,
                },
            )
    return objs


def _write_indicators(programme: Programme, indicators: list, groups: dict[str, TaskGroup], profiles: dict) -> None:
    # Counts first, so ratios can point at them.
    ordered = sorted(enumerate(indicators, start=1), key=lambda pair: pair[1]["kind"] == IndicatorKind.RATIO)
    written: dict[str, Indicator] = {}
    for order, ind in ordered:
        kind = IndicatorKind(ind["kind"])
        obj, _ = Indicator.objects.update_or_create(
            programme=programme,
            code=str(ind["code"]),
            defaults={
                "task_group": groups.get(str(ind["group"])) if ind.get("group") is not None else None,
                "name_vi": _text(ind, "name_vi"),
                "name_en": _text(ind, "name_en"),
                "kind": kind,
                "aggregation": AGGREGATION_FOR_KIND[kind],
                "time_aggregation": ind.get("over_time", "sum"),
                "computed_by": _text(ind, "computed"),
                "numerator": written.get(ind.get("numerator")),
                "denominator": written.get(ind.get("denominator")),
                "measure_vi": _text(ind, "measure_vi"),
                "measure_en": _text(ind, "measure_en"),
                "direction": ind.get("direction", "higher"),
                "decimals": ind.get("decimals", 0),
                "seasonal_profile": {str(k): v for k, v in (_profile(ind, profiles) or {}).items()},
                "sort_order": order,
                "note": _text(ind, "note"),
                "synonyms": [str(w).strip() for w in ind.get("synonyms") or []],
            },
        )
        try:
            obj.full_clean(exclude=["programme", "task_group"])
        except ValidationError as err:  # a guard: the checks above should make this unreachable
            raise PackError([f"indicators ({obj.code}): {m}" for m in err.messages]) from None
        written[obj.code] = obj


def dump_pack(programme: Programme) -> dict:
    """The pack that would rebuild ``programme``; load_pack(dump_pack(p))
    is a no-op."""
    indicators = list(
        programme.indicators.select_related("task_group", "numerator", "denominator").order_by("sort_order", "code")
    )
    targets: dict[tuple[str, str, str], dict[str, float | int]] = {}
    for t in (
        Target.objects.filter(indicator__programme=programme)
        .select_related("indicator", "unit")
        .order_by("indicator__sort_order", "indicator__code", "period", "kind", "unit__path")
    ):
        kind = t.kind if t.kind != default_kind(t.indicator) else ""
        targets.setdefault((t.indicator.code, t.period, kind), {})[t.unit.code] = _plain_number(t.value)
    report = SECTIONS["report"].dump(programme) if "report" in SECTIONS else None
    return {
        "format": PACK_FORMAT,
        "programme": _drop_empty(
            {
                "code": programme.code,
                "owner": programme.owner.code,
                "term": programme.term,
                "title_vi": programme.title_vi,
                "title_en": programme.title_en,
                "note": programme.note,
                "reporting_window": "" if programme.reporting_window.is_calendar else programme.reporting_window.text,
            }
        ),
        **({"report": report} if report else {}),
        "themes": [
            _drop_empty({"code": t.code, "name_vi": t.name_vi, "name_en": t.name_en, "period": t.period})
            for t in programme.themes.all()
        ],
        "task_groups": [
            _drop_empty(
                {
                    "code": g.code,
                    "name_vi": g.name_vi,
                    "name_en": g.name_en,
                    "tasks": [
                        _drop_empty(
                            {
                                "code": t.code,
                                "kind": t.kind if t.kind != TaskKind.TASK else None,
                                "name_vi": t.name_vi,
                                "name_en": t.name_en,
                                "lead_unit": t.lead_unit.code if t.lead_unit else None,
                                "due": t.due,
                            }
                        )
                        for t in g.tasks.select_related("lead_unit").all()
                    ],
                }
            )
            for g in programme.task_groups.all()
        ],
        "indicators": [
            _drop_empty(
                {
                    "code": i.code,
                    "group": i.task_group.code if i.task_group else None,
                    "kind": i.kind,
                    "name_vi": i.name_vi,
                    "name_en": i.name_en,
                    "numerator": i.numerator.code if i.numerator else None,
                    "denominator": i.denominator.code if i.denominator else None,
                    "measure_vi": i.measure_vi,
                    "measure_en": i.measure_en,
                    "direction": i.direction if i.direction != "higher" else None,
                    "over_time": i.time_aggregation if i.time_aggregation != "sum" else None,
                    "computed": i.computed_by,
                    "decimals": i.decimals or None,
                    "profile": i.seasonal_profile or None,
                    "note": i.note,
                    "synonyms": list(i.synonyms) or None,
                }
            )
            for i in indicators
        ],
        "rules": [
            _drop_empty(
                {
                    "code": r.code,
                    "rule": r.expression,
                    "severity": r.severity if r.severity != Severity.ERROR else None,
                    "message_vi": r.message_vi,
                    "message_en": r.message_en,
                }
            )
            for r in programme.rules.all()
        ],
        "targets": [
            _drop_empty({"indicator": code, "period": period, "kind": kind, "values": values})
            for (code, period, kind), values in targets.items()
        ],
    }


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _drop_empty(item: dict) -> dict:
    return {k: v for k, v in item.items() if v not in (None, "", [])}
