"""Load a unit tree from a YAML document (format ``steerco-units/1``).

Units are listed parents first. Loading is all-or-nothing and idempotent:
a unit is matched by its code and updated in place.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from steerco.lib.errors import Refused

from .models import CODE_RE, Succession, SuccessionKind, Unit, UnitType

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


def load_units(data: dict) -> int:
    """Returns the number of units in the file."""
    if not isinstance(data, dict) or data.get("format") != UNITS_FORMAT:
        raise UnitFileError([f"format: expected '{UNITS_FORMAT}'"])
    items = data.get("units") or []
    problems: list[str] = []
    known = set(Unit.objects.values_list("code", flat=True))
    seen: set[str] = set()
    rows = []
    for n, item in enumerate(items):
        where = f"units[{n}] ({item.get('code')})"
        code = str(item.get("code") or "")
        if not CODE_RE.match(code):
            problems.append(f"{where}: code must use capital letters, digits, '.', '_' or '-'")
        if code in seen:
            problems.append(f"{where}: code appears twice")
        if not item.get("name_vi"):
            problems.append(f"{where}: 'name_vi' is required")
        if item.get("type") not in UnitType.values:
            problems.append(f"{where}: type must be one of {', '.join(UnitType.values)}")
        parent = item.get("parent")
        if parent and parent not in seen and parent not in known:
            problems.append(f"{where}: parent '{parent}' is not listed before it")
        seen.add(code)
        rows.append(
            (item, _date(item.get("valid_from"), where, problems), _date(item.get("valid_to"), where, problems))
        )
    for n, link in enumerate(data.get("successions") or []):
        where = f"successions[{n}]"
        for side in ("from", "to"):
            if link.get(side) not in seen and link.get(side) not in known:
                problems.append(f"{where}: unknown unit '{link.get(side)}'")
        if link.get("kind") not in SuccessionKind.values:
            problems.append(f"{where}: kind must be one of {', '.join(SuccessionKind.values)}")
        if not _date(link.get("effective"), where, problems):
            problems.append(f"{where}: 'effective' date is required")
    if problems:
        raise UnitFileError(problems)

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
        for link in data.get("successions") or []:
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
