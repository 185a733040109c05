"""Recording causes, deep self-review suggestions and remediation plans,
by page and API: the permission matrix with the personas, the rules
(refused with a message, nothing written) and the audit trail."""

from datetime import date

from django.urls import reverse
from rest_framework.test import APIClient

from steerco.testing import api_errors

from ..models import Cause, DeepReviewSuggestion, Finding, RemediationPlan
from .base import FindingsTestCase
from .test_views import MatrixMixin

SUGGESTION = {
    "suggested_by": "DIST-A",
    "addressed_to": "DIST-A-CS01",
    "review_year": 2022,
    "suggested_on": "2022-12-27",
    "subject": "Kiểm điểm sâu",
}


class CauseTests(MatrixMixin, FindingsTestCase):
    def test_cause_matrix(self):
        url = reverse("findings:cause-add", args=[self.f_a.pk])
        data = {"kind": "subjective", "description": "Thiếu kiểm tra"}
        expected = [
            (self.outsider, 404),
            (self.inspector, 404),
            (self.nobody, 404),
            (self.viewer, 403),
            (self.reporter, 302),
            (self.approver, 302),
            (self.secretariat, 302),
        ]
        for user, status in expected:
            assert self.status_for(user, url, "post", data) == status, user
        assert Cause.objects.filter(findings=self.f_a).count() == 3
        cause = Cause.objects.order_by("pk").first()
        assert cause.unit == self.district_a and cause.history.first().history_user == self.reporter

    def test_an_empty_cause_is_refused(self):
        self.client.force_login(self.reporter)
        url = reverse("findings:cause-add", args=[self.f_a.pk])
        self.client.post(url, {"kind": "subjective", "description": "  "})
        assert not Cause.objects.exists()

    def test_the_api_adds_a_cause(self):
        client = APIClient()
        client.force_authenticate(self.reporter)
        response = client.post(f"/api/findings/{self.f_a.pk}/causes/", {"kind": "objective", "description": "Dịch"})
        assert response.status_code == 200 and response.json()["causes"] == ["Dịch"]
        client.force_authenticate(self.outsider)
        assert (
            client.post(f"/api/findings/{self.f_a.pk}/causes/", {"kind": "objective", "description": "x"}).status_code
            == 404
        )


class SuggestionAndPlanTests(MatrixMixin, FindingsTestCase):
    def test_suggestion_matrix(self):
        url = reverse("findings:suggestion-add")
        for user in (self.nobody, self.viewer):
            assert self.status_for(user, url, "post", SUGGESTION) == 403
        for user in (self.outsider, self.inspector):  # DIST-A is outside their scope
            self.status_for(user, url, "post", SUGGESTION)
        assert not DeepReviewSuggestion.objects.exists()
        assert self.status_for(self.reporter, url, "post", SUGGESTION) == 302
        suggestion = DeepReviewSuggestion.objects.get()
        assert suggestion.created_by == self.reporter and suggestion.history.first().history_user == self.reporter

    def test_a_suggestion_goes_down_the_tree_once_a_year(self):
        self.client.force_login(self.secretariat)
        url = reverse("findings:suggestion-add")
        upward = {**SUGGESTION, "suggested_by": "DIST-A-CS01", "addressed_to": "DIST-A"}
        response = self.client.post(url, upward, follow=True)
        assert "DIST-A không thuộc DIST-A-CS01" in response.content.decode()
        self.client.post(url, SUGGESTION)
        again = self.client.post(url, SUGGESTION, follow=True).content.decode()
        assert DeepReviewSuggestion.objects.count() == 1 and "DIST-A-CS01" in again

    def test_a_plan_answers_a_suggestion_and_holds_findings(self):
        self.client.force_login(self.secretariat)
        self.client.post(reverse("findings:suggestion-add"), SUGGESTION)
        suggestion = DeepReviewSuggestion.objects.get()
        plan = {"unit": "DIST-A-CS01", "title": "Kế hoạch khắc phục", "period": "2023-H1"}
        plan |= {"adopted_on": "2023-01-20", "suggestion": suggestion.pk}
        assert self.status_for(self.outsider, reverse("findings:plan-add"), "post", plan) == 302
        assert not RemediationPlan.objects.exists()  # outside their scope: a message, nothing written
        assert self.status_for(self.reporter, reverse("findings:plan-add"), "post", plan) == 302
        saved = RemediationPlan.objects.get()
        assert saved.suggestion == suggestion and saved.history.first().history_user == self.reporter
        # The finding joins the plan from its form; a plan of another unit is refused.
        f = Finding.objects.get(pk=self.f_a1.pk)
        client = APIClient()
        client.force_authenticate(self.reporter)
        assert client.patch(f"/api/findings/{f.pk}/", {"plan": saved.pk}, format="json").status_code == 200
        assert client.patch(f"/api/findings/{self.f_a.pk}/", {"plan": saved.pk}, format="json").status_code == 400
        assert list(saved.findings.all()) == [f]

    def test_the_api_records_suggestions_and_plans_within_scope(self):
        client = APIClient()
        client.force_authenticate(self.outsider)
        assert client.post("/api/deep-reviews/", SUGGESTION, format="json").status_code == 404
        client.force_authenticate(self.reporter)
        response = client.post("/api/deep-reviews/", SUGGESTION, format="json")
        assert response.status_code == 201 and response.json()["addressed_to"] == "DIST-A-CS01"
        again = client.post("/api/deep-reviews/", SUGGESTION, format="json")
        assert again.status_code == 400
        plan = {"unit": "DIST-A", "title": "Kế hoạch", "period": "2023-H2", "adopted_on": "2023-07-01"}
        assert client.post("/api/remediation-plans/", plan, format="json").status_code == 201
        bad = client.post("/api/remediation-plans/", {**plan, "period": "2023-H7"}, format="json")
        assert bad.status_code == 400
        future = client.post("/api/remediation-plans/", {**plan, "adopted_on": date(2100, 1, 1)}, format="json")
        assert future.status_code == 400
        assert RemediationPlan.objects.count() == 1
        client.force_authenticate(self.outsider)
        assert client.get("/api/remediation-plans/").json()["results"] == []

    def test_the_plan_api_does_not_tell_whether_an_invisible_suggestion_exists(self):
        """A suggestion addressed to district A, named by the outsider for a
        plan of district B, gets the same answer as one that does not exist."""
        suggestion = DeepReviewSuggestion.objects.create(
            suggested_by=self.city, addressed_to=self.district_a, review_year=2023, suggested_on=date(2023, 1, 5)
        )
        missing = suggestion.pk + 1000
        client = APIClient()
        client.force_authenticate(self.outsider)
        plan = {"unit": "DIST-B", "title": "Kế hoạch", "period": "2023-H2", "adopted_on": "2023-07-01"}
        answers = []
        for pk in (suggestion.pk, missing):
            response = client.post("/api/remediation-plans/", {**plan, "suggestion": pk}, format="json")
            assert response.status_code == 400
            answers.append(api_errors(response)["suggestion"][0].replace(str(pk), "N"))
        assert answers[0] == answers[1]
        assert not RemediationPlan.objects.exists()
        client.force_authenticate(self.reporter)
        mine = {**plan, "unit": "DIST-A", "suggestion": suggestion.pk}
        assert client.post("/api/remediation-plans/", mine, format="json").status_code == 201
        assert RemediationPlan.objects.get().suggestion == suggestion
