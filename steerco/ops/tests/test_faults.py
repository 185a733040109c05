"""The server is killed in the middle of an import: nothing is half-written,
and the database takes the next import as if nothing had happened."""

import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from django.test import TransactionTestCase

from steerco.demo.loader import PACK_FILE, UNITS_FILE
from steerco.programmes.models import Programme
from steerco.units.loading import load_units

from .helpers import PROJECT_DIR, child_env, manage

TABLES = ("programmes_programme", "programmes_taskgroup", "programmes_task", "indicators_indicator")


class KilledImportTests(TransactionTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="steerco-fault-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        if connection.vendor == "sqlite":
            # The child cannot see the in-memory test database: give it a file.
            self.db_path = self.folder / "steerco.sqlite3"
            self.env = child_env(self.folder, DATABASE_URL=f"sqlite:///{self.db_path}")
            for args in (["migrate", "-v", "0"], ["import", str(UNITS_FILE)]):
                result = manage(args, self.env)
                self.assertEqual(result.returncode, 0, result.stderr)
        else:
            import yaml

            load_units(yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8")))
            s = connection.settings_dict
            url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
            self.env = child_env(self.folder, DATABASE_URL=url, PGPASSWORD=s.get("PASSWORD") or "")

    def counts(self) -> dict[str, int]:
        if connection.vendor == "sqlite":
            db = sqlite3.connect(self.db_path)
            try:
                return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
            finally:
                db.close()
        with connection.cursor() as cursor:
            result = {}
            for table in TABLES:
                cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
                result[table] = cursor.fetchone()[0]
            return result

    def test_a_killed_import_leaves_nothing_and_the_next_import_succeeds(self):
        before = self.counts()
        marker = self.folder / "inside"
        child = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "steerco.ops.tests.import_child", str(PACK_FILE), str(marker)],
            env=self.env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 600  # a loaded 2-core machine can take minutes to start Django
        while not marker.exists():
            self.assertIsNone(child.poll(), "the import ended before it was killed")
            self.assertLess(time.monotonic(), deadline, "the import never reached its write transaction")
            time.sleep(0.1)
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)

        self.assertEqual(self.counts(), before)
        result = manage(["import", str(PACK_FILE)], self.env)
        self.assertEqual(result.returncode, 0, result.stderr)
        after = self.counts()
        self.assertEqual(after["programmes_programme"], before["programmes_programme"] + 1)
        self.assertGreater(after["indicators_indicator"], before["indicators_indicator"])
        if connection.vendor == "postgresql":
            self.assertTrue(Programme.objects.filter(code="01-CTr/TU").exists())
