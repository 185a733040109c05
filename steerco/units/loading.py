"""Load a unit tree from a YAML document (format ``steerco-units/1``).

Units are listed parents first. Loading is all-or-nothing and idempotent:
a unit is matched by its code and updated in place.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from steerco.lib import schema

from .models import CODE_RE, Succession, Unit, UnitType

UNITS_FORMAT = "steerco-units/1"


class UnitFileError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _date(value, where: str, problems: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
        return None


def load_units(data: dict) -> int:
    """Returns the number of units in the file."""
    if not isinstance(data, dict) or data.get("format") != UNITS_FORMAT:
        raise UnitFileError([f"format: expected '{UNITS_FORMAT}'"])
    problems: list[str] = schema.problems(data, UNITS_FORMAT)
    items = data.get("units") or []
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise UnitFileError(problems)
    links = data.get("successions") or []
    if not isinstance(links, list) or not all(isinstance(link, dict) for link in links):
        raise UnitFileError(problems)
    known = set(Unit.objects.values_list("code", flat=True))
    seen: set[str] = set()
    rows = []
    for n, item in enumerate(items):
        where = f"units[{n}] ({item.get('code')})"
        code = str(item.get("code") or "")
        if not CODE_RE.match(code):
            continue  # the schema has said so
        if code in seen:
            problems.append(f"{where}: code appears twice")
        if item.get("type") not in UnitType.values:
            problems.append(f"{where}: type must be one of {', '.join(UnitType.values)}")
        parent = item.get("parent")
        if parent and parent not in seen and parent not in known:
            problems.append(f"{where}: parent '{parent}' is not listed before it")
        seen.add(code)
        valid_from = _date(item.get("valid_from"), f"{where}.valid_from", problems)
        valid_to = _date(item.get("valid_to"), f"{where}.valid_to", problems)
        if valid_from and valid_to and valid_to < valid_from:
            problems.append(f"{where}: valid_to {valid_to} is before valid_from {valid_from}")
        rows.append((item, valid_from, valid_to))
    problems += _check_successions(links, rows, seen, known)
    if problems:
        raise UnitFileError(_unique(problems))

    with transaction.atomic():
        by_code = {u.code: u for u in Unit.objects.all()}
        for order, (item, valid_from, valid_to) in enumerate(rows, start=1):
            unit = by_code.get(item["code"]) or Unit(code=item["code"])
            unit.name_vi = item["name_vi"]
            unit.name_en = item.get("name_en", "")
            unit.type = item["type"]
            unit.parent = by_code.get(item.get("parent")) if item.get("parent") else None
            unit.valid_from, unit.valid_to = valid_from, valid_to
            unit.admin_code = str(item.get("admin_code") or "")
            unit.sort_order = order
            unit.save()
            by_code[unit.code] = unit
        for link in links:
            Succession.objects.update_or_create(
                predecessor=by_code[link["from"]],
                successor=by_code[link["to"]],
                defaults={
                    "kind": link["kind"],
                    "effective": _date(link["effective"], "", []),
                    "share": link.get("share"),
                    "primary": bool(link.get("primary", False)),
                },
            )
    return len(rows)


def _unique(lines: list[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def _check_successions(links: list[dict], rows: list, seen: set[str], known: set[str]) -> list[str]:
    """Links name known units, do not go round in a circle, and do not
    leave a predecessor valid on or after the day its successor takes over
    (an overlapping validity would count the same figures twice)."""
    problems: list[str] = []
    stored = Unit.objects.values_list("code", "valid_from", "valid_to")
    validity = {code: (valid_from, valid_to) for code, valid_from, valid_to in stored}
    validity |= {str(item.get("code")): (valid_from, valid_to) for item, valid_from, valid_to in rows}
    graph: dict[str, set[str]] = {}
    for predecessor, successor in Succession.objects.values_list("predecessor__code", "successor__code"):
        graph.setdefault(predecessor, set()).add(successor)
    for n, link in enumerate(links):
        where = f"successions[{n}] ({link.get('from')} → {link.get('to')})"
        ends = (link.get("from"), link.get("to"))
        for side, code in zip(("from", "to"), ends, strict=True):
            if code not in seen and code not in known:
                problems.append(f"{where}.{side}: unknown unit '{code}'")
        effective = _date(link.get("effective"), f"{where}.effective", problems)
        if ends[0] == ends[1]:
            problems.append(f"{where}: a unit cannot succeed itself")
            continue
        if ends[0] in validity and effective:
            _, ended = validity[ends[0]]
            if ended is None or ended >= effective:
                problems.append(
                    f"{where}: '{ends[0]}' is still valid on {effective}, the day '{ends[1]}' takes over; "
                    f"end it (valid_to) before {effective}"
                )
        if ends[1] in validity and effective:
            started, _ = validity[ends[1]]
            if started is not None and started > effective:
                problems.append(f"{where}: '{ends[1]}' starts on {started}, after the link takes effect ({effective})")
        if all(isinstance(code, str) for code in ends):
            graph.setdefault(ends[0], set()).add(ends[1])
    for cycle in _cycles(graph):
        problems.append(f"successions: a cycle {' → '.join(cycle)}: a unit cannot succeed itself, even through others")
    return problems


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a closed list of codes) per strongly connected group
    of units that succeed each other, found by depth-first search."""
    found, done = [], set()
    for start in sorted(graph):
        if start in done:
            continue
        stack, on_path = [(start, iter(sorted(graph.get(start, ()))))], [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                on_path.pop()
                done.add(node)
            elif child in on_path:
                found.append([*on_path[on_path.index(child) :], child])
            elif child not in done:
                stack.append((child, iter(sorted(graph.get(child, ())))))
                on_path.append(child)
    return found


def dump_units(units) -> dict:
    return {
        "format": UNITS_FORMAT,
        "units": [
            {
                k: v
                for k, v in {
                    "code": u.code,
                    "parent": u.parent.code if u.parent_id else None,
                    "type": u.type,
                    "name_vi": u.name_vi,
                    "name_en": u.name_en,
                    "valid_from": u.valid_from.isoformat() if u.valid_from else None,
                    "valid_to": u.valid_to.isoformat() if u.valid_to else None,
                    "admin_code": u.admin_code,
                }.items()
                if v not in (None, "")
            }
            for u in units.select_related("parent").order_by("path")
        ],
    }
