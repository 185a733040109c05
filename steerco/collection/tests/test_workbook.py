import io
import tempfile
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from steerco.indicators.models import DataValue, Source, ValueStatus
from steerco.indicators.models.subtree import SubtreeSum
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.services import start_job
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia
from steerco.lib import xlsx_safe

from ..jobs import IMPORT_WORKBOOK, UPLOAD_DIR
from ..models import Submission
from ..workbook import COL, HEADER_ROW, WorkbookError, build_template, import_workbook
from .base import PERIOD, RoundTestCase

VALUE = COL["value"] + 1


class WorkbookTestCase(RoundTestCase):
    def template(self, unit=None, subtree=False, user=None):
        data = build_template(user or self.reporter, self.programme, unit or self.org_a1, PERIOD, subtree=subtree)
        return load_workbook(io.BytesIO(data))

    def row_of(self, ws, unit_code, indicator):
        for row in ws.iter_rows(min_row=HEADER_ROW + 1):
            if row[COL["unit"]].value == unit_code and row[COL["indicator"]].value == indicator:
                return row[0].row
        raise AssertionError(f"no row {unit_code} {indicator}")

    def fill(self, wb, values):
        ws = wb.worksheets[0]
        for (unit, code), value in values.items():
            ws.cell(row=self.row_of(ws, unit, code), column=VALUE, value=value)
        return wb

    @staticmethod
    def data(wb) -> bytes:
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    def load(self, payload, user=None, name="bieu.xlsx", **kwargs):
        return import_workbook(payload, filename=name, **kwargs, acting_user=user or self.reporter)

    def refused(self, payload, user=None) -> str:
        with self.assertRaises(WorkbookError) as caught:
            self.load(payload, user)
        assert not DataValue.objects.exists()
        assert not DataValue.history.exists()
        return "\n".join(caught.exception.problems)

    def good(self):
        return self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): 5, ("DIST-A-CS01", "TOTAL"): 4})


class YesNoInExcelTests(WorkbookTestCase):
    """A yes/no indicator is a Có/Không choice in the template as on the
    entry form, and is read back as 1/0 (issue 17)."""

    def test_the_template_offers_co_khong_for_a_yes_no_answer(self):
        self.enter(self.weak, self.org_a1, PERIOD, 1, status=ValueStatus.DRAFT)
        ws = self.template().worksheets[0]
        cell = ws.cell(row=self.row_of(ws, "DIST-A-CS01", "WEAK"), column=VALUE)
        assert cell.value == "Có"
        [choice] = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert choice.formula1 == '"Có,Không"' and cell.coordinate in choice.sqref
        [number] = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
        admitted = ws.cell(row=self.row_of(ws, "DIST-A-CS01", "ADMITTED"), column=VALUE)
        assert admitted.coordinate in number.sqref and cell.coordinate not in number.sqref

    def test_co_and_khong_are_read_back_as_yes_and_no(self):
        self.load(self.data(self.fill(self.template(), {("DIST-A-CS01", "WEAK"): "Có"})))
        assert DataValue.objects.get(indicator=self.weak).value == 1
        value = DataValue.objects.get(indicator=self.weak)
        wb = self.template()
        ws = wb.worksheets[0]
        ws.cell(row=self.row_of(ws, "DIST-A-CS01", "WEAK"), column=VALUE, value="không")
        assert self.load(self.data(wb)).updated == 1
        value.refresh_from_db()
        assert value.value == 0

    def test_co_in_the_row_of_a_count_is_refused(self):
        problems = self.refused(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): "Có"})))
        assert "Kết nạp (ADMITTED) là chỉ tiêu đếm; hãy nhập số, không nhập «Có»" in problems


class TemplateTests(WorkbookTestCase):
    def test_the_template_lists_the_units_indicators_in_vietnamese_with_last_values(self):
        self.enter(self.admitted, self.org_a1, "2022-H2", 7)
        self.enter(self.admitted, self.org_a1, "2022-H1", 9)
        ws = self.template().worksheets[0]
        assert ws.title == "Số liệu" and ws["A2"].value == "Chương trình" and ws["B3"].value == PERIOD
        assert [c.value for c in ws[HEADER_ROW]][:3] == ["Mã đơn vị", "Tên đơn vị", "Kỳ"]
        codes = [ws.cell(row=r, column=COL["indicator"] + 1).value for r in range(HEADER_ROW + 1, ws.max_row + 1)]
        assert codes == ["ADMITTED", "DONE", "TOTAL", "WEAK"]  # the ratio is computed, not entered
        row = self.row_of(ws, "DIST-A-CS01", "ADMITTED")
        assert ws.cell(row=row, column=COL["last"] + 1).value == 7
        assert ws.cell(row=row, column=COL["last_period"] + 1).value == "2022-H2"

    def test_a_subtree_template_covers_every_unit_below_and_nothing_outside(self):
        ws = self.template(self.district_a, subtree=True).worksheets[0]
        units = {ws.cell(row=r, column=1).value for r in range(HEADER_ROW + 1, ws.max_row + 1)}
        assert units == {"DIST-A", "DIST-A-CS01", "DIST-A-CS02"}

    def test_the_command_writes_a_template(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "t.xlsx"
            call_command("export", "--template", "--unit", "DIST-A", "--period", "2023-h1", "-o", str(out))
            assert load_workbook(out).worksheets[0]["B3"].value == PERIOD


class ImportTests(WorkbookTestCase):
    def test_a_filled_template_is_imported_with_provenance(self):
        result = self.load(self.data(self.good()), name="ba-dinh.xlsx")
        assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
        value = DataValue.objects.get(indicator=self.admitted)
        assert (value.value, value.source, value.source_ref, value.entered_by) == (
            Decimal(5),
            Source.EXCEL,
            "ba-dinh.xlsx",
            self.reporter,
        )
        assert value.history.latest().history_change_reason == "excel: ba-dinh.xlsx"

    def test_the_same_file_twice_changes_nothing(self):
        payload = self.data(self.good())
        self.load(payload)
        before = list(DataValue.objects.values_list("pk", "value", "version", "entered_at"))
        history = DataValue.history.count()
        result = self.load(payload)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
        assert list(DataValue.objects.values_list("pk", "value", "version", "entered_at")) == before
        assert DataValue.history.count() == history

    def test_a_fresh_template_carries_versions_so_a_changed_value_updates(self):
        self.load(self.data(self.good()))
        wb = self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): 6})
        assert self.load(self.data(wb)).updated == 1

    def test_an_old_file_does_not_overwrite_a_newer_value(self):
        old = self.good()
        self.load(self.data(old))
        self.load(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): 6})))
        stale = self.fill(old, {("DIST-A-CS01", "ADMITTED"): 8})
        with self.assertRaises(WorkbookError) as caught:
            self.load(self.data(stale))
        assert "Tải lại" in caught.exception.problems[0]
        assert DataValue.objects.get(indicator=self.admitted).value == 6

    def test_all_rows_or_none(self):
        wb = self.fill(
            self.template(self.district_a, subtree=True),
            {("DIST-A-CS01", "ADMITTED"): 5, ("DIST-A-CS02", "ADMITTED"): -2},
        )
        problems = self.refused(self.data(wb))
        assert "không được là số âm" in problems

    def test_unit_names_match_in_nfc_or_nfd(self):
        self.org_a1.name_vi = "Chi bộ Phường Điện Biên"
        self.org_a1.save()
        wb = self.good()
        ws = wb.worksheets[0]
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            ws.cell(row=r, column=1).value = None  # (value=None would leave the code)
            ws.cell(row=r, column=2, value=unicodedata.normalize("NFD", "chi bộ phường  Điện Biên"))
        assert self.load(self.data(wb)).created == 2
        assert DataValue.objects.filter(unit=self.org_a1).count() == 2

    def test_a_unit_renamed_to_a_formula_does_not_break_the_city_template(self):
        payload = '=HYPERLINK("http://evil.example/","F2")'
        self.org_a1.name_vi = payload
        self.org_a1.save()
        template = build_template(self.secretariat, self.programme, self.city, PERIOD, subtree=True)
        assert xlsx_safe.formula_cells(template) == []
        wb = load_workbook(io.BytesIO(template))
        row = self.row_of(wb.worksheets[0], "DIST-A-CS01", "ADMITTED")
        assert wb.worksheets[0].cell(row=row, column=COL["unit_name"] + 1).value == "'" + payload
        self.fill(wb, {("DIST-A-CS01", "ADMITTED"): 5, ("DIST-B-CS01", "ADMITTED"): 3})
        assert self.load(self.data(wb), user=self.secretariat).created == 2

    def test_notes_come_back_as_written_and_a_formula_in_a_note_never_stops_an_import(self):
        wb = self.good()
        ws = wb.worksheets[0]
        row = self.row_of(ws, "DIST-A-CS01", "ADMITTED")
        ws.cell(row=row, column=COL["note"] + 1, value="-2 since last year")
        ws.cell(row=self.row_of(ws, "DIST-A-CS01", "TOTAL"), column=COL["note"] + 1, value="=1+1")
        assert self.load(self.data(wb)).created == 2
        notes = dict(DataValue.objects.values_list("indicator__code", "note"))
        assert notes == {"ADMITTED": "-2 since last year", "TOTAL": "=1+1"}
        again = self.template()  # the export quotes the notes; the import reads them back unchanged
        assert xlsx_safe.formula_cells(self.data(again)) == []
        assert self.load(xlsx_safe.save(again)).unchanged == 2
        assert dict(DataValue.objects.values_list("indicator__code", "note")) == notes

    def test_progress_is_reported(self):
        calls = []
        wb = self.fill(
            self.template(self.district_a, subtree=True),
            {("DIST-A-CS01", "ADMITTED"): 1, ("DIST-A-CS02", "ADMITTED"): 2},
        )
        self.load(self.data(wb), progress=lambda done, total: calls.append((done, total)))
        assert calls == [(1, 2), (2, 2)]

    def test_the_import_command_reads_a_workbook_and_yaml_still_works(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "so-lieu.xlsx"
            path.write_bytes(self.data(self.good()))
            out = io.StringIO()
            call_command("import", str(path), stdout=out)
            assert "Đã nhập 2 dòng" in out.getvalue()
            value = DataValue.objects.get(indicator=self.admitted)
            assert (value.source, value.source_ref, value.entered_by) == (Source.IMPORT, "so-lieu.xlsx", None)
            path.write_bytes(b"format: nothing-we-know\n")
            with self.assertRaises(CommandError):
                call_command("import", str(path))

    def test_the_command_reports_problems_and_imports_nothing(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bad.xlsx"
            path.write_bytes(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): "năm"})))
            with self.assertRaises(CommandError) as caught:
                call_command("import", str(path))
        assert "là chữ, không phải số" in str(caught.exception)
        assert not DataValue.objects.exists()

    def test_a_submitted_report_cannot_be_overwritten_by_a_file(self):
        self.load(self.data(self.good()))
        Submission.objects.filter(unit=self.org_a1).update(status="submitted")
        problems = self.refused_after_existing(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): 9})))
        assert "không thể sửa" in problems

    def refused_after_existing(self, payload):
        before = list(DataValue.objects.values_list("pk", "value", "version"))
        with self.assertRaises(WorkbookError) as caught:
            self.load(payload)
        assert list(DataValue.objects.values_list("pk", "value", "version")) == before
        return "\n".join(caught.exception.problems)


class BadInputTests(WorkbookTestCase):
    """Each bad input: a clear Vietnamese message and nothing written."""

    def test_a_formula_where_a_number_belongs(self):
        problems = self.refused(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): "=2+3"})))
        row = self.row_of(self.template().worksheets[0], "DIST-A-CS01", "ADMITTED")
        assert f"Dòng {row}, ô G{row}: có công thức (=2+3)" in problems

    def test_merged_cells(self):
        wb = self.good()
        wb.worksheets[0].merge_cells("H7:H8")
        assert "bị gộp" in self.refused(self.data(wb))

    def test_extra_sheets(self):
        wb = self.good()
        wb.create_sheet("Ghi chú")
        assert "chỉ được có một trang tính" in self.refused(self.data(wb))

    def test_an_unknown_unit_code(self):
        wb = self.good()
        wb.worksheets[0].cell(row=HEADER_ROW + 1, column=1, value="NO-SUCH-UNIT")
        assert "không có đơn vị NO-SUCH-UNIT" in self.refused(self.data(wb))

    def test_a_unit_of_another_district(self):
        assert "trong phạm vi của bạn" in self.refused(self.data(self.good()), user=self.outsider)

    def test_a_wrong_period(self):
        wb = self.good()
        wb.worksheets[0].cell(row=HEADER_ROW + 1, column=3, value="2023-H2")
        assert "nhưng biểu này dành cho kỳ 2023-H1" in self.refused(self.data(wb))
        wb.worksheets[0].cell(row=HEADER_ROW + 1, column=3, value="H1/2023")
        assert "không phải mã kỳ báo cáo" in self.refused(self.data(wb))

    def test_a_period_without_an_open_round(self):
        wb = self.good()
        ws = wb.worksheets[0]
        ws["B3"] = "2024-H1"
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            ws.cell(row=r, column=3, value="2024-H1")
        assert "Chưa có đợt báo cáo nào mở cho kỳ 2024-H1" in self.refused(self.data(wb))

    def test_text_in_a_number_cell(self):
        problems = self.refused(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): "năm"})))
        assert "«năm» là chữ, không phải số" in problems

    def test_a_value_too_large_to_store_gets_a_row_and_cell_message(self):
        row = self.row_of(self.template().worksheets[0], "DIST-A-CS01", "ADMITTED")
        for huge in (1e16, 10**17, Decimal("1E+30")):
            problems = self.refused(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): huge})))
            assert f"Dòng {row}, ô G{row}:" in problems and "quá lớn" in problems, problems

    def test_a_negative_count(self):
        problems = self.refused(self.data(self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): -1})))
        row = self.row_of(self.template().worksheets[0], "DIST-A-CS01", "ADMITTED")
        assert f"Dòng {row}, ô G{row}: Kết nạp (ADMITTED) là số đếm: không được là số âm" in problems

    def test_a_numerator_greater_than_its_denominator(self):
        wb = self.fill(self.template(), {("DIST-A-CS01", "DONE"): 5, ("DIST-A-CS01", "TOTAL"): 4})
        assert "Xong (DONE = 5) không được lớn hơn Tổng (TOTAL = 4)" in self.refused(self.data(wb))

    def test_duplicate_rows(self):
        wb = self.good()
        ws = wb.worksheets[0]
        ws.append([c.value for c in ws[self.row_of(ws, "DIST-A-CS01", "ADMITTED")]])
        assert f"Dòng {ws.max_row} trùng với dòng" in self.refused(self.data(wb))

    def test_a_file_that_is_not_xlsx(self):
        assert "không phải tệp Excel" in self.refused(b"Ma don vi;Gia tri\nDIST-A;5\n")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            z.writestr("hello.txt", "not a workbook")
        assert "không phải tệp Excel" in self.refused(out.getvalue())

    def test_an_oversized_file(self):
        assert "giới hạn là 10 MB" in self.refused(b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024))

    def test_a_zip_bomb_is_refused_before_it_is_unpacked(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("xl/workbook.xml", "<workbook/>")
            z.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))
        payload = out.getvalue()
        assert len(payload) < 100 * 1024
        assert "bom nén" in self.refused(payload)


class UploadViewTests(WorkbookTestCase):
    def test_a_bad_upload_lists_problems_and_saves_nothing(self):
        self.client.force_login(self.reporter)
        url = reverse("collection:upload", args=[self.round.pk])
        upload = io.BytesIO(b"not excel")
        upload.name = "bieu.xlsx"
        response = self.client.post(url, {"file": upload})
        assert response.status_code == 400 and "Chưa lưu gì" in response.content.decode()
        assert not DataValue.objects.exists()

    def test_template_download_in_the_ui(self):
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("collection:template", args=[self.round.pk, "DIST-A"]) + "?subtree=1")
        assert response["Content-Disposition"].endswith('-cap-duoi.xlsx"')
        assert load_workbook(io.BytesIO(response.content)).worksheets[0].max_row == HEADER_ROW + 12


class IdempotentAfterApprovalTests(WorkbookTestCase):
    def test_the_same_file_after_approval_changes_nothing_and_is_accepted(self):
        from ..services import record
        from ..workflow import Action

        payload = self.data(self.good())
        self.load(payload)
        record(self.programme, self.org_a1, PERIOD, action=Action.SUBMIT, acting_user=self.reporter)
        record(self.programme, self.org_a1, PERIOD, action=Action.APPROVE, acting_user=self.approver)
        before = list(DataValue.objects.values_list("pk", "value", "version", "status"))
        assert self.load(payload).unchanged == 2
        assert list(DataValue.objects.values_list("pk", "value", "version", "status")) == before


@override_settings(JOBS_RETRY_DELAY=0)
class UploadJobTests(TemporaryMedia, WorkbookTestCase):
    url = None

    def post(self, payload, user=None, name="bieu.xlsx"):
        self.client.force_login(user or self.reporter)
        upload = io.BytesIO(payload)
        upload.name = name
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("collection:upload", args=[self.round.pk]), {"file": upload})

    def uploads(self):
        return [p for p in self.media_files() if UPLOAD_DIR in p.as_posix()]

    def test_a_good_file_starts_a_job_that_imports_it_with_provenance(self):
        response = self.post(self.data(self.good()), name="ba-dinh.xlsx")
        job = Job.objects.get()
        self.assertRedirects(response, reverse("jobs:detail", args=[job.pk]), fetch_redirect_response=False)
        assert (job.kind, job.created_by, job.status) == (IMPORT_WORKBOOK, self.reporter, JobStatus.QUEUED)
        [saved] = self.uploads()
        assert saved.name != "ba-dinh.xlsx" and str(saved) == job.params["path"]
        assert not DataValue.objects.exists()
        run_queued_jobs()
        job.refresh_from_db()
        assert (job.status, job.progress, job.error) == (JobStatus.DONE, 100, "")
        value = DataValue.objects.get(indicator=self.admitted)
        assert (value.value, value.source, value.source_ref, value.entered_by) == (
            Decimal(5),
            Source.EXCEL,
            "ba-dinh.xlsx",
            self.reporter,
        )
        assert not self.uploads()
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert "Nhập một tệp Excel" in page

    def test_a_bad_workbook_fails_its_job_with_every_problem_and_writes_nothing(self):
        wb = self.good()
        ws = wb.worksheets[0]
        ws.cell(row=self.row_of(ws, "DIST-A-CS01", "DONE"), column=VALUE, value="năm")
        ws.cell(row=self.row_of(ws, "DIST-A-CS01", "TOTAL"), column=VALUE, value="bốn")
        self.post(self.data(wb))
        run_queued_jobs()
        job = Job.objects.get()
        assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
        lines = job.error.splitlines()
        assert lines[0].startswith("Chưa lưu gì") and len(lines) == 3, lines
        assert "«năm» là chữ" in lines[1] and "«bốn» là chữ" in lines[2], lines
        assert not DataValue.objects.exists() and not DataValue.history.exists()
        assert not self.uploads()
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        assert "<br>" in page and escape(lines[1]) in page

    def result_page(self, job):
        page = self.client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
        counts = {}
        for name in ("written", "unchanged", "refused"):
            start = page.index(f'id="count-{name}">') + len(f'id="count-{name}">')
            counts[name] = page[start : page.index("<", start)]
        return page, counts

    def test_the_result_page_counts_what_was_written_and_links_back_to_the_form(self):
        """'Hoàn tất 100 %' and nothing else (issue 17): the page now says
        how many values were written, unchanged and refused, and leads back
        to the unit's entry form."""
        payload = self.data(self.good())
        self.post(payload)
        run_queued_jobs()
        job = Job.objects.get()
        assert job.result["written"] == 2 and job.message == "Đã ghi 2 giá trị (2 mới, 0 sửa), 0 giá trị không đổi."
        page, counts = self.result_page(job)
        assert counts == {"written": "2", "unchanged": "0", "refused": "0"}
        entry = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])
        assert f'href="{entry}"' in page and "Quay lại biểu nhập của" in page
        self.post(payload)  # the same file again: nothing changes
        run_queued_jobs()
        _page, counts = self.result_page(Job.objects.latest("pk"))
        assert counts == {"written": "0", "unchanged": "2", "refused": "0"}
        self.client.force_login(self.outsider)  # the result is no more visible than the job
        assert self.client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404

    def test_a_refused_file_counts_what_was_refused(self):
        wb = self.good()
        ws = wb.worksheets[0]
        ws.cell(row=self.row_of(ws, "DIST-A-CS01", "DONE"), column=VALUE, value="năm")
        ws.cell(row=self.row_of(ws, "DIST-A-CS01", "TOTAL"), column=VALUE, value="bốn")
        self.post(self.data(wb))
        run_queued_jobs()
        job = Job.objects.get()
        assert job.status == JobStatus.FAILED and (job.result["refused"], job.result["problems"]) == (1, 2)
        page, counts = self.result_page(job)
        assert counts == {"written": "0", "unchanged": "0", "refused": "1"}
        assert "Có 2 lỗi: không giá trị nào trong tệp được lưu" in page
        assert reverse("collection:upload", args=[self.round.pk]) in page

    def test_an_unusual_value_in_a_file_is_saved_with_a_warning_never_silently(self):
        self.enter(self.total, self.org_a1, "2022-H2", 4)
        self.post(self.data(self.fill(self.template(), {("DIST-A-CS01", "TOTAL"): 99_999_999})))
        run_queued_jobs()
        job = Job.objects.get()
        assert job.status == JobStatus.DONE and job.result["warnings"] == 1
        assert "gấp hơn 10 lần số liệu kỳ 2022-H2 (4)" in job.message
        page, _counts = self.result_page(job)
        assert "Cảnh báo" in page

    def test_files_refused_by_the_checks_are_refused_at_once_without_a_job(self):
        response = self.post(b"Ma don vi;Gia tri\nDIST-A;5\n", name="bieu.csv")
        assert response.status_code == 400 and "không phải tệp Excel" in response.content.decode()
        response = self.post(b"PK\x03\x04" + b"\0" * (11 * 1024 * 1024))
        assert response.status_code == 400 and "giới hạn là 10 MB" in response.content.decode()
        assert not Job.objects.exists() and not self.uploads()

    def test_the_job_is_followed_by_the_uploaders_unit_and_seen_by_nobody_outside_it(self):
        response = self.post(self.data(self.good()), user=self.viewer)
        assert response.status_code == 403 and not Job.objects.exists()
        self.post(self.data(self.good()))
        job = Job.objects.get()
        assert job.unit == self.district_a
        for user in (self.reporter, self.approver, self.secretariat):
            self.client.force_login(user)
            assert self.client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200, user
            assert job.pk in [j.pk for j in self.client.get(reverse("jobs:list")).context["jobs"]], user
        for user in (self.outsider, self.nobody):
            self.client.force_login(user)
            assert self.client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404, user

    def test_a_saved_file_whose_job_could_not_be_queued_is_removed(self):
        def refused(kind, **kwargs):
            Job.objects.create(kind=kind, created_by=kwargs["acting_user"], params=kwargs["params"])
            raise ConnectionError("Redis is not answering")

        with mock.patch("steerco.collection.views.workbook.start_job", side_effect=refused):
            response = self.post(self.data(self.good()))
        assert response.status_code == 503
        assert "Chưa lưu gì" in response.content.decode()
        assert not self.uploads()
        job = Job.objects.get()
        assert job.status == JobStatus.FAILED and job.finished_at is not None
        assert not DataValue.objects.exists()

    def test_a_killed_import_is_failed_and_its_upload_removed(self):
        from datetime import timedelta

        from django.utils import timezone

        from steerco.jobs.services import recover_abandoned

        self.post(self.data(self.good()))
        job = Job.objects.get()
        stale = timezone.now() - timedelta(minutes=2)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1, started_at=stale, heartbeat_at=stale)
        assert len(self.uploads()) == 1
        with self.assertLogs("steerco.jobs.services", "WARNING"):
            assert recover_abandoned() == 1
        job.refresh_from_db()
        assert job.status == JobStatus.FAILED and "không hoàn thành" in job.error
        assert self.uploads() == [] and not DataValue.objects.exists()

    def test_the_import_job_reports_progress_as_it_checks_and_as_it_saves(self):
        from steerco.jobs import services

        seen = []
        real = services.Progress.__call__

        def spy(progress, done, total, message=""):
            seen.append((int(done * 100 / total) if total else 0, str(message)))
            return real(progress, done, total, message)

        wb = self.fill(
            self.template(self.district_a, subtree=True),
            {("DIST-A-CS01", "ADMITTED"): 1, ("DIST-A-CS02", "ADMITTED"): 2},
        )
        with mock.patch.object(services.Progress, "__call__", spy):
            self.post(self.data(wb))
            run_queued_jobs()
        messages = [m for _p, m in seen]
        assert any(m.startswith("Đang kiểm tra: dòng") for m in messages), messages
        assert [p for p, m in seen if m.startswith("Đang lưu: đơn vị")] == [75, 100]

    def test_a_job_never_reads_or_deletes_a_file_outside_its_folder(self):
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as other:
            with self.captureOnCommitCallbacks(execute=True):
                job = start_job(
                    IMPORT_WORKBOOK, acting_user=self.reporter, params={"path": other.name, "filename": "x.xlsx"}
                )
            run_queued_jobs()
            job.refresh_from_db()
            assert job.status == JobStatus.FAILED and Path(other.name).exists()


class OnePassTests(WorkbookTestCase):
    """The whole file is checked before anything is written, and written in
    bulk: every problem in one answer, an unchanged file costs reads only."""

    def subtree_file(self, values):
        return self.data(self.fill(self.template(self.district_a, subtree=True), values))

    def test_every_problem_of_the_file_comes_in_one_answer(self):
        wb = self.fill(
            self.template(self.district_a, subtree=True),
            {
                ("DIST-A-CS01", "ADMITTED"): "=2+3",  # a formula (shape of a cell)
                ("DIST-A-CS01", "TOTAL"): "năm",  # text (a row)
                ("DIST-A-CS02", "ADMITTED"): -1,  # a negative count (the value's kind)
                ("DIST-A", "ADMITTED"): 2000,  # breaks R1 (a programme rule)
                ("DIST-A", "DONE"): 5,  # DONE > TOTAL (the ratio's parts)
                ("DIST-A", "TOTAL"): 4,
            },
        )
        wb.worksheets[0].merge_cells("H7:H8")
        problems = self.refused(self.data(wb))
        for expected in ("có công thức (=2+3)", "«năm» là chữ", "không được là số âm", "lớn hơn 1.000", "bị gộp"):
            assert expected in problems, (expected, problems)
        assert "Xong (DONE = 5) không được lớn hơn Tổng (TOTAL = 4)" in problems

    def test_an_unchanged_file_reads_compares_and_writes_nothing_whatever_its_size(self):
        one = self.data(self.good())
        three = self.subtree_file(
            {(u, c): 3 for u in ("DIST-A", "DIST-A-CS01", "DIST-A-CS02") for c in ("ADMITTED", "TOTAL", "DONE")}
        )
        counts = []
        for payload in (one, three):
            DataValue.objects.all().delete()
            self.load(payload)
            values = list(DataValue.objects.values_list("pk", "value", "version", "entered_at"))
            history = DataValue.history.count()
            with CaptureQueriesContext(connection) as queries:
                result = self.load(payload)
            assert result.created == result.updated == 0 and result.unchanged == len(values)
            writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
            assert writes == []
            assert list(DataValue.objects.values_list("pk", "value", "version", "entered_at")) == values
            assert DataValue.history.count() == history
            counts.append(len(queries))
        # Reads in bulk: three units cost no more queries than one. On
        # PostgreSQL one more locks the data version's row without advancing
        # it (audit.version.claim): the file changes nothing.
        assert counts[0] == counts[1], counts
        assert counts[1] <= (13 if connection.vendor == "postgresql" else 12), counts

    def test_each_changed_value_gets_one_history_row_naming_the_user_and_the_file(self):
        self.load(self.data(self.good()), name="dot-1.xlsx")
        assert DataValue.history.count() == 2
        wb = self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): 6, ("DIST-A-CS01", "DONE"): 1})
        result = self.load(self.data(wb), name="dot-2.xlsx")
        assert (result.created, result.updated, result.unchanged) == (1, 1, 1)
        rows = DataValue.history.filter(history_change_reason="excel: dot-2.xlsx")
        assert sorted(rows.values_list("indicator__code", "value", "version", "history_type")) == [
            ("ADMITTED", Decimal(6), 2, "~"),
            ("DONE", Decimal(1), 1, "+"),
        ]
        assert {r.history_user for r in rows} == {self.reporter}
        assert DataValue.history.count() == 4  # TOTAL, unchanged, has none

    def test_a_problem_in_the_last_unit_leaves_everything_as_it_was(self):
        self.load(self.data(self.good()))
        before = list(DataValue.objects.values_list("pk", "value", "version"))
        sums = list(SubtreeSum.objects.values_list("path", "indicator_id", "total", "reporting"))
        history = DataValue.history.count()
        submissions = Submission.history.count()
        # Every unit but the last one in the file is fine (the subtree file
        # lists DIST-A-CS02 last); its DONE exceeds its TOTAL.
        payload = self.subtree_file(
            {
                ("DIST-A", "ADMITTED"): 7,
                ("DIST-A-CS01", "ADMITTED"): 8,
                ("DIST-A-CS02", "DONE"): 5,
                ("DIST-A-CS02", "TOTAL"): 4,
            }
        )
        with self.assertRaises(WorkbookError) as caught:
            self.load(payload)
        assert "Xong (DONE = 5) không được lớn hơn Tổng (TOTAL = 4)" in "\n".join(caught.exception.problems)
        assert list(DataValue.objects.values_list("pk", "value", "version")) == before
        assert list(SubtreeSum.objects.values_list("path", "indicator_id", "total", "reporting")) == sums
        assert DataValue.history.count() == history and Submission.history.count() == submissions
