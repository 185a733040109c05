"""The inspection API: the same scope and rules as the pages, for every
endpoint (anonymous, no role, other roles, owner, levels above, another
district)."""

from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from ..models import Case, PersonView
from ..stages import Stage
from .base import SECRET_ID, SECRET_NAME, InspectionTestCase

NOT_INSPECTORS = ("nobody", "reporter", "approver", "viewer", "secretariat", "outsider")


class InspectionApiTests(InspectionTestCase):
    def api(self, user):
        client = APIClient()
        if user is not None:  # a fresh user, as each request loads one
            client.force_authenticate(get_user_model().objects.get(username=getattr(self, user).username))
        return client

    def codes(self, user):
        response = self.api(user).get("/api/inspection/cases/")
        assert response.status_code == 200
        return {c["code"] for c in response.json()["results"]}

    def endpoints(self, case):
        base = f"/api/inspection/cases/{case.code}/"
        return [
            ("get", "/api/inspection/cases/", None),
            ("get", base, None),
            ("get", base + "person/", None),
            ("post", base + "conclude/", {"on": "2023-03-01", "violation": True}),
            ("post", base + "decide/", {"on": "2023-03-01", "discipline_form": None}),
            (
                "post",
                "/api/inspection/cases/",
                {"commission": "DIST-A", "subject": "full_member", "opened_on": "2023-1-1"},
            ),
        ]

    def call(self, user, method, url, data):
        return getattr(self.api(user), method)(url, data, format="json").status_code

    def test_anonymous_is_refused_everywhere(self):
        for method, url, data in self.endpoints(self.case_a):
            assert self.call(None, method, url, data) in (401, 403), url
        assert self.api(None).get("/api/inspection/statistics/?unit=CITY&period=2023-H1").status_code in (401, 403)

    def test_reporters_viewers_secretariat_and_users_without_a_role_see_no_case(self):
        for user in NOT_INSPECTORS:
            for method, url, data in self.endpoints(self.case_a):
                assert self.call(user, method, url, data) == 403, (user, url)
        assert Case.objects.count() == 3 and not PersonView.objects.exists()

    def test_each_inspector_lists_the_cases_of_their_commission_and_below(self):
        assert self.codes("inspector_a") == {self.case_a.code}
        assert self.codes("inspector_b") == {self.case_b.code}
        assert self.codes("inspector") == {self.case_a.code, self.case_b.code, self.case_city.code}

    def test_another_districts_inspector_gets_not_found_and_changes_nothing(self):
        for method, url, data in self.endpoints(self.case_a)[1:5]:
            assert self.call("inspector_b", method, url, data) == 404, url
        self.case_a.refresh_from_db()
        assert self.case_a.stage == Stage.INSPECTING and not PersonView.objects.exists()

    def test_the_owner_moves_a_case_through_its_stages(self):
        base = f"/api/inspection/cases/{self.case_a.code}/"
        client = self.api("inspector_a")
        assert (
            client.post(base + "conclude/", {"on": "2023-03-01", "violation": True}, format="json").status_code == 200
        )
        response = client.post(base + "decide/", {"on": "2023-03-05", "discipline_form": "removal"}, format="json")
        assert response.status_code == 200 and response.json()["stage"] == "disciplined"

    def test_a_skipped_stage_or_wrong_form_is_a_400_with_the_reason(self):
        base = f"/api/inspection/cases/{self.case_b.code}/"
        client = self.api("inspector_b")
        response = client.post(base + "decide/", {"on": "2023-03-05", "discipline_form": "warning"}, format="json")
        assert response.status_code == 400 and "không thể" in str(response.json())
        client.post(base + "conclude/", {"on": "2023-03-02", "violation": True}, format="json")
        response = client.post(base + "decide/", {"on": "2023-03-05", "discipline_form": "expulsion"}, format="json")
        assert response.status_code == 400 and "Giải tán" in str(response.json())

    def test_the_levels_above_read_but_may_not_move_a_case(self):
        base = f"/api/inspection/cases/{self.case_a.code}/"
        assert self.api("inspector").get(base).status_code == 200
        assert self.call("inspector", "post", base + "conclude/", {"on": "2023-03-01", "violation": True}) == 403

    def test_opening_a_case_in_ones_own_commission_only(self):
        data = {"commission": "DIST-A", "subject": "full_member", "opened_on": "2023-04-01"}
        assert self.call("inspector_a", "post", "/api/inspection/cases/", data) == 201
        assert self.call("inspector_b", "post", "/api/inspection/cases/", data) == 403

    def test_reading_the_person_is_logged_as_an_api_view(self):
        response = self.api("inspector").get(f"/api/inspection/cases/{self.case_a.code}/person/")
        assert response.json() == {"case": self.case_a.code, "full_name": SECRET_NAME, "identity_number": SECRET_ID}
        assert response["Cache-Control"] == "no-store"
        assert list(PersonView.objects.values_list("user__username", "channel")) == [("inspector", "api")]

    def test_statistics_are_counts_scoped_to_visible_units(self):
        body = self.api("inspector").get("/api/inspection/statistics/?unit=CITY&period=2023-H1").json()
        assert body["members"]["current"]["inspected"] == 1 and body["organisations"]["current"]["inspected"] == 2
        assert body["previous_period"] == "2022-H1" and body["members"]["change"]["inspected"] == 1
        assert self.api("outsider").get("/api/inspection/statistics/?unit=DIST-A&period=2023-H1").status_code == 404
        assert self.api("reporter").get("/api/inspection/statistics/?unit=DIST-A&period=2023-H1").status_code == 200
        assert self.api("reporter").get("/api/inspection/statistics/?unit=DIST-A&period=2023-H9").status_code == 400

    def test_the_case_list_takes_a_fixed_number_of_queries(self):
        client = self.api("inspector")
        with self.assertNumQueries(3):  # roles, count, page
            client.get("/api/inspection/cases/")

    def test_the_schema_describes_the_inspection_endpoints(self):
        self.client.force_login(self.secretariat)
        paths = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
        assert "/api/inspection/cases/{code}/person/" in paths and "/api/inspection/statistics/" in paths
