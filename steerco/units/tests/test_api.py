from rest_framework.test import APIClient

from steerco.accounts.models import ApiToken
from steerco.testing import PASSWORD, PersonaTestCase, api_errors
from steerco.units.models import Unit


class UnitApiTests(PersonaTestCase):
    def client_for(self, user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def codes(self, user):
        response = self.client_for(user).get("/api/units/")
        assert response.status_code == 200
        return {u["code"] for u in response.json()["results"]}

    def test_anonymous_is_refused(self):
        assert self.client_for(None).get("/api/units/").status_code in (401, 403)

    def test_a_user_without_a_role_sees_no_unit(self):
        assert self.codes(self.nobody) == set()

    def test_reporter_lists_only_their_subtree(self):
        assert self.codes(self.reporter) == {"DIST-A", "DIST-A-CS01", "DIST-A-CS02"}

    def test_outsider_cannot_read_another_districts_unit(self):
        assert self.client_for(self.outsider).get("/api/units/DIST-A/").status_code == 404
        assert self.client_for(self.reporter).get("/api/units/DIST-A/").json()["parent"] == "CITY"

    def test_only_the_secretariat_adds_units_within_its_subtree(self):
        body = {"code": "DIST-A-CS03", "name_vi": "Chi bộ mới", "type": "grassroots", "parent": "DIST-A"}
        for user, expected in ((None, 401), (self.nobody, 400), (self.reporter, 403), (self.outsider, 400)):
            assert self.client_for(user).post("/api/units/", body, format="json").status_code == expected
        assert not Unit.objects.filter(code="DIST-A-CS03").exists()
        response = self.client_for(self.secretariat).post("/api/units/", body, format="json")
        assert response.status_code == 201, response.content
        unit = Unit.objects.get(code="DIST-A-CS03")
        assert unit.path == "CITY/DIST-A/DIST-A-CS03/"
        assert unit.history.latest().history_user == self.secretariat

    def test_a_unit_is_renamed_and_the_tree_still_guards_itself(self):
        client = self.client_for(self.secretariat)
        assert client.patch("/api/units/DIST-A/", {"name_vi": "Quận A"}, format="json").status_code == 200
        assert Unit.objects.get(code="DIST-A").name_vi == "Quận A"
        assert client.patch("/api/units/DIST-A/", {"parent": "DIST-A-CS01"}, format="json").status_code == 400
        assert (
            self.client_for(self.reporter).patch("/api/units/DIST-A/", {"name_vi": "X"}, format="json").status_code
            == 403
        )

    def test_units_are_never_deleted(self):
        assert self.client_for(self.secretariat).delete("/api/units/DIST-A/").status_code == 405

    def test_token_auth(self):
        response = APIClient().post("/api/token/", {"username": "reporter", "password": PASSWORD})
        token = response.json()["token"]
        assert ApiToken.objects.filter(user=self.reporter).count() == 1
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        assert client.get("/api/units/").status_code == 200

    def test_listing_takes_a_fixed_number_of_queries(self):
        client = self.client_for(self.secretariat)
        with self.assertNumQueries(3):  # memberships, count, page
            client.get("/api/units/")


class SchemaTests(PersonaTestCase):
    def test_the_openapi_schema_describes_the_endpoints(self):
        self.client.force_login(self.secretariat)
        response = self.client.get("/api/schema/", HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        assert "/api/units/" in response.json()["paths"]


class UnitTreeLevelTests(PersonaTestCase):
    """A district's secretariat manages its district's subtree: it adds
    units of the levels below, and the code and type of the district
    itself belong to the city."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from steerco.accounts.models import Role
        from steerco.testing import make_user

        cls.district_secretariat = make_user("district_secretariat", Role.SECRETARIAT, cls.district_a)

    def client_for(self, user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    def test_a_district_secretariat_cannot_create_a_city_or_a_district(self):
        client = self.client_for(self.district_secretariat)
        for unit_type in ("city", "district", "organ"):
            body = {"code": f"X-{unit_type}", "name_vi": "x", "type": unit_type, "parent": "DIST-A"}
            response = client.post("/api/units/", body, format="json")
            assert response.status_code == 400 and "type" in api_errors(response), unit_type
        body = {"code": "DIST-A-CS09", "name_vi": "Chi bộ", "type": "grassroots", "parent": "DIST-A"}
        assert client.post("/api/units/", body, format="json").status_code == 201

    def test_the_code_and_type_of_the_district_belong_to_the_city(self):
        client = self.client_for(self.district_secretariat)
        assert client.patch("/api/units/DIST-A/", {"code": "DIST-AA"}, format="json").status_code == 403
        assert client.patch("/api/units/DIST-A/", {"type": "city"}, format="json").status_code == 403
        assert Unit.objects.filter(code="DIST-A", type="district").exists()
        # below it, the district's own level: allowed, within the levels
        assert client.patch("/api/units/DIST-A-CS01/", {"type": "city"}, format="json").status_code == 400
        assert client.patch("/api/units/DIST-A-CS01/", {"code": "DIST-A-CS11"}, format="json").status_code == 200
        city = self.client_for(self.secretariat)
        assert city.patch("/api/units/DIST-A/", {"code": "DIST-AA"}, format="json").status_code == 200

    def test_another_districts_unit_answers_like_a_missing_one(self):
        client = self.client_for(self.district_secretariat)
        bodies = [
            client.post("/api/units/", {"code": "X", "name_vi": "x", "type": "cell", "parent": code}, format="json")
            for code in ("DIST-B", "NO-SUCH-UNIT")
        ]
        assert [b.status_code for b in bodies] == [400, 400]
        assert [list(api_errors(b)) for b in bodies] == [["parent"], ["parent"]]
        assert [[e["kind"] for e in b.json()["errors"]] for b in bodies] == [["does_not_exist"], ["does_not_exist"]]
        for code in ("DIST-B", "NO-SUCH-UNIT"):
            assert client.patch(f"/api/units/{code}/", {"name_vi": "x"}, format="json").status_code == 404
