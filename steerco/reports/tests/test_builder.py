"""The builder on a small tree: sections, lagging units, determinism."""

import io
import re
import zipfile
from datetime import date, timedelta

from openpyxl import load_workbook

from steerco.indicators.figures import figure
from steerco.indicators.models import DataValue, Target
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.programmes.models import Task, TaskKind, Theme
from steerco.testing import make_round, make_unit
from steerco.units.models import Succession, UnitType

from ..breakdown import child_cards, subtree_cards
from ..builder import build_document, build_report, render
from ..contributions import _REGISTRY, contribute
from ..document import Paragraph
from ..models import ReportProfile
from .base import WHEN, ReportTestCase
from .helpers import docx_text, pdf_text, style_problems


class BuilderTests(ReportTestCase):
    def build(self, **options):
        return build_document(self.programme, "2023-H1", "vi", generated_at=WHEN, **options)

    def test_a_district_behind_its_pro_rata_target_is_named(self):
        text = self.build().text()
        # B admitted 10 of 100 by mid-year (50 due): at risk; A has 60 of 100.
        assert "1/2 đơn vị chậm so với tiến độ chỉ tiêu" in text
        assert "Đảng bộ cấp huyện: 1/2 đơn vị, gồm Đơn vị DIST-B (10 %)." in text
        assert "Đơn vị DIST-A (" not in text

    def test_results_show_the_target_and_the_same_period_of_last_year(self):
        text = self.build().text()
        assert "Kết nạp: 70, đạt 35 % chỉ tiêu năm 2023 (70/200); cùng kỳ năm 2022: 50, tăng 20." in text

    def test_a_ratio_is_shown_with_its_parts(self):
        assert "7/13 (53,85 %)" in self.build().text()

    def test_tasks_due_next_period_and_the_key_theme_make_the_plan(self):
        Task.objects.create(group=self.group, code="1.1", kind=TaskKind.SCHEME, name_vi="Đề án thử", due="2023-H2")
        Task.objects.create(group=self.group, code="1.2", kind=TaskKind.SCHEME, name_vi="Đề án sau", due="2024-H1")
        Theme.objects.create(programme=self.programme, code="T", name_vi="Chủ đề thử", period="2023-H2")
        text = self.build().text()
        assert "Chủ đề thử" in text and "Đề án thử" in text and "Đề án sau" not in text
        assert "Hoàn thành 1 đề án, quy định, nhiệm vụ đến hạn trong 6 tháng cuối năm 2023" in text

    def test_the_outline_places_an_indicator_among_the_limitations(self):
        ReportProfile.objects.create(
            programme=self.programme, superior_vi="THÀNH ỦY", issuer_vi="BAN CHỈ ĐẠO", issuer_code="BCĐ",
            outline={"limitations": ["SHARE"], "plan": []},
        )  # fmt: skip
        document = self.build()
        limitations = next(s for s in document.sections if s.title.startswith("II."))
        text = "\n".join(getattr(b, "text", "") + " ".join(getattr(b, "items", [])) for b in limitations.blocks)
        assert "Tỷ lệ: 7/13 (53,85 %)" in text
        assert "còn 6/13 chưa khắc phục xong" in text

    def test_the_state_format_has_the_national_motto_and_a_colon_in_the_number(self):
        ReportProfile.objects.create(
            programme=self.programme, superior_vi="UBND THÀNH PHỐ", issuer_vi="SỞ NỘI VỤ", issuer_code="SNV"
        )
        text = docx_text(render(self.build(style="state"), "docx"))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
        assert "/BC-SNV" in text and "ĐẢNG CỘNG SẢN" not in text

    def test_a_registered_section_lands_in_its_slot(self):
        @contribute("overdue")
        def overdue(ctx):
            return [Paragraph(f"Quá hạn ở {ctx.unit.code}")]

        try:
            assert "Quá hạn ở CITY" in self.build().text()
        finally:
            _REGISTRY["overdue"].remove(overdue)

    def test_progress_is_reported_up_to_done(self):
        seen = []
        build_report(self.programme, "2023-H1", "html", progress=seen.append, generated_at=WHEN)
        assert seen[0].startswith("10 %") and seen[-1].startswith("100 %")

    def test_the_units_below_are_read_in_a_fixed_number_of_queries(self):
        indicators = list(self.programme.indicators.select_related("numerator", "denominator"))
        with self.assertNumQueries(5):  # children, links, targets, units of the targets, values (figure service)
            cards = child_cards(indicators, self.city, Period.parse("2023-H1"), Period.parse("2020-2025"))
        by_code = {c.unit.code: c for c in cards}
        assert by_code["DIST-A"].rows["ADMITTED"].figure.value == 60
        assert by_code["DIST-A"].rows["SHARE"].figure.numerator == 7
        assert by_code["DIST-B"].rows["ADMITTED"].target.value == 100


class LaggingSubtreeTests(ReportTestCase):
    """Lagging units at every depth below the issuer, not only the level
    right below it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A grassroots organisation of district A with a target of its own:
        # 40 of 200 by mid-year (100 due) is at risk, though A itself (60 of
        # 100) is on track; its sibling (20 of 30) is on track.
        Target.objects.create(indicator=cls.admitted, unit=cls.org_a1, period="2023", value=200)
        Target.objects.create(indicator=cls.admitted, unit=cls.org_a2, period="2023", value=30)

    def build(self, language="vi", **options):
        return build_document(self.programme, "2023-H1", language, generated_at=WHEN, **options)

    def test_a_grassroots_organisation_behind_its_target_is_found_under_a_district_on_track(self):
        text = self.build().text()
        assert "2/4 đơn vị chậm so với tiến độ chỉ tiêu" in text
        assert "Đảng bộ cấp huyện: 1/2 đơn vị, gồm Đơn vị DIST-B (10 %)." in text
        assert "Tổ chức cơ sở đảng: 1/2 đơn vị, gồm Đơn vị DIST-A-CS01 (20 %)." in text
        assert "DIST-A-CS02 (" not in text

    def test_levels_come_top_down_and_the_table_worst_first_within_a_level(self):
        table = next(t for t in self.build().tables() if t.key == "Đơn vị chậm")
        assert [row[0].text for row in table.rows] == ["Đơn vị DIST-B", "Đơn vị DIST-A-CS01"]

    def test_a_long_list_is_capped_with_and_n_more(self):
        from unittest import mock

        from .. import sections

        with (
            mock.patch.object(sections, "NAMED_LAGGING_AT_MOST", 0),
            mock.patch.object(sections, "TABLE_LAGGING_AT_MOST", 0),
        ):
            document = self.build("en")
        text = document.text()
        assert "District-level Party Committee: 1 of 2 units." in text
        table = next(t for t in document.tables() if t.key == "Units behind")
        assert table.rows == [] and table.note == "And 2 more units; every figure is in the Excel annex."
        sheet = load_workbook(io.BytesIO(render(document, "xlsx")))["Units behind"]
        units = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert units == ["Unit DIST-B", "Unit DIST-A-CS01"]

    def test_a_unit_named_like_a_formula_is_quoted_text_in_the_annex(self):
        from steerco.lib import xlsx_safe

        self.district_b.name_vi = '=HYPERLINK("http://evil.example/","B")'
        self.district_b.save()
        data = render(self.build(), "xlsx")
        assert xlsx_safe.formula_cells(data) == []
        sheet = load_workbook(io.BytesIO(data))["Đơn vị chậm"]
        units = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
        assert """'=HYPERLINK("http://evil.example/","B")""" in units

    def test_the_whole_subtree_is_judged_in_a_fixed_number_of_queries(self):
        indicators = list(self.programme.indicators.select_related("numerator", "denominator"))
        # The targets in force below the city (figure service: links, targets, their units), the
        # units they make, those units, then their figures (links, targets, their units, values).
        with self.assertNumQueries(9):
            cards = subtree_cards(indicators, self.city, Period.parse("2023-H1"), Period.parse("2020-2025"))
        by_code = {c.unit.code: c for c in cards}
        assert sorted(by_code) == ["DIST-A", "DIST-A-CS01", "DIST-A-CS02", "DIST-B"]
        assert by_code["DIST-A-CS01"].rows["ADMITTED"].figure.value == 40
        assert by_code["DIST-A"].rows["ADMITTED"].figure.value == 60
        assert [r.indicator.code for r in by_code["DIST-A-CS01"].lagging] == ["ADMITTED"]


class LaggingSuccessorTests(ReportTestCase):
    """A unit judged on the target of the unit it replaced (found by the
    figure oracle: the successor's scorecard said "at risk" and the report
    did not name it)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # District C (2023 target 100) is renamed D on 1 April; D has 5 of
        # the 50 due by mid-year: at risk on C's target, which it takes over.
        old = make_unit("DIST-C", cls.city, UnitType.DISTRICT, valid_to=date(2023, 3, 31))
        cls.renamed = make_unit("DIST-D", cls.city, UnitType.DISTRICT, valid_from=date(2023, 4, 1))
        Succession.objects.create(predecessor=old, successor=cls.renamed, kind="rename", effective=date(2023, 4, 1))
        Target.objects.create(indicator=cls.admitted, unit=old, period="2023", value=100)
        cls.enter(cls.admitted, cls.renamed, "2023-H1", 5)

    def test_a_successor_behind_the_target_it_took_over_is_named(self):
        indicators = list(self.programme.indicators.select_related("numerator", "denominator"))
        row = figure(self.programme, self.admitted, self.renamed, "2023-H1")
        assert (row.target.value, row.status) == (100, Status.AT_RISK)
        cards = {c.unit.code: c for c in subtree_cards(indicators, self.city, Period.parse("2023-H1"), self.term)}
        assert [r.indicator.code for r in cards["DIST-D"].lagging] == ["ADMITTED"]
        document = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN)
        table = next(t for t in document.tables() if t.key == "Đơn vị chậm")
        assert [row[0].text for row in table.rows] == ["Đơn vị DIST-D", "Đơn vị DIST-B"]
        assert "Đảng bộ cấp huyện: 2/3 đơn vị, gồm" in document.text()

    @property
    def term(self):
        return Period.parse("2020-2025")


class PluralTests(ReportTestCase):
    """Counts agree with their nouns in English; Vietnamese has one form."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admitted.measure_vi, cls.admitted.measure_en = "đảng viên", "members"
        cls.admitted.save()
        cls.weak.measure_vi, cls.weak.measure_en = "tổ chức", "organisations"
        cls.weak.save()

    def text(self, period, language):
        return build_document(self.programme, period, language, generated_at=WHEN).text()

    def test_english_says_one_record_one_unit_and_one_organisation(self):
        text = self.text("2022-H1", "en")
        assert "from 1 approved record of 1 reporting unit." in text
        assert "Kết nạp: 50 members" in text  # mid-sentence, a common noun
        text = self.text("2023-H1", "en")
        assert "Yếu: 1 organisation" in text
        assert "1 of 2 units is behind the pro-rata target" in text
        assert "Carry on the 1 task group of the programme." in text

    def test_english_says_many_records_units_and_members(self):
        text = self.text("2023-H1", "en")
        assert "from 6 approved records of 3 reporting units." in text
        assert "Kết nạp: 70 members" in text
        Target.objects.create(indicator=self.admitted, unit=self.org_a1, period="2023", value=200)
        assert "2 of 3 units are behind the pro-rata target" in self.text("2023-H1", "en")

    def test_vietnamese_has_one_form_for_one_and_many(self):
        one, many = self.text("2022-H1", "vi"), self.text("2023-H1", "vi")
        assert "tổng hợp từ 1 số liệu đã phê duyệt của 1 đơn vị báo cáo." in one
        assert "tổng hợp từ 6 số liệu đã phê duyệt của 3 đơn vị báo cáo." in many
        assert "Yếu: 1 tổ chức" in many and "Kết nạp: 70 đảng viên" in many
        assert "Tiếp tục thực hiện 1 nhóm nhiệm vụ của Chương trình." in many


class StyleTests(ReportTestCase):
    def test_every_sentence_of_the_small_programme_reads_as_a_reviewer_would_sign_it(self):
        for period in ("2023-H1", "2022-H1", "2019-Q2"):
            for language in ("vi", "en"):
                document = build_document(self.programme, period, language, generated_at=WHEN)
                assert style_problems(document.prose()) == [], (period, language)

    def test_the_style_check_catches_what_a_reviewer_strikes(self):
        struck = [
            "Tỷ lệ: 531/617 (86,06 %) (cùng kỳ năm 2022: 478/602 (79,40 %), tăng 6,66 điểm phần trăm).",
            "0 hạn chế được đóng mà không có minh chứng.",
            "14/32 đơn vị chậm so với tiến độ chỉ tiêu (theo từng cấp, đơn vị chậm nhất trước).",
            "Không có chỉ tiêu nào trong 1 chỉ tiêu được giao chậm tiến độ.",
            "Hạn chế đang rà soát: 2 hạn chế; Quận ủy Hai Bà Trưng: 1; Huyện ủy Ứng Hòa: 1.",
            "Tỷ lệ hạn chế, tiêu chí đã khắc phục: còn 7/27 nội dung chưa khắc phục.",
        ]
        assert len({text for _why, text in style_problems(struck)}) == len(struck)


class DeterminismTests(ReportTestCase):
    def test_the_same_data_gives_the_same_bytes_in_every_format(self):
        for fmt in ("docx", "xlsx", "html", "pdf"):
            first = build_report(self.programme, "2023-H1", fmt, generated_at=WHEN)
            again = build_report(self.programme, "2023-H1", fmt, generated_at=WHEN)
            assert first == again, fmt

    def test_a_later_generation_differs_only_in_its_file_properties(self):
        """The generation time is in the files' properties, never on the page."""
        from pypdf import PdfReader

        later = WHEN + timedelta(hours=3)
        a = build_report(self.programme, "2023-H1", "docx", generated_at=WHEN, issued_on=WHEN.date())
        b = build_report(self.programme, "2023-H1", "docx", generated_at=later, issued_on=WHEN.date())
        parts_a, parts_b = _parts(a), _parts(b)
        assert parts_a.keys() == parts_b.keys()
        changed = sorted(name for name in parts_a if parts_a[name] != parts_b[name])
        assert changed == ["docProps/core.xml"]
        assert docx_text(a) == docx_text(b)
        pa = build_report(self.programme, "2023-H1", "pdf", generated_at=WHEN, issued_on=WHEN.date())
        pb = build_report(self.programme, "2023-H1", "pdf", generated_at=later, issued_on=WHEN.date())
        assert pdf_text(pa) == pdf_text(pb) and pa != pb
        created = PdfReader(io.BytesIO(pb)).metadata["/CreationDate"]
        assert created.startswith("D:20230715050000")

    def test_changed_data_changes_the_report(self):
        before = docx_text(build_report(self.programme, "2023-H1", "docx", generated_at=WHEN))
        DataValue.objects.filter(indicator=self.admitted, unit=self.org_b1, period="2023-H1").update(value=15)
        after = docx_text(build_report(self.programme, "2023-H1", "docx", generated_at=WHEN))
        assert before != after and "75" in after


def _parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {name: z.read(name) for name in z.namelist()}


class InspectionSourceTests(ReportTestCase):
    def test_the_annex_shows_discipline_by_form_from_the_register(self):
        from steerco.inspection.models import Case
        from steerco.inspection.stages import DisciplineForm, Stage, Subject

        Case.objects.create(
            code="CITY-2023-001",
            commission=self.commission,
            subject=Subject.FULL_MEMBER,
            stage=Stage.DISCIPLINED,
            opened_on="2023-02-01",
            concluded_on="2023-03-01",
            decided_on="2023-04-01",
            discipline_form=DisciplineForm.WARNING,
        )
        table = next(t for t in build_document(self.programme, "2023-H1", "vi").tables() if t.key == "Kỷ luật")
        assert [c.text for c in table.rows[0]] == ["Đảng viên", "Cảnh cáo", "1", "0"]


class CollectionSourceTests(ReportTestCase):
    def test_units_that_have_not_sent_their_report_are_named(self):
        from datetime import date

        from steerco.collection.models import Submission

        round_ = make_round(self.programme, "2023-H1", date(2023, 7, 5))
        Submission.objects.create(round=round_, unit=self.district_a, status="approved")
        Submission.objects.create(round=round_, unit=self.district_b)
        text = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN).text()
        assert "01/2 đơn vị chưa gửi báo cáo 6 tháng đầu năm 2023 (hạn ngày 05/7/2023): Đơn vị DIST-B." in text


class EmptyPeriodTests(ReportTestCase):
    def test_a_period_without_data_still_gives_a_document_that_says_so(self):
        document = build_document(self.programme, "2019-Q2", "vi", generated_at=WHEN)
        text = document.text()
        assert "Chưa có số liệu được phê duyệt cho kỳ này." in text
        assert "NHIỆM VỤ TRỌNG TÂM QUÝ III NĂM 2019" in text
        assert pdf_text(render(document, "pdf")).startswith("ĐƠN VỊ CITY")


class FindingsSourceTests(ReportTestCase):
    def test_overdue_limitations_are_listed_at_the_reports_date(self):
        from datetime import date

        from steerco.findings.models import Finding, FindingSource

        for deadline in (date(2023, 6, 30), date(2023, 12, 31)):
            Finding.objects.create(
                owner=self.district_a,
                title=f"Hạn chế hạn {deadline:%d/%m}",
                source=FindingSource.SELF_ASSESSMENT,
                identified_on=date(2023, 1, 10),
                deadline=deadline,
            )
        document = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN)
        text = document.text()
        assert "01 hạn chế đã quá hạn khắc phục tại 01 đơn vị" in text
        table = next(t for t in document.tables() if t.key == "Quá hạn")
        assert [[c.text for c in row][:3] for row in table.rows] == [
            ["Đơn vị DIST-A", "Hạn chế hạn 30/06", "30/6/2023"]
        ]
        overdue = Finding.objects.get(deadline=date(2023, 6, 30))
        assert table.rows[0][1].link == f"/findings/{overdue.pk}/"  # the HTML report links the finding's page
        html = render(document, "html").decode()
        assert f'<a href="/findings/{overdue.pk}/">Hạn chế hạn 30/06</a>' in html

    def test_a_back_dated_report_lists_what_was_overdue_then(self):
        """Overdue at 10/07/2023 by the register's dates, not today's
        statuses: one remediated since and one closed as no longer relevant
        since are listed; one remediated before, one closed before and one
        identified after are not."""
        from datetime import date

        from django.utils import timezone

        from steerco.findings.models import Finding, FindingSource, Status

        def finding(title, **fields):
            return Finding.objects.create(
                owner=self.district_a, title=title, source=FindingSource.SELF_ASSESSMENT,
                identified_on=fields.pop("identified_on", date(2023, 1, 10)),
                deadline=fields.pop("deadline", date(2023, 6, 30)),
                **fields,
            )  # fmt: skip

        finding("Sửa sau", status=Status.VERIFIED, remediated_on=date(2023, 8, 1), verified_on=date(2023, 8, 2))
        finding("Bỏ sau", status=Status.NOT_RELEVANT, closed_on=timezone.localdate())
        finding("Sửa trước", status=Status.REMEDIATED, remediated_on=date(2023, 7, 5))
        finding("Bỏ trước", status=Status.NOT_RELEVANT, closed_on=date(2023, 7, 1))
        finding("Nêu sau", identified_on=date(2023, 7, 20), deadline=None)
        document = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN, issued_on=date(2023, 7, 10))
        table = next(t for t in document.tables() if t.key == "Quá hạn")
        overdue = [row[1].text for row in table.rows if "Quá hạn" in row[4].text]
        assert sorted(overdue) == ["Bỏ sau", "Sửa sau"]
        assert "02 hạn chế đã quá hạn khắc phục tại 01 đơn vị" in document.text()


class MachineNumbersTests(ReportTestCase):
    """The annex showed "10000.0000" (issue 17): a stored value reads as
    people write it in every format, with no ".0000" and no "E+"."""

    def test_no_machine_number_in_the_report_or_its_annex(self):
        DataValue.objects.filter(indicator=self.total, unit=self.org_a1, period="2023-H1").update(value=10000)
        self.enter(self.admitted, self.org_b1, "2022-H1", 150)
        document = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN)
        html = re.sub(r"data:[^\"')]+", "", render(document, "html").decode())  # the charts' base64
        for text in (document.text(), html, docx_text(render(document, "docx"))):
            assert ".0000" not in text and "E+" not in text and ",0000" not in text
        assert "10.000" in html
