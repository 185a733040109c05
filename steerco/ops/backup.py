"""Consistent online backups of the database, and restores.

SQLite: the sqlite3 online backup API copies a consistent snapshot while
the site keeps running (readers and the writer are not stopped). The copy is
checked with PRAGMA integrity_check before it is kept.

PostgreSQL: pg_dump in its custom format (one consistent snapshot, taken
inside a repeatable-read transaction), restored with pg_restore in a single
transaction, so a failed restore changes nothing.

A backup is one tar archive: the database snapshot (``database.sqlite3``
or ``database.pgdump``), every file under MEDIA_ROOT (``media/…``: evidence,
uploads waiting for their import job, job results) and ``MANIFEST.json``
with the size and SHA-256 of every member. The database is copied first,
then the files, so every file the copied database names is in the archive
(files are only added while the site runs; a file added after the database
snapshot is carried along unused). ``restore`` checks every member against
the manifest before it changes anything, unpacks the files beside the media
folder, restores the database (one transaction on PostgreSQL), and only
then puts the restored media folder in place of the old one. A database
file of an older backup (no archive) still restores, database only.

A backup is written under a temporary name and renamed when complete: a
file with the final name is always whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

from steerco.lib.errors import Refused

MANIFEST = "MANIFEST.json"
FORMAT = "steerco-backup/1"


class BackupError(Refused):
    pass


def suffix_for(vendor: str) -> str:
    return ".sqlite3" if vendor == "sqlite" else ".pgdump"


def backup(target: Path, media_root: Path | None = None) -> Path:
    """Write the archive (database, media files, manifest) to ``target``."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="steerco-backup-", dir=target.parent) as tmp:
        database = Path(tmp) / f"database{suffix_for(connection.vendor)}"
        try:
            _backup_database(database)
            members = {database.name: _digest(database)}
            with tarfile.open(partial, "w") as archive:
                archive.add(database, arcname=database.name)
                for path in sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []:
                    name = f"media/{path.relative_to(media_root).as_posix()}"
                    members[name] = _digest(path)
                    archive.add(path, arcname=name)
                manifest = json.dumps(
                    {
                        "format": FORMAT,
                        "created_at": timezone.now().isoformat(),
                        "vendor": connection.vendor,
                        "database": database.name,
                        "members": members,
                    },
                    indent=1,
                    sort_keys=True,
                ).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(manifest)
                archive.addfile(info, _bytes_io(manifest))
            partial.replace(target)
        finally:
            partial.unlink(missing_ok=True)
    return target


def _backup_database(partial: Path) -> None:
    if connection.vendor == "sqlite":
        _backup_sqlite(partial)
    elif connection.vendor == "postgresql":
        _run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
            connection.settings_dict,
        )
    else:
        raise BackupError(f"no backup method for {connection.vendor}")


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def _digest(path: Path) -> dict:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return {"sha256": sha.hexdigest(), "size": path.stat().st_size}


def verify(source: Path, into: Path) -> tuple[Path, Path | None]:
    """Unpack the archive into ``into`` after checking it: a manifest of
    our format, no member outside it, none missing, no link or odd path,
    every size and SHA-256 as listed. Returns (database file, media folder)."""
    try:
        archive = tarfile.open(source, "r:")  # noqa: SIM115  (closed by the with below)
    except (tarfile.TarError, OSError) as err:
        raise BackupError(f"{source}: not a steerco backup archive ({err})") from None
    with archive:
        try:
            manifest = json.loads(archive.extractfile(MANIFEST).read())
        except (KeyError, AttributeError, ValueError) as err:
            raise BackupError(f"{source}: no readable manifest ({err})") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{source}: unknown backup format {manifest.get('format')!r}")
        expected = manifest["members"]
        seen = set()
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            path = PurePosixPath(member.name)
            if not member.isfile() or path.is_absolute() or ".." in path.parts or member.name not in expected:
                raise BackupError(f"{source}: unexpected member {member.name!r}")
            out = into / path
            out.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as data, open(out, "wb") as handle:
                shutil.copyfileobj(data, handle)
            if _digest(out) != expected[member.name]:
                raise BackupError(f"{source}: {member.name} does not match its checksum; the backup is damaged")
            seen.add(member.name)
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(f"{source}: {len(missing)} file(s) listed but missing, e.g. {missing[0]}")
    media = into / "media"
    return into / manifest["database"], media if media.is_dir() else None


def restore(source: Path, database_url: str | None = None, media_root: Path | None = None) -> None:
    """Restore a backup into the configured database, or into database_url,
    and its files into MEDIA_ROOT (or ``media_root``). Nothing changes
    unless the whole archive checks out."""
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if not tarfile.is_tarfile(source):
        _restore_database(source, database_url)  # an older backup: the database alone
        return
    media_root = Path(media_root or settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".restore-", dir=media_root.parent) as tmp:
        database, media = verify(source, Path(tmp))
        _restore_database(database, database_url)
        # the database is in; now the files, by renames on the same disk
        old = media_root.with_name(media_root.name + ".before-restore")
        shutil.rmtree(old, ignore_errors=True)
        if media_root.exists():
            media_root.rename(old)
        if media is not None:
            media.rename(media_root)
        else:
            media_root.mkdir()
        shutil.rmtree(old, ignore_errors=True)


def _restore_database(source: Path, database_url: str | None) -> None:
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
