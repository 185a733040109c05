"""API permission matrix: anonymous, no role, permitted, other subtree."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from steerco.testing import api_errors

from ..models import Evidence, Finding, Status, WeakOrganisation
from .base import FindingsTestCase, pdf_upload


class FindingApiTests(FindingsTestCase):
    def api(self, user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def ids(self, user, url="/api/findings/"):
        response = self.api(user).get(url)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    def test_anonymous_is_refused_everywhere(self):
        for url in [
            "/api/findings/",
            f"/api/findings/{self.f_a.pk}/",
            "/api/findings/exceptions/",
            "/api/evidence/",
            "/api/weak-organisations/",
            "/api/deep-reviews/",
        ]:
            assert self.api(None).get(url).status_code in (401, 403), url
        assert self.api(None).post(f"/api/findings/{self.f_a.pk}/transition/", {"to": "in_progress"}).status_code in (
            401,
            403,
        )

    def test_the_list_is_scoped(self):
        assert self.ids(self.nobody) == set()
        assert self.ids(self.reporter) == {self.f_a.pk, self.f_a1.pk}
        assert self.ids(self.outsider) == {self.f_b.pk}
        assert self.ids(self.secretariat) == {self.f_a.pk, self.f_a1.pk, self.f_b.pk}
        assert self.ids(self.secretariat, "/api/findings/?unit=DIST-A-CS01") == {self.f_a1.pk}

    def test_a_finding_of_another_subtree_is_not_found(self):
        assert self.api(self.outsider).get(f"/api/findings/{self.f_a.pk}/").status_code == 404
        assert self.api(self.nobody).get(f"/api/findings/{self.f_a.pk}/").status_code == 404
        assert self.api(self.reporter).get(f"/api/findings/{self.f_a.pk}/").json()["owner"] == "DIST-A"

    def test_create_matrix(self):
        data = {
            "owner": "DIST-A-CS02",
            "title": "From the API",
            "source": "self_assessment",
            "identified_on": "2023-03-01",
        }
        assert self.api(self.nobody).post("/api/findings/", data, format="json").status_code == 400
        assert self.api(self.viewer).post("/api/findings/", data, format="json").status_code == 400
        assert self.api(self.outsider).post("/api/findings/", data, format="json").status_code == 400
        assert not Finding.objects.filter(title="From the API").exists()
        response = self.api(self.reporter).post("/api/findings/", data, format="json")
        assert response.status_code == 201, response.json()
        assert Finding.objects.get(title="From the API").created_by == self.reporter

    def test_create_applies_the_model_rules(self):
        data = {"owner": "DIST-A", "title": "x", "source": "par_criterion", "identified_on": "2023-03-01"}
        response = self.api(self.reporter).post("/api/findings/", data, format="json")
        assert response.status_code == 400 and "par_criterion" in api_errors(response)

    def test_status_cannot_be_written_directly(self):
        response = self.api(self.reporter).patch(
            f"/api/findings/{self.f_a1.pk}/", {"status": "verified"}, format="json"
        )
        assert response.status_code == 200 and self.refresh(self.f_a1).status == Status.OPEN

    def test_edit_matrix(self):
        url = f"/api/findings/{self.f_a1.pk}/"
        assert self.api(self.outsider).patch(url, {"title": "x"}, format="json").status_code == 404
        assert self.api(self.viewer).patch(url, {"title": "x"}, format="json").status_code == 403
        assert self.api(self.reporter).patch(url, {"title": "Renamed"}, format="json").status_code == 200
        assert self.refresh(self.f_a1).title == "Renamed"

    def test_a_verified_finding_cannot_be_edited(self):
        from ..services import workflow

        self.remediate(self.f_a1)
        workflow.transition(self.f_a1, Status.VERIFIED, acting_user=self.approver)
        response = self.api(self.reporter).patch(f"/api/findings/{self.f_a1.pk}/", {"title": "x"}, format="json")
        assert response.status_code == 400 and self.refresh(self.f_a1).title != "x"

    def test_there_is_no_delete(self):
        assert self.api(self.secretariat).delete(f"/api/findings/{self.f_a1.pk}/").status_code == 405

    def test_transition_matrix_and_rules(self):
        url = f"/api/findings/{self.f_a1.pk}/transition/"
        start = {"to": "in_progress", "on": "2023-02-01"}
        assert self.api(self.outsider).post(url, start, format="json").status_code == 404
        assert self.api(self.viewer).post(url, start, format="json").status_code == 403
        assert self.api(self.reporter).post(url, start, format="json").json()["status"] == "in_progress"
        refused = self.api(self.reporter).post(url, {"to": "remediated"}, format="json")
        assert refused.status_code == 400 and "minh chứng" in api_errors(refused)["to"][0]

    def test_upload_then_remediate_then_the_superior_verifies(self):
        self.start(self.f_a1)
        url = f"/api/findings/{self.f_a1.pk}/evidence/"
        assert self.api(self.outsider).post(url, {"file": pdf_upload()}, format="multipart").status_code == 404
        assert self.api(self.viewer).post(url, {"file": pdf_upload()}, format="multipart").status_code == 403
        bad = self.api(self.reporter).post(url, {"file": SimpleUploadedFile("x.exe", b"MZ")}, format="multipart")
        assert bad.status_code == 400 and Evidence.objects.count() == 0
        created = self.api(self.reporter).post(url, {"file": pdf_upload()}, format="multipart")
        assert created.status_code == 201
        move = f"/api/findings/{self.f_a1.pk}/transition/"
        assert self.api(self.reporter).post(move, {"to": "remediated"}, format="json").status_code == 200
        assert self.api(self.reporter).post(move, {"to": "verified"}, format="json").status_code == 400
        assert self.api(self.approver).post(move, {"to": "verified"}, format="json").json()["status"] == "verified"

    def test_evidence_download_is_scoped(self):
        evidence = self.attach_pdf(self.f_a1)
        url = f"/api/evidence/{evidence.pk}/download/"
        assert self.api(self.outsider).get(url).status_code == 404
        assert self.api(self.nobody).get(url).status_code == 404
        response = self.api(self.viewer).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
        listed = self.api(self.reporter).get(f"/api/findings/{self.f_a1.pk}/evidence/").json()
        assert listed[0]["download"] == url

    def test_exceptions_are_scoped(self):
        rows = self.api(self.outsider).get("/api/findings/exceptions/").json()["results"]
        assert [r["finding"]["id"] for r in rows] == [self.f_b.pk]
        assert rows[0]["reasons"] == ["overdue"]

    def test_the_list_takes_a_fixed_number_of_queries(self):
        client = self.api(self.secretariat)
        client.get("/api/findings/")
        with self.assertNumQueries(5):  # memberships, count, page, actions, causes
            client.get("/api/findings/")


class RegisterApiTests(FindingsTestCase):
    def api(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_weak_organisations_are_scoped_and_filtered_by_year(self):
        old = WeakOrganisation.objects.create(organisation=self.org_a1, year=2022)
        WeakOrganisation.objects.create(organisation=self.org_a1, year=2023, carried_from=old)
        WeakOrganisation.objects.create(organisation=self.org_b1, year=2023)
        rows = self.api(self.reporter).get("/api/weak-organisations/?year=2023").json()["results"]
        assert [(r["organisation"], r["carried_over"]) for r in rows] == [("DIST-A-CS01", True)]
        assert self.api(self.nobody).get("/api/weak-organisations/").json()["results"] == []
        assert self.api(self.reporter).get("/api/weak-organisations/?year=x").status_code == 400

    def test_close_year_matrix(self):
        WeakOrganisation.objects.create(organisation=self.org_a1, year=2022)
        data = {"unit": "CITY", "year": 2022}
        for user in (self.reporter, self.approver, self.outsider, self.nobody):
            assert self.api(user).post("/api/weak-organisations/close-year/", data, format="json").status_code == 403
        response = self.api(self.secretariat).post("/api/weak-organisations/close-year/", data, format="json")
        assert response.json()["carried"] == 1
        again = self.api(self.secretariat).post("/api/weak-organisations/close-year/", data, format="json")
        assert again.status_code == 400

    def test_adding_and_consolidating_a_weak_organisation_matrix(self):
        data = {"organisation": "DIST-A-CS01", "year": 2023, "reason": "Không hoàn thành nhiệm vụ"}
        for user, status in ((self.outsider, 404), (self.nobody, 404), (self.inspector, 404), (self.viewer, 403)):
            assert self.api(user).post("/api/weak-organisations/", data, format="json").status_code == status, user
        assert not WeakOrganisation.objects.exists()
        created = self.api(self.reporter).post("/api/weak-organisations/", data, format="json")
        assert created.status_code == 201
        again = self.api(self.approver).post("/api/weak-organisations/", data, format="json")
        assert again.status_code == 400 and "DIST-A-CS01" in api_errors(again)["organisation"][0]
        district = self.api(self.reporter).post("/api/weak-organisations/", {**data, "organisation": "DIST-A"})
        assert district.status_code == 400  # only grassroots organisations
        url = f"/api/weak-organisations/{created.json()['id']}/consolidated/"
        assert self.api(self.outsider).post(url, {"consolidated_on": "2023-05-01"}).status_code == 404
        assert self.api(self.viewer).post(url, {"consolidated_on": "2023-05-01"}).status_code == 403
        assert self.api(self.reporter).post(url, {"consolidated_on": "2100-01-01"}).status_code == 400
        done = self.api(self.reporter).post(url, {"consolidated_on": "2023-05-01"})
        assert done.status_code == 200 and done.json()["consolidated_on"] == "2023-05-01"
        entry = WeakOrganisation.objects.get()
        assert entry.history.first().history_user == self.reporter

    def test_deep_reviews_are_scoped(self):
        from ..models import DeepReviewSuggestion

        DeepReviewSuggestion.objects.create(
            suggested_by=self.city, addressed_to=self.district_b, review_year=2022, suggested_on=date(2022, 12, 20)
        )
        assert self.api(self.reporter).get("/api/deep-reviews/").json()["results"] == []
        assert self.api(self.outsider).get("/api/deep-reviews/").json()["results"][0]["suggested_by"] == "CITY"

    def test_the_schema_describes_the_findings_endpoints(self):
        self.client.force_login(self.secretariat)
        paths = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
        assert {"/api/findings/", "/api/findings/{id}/transition/", "/api/weak-organisations/close-year/"} <= set(paths)


class SuggestionLinkScopeTests(FindingsTestCase):
    def test_a_finding_cannot_be_linked_to_another_districts_suggestion(self):
        from rest_framework.test import APIClient

        from ..models import DeepReviewSuggestion

        theirs, mine = (
            DeepReviewSuggestion.objects.create(
                suggested_by=self.city, addressed_to=unit, review_year=2022, suggested_on=date(2022, 3, 1), subject="S"
            )
            for unit in (self.district_b, self.district_a)
        )
        api = APIClient()
        api.force_authenticate(self.reporter)
        url = f"/api/findings/{self.f_a.pk}/"
        refused = api.patch(url, {"suggestion": theirs.pk}, format="json")
        missing = api.patch(url, {"suggestion": 999999}, format="json")
        assert refused.status_code == missing.status_code == 400
        assert "suggestion" in api_errors(refused) and "suggestion" in api_errors(missing)
        assert self.refresh(self.f_a).suggestion_id is None
        assert api.patch(url, {"suggestion": mine.pk}, format="json").status_code == 200
        assert self.refresh(self.f_a).suggestion_id == mine.pk
