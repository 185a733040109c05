"""Rules with a severity: an error blocks the write; a warning lets it
through, is shown where the value was entered (service, form, Excel, API),
recorded with the values, listed by steerco validate, and can be
acknowledged with a stated reason."""

from io import StringIO

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steerco.indicators.models import DataValue, RuleWarning, Severity, ValidationRule
from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.indicators.validation import AcknowledgeError, acknowledge

from ..services import Rejected
from .base import PERIOD, RoundTestCase
from .test_api import ApiTestCase
from .test_workbook import WorkbookTestCase

MESSAGE = "Kết nạp (ADMITTED = 30) không được lớn hơn Tổng (TOTAL = 20)"


class WarningRuleMixin:
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Committees may close more items than were listed (work from
        # outside the list): legitimately broken, so only a warning.
        cls.rule = ValidationRule.objects.create(
            programme=cls.programme,
            code="ADMITTED-TOTAL",
            expression="ADMITTED <= TOTAL",
            severity=Severity.WARNING,
            message_vi="Kiểm tra lại nếu không có việc ngoài danh sách.",
            message_en="Check again unless there was work outside the list.",
        )


class ServiceTests(WarningRuleMixin, RoundTestCase):
    def test_a_warning_is_written_shown_and_recorded_with_the_values(self):
        outcome = self.write(self.reporter, self.org_a1, {"ADMITTED": 30, "TOTAL": 20})
        assert outcome.created == 2
        assert len(outcome.warnings) == 1 and MESSAGE in outcome.warnings[0]
        warning = RuleWarning.objects.get()
        assert (warning.rule, warning.unit, warning.period) == (self.rule, self.org_a1, PERIOD)
        assert warning.values == {"ADMITTED": "30", "TOTAL": "20"}
        assert "Kiểm tra lại" in warning.message_vi and "Check again" in warning.message_en

    def test_the_warning_goes_when_the_values_agree_again(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 30, "TOTAL": 20})
        outcome = self.write(self.reporter, self.org_a1, {"TOTAL": 40}, version_TOTAL=1)
        assert outcome.warnings == []
        assert not RuleWarning.objects.exists()

    def test_an_error_rule_still_blocks(self):
        with pytest.raises(Rejected):  # R1: ADMITTED <= 1000, an error
            self.write(self.reporter, self.org_a1, {"ADMITTED": 1001, "TOTAL": 20})
        assert not DataValue.objects.exists() and not RuleWarning.objects.exists()

    def test_acknowledging_needs_a_reason_and_lasts_while_the_values_stay(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 30, "TOTAL": 20})
        warning = RuleWarning.objects.get()
        with pytest.raises(AcknowledgeError):
            acknowledge(warning, "   ", acting_user=self.secretariat)
        acknowledge(warning, "Kỷ luật ngoài quy trình kiểm tra (Kết luận 15-KL/TU)", acting_user=self.secretariat)
        warning.refresh_from_db()
        assert warning.acknowledged and warning.acknowledged_by == self.secretariat
        self.write(self.reporter, self.org_a1, {"ADMITTED": 30}, version_ADMITTED=1)  # the same value: nothing changes
        assert RuleWarning.objects.get().acknowledged
        self.write(self.reporter, self.org_a1, {"ADMITTED": 31}, version_ADMITTED=1)  # other values: asked again
        assert not RuleWarning.objects.get().acknowledged

    def test_steerco_validate_lists_warnings_and_their_reasons_without_failing(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 30, "TOTAL": 20})
        acknowledge(RuleWarning.objects.get(), "Kỷ luật ngoài quy trình", acting_user=self.secretariat)
        out = StringIO()
        call_command("validate", "--programme", self.programme.code, "--period", PERIOD, stdout=out)
        text = out.getvalue()
        assert f"Cảnh báo: Đơn vị DIST-A-CS01, {PERIOD}: {MESSAGE}." in text
        assert "(đã xác nhận: Kỷ luật ngoài quy trình)" in text
        assert "0 vi phạm quy tắc, 1 cảnh báo" in text


class FormTests(WarningRuleMixin, RoundTestCase):
    def test_the_form_saves_and_shows_the_warning(self):
        self.client.force_login(self.reporter)
        url = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])
        response = self.client.post(url, {"v_ADMITTED": "30", "v_TOTAL": "20", "save": ""}, follow=True)
        assert response.status_code == 200
        assert DataValue.objects.count() == 2
        body = response.content.decode()
        assert "Đã lưu kèm cảnh báo" in body and "ADMITTED = 30" in body


class ApiTests(WarningRuleMixin, ApiTestCase):
    def test_the_api_saves_and_returns_the_warning(self):
        assert self.post_value(self.reporter, indicator="TOTAL", value="20").json()["warnings"] == []
        response = self.post_value(self.reporter, indicator="ADMITTED", value="30")
        assert response.status_code == 201
        assert MESSAGE in response.json()["warnings"][0]
        assert RuleWarning.objects.count() == 1


class WorkbookTests(WarningRuleMixin, WorkbookTestCase):
    def test_an_excel_file_is_saved_and_its_result_lists_the_warning(self):
        wb = self.fill(self.template(), {("DIST-A-CS01", "ADMITTED"): 30, ("DIST-A-CS01", "TOTAL"): 20})
        result = self.load(self.data(wb))
        assert result.created == 2
        assert len(result.warnings) == 1 and result.warnings[0].startswith("DIST-A-CS01, 2023-H1: ")
        assert MESSAGE in result.warnings[0]


class PackTests(RoundTestCase):
    def test_a_pack_rule_keeps_its_severity_and_round_trips(self):
        pack = dump_pack(self.programme)
        pack["rules"].append({"code": "W1", "rule": "DONE <= TOTAL", "severity": "warning"})
        programme = load_pack(pack)
        assert programme.rules.get(code="W1").severity == Severity.WARNING
        assert programme.rules.get(code="R1").severity == Severity.ERROR
        exported = dump_pack(programme)
        assert {"code": "W1", "rule": "DONE <= TOTAL", "severity": "warning"} in exported["rules"]
        load_pack(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)))
        assert dump_pack(programme) == exported

    def test_an_unknown_severity_is_refused(self):
        pack = dump_pack(self.programme)
        pack["rules"].append({"code": "W1", "rule": "DONE <= TOTAL", "severity": "warn"})
        with pytest.raises(PackError, match=r"rules\[1\] \(W1\): severity must be one of error, warning"):
            load_pack(pack)
        assert not ValidationRule.objects.filter(code="W1").exists()


class AdminTests(WarningRuleMixin, RoundTestCase):
    def test_the_secretariat_acknowledges_a_warning_in_the_admin_with_a_reason(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 30, "TOTAL": 20})
        warning = RuleWarning.objects.get()
        admin_user = type(self.secretariat).objects.create_superuser("root", "root@example.org", "x")
        self.client.force_login(admin_user)
        url = reverse("admin:indicators_rulewarning_change", args=[warning.pk])
        response = self.client.post(url, {"acknowledged_reason": "  "})
        assert response.status_code == 200 and not RuleWarning.objects.get().acknowledged
        response = self.client.post(url, {"acknowledged_reason": "Kỷ luật ngoài quy trình kiểm tra"})
        assert response.status_code == 302
        warning.refresh_from_db()
        assert warning.acknowledged_reason == "Kỷ luật ngoài quy trình kiểm tra"
        assert warning.acknowledged_by == admin_user


class PageTests(WarningRuleMixin, RoundTestCase):
    """The round's warnings page: the secretariat accepts a warning with a
    reason, without the admin; others see their units' warnings only."""

    def setUp(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 30, "TOTAL": 20})
        self.write(self.outsider, self.org_b1, {"ADMITTED": 9, "TOTAL": 5})
        self.url = reverse("collection:warnings", args=[self.round.pk])
        self.a1 = RuleWarning.objects.get(unit=self.org_a1)

    def rows(self, response) -> list[str]:
        body = response.content.decode()
        return [code for code in ("DIST-A-CS01", "DIST-B-CS01") if f'data-unit="{code}"' in body]

    def test_the_secretariat_accepts_a_warning_with_a_reason(self):
        self.client.force_login(self.secretariat)
        response = self.client.get(self.url)
        assert response.status_code == 200 and self.rows(response) == ["DIST-A-CS01", "DIST-B-CS01"]
        body = response.content.decode()
        assert "Chấp nhận với lý do này" in body and "2 cảnh báo chưa được chấp nhận" in body
        response = self.client.post(self.url, {"warning": self.a1.pk, "reason": "Kỷ luật ngoài quy trình kiểm tra"})
        assert response.status_code == 302
        self.a1.refresh_from_db()
        assert self.a1.acknowledged_reason == "Kỷ luật ngoài quy trình kiểm tra"
        assert self.a1.acknowledged_by == self.secretariat and self.a1.acknowledged_at is not None
        body = self.client.get(self.url).content.decode()
        assert "Kỷ luật ngoài quy trình kiểm tra" in body and "1 cảnh báo chưa được chấp nhận" in body

    def test_a_blank_reason_is_refused_in_vietnamese_and_nothing_is_written(self):
        self.client.force_login(self.secretariat)
        response = self.client.post(self.url, {"warning": self.a1.pk, "reason": "   "})
        assert response.status_code == 400
        assert "Hãy nêu lý do" in response.content.decode()
        assert not RuleWarning.objects.get(pk=self.a1.pk).acknowledged

    def test_a_reporter_sees_its_units_warnings_and_may_not_accept_them(self):
        self.client.force_login(self.reporter)
        response = self.client.get(self.url)
        assert self.rows(response) == ["DIST-A-CS01"]
        assert "Chấp nhận với lý do này" not in response.content.decode()
        assert self.client.post(self.url, {"warning": self.a1.pk, "reason": "x"}).status_code == 403
        assert not RuleWarning.objects.get(pk=self.a1.pk).acknowledged

    def test_a_warning_out_of_sight_does_not_exist(self):
        self.client.force_login(self.outsider)
        assert self.rows(self.client.get(self.url)) == ["DIST-B-CS01"]
        assert self.client.post(self.url, {"warning": self.a1.pk, "reason": "x"}).status_code == 404
        assert self.client.post(self.url, {"warning": "abc", "reason": "x"}).status_code == 404
        assert not RuleWarning.objects.get(pk=self.a1.pk).acknowledged

    def test_the_page_reads_a_fixed_number_of_queries(self):
        self.client.force_login(self.secretariat)
        with CaptureQueriesContext(connection) as two:
            self.client.get(self.url)
        self.write(self.reporter, self.org_a2, {"ADMITTED": 7, "TOTAL": 1})
        with CaptureQueriesContext(connection) as three:
            response = self.client.get(self.url)
        assert response.content.decode().count("data-rule=") == 3
        assert len(three) == len(two)
