"""The admin is no second write path: a superuser cannot change an approved
value (or a report's state, or a round) there, and a target changed there
goes through ``services.set_target``: the reason fields are on the form,
a changed value without a reason is refused with the error shown, and with
one it is saved, stated and historised."""

from decimal import Decimal

from django.urls import reverse

from steerco.audit.models import StatedReason
from steerco.indicators.models import DataValue, Target, ValueStatus

from ..models import Submission
from .base import PERIOD, RoundTestCase


class AdminIsNoSecondWritePathTests(RoundTestCase):
    def setUp(self):
        self.secretariat.is_staff = self.secretariat.is_superuser = True
        self.secretariat.save()
        self.client.force_login(self.secretariat)

    def test_an_approved_value_in_a_closed_round_cannot_be_changed_in_the_admin(self):
        value = self.enter(self.admitted, self.org_a1, PERIOD, 7, status=ValueStatus.APPROVED)
        version = value.version
        self.round.state = "closed"
        self.round.save()
        url = reverse("admin:indicators_datavalue_change", args=[value.pk])
        page = self.client.get(url)
        assert page.status_code == 200 and 'name="value"' not in page.content.decode()  # shown read-only
        body = {"indicator": self.admitted.pk, "unit": self.org_a1.pk, "period": PERIOD, "value": "999"}
        assert self.client.post(url, {**body, "status": ValueStatus.DRAFT, "version": "1"}).status_code == 403
        assert self.client.post(reverse("admin:indicators_datavalue_add"), body).status_code == 403
        assert (
            self.client.post(reverse("admin:indicators_datavalue_delete", args=[value.pk]), {"post": "yes"}).status_code
            == 403
        )
        value.refresh_from_db()
        assert (value.value, value.status, value.version) == (Decimal(7), ValueStatus.APPROVED, version)
        assert value.history.count() == 1

    def test_report_states_and_rounds_are_read_only_in_the_admin(self):
        submission = Submission.objects.filter(round=self.round).first()
        for name, pk in (("collection_submission", submission.pk), ("collection_reportinground", self.round.pk)):
            assert (
                self.client.post(reverse(f"admin:{name}_change", args=[pk]), {"status": "approved"}).status_code == 403
            )
        assert Submission.objects.get(pk=submission.pk).status == submission.status

    def test_a_target_change_in_the_admin_shows_and_asks_for_the_reason(self):
        target = Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=10)
        url = reverse("admin:indicators_target_change", args=[target.pk])
        page = self.client.get(url).content.decode()
        assert 'name="reason"' in page and 'name="reason_text"' in page and "data-error" in page
        refused = self.client.post(url, {"value": "12", "note": ""})
        assert refused.status_code == 200
        assert refused.context["adminform"].form.errors["reason"]  # the error is shown beside the field
        assert 'name="reason"' in refused.content.decode()
        assert Target.objects.get().value == 10 and not StatedReason.objects.exists()
        saved = self.client.post(url, {"value": "12", "note": "", "reason": "data-error", "reason_text": "Gõ nhầm"})
        assert saved.status_code == 302
        target.refresh_from_db()
        assert target.value == 12
        assert StatedReason.objects.get().after == "12"
        assert target.history.latest().history_change_reason == "Sửa sai sót số liệu: Gõ nhầm"

    def test_a_negative_target_is_refused_in_the_admin(self):
        body = {"indicator": self.admitted.pk, "unit": self.district_a.pk, "period": "2024", "value": "-1", "note": ""}
        response = self.client.post(reverse("admin:indicators_target_add"), body)
        assert response.status_code == 200 and not Target.objects.filter(period="2024").exists()

    def test_a_new_target_in_the_admin_is_written_by_the_service(self):
        body = {"indicator": self.admitted.pk, "unit": self.district_a.pk, "period": "2024", "value": "30", "note": ""}
        assert self.client.post(reverse("admin:indicators_target_add"), body).status_code == 302
        target = Target.objects.get(period="2024")
        assert target.value == 30
        assert target.history.latest().history_change_reason.startswith("admin: POST /admin/")

    def test_data_values_are_listed_for_reading(self):
        self.enter(self.admitted, self.org_a1, PERIOD, 7)
        assert self.client.get(reverse("admin:indicators_datavalue_changelist")).status_code == 200
        assert DataValue.objects.count() == 1
