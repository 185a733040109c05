"""One error shape for the whole API (docs/api.md): DRF's own errors, the
services' refusals and Django's 404, 500 and 503 under /api/ all answer
``{"errors": [{"kind", "field", "message"}]}``; pages outside /api/ keep
their HTML error pages."""

from unittest import mock

from django.db import OperationalError, connection
from django.test import Client

from steerco.collection.tests.test_api import ApiTestCase
from steerco.indicators.models import DataValue


def database_down():
    return mock.patch.object(
        connection, "create_cursor", side_effect=OperationalError("could not connect to server: Connection refused")
    )


class ApiErrorShapeTests(ApiTestCase):
    def shape(self, response, status, kind, field=None):
        assert response.status_code == status, response.content
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        errors = response.json()["errors"]
        assert set(response.json()) == {"errors"}
        assert errors and all({"kind", "field", "message"} <= set(e) and e["message"] for e in errors), errors
        assert errors[0]["kind"] == kind, errors
        assert errors[0]["field"] == field, errors
        return errors

    def test_a_missing_field_a_refusal_a_conflict_and_a_role_that_may_not(self):
        client = self.client_for(self.reporter)
        self.shape(client.post("/api/values/", {"unit": "DIST-A-CS01"}, format="json"), 400, "required", "value")
        refused = self.shape(self.post_value(self.reporter, value="-1"), 400, "invalid")
        assert refused[0]["indicator"] == "ADMITTED"
        pk = self.post_value(self.reporter).json()["id"]
        stale = client.patch(f"/api/values/{pk}/", {"value": "7", "version": 0}, format="json")
        self.shape(stale, 409, "conflict")
        self.shape(self.post_value(self.viewer), 403, "forbidden")
        assert DataValue.objects.count() == 1

    def test_a_bad_period_names_its_field(self):
        self.shape(self.post_value(self.reporter, period="2023-X9"), 400, "invalid", "period")

    def test_no_login_an_unknown_record_an_unknown_address_and_a_wrong_method(self):
        self.shape(Client().get("/api/units/"), 401, "not_authenticated")  # token auth first: 401, not 403
        client = self.client_for(self.reporter)
        self.shape(client.get("/api/values/999999/"), 404, "not_found")
        self.shape(client.get("/api/no-such-thing/"), 404, "not_found")
        self.shape(
            client.delete(f"/api/values/{self.post_value(self.reporter).json()['id']}/"), 405, "method_not_allowed"
        )

    def test_a_server_error_and_an_unreachable_database_are_json_under_api(self):
        client = self.client_for(self.reporter)
        client.raise_request_exception = False
        broken = mock.patch("steerco.collection.api.views.ValueViewSet.get_queryset", side_effect=ValueError("bug"))
        with broken, self.assertLogs("django.request", "ERROR"):
            self.shape(client.get("/api/values/"), 500, "server_error")
        with database_down(), self.assertLogs("steerco.ops.views.errors", "ERROR"):
            response = client.get("/api/values/")
        self.shape(response, 503, "unavailable")
        assert response["Retry-After"] == "30"

    def test_pages_outside_the_api_keep_their_html_errors(self):
        self.client.force_login(self.reporter)
        response = self.client.get("/no-such-page/")
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
