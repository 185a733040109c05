from decimal import Decimal

from rest_framework.test import APIClient

from steerco.indicators.models import DataValue, Source, Target, ValueStatus

from ..models import ReportingRound, Submission
from .base import PERIOD, RoundTestCase

REASON = {"reason": "data-error", "reason_text": "typo"}  # changing a target needs one


class ApiTestCase(RoundTestCase):
    def client_for(self, user):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    def post_value(self, user, unit="DIST-A-CS01", indicator="ADMITTED", value="5", **extra):
        body = {"programme": self.programme.code, "unit": unit, "period": PERIOD, "indicator": indicator}
        return self.client_for(user).post("/api/values/", {**body, "value": value, **extra}, format="json")


class ApiPermissionMatrixTests(ApiTestCase):
    """Every endpoint: anonymous, no role, permitted, permitted on another subtree."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.value = cls.enter(cls.admitted, cls.org_a1, PERIOD, 3, status=ValueStatus.DRAFT)
        cls.target = Target.objects.create(indicator=cls.admitted, unit=cls.org_a1, period="2023", value=10)
        cls.submission = Submission.objects.get(round=cls.round, unit=cls.org_a1)

    def test_reads(self):
        # url: (no role, permitted user, status, other-subtree user, status)
        cases = {
            "/api/values/": (200, "reporter", 200, "outsider", 200),
            f"/api/values/{self.value.pk}/": (404, "viewer", 200, "outsider", 404),
            "/api/targets/": (200, "approver", 200, "outsider", 200),
            f"/api/targets/{self.target.pk}/": (404, "reporter", 200, "outsider", 404),
            "/api/periods/": (200, "reporter", 200, "outsider", 200),
            f"/api/periods/{self.round.pk}/": (404, "reporter", 200, "outsider", 200),
            "/api/submissions/": (200, "reporter", 200, "outsider", 200),
            f"/api/submissions/{self.submission.pk}/": (404, "reporter", 200, "outsider", 404),
        }
        for url, (nobody, permitted, ok, other, other_status) in cases.items():
            with self.subTest(url=url):
                assert self.client_for(None).get(url).status_code == 401
                assert self.client_for(self.nobody).get(url).status_code == nobody
                assert self.client_for(getattr(self, permitted)).get(url).status_code == ok
                assert self.client_for(getattr(self, other)).get(url).status_code == other_status

    def test_lists_are_scoped(self):
        def units(user, url):
            return {row["unit"] for row in self.client_for(user).get(url).json()["results"]}

        assert units(self.outsider, "/api/values/") == set()
        assert units(self.nobody, "/api/values/") == set()
        assert units(self.reporter, "/api/values/") == {"DIST-A-CS01"}
        assert units(self.outsider, "/api/submissions/") == {"DIST-B", "DIST-B-CS01"}
        assert self.client_for(self.nobody).get("/api/periods/").json()["results"] == []

    def test_writes(self):
        value_url = f"/api/values/{self.value.pk}/"
        target_url = f"/api/targets/{self.target.pk}/"
        writes = [
            # (method, url, body, no role, permitted user, status, other-subtree user, status)
            ("patch", value_url, {"value": "4", "version": 1}, 404, "reporter", 200, "outsider", 404),
            ("patch", target_url, {"value": "12", **REASON}, 404, "secretariat", 200, "reporter", 403),
            (
                "post",
                "/api/values/",
                {"programme": "99-CTr/TU", "unit": "DIST-A-CS02", "period": PERIOD, "indicator": "DONE", "value": 1},
                400,
                "reporter",
                201,
                "outsider",
                400,
            ),
            (
                "post",
                "/api/periods/",
                {"programme": "99-CTr/TU", "period": "2023-H2", "deadline": "2023-12-31"},
                403,
                "secretariat",
                201,
                "reporter",
                403,
            ),
            ("post", f"/api/submissions/{self.submission.pk}/submit/", {}, 404, "reporter", 200, "outsider", 404),
        ]
        for method, url, body, nobody, permitted, ok, other, other_status in writes:
            with self.subTest(url=url, method=method):
                assert getattr(self.client_for(None), method)(url, body, format="json").status_code == 401
                assert getattr(self.client_for(self.nobody), method)(url, body, format="json").status_code == nobody
                response = getattr(self.client_for(getattr(self, other)), method)(url, body, format="json")
                assert response.status_code == other_status, response.content
                response = getattr(self.client_for(getattr(self, permitted)), method)(url, body, format="json")
                assert response.status_code == ok, response.content

    def test_deleting_is_not_offered(self):
        response = self.client_for(self.secretariat).delete(f"/api/values/{self.value.pk}/")
        assert response.status_code == 405
        assert DataValue.objects.filter(pk=self.value.pk).exists()


class ApiValueTests(ApiTestCase):
    def test_a_value_written_through_the_api_records_its_provenance(self):
        response = self.post_value(self.reporter)
        assert response.status_code == 201, response.content
        value = DataValue.objects.get()
        assert (value.source, value.source_ref, value.entered_by) == (Source.API, "POST /api/values/", self.reporter)
        assert value.history.latest().history_user == self.reporter
        assert response.json()["version"] == 1

    def test_the_api_applies_the_same_validation_as_the_form(self):
        response = self.post_value(self.reporter, value="-1")
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"].startswith("Kết nạp (ADMITTED) là số đếm")
        assert response.json()["errors"][0]["indicator"] == "ADMITTED"  # the machine field keeps the code
        assert not DataValue.objects.exists()

    def test_a_stale_version_gets_409(self):
        pk = self.post_value(self.reporter).json()["id"]
        client = self.client_for(self.reporter)
        assert client.patch(f"/api/values/{pk}/", {"value": "6", "version": 1}, format="json").status_code == 200
        response = client.patch(f"/api/values/{pk}/", {"value": "7", "version": 1}, format="json")
        assert response.status_code == 409
        assert response.json()["errors"][0]["kind"] == "conflict"
        assert DataValue.objects.get().value == Decimal(6)

    def test_a_viewer_cannot_write(self):
        assert self.post_value(self.viewer).status_code == 403
        assert not DataValue.objects.exists()

    def test_the_workflow_through_the_api(self):
        self.post_value(self.reporter)
        submission = Submission.objects.get(round=self.round, unit=self.org_a1)
        client = self.client_for(self.approver)
        assert self.client_for(self.reporter).post(f"/api/submissions/{submission.pk}/submit/").status_code == 200
        assert client.post(f"/api/submissions/{submission.pk}/return/", {}).status_code == 400  # no comment
        response = client.post(f"/api/submissions/{submission.pk}/approve/", {}, format="json")
        assert response.json()["status"] == ValueStatus.APPROVED
        assert DataValue.objects.get().status == ValueStatus.APPROVED
        assert self.post_value(self.reporter, value="9", version=3).status_code == 400  # locked

    def test_filters(self):
        self.post_value(self.reporter)
        self.post_value(self.reporter, indicator="TOTAL", value="8")
        rows = self.client_for(self.reporter).get("/api/values/?indicator=TOTAL&period=2023-H1").json()["results"]
        assert [(r["indicator"], r["value"]) for r in rows] == [("TOTAL", "8.0000")]

    def test_listing_values_takes_a_fixed_number_of_queries(self):
        for code in ("ADMITTED", "DONE", "TOTAL"):
            self.enter(
                getattr(self, {"ADMITTED": "admitted", "DONE": "done", "TOTAL": "total"}[code]), self.org_a1, PERIOD, 1
            )
        client = self.client_for(self.reporter)
        with self.assertNumQueries(3):  # memberships, count, page
            client.get("/api/values/")


class ApiUnusualValueTests(ApiTestCase):
    """The API asks the entry form's question (lib.plausibility): an
    unusual value is refused without a reason, and kept with one, recorded
    as the form records it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.total, cls.org_a1, "2022-H2", 120)

    def test_an_unusual_value_without_a_reason_is_refused_naming_the_rule(self):
        response = self.post_value(self.reporter, indicator="TOTAL", value="99999999")
        assert response.status_code == 400, response.content
        (error,) = response.json()["errors"]
        assert (error["kind"], error["rule"], error["indicator"]) == ("unusual", "above_history", "TOTAL")
        assert error["message"] == "Tổng (TOTAL): 99.999.999 gấp hơn 10 lần số liệu kỳ 2022-H2 (120)."
        assert not DataValue.objects.filter(period=PERIOD).exists()

    def test_a_count_above_its_last_denominator_names_that_rule(self):
        response = self.post_value(self.reporter, indicator="DONE", value="130")
        assert response.status_code == 400
        assert [e["rule"] for e in response.json()["errors"]] == ["above_denominator"]

    def test_with_a_reason_it_is_saved_and_the_reason_kept_as_the_form_keeps_it(self):
        from steerco.audit.models import ReasonKind, StatedReason

        reason = {"reason": "figure-checked", "reason_text": "Đã gọi điện xác minh"}
        response = self.post_value(self.reporter, indicator="TOTAL", value="99999999", **reason)
        assert response.status_code == 201, response.content
        value = DataValue.objects.get(period=PERIOD)
        assert (value.value, value.source) == (99_999_999, Source.API)
        stated = StatedReason.objects.get()
        assert (stated.kind, stated.reason.code, stated.text) == (
            ReasonKind.UNUSUAL,
            "figure-checked",
            reason["reason_text"],
        )
        assert (stated.before, stated.after, stated.user, stated.record_id) == (
            "120",
            "99999999",
            self.reporter,
            value.pk,
        )

    def test_a_reason_without_words_or_not_for_this_change_is_refused(self):
        for reason in ({"reason": "figure-checked"}, {"reason": "no-such-reason", "reason_text": "x"}):
            with self.subTest(reason=reason):
                response = self.post_value(self.reporter, indicator="TOTAL", value="99999999", **reason)
                assert response.status_code == 400
                assert {e["kind"] for e in response.json()["errors"]} == {"unusual"}
                assert not DataValue.objects.filter(period=PERIOD).exists()

    def test_a_usual_value_needs_no_reason(self):
        assert self.post_value(self.reporter, indicator="TOTAL", value="150").status_code == 201
        from steerco.audit.models import StatedReason

        assert not StatedReason.objects.exists()

    def test_changing_a_value_to_an_unusual_one_is_asked_too(self):
        pk = self.post_value(self.reporter, indicator="TOTAL", value="150").json()["id"]
        client = self.client_for(self.reporter)
        response = client.patch(f"/api/values/{pk}/", {"value": "99999999", "version": 1}, format="json")
        assert response.status_code == 400 and response.json()["errors"][0]["kind"] == "unusual"
        assert DataValue.objects.get(pk=pk).value == 150


class ApiTargetAndPeriodTests(ApiTestCase):
    def test_the_secretariat_sets_a_target_with_history(self):
        body = {"programme": "99-CTr/TU", "indicator": "ADMITTED", "unit": "DIST-A", "period": "2023", "value": "120"}
        response = self.client_for(self.secretariat).post("/api/targets/", body, format="json")
        assert response.status_code == 200, response.content
        target = Target.objects.get()
        assert target.value == 120 and target.history.latest().history_user == self.secretariat
        assert self.client_for(self.reporter).post("/api/targets/", body, format="json").status_code == 403

    def test_a_negative_target_is_refused(self):
        body = {"programme": "99-CTr/TU", "indicator": "ADMITTED", "unit": "DIST-A", "period": "2023", "value": "-1"}
        assert self.client_for(self.secretariat).post("/api/targets/", body, format="json").status_code == 400
        assert not Target.objects.exists()

    def test_opening_a_period_with_a_cut_off(self):
        body = {
            "programme": "99-CTr/TU",
            "period": "2023-H2",
            "data_from": "2023-06-15",
            "data_to": "2023-12-14",
            "deadline": "2023-12-20",
            "unit_types": ["district"],
        }
        response = self.client_for(self.secretariat).post("/api/periods/", body, format="json")
        assert response.status_code == 201, response.content
        round_ = ReportingRound.objects.get(period="2023-H2")
        assert round_.submissions.count() == 2 and response.json()["unit_types"] == ["district"]

    def test_a_bad_window_is_refused(self):
        body = {"programme": "99-CTr/TU", "period": "2023-H2", "data_from": "2023-12-01", "data_to": "2023-06-01",
                "deadline": "2023-12-20"}  # fmt: skip
        assert self.client_for(self.secretariat).post("/api/periods/", body, format="json").status_code == 400
        assert not ReportingRound.objects.filter(period="2023-H2").exists()

    def test_the_schema_describes_the_new_endpoints(self):
        self.client.force_login(self.secretariat)
        paths = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]
        for path in ("/api/values/", "/api/targets/", "/api/periods/", "/api/submissions/{id}/approve/"):
            assert path in paths


class ApiRoundChangeTests(ApiTestCase):
    def test_the_secretariat_closes_a_round_and_entry_stops(self):
        url = f"/api/periods/{self.round.pk}/"
        assert self.client_for(self.reporter).patch(url, {"state": "closed"}, format="json").status_code == 403
        response = self.client_for(self.secretariat).patch(url, {"state": "closed"}, format="json")
        assert response.status_code == 400 and "lý do" in response.json()["errors"][0]["message"]
        response = self.client_for(self.secretariat).patch(
            url, {"state": "closed", "reason": "Hết hạn tổng hợp"}, format="json"
        )
        assert response.status_code == 200 and response.json()["state"] == "closed"
        assert self.round.history.latest().history_user == self.secretariat
        response = self.post_value(self.reporter)
        assert response.status_code == 400 and "đã đóng" in response.json()["errors"][0]["message"]

    def test_a_deadline_before_the_window_ends_is_refused(self):
        url = f"/api/periods/{self.round.pk}/"
        response = self.client_for(self.secretariat).patch(url, {"deadline": "2023-01-01"}, format="json")
        assert response.status_code == 400
        self.round.refresh_from_db()
        assert str(self.round.deadline) == "2023-06-20"
