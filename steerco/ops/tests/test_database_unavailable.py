"""The database goes away: people get a clear page (503, in Vietnamese),
and the site recovers by itself when the database is back."""

import importlib
from unittest import mock, skipUnless

import psycopg
from django.db import OperationalError, close_old_connections, connection
from django.test import Client, TransactionTestCase
from django.urls import reverse

from steerco.testing import PersonaTestCase


def database_down():
    """Every new cursor fails as it does when the server is unreachable."""
    return mock.patch.object(
        connection, "create_cursor", side_effect=OperationalError("could not connect to server: Connection refused")
    )


class DatabaseUnavailableTests(PersonaTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.reporter)

    def test_people_get_a_clear_page_in_vietnamese_and_a_retry_hint(self):
        with database_down(), self.assertLogs("steerco.ops.views.errors", "ERROR"):
            response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "Hệ thống tạm thời không truy cập được", status_code=503)

    def test_the_site_works_again_when_the_database_returns(self):
        with database_down(), self.assertLogs("steerco.ops.views.errors", "ERROR"):
            self.assertEqual(self.client.get(reverse("home")).status_code, 503)
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)

    def test_other_server_errors_stay_plain_errors(self):
        home_module = importlib.import_module("steerco.dashboard.views.home")
        broken = mock.patch.object(home_module, "select", side_effect=ValueError("bug"))
        with broken, self.assertLogs("django.request", "ERROR"):
            response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 500)


@skipUnless(connection.vendor == "postgresql", "a PostgreSQL server is needed")
class PostgresConnectionKilledTests(TransactionTestCase):
    """A real fault: the server ends our connection (as on a restart)."""

    def test_a_killed_connection_gives_the_error_page_then_recovers(self):
        PersonaTestCase.setUpTestData.__func__(type(self))
        client = Client(raise_request_exception=False)
        client.force_login(self.reporter)
        self.assertEqual(client.get(reverse("home")).status_code, 200)

        settings = connection.settings_dict
        conninfo = f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} dbname=postgres"
        with psycopg.connect(conninfo, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [settings["NAME"]],
            )
        with self.assertLogs("steerco.ops.views.errors", "ERROR"):
            self.assertEqual(client.get(reverse("home")).status_code, 503)
        # What Django does at the end of every real request (the test client
        # skips it): drop a connection that has failed, so the next one is new.
        close_old_connections()
        self.assertEqual(client.get(reverse("home")).status_code, 200)
