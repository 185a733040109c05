"""Shared test fixtures: a small unit tree and the people who use it.

Personas, as in the brief:
- ``secretariat``: the city steering committee's secretariat (city root);
- ``reporter`` and ``approver``: of district A;
- ``inspector``: the city inspection commission;
- ``outsider``: a reporter of district B, who must see nothing of A.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import TestCase

from steerco.accounts.models import Membership, Role
from steerco.indicators.models import DataValue, Indicator, IndicatorKind, Source, ValueStatus
from steerco.programmes.models import Programme, TaskGroup
from steerco.units.models import Unit, UnitType

PASSWORD = "correct horse battery"  # noqa: S105


def make_unit(code: str, parent: Unit | None = None, type: str = UnitType.GRASSROOTS, **extra) -> Unit:
    return Unit.objects.create(
        code=code, name_vi=f"Đơn vị {code}", name_en=f"Unit {code}", type=type, parent=parent, **extra
    )


def make_round(programme, period: str, deadline, window=None, owed=(), **extra):
    """A reporting round of ``period`` (its data window the calendar's, or
    ``window``: (first day, last day)) with a submission owed by each unit
    of ``owed``."""
    from steerco.collection.models import ReportingRound, Submission

    data_from, data_to = window or ReportingRound.default_window(period)
    round_ = ReportingRound.objects.create(
        programme=programme, period=period, data_from=data_from, data_to=data_to, deadline=deadline, **extra
    )
    Submission.objects.bulk_create([Submission(round=round_, unit=unit) for unit in owed])
    return round_


def make_user(username: str, role: str | None = None, unit: Unit | None = None):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role and unit:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


class PersonaTestCase(TestCase):
    """City → districts A and B → grassroots organisations; a programme with
    a count, a ratio over two counts and a yes/no indicator."""

    @classmethod
    def setUpTestData(cls):
        cls.city = make_unit("CITY", type=UnitType.CITY)
        cls.commission = make_unit("CITY-UBKT", cls.city, UnitType.ORGAN)
        cls.district_a = make_unit("DIST-A", cls.city, UnitType.DISTRICT)
        cls.district_b = make_unit("DIST-B", cls.city, UnitType.DISTRICT)
        cls.org_a1 = make_unit("DIST-A-CS01", cls.district_a)
        cls.org_a2 = make_unit("DIST-A-CS02", cls.district_a)
        cls.org_b1 = make_unit("DIST-B-CS01", cls.district_b)

        cls.secretariat = make_user("secretariat", Role.SECRETARIAT, cls.city)
        cls.reporter = make_user("reporter", Role.REPORTER, cls.district_a)
        cls.approver = make_user("approver", Role.APPROVER, cls.district_a)
        cls.inspector = make_user("inspector", Role.INSPECTOR, cls.commission)
        cls.outsider = make_user("outsider", Role.REPORTER, cls.district_b)
        cls.nobody = make_user("nobody")

        cls.programme = Programme.objects.create(
            code="99-CTr/TU", title_vi="Chương trình thử", owner=cls.city, term="2020-2025"
        )
        cls.group = TaskGroup.objects.create(programme=cls.programme, code="1", name_vi="Nhóm 1")
        cls.admitted = Indicator.objects.create(
            programme=cls.programme, task_group=cls.group, code="ADMITTED", name_vi="Kết nạp", kind=IndicatorKind.COUNT
        )
        cls.done = Indicator.objects.create(
            programme=cls.programme, task_group=cls.group, code="DONE", name_vi="Xong", kind=IndicatorKind.COUNT
        )
        cls.total = Indicator.objects.create(
            programme=cls.programme, task_group=cls.group, code="TOTAL", name_vi="Tổng", kind=IndicatorKind.COUNT
        )
        cls.share = Indicator.objects.create(
            programme=cls.programme,
            task_group=cls.group,
            code="SHARE",
            name_vi="Tỷ lệ",
            kind=IndicatorKind.RATIO,
            numerator=cls.done,
            denominator=cls.total,
            decimals=2,
        )
        cls.weak = Indicator.objects.create(
            programme=cls.programme, task_group=cls.group, code="WEAK", name_vi="Yếu", kind=IndicatorKind.YESNO
        )

    @classmethod
    def enter(cls, indicator, unit, period, value, status=ValueStatus.APPROVED):
        return DataValue.objects.create(
            indicator=indicator, unit=unit, period=period, value=Decimal(value), status=status, source=Source.FORM
        )


def api_errors(response) -> dict[str | None, list[str]]:
    """The messages of an API error (docs/api.md: one shape) by field."""
    found: dict[str | None, list[str]] = {}
    for item in response.json()["errors"]:
        found.setdefault(item["field"], []).append(item["message"])
    return found
