"""Load a unit tree from a YAML document (format ``steerco-units/1``).

Units are listed parents first. Loading is all-or-nothing and idempotent:
a unit is matched by its code and updated in place.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from steerco.lib import schema
from steerco.lib.errors import Refused
from steerco.lib.names import name_key, nfc_document

from .models import CODE_RE, Succession, Unit, UnitTypeDefinition, known_type_codes
from .models.unit_type import DEFAULT_TYPES

UNITS_FORMAT = "steerco-units/1"


class UnitFileError(Refused):
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


def load_units(data: dict, warnings: list[str] | None = None) -> int:
    """Returns the number of units in the file. Things worth a look that do
    not stop the import (a new unit named like one of its siblings) are
    added to ``warnings``."""
    if not isinstance(data, dict) or data.get("format") != UNITS_FORMAT:
        raise UnitFileError([f"format: expected '{UNITS_FORMAT}'"])
    data = nfc_document(data)  # names in NFD or NFC are stored as one text
    warnings = warnings if warnings is not None else []
    problems: list[str] = schema.problems(data, UNITS_FORMAT)
    types = data.get("types") or []
    if not isinstance(types, list) or not all(isinstance(t, dict) for t in types):
        raise UnitFileError(problems)
    type_codes = known_type_codes() | {str(t.get("code")) for t in types}
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
        if item.get("type") not in type_codes:
            guess = schema.nearest(str(item.get("type")), type_codes)
            hint = f"did you mean '{guess}'?" if guess else "add it under 'types:' or in the admin"
            problems.append(f"{where}: unknown unit type '{item.get('type')}': {hint}")
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
    problems += _check_moves(rows)
    if problems:
        raise UnitFileError(_unique(problems))
    warnings += _same_named_siblings(rows, known)

    with transaction.atomic():
        for item in types:
            UnitTypeDefinition.objects.update_or_create(
                code=item["code"],
                defaults={
                    "name_vi": item["name_vi"],
                    "name_en": item.get("name_en", ""),
                    "level": item.get("level", ""),
                },
            )
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
            try:
                unit.save()
            except ValidationError as err:  # a guard: _check_moves should make this unreachable
                raise UnitFileError([f"units ({unit.code}): {m}" for m in err.messages]) from None
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


def _check_moves(rows: list) -> list[str]:
    """A unit with figures never moves (its figures would change their
    roll-ups in past periods): say which, and what to do instead."""
    problems = []
    stored = {u.code: u for u in Unit.objects.select_related("parent").filter(code__in=[r[0]["code"] for r in rows])}
    for n, (item, _from, _to) in enumerate(rows):
        unit = stored.get(item["code"])
        new_parent = item.get("parent") or None
        old_parent = unit.parent.code if unit is not None and unit.parent_id else None
        if unit is None or new_parent == old_parent or not Unit._subtree_has_figures(unit.path):
            continue
        problems.append(
            f"units[{n}] ({unit.code}): {unit.name_vi} has figures, so it cannot move from "
            f"'{old_parent or '(top)'}' to '{new_parent or '(top)'}': end it (valid_to) and create a "
            f"successor unit under '{new_parent or '(top)'}' with a succession link "
            f"(docs/programme-pack.md, Unit files)"
        )
    return problems


def _same_named_siblings(rows: list, known: set[str]) -> list[str]:
    """A new unit named like a sibling (tone placement, case and Unicode
    form aside): perhaps a unit entered twice under two codes."""
    siblings: dict[tuple[str | None, str], list[str]] = {}
    for code, parent, key in Unit.objects.values_list("code", "parent__code", "name_key"):
        siblings.setdefault((parent, key), []).append(code)
    out = []
    for n, (item, _from, _to) in enumerate(rows):
        place = (item.get("parent") or None, name_key(item["name_vi"]))
        others = [code for code in siblings.get(place, []) if code != item["code"]]
        if item["code"] not in known and others:
            out.append(
                f"units[{n}] ({item['code']}): '{item['name_vi']}' has the name of "
                f"{', '.join(others)} under the same parent; is it the same unit under a new code?"
            )
        siblings.setdefault(place, []).append(item["code"])
    return out


def _type_rows(codes: set[str]) -> dict[str, tuple[str, str, str]]:
    """The types ``codes`` name, as defined (the defaults, then the table)."""
    order = {code: n for n, (code, *_rest) in enumerate(DEFAULT_TYPES)}
    rows = {code: (level, vi, en) for code, level, vi, en in DEFAULT_TYPES if code in codes}
    for t in UnitTypeDefinition.objects.filter(code__in=codes):
        rows[t.code] = (t.level, t.name_vi, t.name_en)
    return dict(sorted(rows.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))


def _drop_empty(item: dict) -> dict:
    return {k: v for k, v in item.items() if v not in (None, "")}


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
    units = list(units.select_related("parent").order_by("path"))
    used = {u.type for u in units}
    codes = {u.code for u in units}
    return {
        "format": UNITS_FORMAT,
        "types": [
            _drop_empty({"code": code, "name_vi": vi, "name_en": en, "level": level})
            for code, (level, vi, en) in _type_rows(used).items()
        ],
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
            for u in units
        ],
        "successions": [
            _drop_empty(
                {
                    "from": s.predecessor.code,
                    "to": s.successor.code,
                    "kind": s.kind,
                    "effective": s.effective.isoformat(),
                    "share": _plain(s.share),
                    "primary": s.primary or None,
                }
            )
            for s in Succession.objects.select_related("predecessor", "successor").order_by(
                "effective", "predecessor__path", "successor__path"
            )
            if s.predecessor.code in codes and s.successor.code in codes
        ],
    }


def _plain(value):
    """A share as a plain number (0.5, not Decimal('0.5000'))."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())
