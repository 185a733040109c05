"""Fixtures for collection tests: the personas' tree with an open round."""

from datetime import date
from decimal import Decimal

from steerco.accounts.models import Role
from steerco.indicators.models import ValidationRule
from steerco.testing import PersonaTestCase, make_user

from ..models import ReportingRound, Submission
from ..services import Entry, record

PERIOD = "2023-H1"


class RoundTestCase(PersonaTestCase):
    """Adds an open 2023-H1 round (window 15 Dec – 14 Jun) owed by the two
    districts and their grassroots organisations, a rule DONE <= TOTAL's
    sibling ADMITTED <= 1000, and a viewer of district A."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = ReportingRound.objects.create(
            programme=cls.programme,
            period=PERIOD,
            data_from=date(2022, 12, 15),
            data_to=date(2023, 6, 14),
            deadline=date(2023, 6, 20),
            unit_types="district,grassroots",
        )
        for unit in (cls.district_a, cls.org_a1, cls.org_a2, cls.district_b, cls.org_b1):
            Submission.objects.create(round=cls.round, unit=unit)
        ValidationRule.objects.create(programme=cls.programme, code="R1", expression="ADMITTED <= 1000")
        cls.viewer = make_user("viewer", Role.VIEWER, cls.district_a)

    def write(self, user, unit, values, **kwargs):
        entries = [Entry(code, Decimal(str(v)), kwargs.pop(f"version_{code}", 0)) for code, v in values.items()]
        return record(self.programme, unit, kwargs.pop("period", PERIOD), entries=entries, **kwargs, acting_user=user)
