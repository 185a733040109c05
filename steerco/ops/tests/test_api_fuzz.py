"""schemathesis on the OpenAPI schema (drf-spectacular): every API operation
is called with generated data, as the secretariat and as a district reporter
(token auth), through the WSGI application in-process. No response may be a
server error, and responses must match the schema (content type and
body). Few examples per operation, derandomised: a deterministic,
quick test (well under a minute), not an open-ended fuzzing campaign."""

from contextlib import contextmanager

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from steerco.accounts.models import ApiToken
from steerco.collection.tests.base import RoundTestCase
from steerco.findings.models import Finding

EXAMPLES = 6
# Status-code conformance is left out: DRF's ordinary 400/403/404 answers
# (a bad filter, another district's record, a page past the end) are not
# listed per operation by drf-spectacular. Their bodies are still checked
# for the content type, and every documented answer against its schema.
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's
    connection (and its transaction) at the start and end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class ApiFuzzTests(RoundTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")

    def fuzz(self, user):
        with keep_the_test_connection():
            return self._fuzz(user)

    def _fuzz(self, user):
        _token, token = ApiToken.issue(user, "fuzz")
        headers = {"Authorization": f"Token {token}", "Host": "testserver"}
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), headers=headers)
        failures, operations = [], 0

        def checker(operation):
            @FUZZ
            @given(case=operation.as_strategy())
            def check(case):
                response = case.call(headers=headers)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except (Failure, FailureGroup) as err:
                    problem = f"{operation.label}: {str(err)[:1500]}"
                    if problem not in failures:
                        failures.append(problem)

            return check

        for result in schema.get_all_operations():
            operations += 1
            checker(result.ok())()
        return operations, failures

    def test_every_operation_as_the_secretariat(self):
        operations, failures = self.fuzz(self.secretariat)
        self.assertGreater(operations, 20)
        self.assertEqual(failures, [], "\n\n".join(failures))

    def test_every_operation_as_a_district_reporter(self):
        _operations, failures = self.fuzz(self.reporter)
        self.assertEqual(failures, [], "\n\n".join(failures))
        self.assertFalse(Finding.objects.exclude(owner__path__startswith=self.district_a.path).exists())
