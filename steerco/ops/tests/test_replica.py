"""Read-replica routing (steerco/ops/replica.py, docs/deploy.md).

The routing tests need a second database alias, so they run only when
DATABASE_REPLICA_URL is set; the replica is then a test mirror of the test
database (settings.py). ``ReplicaSuiteTests`` runs them that way in a child
process with a SQLite file as the "replica", so the normal suite covers them;
`.ci/run` may also run them against PostgreSQL with both URLs set.
"""

import os
import subprocess
import sys
import unittest
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.test import SimpleTestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from steerco.accounts.models import Membership, Role
from steerco.ops.replica import PIN_COOKIE, REPLICA, ReplicaRouter, replica_reads
from steerco.testing import make_unit, make_user
from steerco.units.models import Unit, UnitType

ROOT = Path(__file__).resolve().parents[3]


class NoReplicaTests(SimpleTestCase):
    def test_without_a_replica_nothing_changes(self):
        if REPLICA in settings.DATABASES:
            self.skipTest("a replica is configured")
        self.assertNotIn("steerco.ops.replica.ReplicaRouter", settings.DATABASE_ROUTERS)
        self.assertNotIn("steerco.ops.replica.ReadFromReplica", settings.MIDDLEWARE)
        with replica_reads():
            self.assertEqual(ReplicaRouter().db_for_read(Unit), "default")


@unittest.skipUnless(REPLICA in settings.DATABASES, "DATABASE_REPLICA_URL is not set")
class ReplicaRoutingTests(TransactionTestCase):
    databases = {"default", REPLICA}

    def setUp(self):
        self.city = make_unit("CITY", type=UnitType.CITY)
        self.reporter = make_user("reporter", Role.REPORTER, self.city)

    def queries(self, func):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            func()
        return len(primary), len(replica)

    def test_the_replica_is_a_test_mirror_and_only_the_primary_migrates(self):
        self.assertEqual(settings.DATABASES[REPLICA]["TEST"]["MIRROR"], "default")
        self.assertFalse(ReplicaRouter().allow_migrate(REPLICA, "units"))
        self.assertTrue(ReplicaRouter().allow_migrate("default", "units"))

    def test_reads_go_to_the_replica_only_where_a_request_allows_it(self):
        self.assertEqual(self.queries(lambda: list(Unit.objects.all())), (1, 0))  # workers, commands
        with replica_reads():
            self.assertEqual(self.queries(lambda: list(Unit.objects.all())), (0, 1))

    def test_writes_and_reads_in_a_transaction_stay_on_the_primary(self):
        def write_in_a_transaction():
            with transaction.atomic():
                unit = Unit.objects.select_for_update().get(code="CITY")
                unit.name_en = "City"
                unit.save()
                Membership.objects.filter(unit=unit).count()

        with replica_reads():
            primary, replica = self.queries(write_in_a_transaction)
            self.assertEqual(replica, 0)
            self.assertGreaterEqual(primary, 3)
            self.assertEqual(self.queries(lambda: Unit.objects.filter(code="CITY").update(name_en="x")), (1, 0))

    def test_pages_read_from_the_replica_until_the_browser_writes(self):
        self.client.force_login(self.reporter)
        primary, replica = self.queries(lambda: self.client.get(reverse("jobs:list")))
        self.assertGreater(replica, 0)
        response = self.client.post(reverse("set_language"), {"language": "en"})
        self.assertIn(PIN_COOKIE, response.cookies)
        primary, replica = self.queries(lambda: self.client.get(reverse("jobs:list")))
        self.assertEqual(replica, 0)
        self.assertGreater(primary, 0)


class ReplicaSuiteTests(SimpleTestCase):
    def test_the_routing_tests_pass_with_a_replica_configured(self):
        if REPLICA in settings.DATABASES:
            self.skipTest("already running with a replica")
        env = dict(os.environ)
        if env.get("DATABASE_URL", "").startswith("postgres"):
            env["DATABASE_URL"] += "_replica"  # its own test database, beside this run's
        else:
            env["DATABASE_URL"] = "sqlite:///" + str(Path(settings.DATA_DIR) / "replica-test.sqlite3")
        env["DATABASE_REPLICA_URL"] = env["DATABASE_URL"]
        result = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "pytest",
                __file__,
                "-k",
                "ReplicaRoutingTests",
                "-o",
                "addopts=-q -p no:cacheprovider",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
        )
        self.assertEqual(result.returncode, 0, result.stdout[-3000:] + result.stderr[-2000:])
        self.assertIn("4 passed", result.stdout)
