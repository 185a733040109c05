"""The worker against a database that blinks, and a worker that dies.

Real faults, in child processes: on SQLite a write lock held longer than
the worker waits for it; on PostgreSQL the server ending the worker's
connections (``pg_terminate_backend``, what a restart does to them); a
worker killed (SIGKILL) in the middle of a job. The worker must go on, and
the killed worker's job must be found and failed, its files removed, in
well under a minute."""

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import skipUnless

import psycopg
from django.db import connection
from django.test import TransactionTestCase

from steerco.jobs.models import Job
from steerco.ops.tests.helpers import PROJECT_DIR, child_env, manage

WAIT = 60  # seconds; generous, the machine may be busy


class WorkerFaultTestCase(TransactionTestCase):
    _migrated: Path | None = None  # a migrated SQLite file, made once and copied for each test

    @classmethod
    def migrated_sqlite(cls) -> Path:
        if WorkerFaultTestCase._migrated is None:
            folder = Path(tempfile.mkdtemp(prefix="steerco-worker-db-"))
            path = folder / "migrated.sqlite3"
            result = manage(["migrate", "-v", "0"], child_env(folder, DATABASE_URL=f"sqlite:///{path}"), timeout=600)
            assert result.returncode == 0, result.stderr
            WorkerFaultTestCase._migrated = path
        return WorkerFaultTestCase._migrated

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="steerco-worker-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        quick = {
            "STEERCO_JOBS_HEARTBEAT_SECONDS": "1",
            "STEERCO_JOBS_STALE_SECONDS": "3",
            "STEERCO_SQLITE_TIMEOUT": "1",
            "STEERCO_JOBS_RETRY_DELAY": "0",
        }
        if connection.vendor == "sqlite":
            self.db_path = self.folder / "steerco.sqlite3"
            shutil.copyfile(self.migrated_sqlite(), self.db_path)
            self.env = child_env(self.folder, DATABASE_URL=f"sqlite:///{self.db_path}", **quick)
        else:
            s = connection.settings_dict
            url = f"postgres://{s['USER']}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}"
            self.env = child_env(self.folder, DATABASE_URL=url, PGPASSWORD=s.get("PASSWORD") or "", **quick)

    def child(self, *args) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "steerco.jobs.tests.worker_child", *args],
            env=self.env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def start_worker(self) -> subprocess.Popen:
        worker = self.child("worker")

        def stop():
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.communicate(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
                    worker.communicate()

        self.addCleanup(stop)
        return worker

    def enqueue(self, kind: str, **params) -> int:
        out, _err = self.child("enqueue", kind, json.dumps(params)).communicate(timeout=120)
        return int(out.strip().splitlines()[-1])

    def job(self, pk: int) -> dict:
        if connection.vendor == "sqlite":
            db = sqlite3.connect(self.db_path)
            try:
                row = db.execute("SELECT status, progress, message, error FROM jobs_job WHERE id = ?", [pk]).fetchone()
            finally:
                db.close()
            return dict(zip(("status", "progress", "message", "error"), row, strict=True))
        return Job.objects.values("status", "progress", "message", "error").get(pk=pk)

    def wait_for(self, pk: int, worker: subprocess.Popen | None = None, **expected) -> float:
        began = time.monotonic()
        while True:
            state = self.job(pk)
            if all(state[k] == v for k, v in expected.items()):
                return time.monotonic() - began
            if worker is not None and worker.poll() is not None:
                self.fail(f"the worker exited ({worker.returncode}): {worker.communicate()[0][-2000:]}")
            self.assertLess(time.monotonic() - began, WAIT, f"job {pk} is {state}, not {expected}")
            time.sleep(0.2)


class WorkerSurvivesTheDatabaseTests(WorkerFaultTestCase):
    @skipUnless(connection.vendor == "sqlite", "SQLite")
    def test_a_lock_held_longer_than_the_worker_waits_does_not_stop_it(self):
        worker = self.start_worker()
        self.wait_for(self.enqueue("tests.count", upto=2), worker, status="done")
        db = sqlite3.connect(self.db_path, isolation_level=None)
        db.execute("BEGIN EXCLUSIVE")  # four times the worker's one-second wait
        time.sleep(4)
        db.execute("COMMIT")
        db.close()
        self.assertIsNone(worker.poll(), worker.poll() is not None and worker.communicate()[0])
        self.wait_for(self.enqueue("tests.count", upto=3), worker, status="done", progress=100)

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL")
    def test_the_server_ending_its_connections_three_times_does_not_stop_it(self):
        worker = self.start_worker()
        self.wait_for(self.enqueue("tests.count", upto=2), worker, status="done")
        s = connection.settings_dict
        conninfo = f"host={s['HOST']} port={s['PORT'] or 5432} user={s['USER']} dbname=postgres"
        mine = connection.connection.info.backend_pid
        with psycopg.connect(conninfo, autocommit=True, password=s.get("PASSWORD") or None) as admin:
            for _ in range(3):  # each time once the worker has connected again
                began = time.monotonic()
                while True:
                    ended = admin.execute(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = %s AND pid <> %s",
                        [s["NAME"], mine],
                    ).fetchone()[0]
                    if ended:
                        break
                    self.assertIsNone(worker.poll(), "the worker exited")
                    self.assertLess(time.monotonic() - began, WAIT, "the worker never connected again")
                    time.sleep(0.1)
        self.assertIsNone(worker.poll(), worker.poll() is not None and worker.communicate()[0])
        self.wait_for(self.enqueue("tests.count", upto=3), worker, status="done", progress=100)


class KilledWorkerTests(WorkerFaultTestCase):
    def test_a_job_whose_worker_is_killed_is_failed_within_a_minute_and_its_file_removed(self):
        marker = self.folder / "running"
        upload = marker.with_suffix(".upload")
        upload.write_bytes(b"the uploaded workbook")
        first = self.start_worker()
        pk = self.enqueue("tests.hang", marker=str(marker))
        while not marker.exists():
            self.assertIsNone(first.poll())
            time.sleep(0.1)
        # progress shows while the job runs (the heartbeat writes it)
        self.wait_for(pk, first, status="running", progress=25, message="checking")
        first.send_signal(signal.SIGKILL)
        first.communicate(timeout=30)
        killed_at = time.monotonic()
        self.start_worker()
        self.wait_for(pk, status="failed")
        self.assertLess(time.monotonic() - killed_at, 60)
        self.assertIn("không hoàn thành", self.job(pk)["error"])
        self.assertFalse(upload.exists())
