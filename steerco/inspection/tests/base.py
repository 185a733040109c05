"""Fixtures for the inspection tests: the personas, plus a viewer and an
inspector in each district, and three cases: a member case (with a name)
opened by district A, one on an organisation of district B opened by
district B, and one opened by the city commission."""

from __future__ import annotations

from datetime import date

from steerco.accounts.models import Role
from steerco.testing import PersonaTestCase, make_user

from .. import services
from ..stages import Subject

SECRET_NAME = "Nguyễn Văn Bímật"
SECRET_ID = "001234567890"


class InspectionTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.viewer = make_user("viewer", Role.VIEWER, cls.district_a)
        cls.inspector_a = make_user("inspector_a", Role.INSPECTOR, cls.district_a)
        cls.inspector_b = make_user("inspector_b", Role.INSPECTOR, cls.district_b)
        cls.case_a = services.open_case(
            commission=cls.district_a,
            subject=Subject.FULL_MEMBER,
            opened_on=date(2023, 2, 1),
            full_name=SECRET_NAME,
            identity_number=SECRET_ID,
            acting_user=cls.inspector_a,
        )
        cls.case_b = services.open_case(
            commission=cls.district_b,
            subject=Subject.ORGANISATION,
            subject_unit=cls.org_b1,
            opened_on=date(2023, 3, 1),
            acting_user=cls.inspector_b,
        )
        cls.case_city = services.open_case(
            commission=cls.commission,
            subject=Subject.ORGANISATION,
            subject_unit=cls.org_a2,
            opened_on=date(2023, 1, 10),
            acting_user=cls.inspector,
        )
