"""Consistent online backups of the database, and restores.

SQLite: the sqlite3 online backup API copies a consistent snapshot while
the site keeps running (readers and the writer are not stopped). The copy is
checked with PRAGMA integrity_check before it is kept.

PostgreSQL: pg_dump in its custom format (one consistent snapshot, taken
inside a repeatable-read transaction), restored with pg_restore in a single
transaction, so a failed restore changes nothing.

A backup is written under a temporary name and renamed when complete: a
file with the final name is always whole.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import dj_database_url
from django.db import connection

from steerco.lib.errors import Refused


class BackupError(Refused):
    pass


def suffix_for(vendor: str) -> str:
    return ".sqlite3" if vendor == "sqlite" else ".pgdump"


def backup(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if connection.vendor == "sqlite":
            _backup_sqlite(partial)
        elif connection.vendor == "postgresql":
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
                connection.settings_dict,
            )
        else:
            raise BackupError(f"no backup method for {connection.vendor}")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore(source: Path, database_url: str | None = None) -> None:
    """Restore a backup into the configured database, or into database_url."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    settings_dict = dj_database_url.parse(database_url) if database_url else connection.settings_dict
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        _restore_sqlite(source, settings_dict["NAME"])
    elif engine.endswith("postgresql"):
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={settings_dict['NAME']}",
                str(source),
            ],
            settings_dict,
        )
    else:
        raise BackupError(f"no restore method for {engine}")


def _backup_sqlite(partial: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(partial) as copy:
        connection.connection.backup(copy)
        _check_integrity(copy, partial)
    copy.close()


def _restore_sqlite(source: Path, name) -> None:
    with sqlite3.connect(source) as backup_db:
        _check_integrity(backup_db, source)
        if name == connection.settings_dict["NAME"] or str(name).startswith("file:memorydb"):
            connection.ensure_connection()
            target = connection.connection
            backup_db.backup(target)  # the backup API writes the whole database under one lock
        else:
            with sqlite3.connect(name) as target_db:
                backup_db.backup(target_db)
            target_db.close()
    backup_db.close()


def _check_integrity(db: sqlite3.Connection, path: Path) -> None:
    try:
        result = db.execute("PRAGMA integrity_check").fetchone()[0]
        is_steerco = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone()
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path}: not a SQLite database ({err})") from None
    if result != "ok":
        raise BackupError(f"{path}: integrity check failed: {result}")
    if not is_steerco:
        raise BackupError(f"{path}: not a steerco database (no migration table)")


def _run(command: list[str], settings_dict: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    env = {**os.environ, **_libpq_env(settings_dict)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _libpq_env(settings_dict: dict) -> dict[str, str]:
    """The connection goes through libpq's environment, so the password
    never appears in the process list."""
    pairs = {
        "PGDATABASE": settings_dict.get("NAME"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
    }
    return {key: str(value) for key, value in pairs.items() if value}
