"""Backup and restore round trip: back up a database with data in every
kind of table, restore it into a fresh database, compare every table."""

import shutil
import sqlite3
import tempfile
from pathlib import Path

import psycopg
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase

from steerco.jobs.models import Job
from steerco.ops.backup import backup, restore
from steerco.testing import PersonaTestCase


def populate(case) -> None:
    """The persona tree, a programme, values, history rows, a job."""
    PersonaTestCase.setUpTestData.__func__(type(case))
    for unit, value in ((case.org_a1, "3"), (case.org_a2, "4"), (case.org_b1, "5")):
        PersonaTestCase.enter(case.admitted, unit, "2023-H1", value)
    Job.objects.create(kind="jobs.export_pack", params={"programme": "99-CTr/TU"}, created_by=case.reporter)


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="steerco-backup-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        populate(self)

    def test_a_restored_backup_has_every_table_and_row(self):
        file = backup(self.folder / "steerco.backup")
        fresh = FreshDatabase(self.folder)
        self.addCleanup(fresh.drop)
        restore(file, fresh.url)
        tables = connection.introspection.table_names()
        self.assertIn("indicators_datavalue", tables)
        for table in tables:
            with self.subTest(table):
                self.assertEqual(fresh.rows(table), live_rows(table))
        self.assertGreater(len(live_rows("indicators_historicaldatavalue")), 0)

    def test_the_backup_command_writes_a_whole_file_and_no_partial_one(self):
        target = self.folder / "nightly.backup"
        call_command("backup", output=target, stdout=open(self.folder / "out.txt", "w"))  # noqa: SIM115
        self.assertTrue(target.is_file())
        self.assertEqual([p.name for p in self.folder.iterdir() if p.name.endswith(".partial")], [])

    def test_restoring_a_missing_file_changes_nothing(self):
        with self.assertRaisesMessage(CommandError, "no such file"):
            call_command("restore", self.folder / "missing.backup", interactive=False)

    def test_restoring_a_damaged_file_fails_and_changes_nothing(self):
        damaged = self.folder / "damaged.backup"
        damaged.write_bytes(b"not a backup at all" * 100)
        before = live_rows("indicators_datavalue")
        with self.assertRaises(CommandError):
            call_command("restore", damaged, interactive=False)
        self.assertEqual(live_rows("indicators_datavalue"), before)


def live_rows(table: str) -> list:
    with connection.cursor() as cursor:
        return _rows(cursor, table)


def _rows(cursor, table: str) -> list:
    # Rows as text, sorted: the same comparison for both engines, whatever
    # types their drivers return.
    if connection.vendor == "postgresql":
        cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')  # noqa: S608  (our own table names)
    else:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
    return sorted(repr(tuple(row)) for row in cursor.fetchall())


class FreshDatabase:
    """An empty database beside the test database."""

    def __init__(self, folder: Path):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.path = folder / "fresh.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            self.name = f"{settings['NAME']}_restore"[:63]
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}"')
            self._admin(f'CREATE DATABASE "{self.name}"')
            auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{settings['HOST']}:{settings['PORT'] or 5432}/{self.name}"

    def _admin(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def rows(self, table: str) -> list:
        if connection.vendor == "sqlite":
            db = sqlite3.connect(self.path, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
            try:
                return _rows(db.cursor(), table)
            finally:
                db.close()
        with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db, db.cursor() as cursor:
            return _rows(cursor, table)

    def drop(self) -> None:
        if connection.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
