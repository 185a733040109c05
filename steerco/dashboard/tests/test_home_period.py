"""The home page opens on the period the committee is working on, says
why, and says plainly when a unit asked for is out of scope."""

from datetime import date

from django.urls import reverse

from steerco.collection.models import ReportingRound, RoundState, Submission
from steerco.indicators.models import ValueStatus
from steerco.testing import PersonaTestCase


class HomePeriodTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        units = (cls.district_a, cls.org_a1, cls.org_a2, cls.district_b, cls.org_b1)
        for period, approved in (("2023-H1", units), ("2023-H2", (cls.district_a,))):
            round_ = ReportingRound.objects.create(
                programme=cls.programme,
                period=period,
                data_from=date(2023, 1, 1),
                data_to=date(2023, 12, 31),
                deadline=date(2023, 12, 20),
            )
            for unit in units:
                status = ValueStatus.APPROVED if unit in approved else ValueStatus.DRAFT
                Submission.objects.create(round=round_, unit=unit, status=status)
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 10)
        cls.enter(cls.admitted, cls.district_a, "2023-H2", 150)

    def home(self, user, **params):
        self.client.force_login(user)
        return self.client.get(reverse("home"), {"programme": self.programme.code, **params})

    def test_one_unit_approving_the_next_period_early_does_not_move_the_city(self):
        response = self.home(self.secretariat)
        assert response.context["period"].code == "2023-H1"
        assert "kỳ báo cáo gần nhất mà phần lớn đơn vị đã gửi báo cáo" in response.content.decode()

    def test_a_closed_round_is_the_period_worked_on(self):
        ReportingRound.objects.filter(period="2023-H2").update(state=RoundState.CLOSED)
        response = self.home(self.secretariat)
        assert response.context["period"].code == "2023-H2"
        assert "kỳ báo cáo vừa khóa gần nhất" in response.content.decode()

    def test_the_picker_offers_the_year_the_halves_make(self):
        codes = [p.code for p in self.home(self.secretariat).context["periods"]]
        assert "2023" in codes and "2023-H1" in codes and "2020-2025" in codes

    def test_a_unit_out_of_scope_is_refused_plainly(self):
        response = self.home(self.outsider, unit="DIST-A")
        assert response.context["unit"] == self.district_b
        assert "Đơn vị “DIST-A” không thuộc phạm vi của bạn" in response.content.decode()

    def test_a_unit_in_scope_is_honoured(self):
        assert self.home(self.secretariat, unit="DIST-A").context["unit"] == self.district_a
