"""Backup and restore round trip: back up a database with data in every
kind of table, restore it into a fresh database, compare every table."""

import io
import shutil
import sqlite3
import tempfile
from pathlib import Path

import psycopg
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import TransactionTestCase, override_settings

from steerco.jobs.models import Job
from steerco.ops.backup import backup, restore
from steerco.testing import PersonaTestCase


def populate(case) -> None:
    """The persona tree, a programme, values, history rows, a job."""
    PersonaTestCase.setUpTestData.__func__(type(case))
    for unit, value in ((case.org_a1, "3"), (case.org_a2, "4"), (case.org_b1, "5")):
        PersonaTestCase.enter(case.admitted, unit, "2023-H1", value)
    Job.objects.create(kind="jobs.export_pack", params={"programme": "99-CTr/TU"}, created_by=case.reporter)


MEDIA = {
    "evidence/2023/01/bien-ban.pdf": b"%PDF-1.4 evidence",
    "private/workbook-uploads/0123abcd.xlsx": b"PK\x03\x04 an upload waiting for its job",
    "jobs/2023/06/bao-cao.docx": b"PK\x03\x04 a job result",
    "issued/2023/QU-A-1.pdf": b"%PDF-1.4 an issued report",
}


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="steerco-backup-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.media = self.folder / "media"
        for name, content in MEDIA.items():
            (self.media / name).parent.mkdir(parents=True, exist_ok=True)
            (self.media / name).write_bytes(content)
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        populate(self)

    def test_a_restored_backup_has_every_table_and_row_and_every_file(self):
        file = backup(self.folder / "steerco.backup")
        fresh = FreshDatabase(self.folder)
        self.addCleanup(fresh.drop)
        restored_media = self.folder / "restored" / "media"
        restore(file, fresh.url, restored_media)
        self.assertEqual(files_of(restored_media), MEDIA)
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

    def test_a_backup_lists_every_file_with_its_checksum(self):
        import hashlib
        import json
        import tarfile

        with tarfile.open(backup(self.folder / "steerco.tar")) as archive:
            manifest = json.loads(archive.extractfile("MANIFEST.json").read())
        for name, content in MEDIA.items():
            self.assertEqual(manifest["members"][f"media/{name}"]["sha256"], hashlib.sha256(content).hexdigest())
        self.assertIn(manifest["database"], manifest["members"])

    def test_restore_puts_back_the_files_and_the_database_together(self):
        file = backup(self.folder / "steerco.tar")
        before = live_rows("indicators_datavalue")
        (self.media / "evidence/2023/01/bien-ban.pdf").unlink()
        (self.media / "evidence/later.pdf").write_bytes(b"added after the backup")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM indicators_datavalue")
        restore(file)
        self.assertEqual(files_of(self.media), MEDIA)
        self.assertEqual(live_rows("indicators_datavalue"), before)

    def test_a_tampered_backup_is_refused_and_changes_nothing(self):
        import tarfile

        file = backup(self.folder / "steerco.tar")
        tampered = self.folder / "tampered.tar"
        with tarfile.open(file) as source, tarfile.open(tampered, "w") as out:
            for member in source.getmembers():
                data = source.extractfile(member).read()
                if member.name == "media/evidence/2023/01/bien-ban.pdf":
                    data = b"%PDF-1.4 forged"
                    member.size = len(data)
                out.addfile(member, io.BytesIO(data))
        (self.media / "evidence/later.pdf").write_bytes(b"kept")
        before = live_rows("indicators_datavalue")
        with self.assertRaisesMessage(CommandError, "does not match its checksum"):
            call_command("restore", tampered, interactive=False)
        self.assertEqual(live_rows("indicators_datavalue"), before)
        self.assertEqual(files_of(self.media), {**MEDIA, "evidence/later.pdf": b"kept"})

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
