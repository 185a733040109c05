"""The data version: one row that every write behind a figure advances, in
the write's own transaction, so a page may keep what it computed under a
version and show it again while the version is unchanged.

The row (``DataVersion``: a counter and a random stamp) is advanced by
database triggers on every table of the apps whose records make a figure,
an attention item or a panel of the dashboard (``WATCHED_APPS``, and a
report job's status: ``PARTLY_WATCHED``), so no
write path can forget it: the ORM's ``save()``, ``bulk_create()``,
``update()`` and ``delete()``, a migration's or a command's raw SQL and, on
PostgreSQL, ``COPY`` and ``TRUNCATE`` all fire them. SQLite runs the
trigger once per row written (it has no statement triggers: one indexed
update of one row each), PostgreSQL once per statement.

Why it cannot serve a stale page:

- the version changes in the transaction that changes the data, so a reader
  sees the new version exactly when it sees the new data (a rollback undoes
  both);
- a reader reads the version *before* anything else: what it computes is at
  least as new as that version, never older;
- the stamp is a new random number at each advance, so a version counted
  by a transaction that later rolled back (and seen only inside it) is
  never the same as the version a later commit makes with the same count.

The triggers are (re)installed after every ``migrate`` (the
``post_migrate`` signal, ``install``) rather than by one migration: SQLite
rebuilds a table to alter a column, which drops its triggers, and a table
added by a later migration needs its triggers too. ``install`` is
idempotent.

On PostgreSQL the row is locked from a transaction's first write to its
commit, so writers to the watched tables queue on it (on SQLite there is one
writer at a time anyway). ``claim()`` takes that lock first, before a write
path's own row locks (``collection.services.record`` does), so two writers
cannot wait on each other's locks in opposite orders.
"""

from __future__ import annotations

import secrets

from django.apps import apps
from django.db import connections

TABLE = "audit_dataversion"
TRIGGER = "steerco_data_version"
# The apps whose records a dashboard page shows or counts.
WATCHED_APPS = (
    "audit",
    "accounts",
    "units",
    "programmes",
    "indicators",
    "collection",
    "findings",
    "inspection",
    "reports",
    "proposals",
)
# Tables of those apps written without changing anything a page shows.
UNWATCHED_TABLES = {
    TABLE: "the version itself",
    "accounts_apitoken": "a token's last use is written on every API call",
    "inspection_personview": "every read of a restricted personal record is logged",
}

# Tables of other apps watched for some columns only: a report job's end
# shows on the programme page's timeline (reports.timeline), its progress
# and heartbeat (written every few seconds) do not.
PARTLY_WATCHED = {"jobs_job": ("status",)}

# The advance: one more, and a new random stamp (64 bits).
BUMP = {
    "sqlite": "UPDATE audit_dataversion SET counter = counter + 1, stamp = random() WHERE id = 1",
    "postgresql": (
        "UPDATE audit_dataversion SET counter = counter + 1, stamp = (random() * 9.2e18)::bigint WHERE id = 1"
    ),
}


def watched_tables() -> list[str]:
    """The tables whose writes advance the version: every model of
    ``WATCHED_APPS`` (their many-to-many tables too), no history table."""
    tables = set()
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy and not model.__name__.startswith("Historical"):
                tables.add(model._meta.db_table)
    return sorted(tables - set(UNWATCHED_TABLES))


def install(using: str = "default") -> list[str]:
    """Create the version row if it is missing and the triggers on every
    watched table that exists; returns the tables."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if TABLE not in existing:
        return []
    tables = [t for t in watched_tables() if t in existing]
    partly = {t: columns for t, columns in PARTLY_WATCHED.items() if t in existing}
    bump = BUMP[connection.vendor]
    quote = connection.ops.quote_name

    def update_of(table: str) -> str:
        columns = partly.get(table)
        return "UPDATE" if columns is None else "UPDATE OF " + ", ".join(quote(c) for c in columns)

    with connection.cursor() as cursor:
        # a random first stamp: a database made again (flush, a new install)
        # never starts at a version a shared cache (Redis) has seen
        cursor.execute(
            "INSERT INTO audit_dataversion (id, counter, stamp) VALUES (1, 0, %s) ON CONFLICT (id) DO NOTHING",
            [secrets.randbits(62)],
        )
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {bump}; RETURN NULL; END $$"
            )
            for table in [*tables, *partly]:
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR {update_of(table)} OR DELETE OR TRUNCATE "
                    f"ON {quote(table)} FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()"
                )
        else:
            for table in [*tables, *partly]:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = quote(f"{TRIGGER}_{table}_{event.lower()}")
                    when = update_of(table) if event == "UPDATE" else event
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(f"CREATE TRIGGER {name} AFTER {when} ON {quote(table)} BEGIN {bump}; END")
    return [*tables, *partly]


def installed(using: str = "default") -> set[str]:
    """The tables that have the version's triggers now (for the checks)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
                [TRIGGER],
            )
            return {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [f"{TRIGGER}_%"])
        return {row[0] for row in cursor.fetchall()}


def current(using: str = "default") -> str | None:
    """The version as a cache key part ("counter.stamp"), or None when there
    is no version row (nothing may then be kept)."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT counter, stamp FROM audit_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return f"{row[0]}.{row[1]}" if row else None


def claim(using: str = "default", *, advance: bool = True) -> None:
    """On PostgreSQL, advance the version now, inside the caller's
    transaction, to take the row's lock before the caller's own row locks
    (``SELECT … FOR UPDATE``), so writers queue on it in one order. With
    ``advance=False`` the row is only locked (``SELECT … FOR UPDATE``, which
    queues writers the same way): a writer that may find nothing to change
    (the same workbook again) leaves the version, and so every kept page,
    as it was; its first real write advances it by the triggers. SQLite has
    one writer at a time: nothing to do."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if advance:
                cursor.execute(BUMP[connection.vendor])
            else:
                cursor.execute(f"SELECT 1 FROM {TABLE} WHERE id = 1 FOR UPDATE")  # noqa: S608


def on_post_migrate(sender, using="default", **kwargs) -> None:
    install(using)
