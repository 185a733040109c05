from datetime import date

from django.core.cache import cache
from django.urls import reverse

from steerco.findings.models import Finding
from steerco.indicators.models import Target
from steerco.testing import PASSWORD, PersonaTestCase, make_round, make_unit
from steerco.units.models import UnitType


class HomePageTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 3100)
        cls.enter(cls.admitted, cls.org_b1, "2023-H1", 2055)
        cls.enter(cls.done, cls.org_a1, "2023-H1", 531)
        cls.enter(cls.total, cls.org_a1, "2023-H1", 617)
        Target.objects.create(indicator=cls.admitted, unit=cls.district_a, period="2023", value=6000)
        Target.objects.create(indicator=cls.admitted, unit=cls.district_b, period="2023", value=3810)

    def login(self, user):
        self.client.force_login(user)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    def test_login_page_logs_in_with_a_password(self):
        response = self.client.post(reverse("login"), {"username": "secretariat", "password": PASSWORD})
        assert response.status_code == 302
        assert self.client.get(reverse("home")).status_code == 200

    def test_secretariat_sees_city_roll_ups_in_vietnamese_format(self):
        self.login(self.secretariat)
        page = self.client.get(reverse("home"), {"period": "2023-H1"}).content.decode()
        for text in ("99-CTr/TU", "5.155", "9.810", "53 %", "531/617", "86,06 %", "Chỉ tiêu"):
            assert text in page, text

    def test_english_formats_numbers_the_english_way(self):
        self.login(self.secretariat)
        self.client.cookies.load({"django_language": "en"})
        page = self.client.get(reverse("home"), {"period": "2023-H1"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "5,155" in page and "86.06%" in page and "Target" in page

    def test_reporter_sees_only_their_district(self):
        self.login(self.reporter)
        page = self.client.get(reverse("home"), {"period": "2023-H1"}).content.decode()
        assert "3.100" in page and "5.155" not in page

    def test_outsider_cannot_open_another_districts_scorecard(self):
        self.login(self.outsider)
        page = self.client.get(reverse("home"), {"period": "2023-H1", "unit": "DIST-A"}).content.decode()
        assert "3.100" not in page and "2.055" in page

    def test_user_without_a_role_is_told_so(self):
        self.login(self.nobody)
        page = self.client.get(reverse("home")).content.decode()
        assert "chưa được phân quyền" in page

    def test_a_bad_period_gets_a_clear_message(self):
        self.login(self.secretariat)
        page = self.client.get(reverse("home"), {"period": "2023-H7"}).content.decode()
        assert "không phải là một kỳ" in page

    def test_the_page_takes_a_fixed_number_of_queries(self):
        # session, user, programmes, roles, roots, unit, periods; scorecard:
        # indicators, sums, targets; (trends: none, no earlier period has
        # data); the level below: units, sums, targets; findings: roles,
        # counts; the period's reporting round; the engine's succession
        # links in force; the remediation burndown (one aggregate); unread
        # notices. (19 since the sums come from SubtreeSum: "is the city the
        # only root" is no longer asked; 22 since the figure service reads
        # the succession links for the level below and the units holding
        # targets, to apply unit validity. 26 with the difficulties and
        # proposals register: its roles, overdue items, roles, overdue
        # conclusions. 23 with the one access object (accounts.access): the
        # user's roles are read once per request, for every app. 27 with the
        # report's timeline panel: the programme's rounds, issued reports,
        # report jobs and edits of the report's free text. 28 with the data
        # version read first: this is the page computed, not kept. 29 with
        # the units that owe a report (the units without data are only
        # those a round asks for).)
        self.login(self.secretariat)
        self.client.get(reverse("home"), {"period": "2023-H1"})
        cache.clear()  # computed again, not kept (dashboard.kept)
        with self.assertNumQueries(29):
            self.client.get(reverse("home"), {"period": "2023-H1"})

    def test_more_units_below_take_no_more_queries(self):
        for i in range(5):
            unit = make_unit(f"DIST-C{i}", self.city, UnitType.DISTRICT)
            self.enter(self.admitted, make_unit(f"DIST-C{i}-CS01", unit), "2023-H1", 10)
        self.login(self.secretariat)
        self.client.get(reverse("home"), {"period": "2023-H1"})
        cache.clear()
        with self.assertNumQueries(29):
            self.client.get(reverse("home"), {"period": "2023-H1"})

    def test_what_went_well_takes_one_line_and_attention_lists_the_lagging_units(self):
        self.login(self.secretariat)
        response = self.client.get(reverse("home"), {"period": "2023-H1"})
        assert response.context["went_well"].startswith("1/1 chỉ tiêu")
        kinds = [item.kind for item in response.context["attention"]]
        # District A: 3.100 of 6.000 is on track; district B: 2.055 of 3.810 too.
        assert "units.behind_target" not in kinds
        assert "units.no_data" in kinds  # the inspection commission entered nothing

    def test_units_without_data_are_those_a_round_asks_for(self):
        """With a round for the period, a child that owes no report (the
        inspection commission, here) is not listed as without data; one
        that owes and entered nothing is, out of those that owe."""
        silent = make_unit("DIST-C", self.city, UnitType.DISTRICT)
        owed = (self.district_a, self.org_a1, self.district_b, self.org_b1, silent)
        make_round(self.programme, "2023-H1", date(2023, 6, 20), (date(2022, 12, 15), date(2023, 6, 14)), owed)
        self.login(self.secretariat)
        items = self.client.get(reverse("home"), {"period": "2023-H1"}).context["attention"]
        (item,) = [i for i in items if i.kind == "units.no_data"]
        assert item.title == "1/3 đơn vị chưa có số liệu kỳ 6 tháng đầu năm 2023"
        assert [name for name, _url in item.units] == [silent.name()]
        # A year owes what its halves owed: the same three for 2023.
        items = self.client.get(reverse("home"), {"period": "2023"}).context["attention"]
        (item,) = [i for i in items if i.kind == "units.no_data"]
        assert item.title.startswith("1/3 đơn vị chưa có số liệu kỳ năm 2023")

    def test_a_unit_that_did_not_exist_in_the_period_says_so(self):
        ward = make_unit("WARD-NEW", self.district_a, valid_from=date(2025, 7, 1))
        self.login(self.secretariat)
        for page in ("home", "dashboard:heat"):
            response = self.client.get(reverse(page), {"unit": ward.code, "period": "2023-H1"})
            assert response.context["unit_absent"] == (
                f"{ward.name()} (WARD-NEW) chỉ tồn tại từ ngày 01/7/2025; 6 tháng đầu năm 2023 nằm trước thời gian đó."
            )
            assert "chỉ tồn tại từ ngày 01/7/2025" in response.content.decode()
        response = self.client.get(reverse("home"), {"unit": "DIST-A", "period": "2023-H1"})
        assert response.context["unit_absent"] == ""

    def test_a_district_behind_its_pro_rata_target_is_named_worst_first(self):
        Target.objects.filter(unit=self.district_b).update(value=8000)
        self.login(self.secretariat)
        items = self.client.get(reverse("home"), {"period": "2023-H1"}).context["attention"]
        # The city as a whole is now at risk too (5.155 of 11.810 at mid-year).
        assert [item.kind for item in items[:2]] == ["indicators.behind_target", "units.behind_target"]
        assert "Đơn vị DIST-B" in items[1].units[0][0] and "2.055/8.000" in items[1].units[0][0]
        assert items == sorted(items, key=lambda item: item.severity)


class RegisterAttentionTests(PersonaTestCase):
    """Findings and reporting rounds add their own items to the home page."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 10)

    def attention(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("home"), {"period": "2023-H1"}).context["attention"]

    def test_overdue_findings_of_the_subtree_need_attention(self):
        Finding.objects.create(
            owner=self.org_a1, title="Chậm khắc phục", identified_on=date(2023, 1, 5), deadline=date(2023, 3, 31)
        )
        Finding.objects.create(
            owner=self.org_b1, title="Của quận khác", identified_on=date(2023, 1, 5), deadline=date(2023, 3, 31)
        )
        items = [i for i in self.attention(self.secretariat) if i.kind == "findings.exceptions"]
        assert len(items) == 1 and items[0].title.startswith("2 ")
        items = [i for i in self.attention(self.reporter) if i.kind == "findings.exceptions"]
        assert len(items) == 1 and items[0].title.startswith("1 ")

    def test_units_that_have_not_submitted_are_named_late_first(self):
        make_round(self.programme, "2023-H1", date(2023, 7, 15), owed=(self.district_a, self.district_b))
        items = [i for i in self.attention(self.secretariat) if i.kind == "collection.not_reported"]
        assert len(items) == 1 and items[0].severity == 0
        assert {name for name, _url in items[0].units} == {"Đơn vị DIST-A", "Đơn vị DIST-B"}
        items = [i for i in self.attention(self.outsider) if i.kind == "collection.not_reported"]
        assert [name for name, _url in items[0].units] == ["Đơn vị DIST-B"]


class RegistersOnTheHomePageTests(PersonaTestCase):
    """A programme with every computed key of the findings and inspection
    registers (21 indicators): each register is read once per set of units
    and periods, not once per indicator."""

    @classmethod
    def setUpTestData(cls):
        from steerco.findings import computed as findings_computed
        from steerco.inspection import computed as inspection_computed

        super().setUpTestData()
        keys = [*findings_computed.KEYS, *inspection_computed.KEYS]
        for i, key in enumerate(keys):
            cls.programme.indicators.create(
                task_group=cls.group, code=f"REG{i:02d}", name_vi=key, kind="count", computed_by=key
            )
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", 3100)
        Finding.objects.create(
            owner=cls.org_a1, title="Late", identified_on=date(2023, 1, 10), deadline=date(2023, 3, 1)
        )

    def queries(self, page="home", **params):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.force_login(self.secretariat)
        params = {"programme": self.programme.code, "period": "2023-H1", **params}
        self.client.get(reverse(page), params)
        cache.clear()  # the page computed, not kept (dashboard.kept)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(reverse(page), params)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    def test_the_home_page_reads_each_register_once_per_level(self):
        # The 18 of the page without registers, plus, for the scorecard
        # (the period and the same period last year at once): findings,
        # causes, suggestions (+ whether each period has any), weak
        # organisations (+ whether each year has a list), unit populations
        # and inspection cases. The level below (attention) leaves the
        # register counts to the registers' own exception lists; earlier
        # periods without data cost nothing. Asked one key at a time, the
        # same page took 20 + 25 (and 20 + 8 before the sums came from
        # SubtreeSum). The figure service reads the succession links of the
        # level below once more (27; the user's roles are read once per
        # request, accounts.access).
        # 27 + the proposals register (items, conclusions) + the timeline panel (4) + the data version
        # + the units that owe a report
        assert self.queries() == 35

    def test_more_units_take_no_more_queries(self):
        before = self.queries()
        for i in range(5):
            unit = make_unit(f"DIST-C{i}", self.city, UnitType.DISTRICT)
            Finding.objects.create(owner=make_unit(f"DIST-C{i}-CS01", unit), title="x", identified_on=date(2023, 1, 2))
        assert self.queries() == before
        assert self.queries(unit="DIST-A") == before

    def test_the_heat_table_reads_each_register_once_for_all_the_children(self):
        # 13 without registers (with the data version the selection is kept
        # under), plus the children (for the registers) and the 8 register
        # reads for every child at once
        assert self.queries("dashboard:heat", unit="CITY") == 13 + 1 + 8
        for i in range(5):
            unit = make_unit(f"DIST-C{i}", self.city, UnitType.DISTRICT)
            Finding.objects.create(owner=make_unit(f"DIST-C{i}-CS01", unit), title="x", identified_on=date(2023, 1, 2))
        assert self.queries("dashboard:heat", unit="CITY") == 13 + 1 + 8


class PeriodsWithDataTests(PersonaTestCase):
    def test_the_periods_offered_are_those_with_any_value_newest_first(self):
        from steerco.dashboard.views.selection import _periods_with_data

        self.enter(self.admitted, self.org_a1, "2022-H1", 1)
        self.enter(self.done, self.org_b1, "2023-H2", 1, status="draft")  # any status counts
        self.enter(self.total, self.org_a1, "2021", 1)
        self.enter(self.admitted, self.org_b1, "2022-H1", 2)
        with self.assertNumQueries(1):
            periods = _periods_with_data(self.programme)
        assert [p.code for p in periods] == ["2023-H2", "2022-H1", "2021"]
