from datetime import UTC, datetime

from steerco.indicators.models import Target
from steerco.testing import PersonaTestCase

WHEN = datetime(2023, 7, 15, 2, 0, tzinfo=UTC)


class ReportTestCase(PersonaTestCase):
    """Personas plus a few approved values for 2023-H1 and 2022-H1, and an
    annual admission target per district."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 40)
        cls.enter(cls.admitted, cls.org_a2, "2023-H1", 20)
        cls.enter(cls.admitted, cls.org_b1, "2023-H1", 10)
        cls.enter(cls.admitted, cls.org_a1, "2022-H1", 50)
        cls.enter(cls.done, cls.org_a1, "2023-H1", 7)
        cls.enter(cls.total, cls.org_a1, "2023-H1", 13)
        cls.enter(cls.weak, cls.org_b1, "2023-H1", 1)
        Target.objects.create(indicator=cls.admitted, unit=cls.district_a, period="2023", value=100)
        Target.objects.create(indicator=cls.admitted, unit=cls.district_b, period="2023", value=100)
