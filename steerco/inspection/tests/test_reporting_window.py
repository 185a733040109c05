"""The programme's reporting window decides which period a register record
counts in, for the figure service, the statistics page, its API and the
findings summary alike (issue 14, deliver 4). Here a programme that is not
Hanoi's, with a window from 20 November, and records on its boundary days.
Every expected count below is worked out by hand from the dates."""

from datetime import date

from django.test import override_settings
from django.urls import reverse

from steerco.findings.models import Finding
from steerco.indicators.figures import figure, figures
from steerco.indicators.models import Indicator, IndicatorKind
from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.inspection.stages import Subject
from steerco.lib.periods import Period
from steerco.lib.windows import ReportingWindow

from .. import services
from .base import InspectionTestCase

# 2024-H1 runs from 20/11/2023 to 19/5/2024; 2024-Q1 from 20/11/2023 to
# 19/2/2024; 2024 from 20/11/2023 to 19/11/2024.
WINDOW = ReportingWindow.parse("20/11")


class WindowCase(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme.window_day, cls.programme.window_month = 20, 11
        cls.programme.save()
        cls.members = Indicator.objects.create(
            programme=cls.programme,
            task_group=cls.group,
            code="KT_DV",
            name_vi="Đảng viên được kiểm tra",
            kind=IndicatorKind.COUNT,
            computed_by="inspection.members_inspected",
        )
        cls.found = Indicator.objects.create(
            programme=cls.programme,
            task_group=cls.group,
            code="HC",
            name_vi="Hạn chế phát hiện",
            kind=IndicatorKind.COUNT,
            computed_by="findings.identified",
        )
        opened = [
            date(2023, 11, 19),  # 2023-H2 (its last day), 2023-Q4, 2023
            date(2023, 11, 20),  # 2024-H1 (its first day), 2024-Q1, 2024: calendar would say 2023
            date(2023, 12, 31),  # 2024-H1, 2024-Q1
            date(2024, 2, 19),  # 2024-Q1 (last day)
            date(2024, 2, 20),  # 2024-Q2 (first day)
            date(2024, 5, 19),  # 2024-H1 (last day), 2024-Q2
            date(2024, 5, 20),  # 2024-H2 (first day): calendar would say H1
        ]
        for day in opened:
            services.open_case(
                commission=cls.district_a,
                subject=Subject.FULL_MEMBER,
                opened_on=day,
                full_name="Nguyễn Văn A",
                identity_number="001234567891",
                acting_user=cls.inspector_a,
            )
        for n, day in enumerate([date(2023, 11, 19), date(2023, 11, 20), date(2024, 5, 20)]):
            Finding.objects.create(owner=cls.org_a1, title=f"Hạn chế {n}", identified_on=day)

    def value(self, indicator, period):
        return figure(self.programme, indicator, self.city, period).value


class WindowTests(WindowCase):
    def test_the_window_arithmetic_of_this_programme(self):
        assert self.programme.reporting_window == WINDOW
        span = WINDOW.span("2024-H1")
        assert (span.start, span.end) == (date(2023, 11, 20), date(2024, 5, 19))

    def test_cases_count_in_the_half_their_window_holds(self):
        # 20/11, 31/12, 19/2, 20/2, 19/5: five; the calendar would count three
        assert self.value(self.members, "2024-H1") == 5
        assert self.value(self.members, "2024-H2") == 1
        assert self.value(self.members, "2023-H2") == 1

    def test_quarters_and_years_use_the_window_too(self):
        assert self.value(self.members, "2024-Q1") == 3  # 20/11, 31/12, 19/2
        assert self.value(self.members, "2024-Q2") == 2  # 20/2, 19/5
        assert self.value(self.members, "2023-Q4") == 1  # 19/11
        assert self.value(self.members, "2024") == 6
        assert self.value(self.members, "2023") == 2  # 19/11 and the base fixture's member case of 1/2/2023

    def test_findings_on_the_books_from_the_window_start(self):
        # identified by 19/5/2024: the two of November; the one of 20/5 is H2's
        assert self.value(self.found, "2024-H1") == 2
        assert self.value(self.found, "2023-H2") == 1
        assert self.value(self.found, "2024-H2") == 3

    def test_a_calendar_programme_counts_by_the_calendar(self):
        self.programme.window_day, self.programme.window_month = 1, 1
        self.programme.save()
        assert self.value(self.members, "2024-H1") == 4  # 19/2, 20/2, 19/5, 20/5
        assert self.value(self.members, "2023-H2") == 3  # 19/11, 20/11, 31/12

    def test_provenance_and_api_say_the_window(self):
        row = figures(self.programme, [self.members, self.admitted], self.city, "2024-H1")
        assert (row[0].provenance.window.start, row[0].provenance.window.end) == (date(2023, 11, 20), date(2024, 5, 19))
        assert row[1].provenance.window is None  # an entered figure has no window
        self.client.force_login(self.secretariat)
        response = self.client.get(
            reverse("api-figure-list"),
            {"programme": self.programme.code, "unit": "CITY", "period": "2024-H1", "indicator": "KT_DV"},
        )
        assert response.status_code == 200, response.content
        rows = response.json()["results"]
        assert rows[0]["provenance"]["window"] == {"start": "2023-11-20", "end": "2024-05-19"}

    @override_settings(LANGUAGE_CODE="vi")
    def test_the_figure_source_page_says_the_window(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(
            reverse("dashboard:values"),
            {"programme": self.programme.code, "unit": "CITY", "period": "2024-H1", "indicator": "KT_DV"},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
        assert response.status_code == 200
        assert "Kỳ báo cáo: 20/11/2023 – 19/5/2024" in response.content.decode()

    def test_statistics_page_and_api_count_by_the_window(self):
        self.client.force_login(self.inspector)
        stats = self.client.get(reverse("inspection:statistics"), {"unit": "CITY", "period": "2024-H1"})
        assert stats.context["stats"].group("members").current.inspected == 5
        assert "20/11/2023 – 19/5/2024" in stats.content.decode()
        api = self.client.get(reverse("inspection-statistics"), {"unit": "CITY", "period": "2024-Q1"})
        assert api.status_code == 200, api.content
        assert api.json()["members"]["current"]["inspected"] == 3
        assert api.json()["window"] == {"start": "2023-11-20", "end": "2024-02-19"}

    def test_findings_summary_counts_by_the_window(self):
        self.client.force_login(self.secretariat)
        page = self.client.get(reverse("findings:summary"), {"unit": "CITY", "period": "2024-H1"})
        assert page.status_code == 200
        assert page.context["rows"][0]["identified"] == 2
        assert "20/11/2023 – 19/5/2024" in page.content.decode()


class PackWindowTests(InspectionTestCase):
    def pack(self, **programme):
        return {
            "format": "steerco-pack/1",
            "programme": {"code": "07-CTr/TU", "owner": "CITY", "term": "2020-2025", "title_vi": "Thử", **programme},
        }

    def test_the_pack_sets_the_window_and_export_gives_it_back(self):
        programme = load_pack(self.pack(reporting_window="15/12"))
        assert (programme.window_day, programme.window_month) == (15, 12)
        assert dump_pack(programme)["programme"]["reporting_window"] == "15/12"
        again = load_pack(dump_pack(programme))
        assert again.reporting_window == ReportingWindow(12, 15)

    def test_a_pack_without_a_window_counts_by_the_calendar(self):
        programme = load_pack(self.pack())
        assert programme.reporting_window.is_calendar
        assert "reporting_window" not in dump_pack(programme)["programme"]
        span = programme.reporting_window.span(Period.parse("2023-H1"))
        assert (span.start, span.end) == (date(2023, 1, 1), date(2023, 6, 30))

    def test_a_bad_window_is_refused_with_its_place(self):
        for bad in ("15/9", "31/12", "mười lăm"):
            try:
                load_pack(self.pack(reporting_window=bad))
            except PackError as err:
                assert any(p.startswith("programme.reporting_window") for p in err.problems), err.problems
            else:
                raise AssertionError(f"{bad} was accepted")


@override_settings(LANGUAGE_CODE="vi")
class RecordsBehindTheFigureTests(WindowCase):
    """A register figure's source page names its register in words and
    links to the records it counts, filtered to the unit, the period and
    the window (issue 17, deliver 7)."""

    def test_the_source_page_states_the_register_figure_and_links_to_its_records(self):
        self.client.force_login(self.secretariat)
        page = self.client.get(
            reverse("dashboard:values"),
            {"programme": self.programme.code, "unit": "CITY", "period": "2024-H1", "indicator": "KT_DV"},
        ).content.decode()
        assert "inspection.members_inspected" not in page and "inspection." not in page
        assert "chưa có số liệu" not in page and "No values" not in page
        assert "“Đảng viên được kiểm tra”: 5, được đếm từ" in page
        # the secretariat reads no case: the link goes to the counts of the unit and period
        assert reverse("inspection:statistics") + "?unit=CITY&amp;period=2024-H1" in page

    def test_an_inspector_reaches_the_cases_counted(self):
        self.client.force_login(self.inspector_a)
        query = {"programme": self.programme.code, "indicator": "KT_DV", "unit": "DIST-A", "period": "2024-H1"}
        page = self.client.get(reverse("inspection:cases"), query)
        assert page.status_code == 200
        opened = sorted(c.opened_on for c in page.context["page"])
        expected = [date(2023, 11, 20), date(2023, 12, 31), date(2024, 2, 19), date(2024, 2, 20), date(2024, 5, 19)]
        assert opened == expected
        text = page.content.decode()
        assert "Các hồ sơ được tính vào “Đảng viên được kiểm tra”" in text and "20/11/2023 – 19/5/2024" in text

    def test_the_findings_list_takes_the_figure_filter(self):
        self.client.force_login(self.secretariat)
        query = {"programme": self.programme.code, "indicator": "HC", "unit": "CITY", "period": "2024-H1"}
        page = self.client.get(reverse("findings:list"), query)
        assert sorted(f.identified_on for f in page.context["page"]) == [date(2023, 11, 19), date(2023, 11, 20)]
        assert "20/11/2023 – 19/5/2024" in page.content.decode()

    def test_a_filter_naming_no_register_figure_lists_nothing_and_says_why(self):
        self.client.force_login(self.secretariat)
        query = {"programme": self.programme.code, "indicator": "ADMITTED", "unit": "CITY", "period": "2024-H1"}
        page = self.client.get(reverse("findings:list"), query)
        assert list(page.context["page"]) == []
        assert "Đường dẫn này không chỉ đến một số liệu" in page.content.decode()


class RoundWindowTests(InspectionTestCase):
    def test_a_round_takes_the_programmes_window_as_its_data_window_by_default(self):
        from steerco.collection.services import open_round

        self.programme.window_day, self.programme.window_month = 15, 12
        self.programme.save()
        round_ = open_round(self.programme, "2023-H1", acting_user=self.secretariat, deadline=date(2023, 6, 20))
        assert (round_.data_from, round_.data_to) == (date(2022, 12, 15), date(2023, 6, 14))
        # the units that owe it are those of the period's tree, as before
        assert round_.submissions.filter(unit=self.district_a).exists()


class ProgrammeWindowValidationTests(InspectionTestCase):
    def test_a_window_out_of_range_is_refused_in_vietnamese(self):
        from django.core.exceptions import ValidationError
        from django.utils import translation

        self.programme.window_day, self.programme.window_month = 15, 9
        with translation.override("vi"), self.assertRaises(ValidationError) as caught:
            self.programme.full_clean()
        assert "Kỳ báo cáo bắt đầu vào một ngày từ 1 đến 28" in str(caught.exception)
