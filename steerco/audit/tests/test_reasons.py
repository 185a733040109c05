"""A stated reason for every change to what was agreed, enforced in the
services, the pages, the API and pack imports, and kept in the history."""

from datetime import date
from decimal import Decimal

import yaml
from django.urls import reverse
from rest_framework.test import APIClient

from steerco.collection.models import Submission
from steerco.collection.services import Entry, Rejected, record, set_target
from steerco.collection.tests.base import PERIOD, RoundTestCase
from steerco.collection.workflow import Action
from steerco.findings.models import Finding, FindingSource, RemediationAction, Status
from steerco.findings.services import deadlines, workflow
from steerco.indicators.models import Target, ValueStatus
from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.units.models import Unit

from ..models import ChangeReason, ReasonKind, StatedReason
from ..reasons import ReasonRequired, Stated, check, reasons_for

WHY = {"reason": "data-error", "reason_text": "Nhập nhầm số liệu"}


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


class ReasonListTests(RoundTestCase):
    def test_the_list_is_seeded_and_each_kind_has_reasons(self):
        for kind in ReasonKind.values:
            assert ChangeReason.objects.for_kind(kind).exists(), kind

    def test_a_missing_unknown_retired_or_unexplained_reason_is_refused(self):
        for stated in (None, Stated("", "text"), Stated("nope", "text"), Stated("data-error", " ")):
            with self.assertRaises(ReasonRequired):
                check(ReasonKind.TARGET, stated)
        with self.assertRaises(ReasonRequired):  # a reason for another kind of change
            check(ReasonKind.TARGET, Stated("duplicate", "x"))
        ChangeReason.objects.filter(code="data-error").update(active=False)
        with self.assertRaises(ReasonRequired):
            check(ReasonKind.TARGET, Stated("data-error", "x"))


class TargetReasonTests(RoundTestCase):
    def test_a_first_target_needs_no_reason_a_change_does(self):
        target = set_target(self.admitted, self.district_a, "2023", Decimal(100), acting_user=self.secretariat)
        with self.assertRaises(Rejected):
            set_target(self.admitted, self.district_a, "2023", Decimal(120), acting_user=self.secretariat)
        set_target(
            self.admitted,
            self.district_a,
            "2023",
            Decimal(120),
            reason=Stated("data-error", "Gõ nhầm"),
            acting_user=self.secretariat,
        )
        target.refresh_from_db()
        assert target.value == 120
        assert target.history.latest().history_change_reason == "Sửa sai sót số liệu: Gõ nhầm"
        stated = StatedReason.objects.get()
        assert (stated.before, stated.after, stated.user, stated.period) == ("100", "120", self.secretariat, "2023")

    def test_the_api_refuses_a_change_without_a_reason(self):
        body = {"programme": "99-CTr/TU", "indicator": "ADMITTED", "unit": "DIST-A", "period": "2023", "value": "100"}
        assert api(self.secretariat).post("/api/targets/", body, format="json").status_code == 200
        target = Target.objects.get()
        response = api(self.secretariat).patch(f"/api/targets/{target.pk}/", {"value": "90"}, format="json")
        assert response.status_code == 400 and "cần có lý do" in response.content.decode()
        assert Target.objects.get().value == 100
        response = api(self.secretariat).patch(f"/api/targets/{target.pk}/", {"value": "90", **WHY}, format="json")
        assert response.status_code == 200 and Target.objects.get().value == 90

    def test_the_admin_refuses_a_change_without_a_reason(self):
        target = Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=10)
        self.secretariat.is_staff = self.secretariat.is_superuser = True
        self.secretariat.save()
        self.client.force_login(self.secretariat)
        url = reverse("admin:indicators_target_change", args=[target.pk])
        body = {"indicator": self.admitted.pk, "unit": self.district_a.pk, "period": "2023", "value": "12", "note": ""}
        assert self.client.post(url, body).status_code == 200  # the form again, with the error
        assert Target.objects.get().value == 10 and not StatedReason.objects.exists()

    def test_a_pack_import_that_changes_a_target_needs_the_reason_in_the_file(self):
        Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=100)
        pack = yaml.safe_load(yaml.safe_dump(dump_pack(self.programme), allow_unicode=True))
        pack["targets"][0]["values"]["DIST-A"] = 150
        with self.assertRaises(PackError) as caught:
            load_pack(pack)
        assert "DIST-A" in str(caught.exception.args) and Target.objects.get().value == 100
        pack["targets"][0] |= {"reason": "superior-direction", "reason_text": "Kết luận 15-KL/TU"}
        load_pack(pack)
        assert Target.objects.get().value == 150
        assert StatedReason.objects.get().text == "Kết luận 15-KL/TU"
        load_pack(pack)  # the same file again changes nothing and states nothing twice
        assert StatedReason.objects.count() == 1


class ReopenReasonTests(RoundTestCase):
    def setUp(self):
        record(self.programme, self.org_a1, PERIOD, entries=[Entry("ADMITTED", Decimal(4))], acting_user=self.reporter)
        record(self.programme, self.org_a1, PERIOD, action=Action.SUBMIT, acting_user=self.reporter)
        record(self.programme, self.org_a1, PERIOD, action=Action.APPROVE, acting_user=self.approver)
        self.submission = Submission.objects.get(round=self.round, unit=self.org_a1)

    def status(self):
        self.submission.refresh_from_db()
        return self.submission.status

    def test_the_entry_form_needs_a_reason_to_reopen(self):
        self.client.force_login(self.secretariat)
        url = reverse("collection:entry", args=[self.round.pk, "DIST-A-CS01"])
        page = self.client.get(url).content.decode()
        assert 'name="reason"' in page and "data-error" in page
        response = self.client.post(url, {"reopen": "1", "comment": "Sai"})
        assert response.status_code == 400 and self.status() == ValueStatus.APPROVED
        assert self.client.post(url, {"reopen": "1", "comment": "Sai", **WHY}).status_code == 302
        assert self.status() == ValueStatus.RETURNED
        history = self.client.get(reverse("collection:submission-history", args=[self.submission.pk]))
        assert "Sửa sai sót số liệu: Nhập nhầm số liệu" in history.content.decode()

    def test_the_api_needs_a_reason_to_reopen(self):
        url = f"/api/submissions/{self.submission.pk}/reopen/"
        assert api(self.secretariat).post(url, {"comment": "Sai"}, format="json").status_code == 400
        assert self.status() == ValueStatus.APPROVED
        assert api(self.secretariat).post(url, {"comment": "Sai", **WHY}, format="json").status_code == 200
        assert self.status() == ValueStatus.RETURNED

    def test_the_annex_lists_the_reasons_of_a_programme_and_period(self):
        record(
            self.programme,
            self.org_a1,
            PERIOD,
            action=Action.REOPEN,
            comment="Sai",
            reason=Stated("late-data", "Bổ sung"),
            acting_user=self.secretariat,
        )
        set_target(self.admitted, self.district_a, "2023", Decimal(1), acting_user=self.secretariat)
        set_target(
            self.admitted,
            self.district_a,
            "2023",
            Decimal(2),
            reason=Stated("other", "x"),
            acting_user=self.secretariat,
        )
        rows = reasons_for(self.programme, "2023-H1")
        assert [(r.kind, r.unit.code) for r in rows] == [("reopen", "DIST-A-CS01"), ("target", "DIST-A")]
        assert reasons_for(self.programme, "2023-H1", units=Unit.objects.visible_to(self.outsider)) == []
        assert reasons_for(self.programme, "2022") == []


class FindingReasonTests(RoundTestCase):
    def setUp(self):
        self.finding = Finding.objects.create(
            owner=self.org_a1,
            title="Chậm kết nạp",
            source=FindingSource.SELF_ASSESSMENT,
            identified_on=date(2023, 1, 10),
            deadline=date(2023, 6, 30),
            programme=self.programme,
        )
        self.action = RemediationAction.objects.create(
            finding=self.finding, owner=self.org_a1, description="Rà soát", deadline=date(2023, 5, 31)
        )

    def reload(self, obj):
        return type(obj).objects.get(pk=obj.pk)

    def test_moving_a_deadline_in_the_finding_form_needs_a_reason(self):
        self.client.force_login(self.reporter)
        url = reverse("findings:edit", args=[self.finding.pk])
        data = {
            "owner": self.org_a1.pk,
            "title": "Chậm kết nạp",
            "source": "self_assessment",
            "identified_on": "2023-01-10",
            "deadline": "2023-09-30",
        }
        response = self.client.post(url, data)
        assert response.status_code == 200 and "cần có lý do" in response.content.decode()
        assert self.reload(self.finding).deadline == date(2023, 6, 30)
        assert (
            self.client.post(url, {**data, "reason": "objective-obstacle", "reason_text": "Thiếu kinh phí"}).status_code
            == 302
        )
        assert self.reload(self.finding).deadline == date(2023, 9, 30)
        assert self.finding.history.latest().history_change_reason.startswith("Vướng mắc khách quan")
        assert self.client.post(url, {**data, "title": "Đổi tên"}).status_code == 302  # same deadline: no reason

    def test_moving_an_action_deadline_on_the_page_needs_a_reason(self):
        self.client.force_login(self.reporter)
        url = reverse("findings:deadline", args=[self.finding.pk])
        self.client.post(url, {"action": self.action.pk, "deadline": "2023-08-31"})
        assert self.reload(self.action).deadline == date(2023, 5, 31)
        self.client.post(url, {"action": self.action.pk, "deadline": "2023-08-31", **WHY, "reason": "other"})
        assert self.reload(self.action).deadline == date(2023, 8, 31)
        assert StatedReason.objects.get().record_type == "findings.remediationaction"
        last = self.reload(self.action).history.latest()
        assert (last.history_user, last.history_change_reason) == (
            self.reporter,
            "Lý do khác (ghi rõ): Nhập nhầm số liệu",
        )
        page = self.client.get(reverse("findings:detail", args=[self.finding.pk])).content.decode()
        assert "Lý do khác (ghi rõ): Nhập nhầm số liệu" in page and "2023-05-31 → 2023-08-31" in page

    def test_the_deadline_form_follows_the_scope(self):
        url = reverse("findings:deadline", args=[self.finding.pk])
        body = {"deadline": "2023-08-31", "reason": "other", "reason_text": "x"}
        for user, status in ((self.outsider, 404), (self.viewer, 403), (self.nobody, 404)):
            self.client.force_login(user)
            assert self.client.post(url, body).status_code == status
        self.client.logout()
        assert self.client.post(url, body).status_code == 302  # to the login page
        assert self.reload(self.finding).deadline == date(2023, 6, 30)

    def test_the_api_needs_a_reason_to_move_a_deadline(self):
        url = f"/api/findings/{self.finding.pk}/"
        assert api(self.reporter).patch(url, {"deadline": "2023-09-30"}, format="json").status_code == 400
        assert api(self.reporter).patch(url, {"title": "Đổi tên"}, format="json").status_code == 200
        body = {"deadline": "2023-09-30", "reason": "objective-obstacle", "reason_text": "Thiếu kinh phí"}
        assert api(self.reporter).patch(url, body, format="json").status_code == 200
        assert self.reload(self.finding).deadline == date(2023, 9, 30)
        action_url = f"/api/findings/{self.finding.pk}/deadline/"
        body = {"action": self.action.pk, "deadline": "2023-07-31"}
        assert api(self.reporter).post(action_url, body, format="json").status_code == 400
        assert api(self.outsider).post(action_url, {**body, **WHY}, format="json").status_code == 404
        body |= {"reason": "objective-obstacle", "reason_text": "Thiếu người"}
        assert api(self.reporter).post(action_url, body, format="json").status_code == 200
        assert self.reload(self.action).deadline == date(2023, 7, 31)

    def test_closing_as_no_longer_relevant_needs_a_reason_everywhere(self):
        with self.assertRaises(workflow.TransitionError):
            workflow.transition(self.finding, Status.NOT_RELEVANT, acting_user=self.reporter)
        self.client.force_login(self.reporter)
        url = reverse("findings:transition", args=[self.finding.pk])
        self.client.post(url, {"to": Status.NOT_RELEVANT})
        assert self.reload(self.finding).status == Status.OPEN
        api_url = f"/api/findings/{self.finding.pk}/transition/"
        assert api(self.reporter).post(api_url, {"to": "not_relevant"}, format="json").status_code == 400
        self.client.post(url, {"to": Status.NOT_RELEVANT, "reason": "duplicate", "reason_text": "Trùng hạn chế số 3"})
        finding = self.reload(self.finding)
        assert finding.status == Status.NOT_RELEVANT
        assert finding.history.latest().history_change_reason == "Trùng với hạn chế đã ghi nhận: Trùng hạn chế số 3"
        page = self.client.get(reverse("findings:detail", args=[self.finding.pk])).content.decode()
        assert "Trùng hạn chế số 3" in page

    def test_a_closed_finding_keeps_its_deadline(self):
        workflow.transition(
            self.finding, Status.NOT_RELEVANT, reason=Stated("duplicate", "x"), acting_user=self.reporter
        )
        with self.assertRaises(workflow.TransitionError):
            deadlines.move(
                self.reload(self.finding), date(2023, 12, 31), Stated("other", "x"), acting_user=self.reporter
            )
