"""The remediation burndown: findings identified, remediated and verified
month by month, as a chart and as a table on the home page."""

from datetime import date

from django.urls import reverse

from steerco.findings.models import Finding, Status
from steerco.lib.periods import Period
from steerco.testing import PersonaTestCase

from ..burndown import burndown, for_unit, month_ends

PERIOD = {"programme": "99-CTr/TU", "period": "2023-H1"}


def finding(owner, identified, deadline=None, remediated=None, verified=None, status=Status.OPEN, closed=None):
    return Finding.objects.create(
        closed_on=closed,
        owner=owner,
        title="A limitation",
        source="self_assessment",
        identified_on=identified,
        deadline=deadline,
        remediated_on=remediated,
        verified_on=verified,
        status=status,
    )


class MonthEndTests(PersonaTestCase):
    def test_the_twelve_months_up_to_the_end_of_the_period(self):
        days = month_ends(Period.parse("2023-H1"), today=date(2024, 1, 1))
        assert days[0] == date(2022, 7, 31) and days[-1] == date(2023, 6, 30) and len(days) == 12
        assert date(2023, 2, 28) in days

    def test_a_running_period_ends_today(self):
        days = month_ends(Period.parse("2023-H1"), today=date(2023, 3, 15))
        assert days[-2:] == [date(2023, 2, 28), date(2023, 3, 15)]
        assert all(d <= date(2023, 3, 15) for d in days)


class BurndownTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 10)
        # District A: three findings; one remediated in March and verified
        # in May, one remediated in June, one still open past its deadline.
        finding(cls.org_a1, date(2023, 1, 10), date(2023, 3, 31), date(2023, 3, 20), date(2023, 5, 2), Status.VERIFIED)
        finding(cls.org_a2, date(2023, 2, 1), date(2023, 6, 30), date(2023, 6, 10), status=Status.REMEDIATED)
        finding(cls.district_a, date(2023, 2, 15), date(2023, 4, 30), status=Status.IN_PROGRESS)
        # District B: one, and one closed as no longer relevant in November
        # (left out from then on).
        finding(cls.org_b1, date(2022, 11, 5), date(2023, 1, 31))
        finding(cls.org_b1, date(2022, 11, 5), date(2023, 1, 31), status=Status.NOT_RELEVANT, closed=date(2022, 11, 20))

    def test_a_finding_closed_as_no_longer_relevant_counts_until_it_was_closed(self):
        findings = Finding.objects.filter(owner__path__startswith=self.district_b.path)
        before, after = burndown(findings, [date(2022, 11, 15), date(2022, 11, 30)])
        assert (before.identified, after.identified) == (2, 1)

    def test_the_counts_at_each_month_end(self):
        days = [date(2023, 1, 31), date(2023, 3, 31), date(2023, 5, 31), date(2023, 6, 30)]
        points = burndown(Finding.objects.filter(owner__path__startswith=self.district_a.path), days)
        got = [(p.identified, p.remediated, p.verified, p.open, p.overdue) for p in points]
        assert got == [(1, 0, 0, 1, 0), (3, 1, 0, 2, 0), (3, 1, 1, 2, 1), (3, 2, 1, 1, 1)]

    def test_the_city_adds_its_districts_and_leaves_out_what_is_no_longer_relevant(self):
        points = for_unit(self.city, Period.parse("2023-H1"), today=date(2024, 1, 1))
        last = points[-1]
        assert (last.day, last.identified, last.remediated, last.verified, last.overdue) == (
            date(2023, 6, 30),
            4,
            2,
            1,
            2,
        )
        # from the month before the first finding (November 2022)
        assert points[0].day == date(2022, 10, 31) and points[0].identified == 0
        assert points[1].identified == 1  # the one closed as no longer relevant is left out

    def test_a_unit_without_findings_has_no_burndown(self):
        assert for_unit(self.org_a1, Period.parse("2022-H1")) == []

    def test_the_chart_is_an_svg_with_a_title_and_a_description(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(reverse("dashboard:chart-burndown"), {**PERIOD, "unit": "CITY"})
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        svg = response.content.decode()
        assert "<title>Khắc phục hạn chế · " in svg
        assert "<desc>Đến 6/2023: 4 hạn chế được xác định, 2 đã khắc phục, 1 đã xác minh" in svg
        assert "quá hạn" in svg

    def test_the_chart_follows_the_users_scope(self):
        self.client.force_login(self.outsider)  # district B
        response = self.client.get(reverse("dashboard:chart-burndown"), {**PERIOD, "unit": "DIST-A"})
        assert response.status_code == 404
        response = self.client.get(reverse("dashboard:chart-burndown"), {**PERIOD, "unit": "DIST-B"})
        assert "<desc>Đến 6/2023: 1 hạn chế" in response.content.decode()

    def test_the_home_page_shows_the_chart_and_the_same_figures_as_a_table(self):
        self.client.force_login(self.secretariat)
        page = self.client.get(reverse("home"), PERIOD).content.decode()
        assert "Khắc phục hạn chế" in page and "charts/burndown.svg" in page
        assert "<caption>Hạn chế vào cuối mỗi tháng</caption>" in page
        assert '<tr><th scope="row">6/2023</th><td class="num">4</td><td class="num">2</td>' in page

    def test_in_english(self):
        self.client.force_login(self.secretariat)
        self.client.cookies.load({"django_language": "en"})
        page = self.client.get(reverse("home"), PERIOD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Remediation of findings" in page and "Findings at the end of each month" in page
        svg = self.client.get(reverse("dashboard:chart-burndown"), {**PERIOD, "unit": "CITY"}).content.decode()
        assert "<desc>By 6/2023: 4 identified, 2 remediated, 1 verified, 2 open, of which 2 past the deadline." in svg
