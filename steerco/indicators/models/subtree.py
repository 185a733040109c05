"""The materialised roll-up: sums of the values strictly below each unit,
kept exact in the transaction of every write (docs/architecture.md).

``SubtreeSum`` holds, for every unit that has values below it, indicator,
period and status, the sum and the number of the values of the units
strictly below it (its descendants, not the unit itself). A unit's own
value is not copied: there is at most one per (indicator, unit, period)
(``value_unique``), so it is the ``DataValue`` row itself, and the reads add
it in the same query (``indicators.rollup``). Leaves, the bulk of the
values, therefore cost no roll-up rows at all.

Maintenance is at the ORM level, so no write path can forget it:
``DataValue.objects`` is a ``DataValueQuerySet`` whose ``bulk_create``,
``update`` (and so ``bulk_update``) and ``delete``, and the model's
``save``/``delete``, read the affected rows' old state, write, and apply
the differences to every ancestor of each value's unit, all in one
transaction (``apply``). A unit's ancestors are the prefixes of its
materialised ``path``, and a unit with values never moves (``Unit.save``
refuses), so the ancestors of a value are fixed.

``DataValue.objects.insert_rows`` inserts new values as plain rows (a
national workbook's 100.000 values without a model instance each) and
keeps the table exact the same way: the rows as stored are read back in
the same transaction and their differences applied.

Other writers that bypass the ORM (``indicators.synth`` loads with COPY or
executemany) call ``rebuild()`` afterwards; ``steerco rollups --rebuild``
does the same and ``--verify`` compares the table with ``naive_sums()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db import connections, models, transaction
from django.utils.translation import gettext_lazy as _

from .fields import PeriodField

# (ancestor path, indicator id, period, status) -> [total, reporting]
SumKey = tuple[str, int, str, str]
Row = tuple[str, int, str, str, Decimal]  # (unit path, indicator id, period, status, value)

ROW_FIELDS = ("unit__path", "indicator_id", "period", "status", "value")
# A change to one of these moves a value between roll-up keys or changes
# its amount; any other field (note, version, provenance) leaves the
# roll-ups alone.
TRACKED = {"value", "status", "unit", "unit_id", "indicator", "indicator_id", "period"}
CHUNK = 5000
# The fields of a new value given to ``insert_rows``, in order: every
# column but the id.
NEW_ROW_FIELDS = (
    "indicator_id", "unit_id", "period", "value", "status", "entered_by_id", "entered_at", "source", "source_ref",
    "synthetic", "note", "version",
)  # fmt: skip
INSERT_CHUNK = 2000  # rows per executemany call
READ_UNITS = 500  # units per read-back query (SQLite's bound on parameters)


class SubtreeSum(models.Model):
    path = models.CharField(_("path"), max_length=500)
    parent = models.CharField(_("parent path"), max_length=500, blank=True)
    indicator = models.ForeignKey(
        "indicators.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = PeriodField(_("period"))
    status = models.CharField(_("status"), max_length=10)
    total = models.DecimalField(_("total"), max_digits=30, decimal_places=4)
    # Signed: an upsert carries negative differences (a value removed).
    reporting = models.IntegerField(_("values"))

    class Meta:
        verbose_name = _("sum below a unit")
        verbose_name_plural = _("sums below units")
        constraints = [
            models.UniqueConstraint(fields=["path", "indicator", "period", "status"], name="subtreesum_key"),
        ]
        indexes = [
            # children_sums: the rows of every child of one unit.
            models.Index(fields=["parent", "indicator", "period", "status"], name="subtreesum_parent"),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.indicator_id} {self.period} {self.status}: {self.total} ({self.reporting})"


def ancestors(path: str) -> list[tuple[str, str]]:
    """(ancestor path, its parent's path) for each unit strictly above the
    unit at ``path``: "A/B/C/" gives ("A/", ""), ("A/B/", "A/")."""
    parts = path.split("/")[:-2]  # drop the unit itself and the empty tail
    out = []
    prefix = ""
    for part in parts:
        parent = prefix
        prefix = f"{prefix}{part}/"
        out.append((prefix, parent))
    return out


def parent_of(path: str) -> str:
    return path[: path.rstrip("/").rfind("/") + 1]


class Deltas:
    """Differences to apply, summed per key in Python first."""

    def __init__(self) -> None:
        self.cells: dict[SumKey, list] = defaultdict(lambda: [Decimal(0), 0])

    def add(self, rows: Iterable[Row], sign: int) -> None:
        for path, indicator_id, period, status, value in rows:
            amount = Decimal(value) if value is not None else Decimal(0)
            for ancestor, _parent in ancestors(path):
                cell = self.cells[(ancestor, indicator_id, period, status)]
                cell[0] += sign * amount
                cell[1] += sign

    def apply(self, using: str) -> None:
        """One upsert per key (keys sorted, so concurrent writers lock the
        shared ancestor rows in the same order), then drop the rows no value
        is left in."""
        changes = [(key, cell) for key, cell in sorted(self.cells.items()) if cell[0] or cell[1]]
        if not changes:
            return
        table = SubtreeSum._meta.db_table
        connection = connections[using]
        qn = connection.ops.quote_name
        sql = (
            f"INSERT INTO {qn(table)} (path, parent, indicator_id, period, status, total, reporting) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (path, indicator_id, period, status) DO UPDATE SET "
            f"total = {qn(table)}.total + excluded.total, reporting = {qn(table)}.reporting + excluded.reporting"
        )
        params = [
            (path, parent_of(path), indicator_id, period, status, total, reporting)
            for (path, indicator_id, period, status), (total, reporting) in changes
        ]
        emptied = sorted({key[0] for key, cell in changes if cell[1] < 0})
        with connection.cursor() as cursor:
            for start in range(0, len(params), CHUNK):
                cursor.executemany(sql, params[start : start + CHUNK])
            for start in range(0, len(emptied), 500):
                chunk = emptied[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"DELETE FROM {qn(table)} WHERE reporting = 0 AND path IN ({marks})",  # noqa: S608
                    chunk,
                )


def rows_of(queryset, lock: bool = False) -> dict[int, Row]:
    """The roll-up state of the rows of ``queryset``, by primary key; locked
    (on the values only) on a database that can."""
    if lock and connections[queryset.db].features.has_select_for_update_of:
        queryset = queryset.select_for_update(of=("self",))
    elif lock:
        queryset = queryset.select_for_update()
    return {pk: tuple(rest) for pk, *rest in queryset.order_by().values_list("pk", *ROW_FIELDS)}


def rows_by_pk(model, using: str, pks: list[int], lock: bool = False) -> dict[int, Row]:
    out: dict[int, Row] = {}
    for start in range(0, len(pks), CHUNK):
        out.update(rows_of(model._base_manager.using(using).filter(pk__in=pks[start : start + CHUNK]), lock))
    return out


# The open ``deferred()`` scopes: alias -> (savepoint depth, collected deltas).
_deferred: ContextVar[dict[str, tuple[int, Deltas]] | None] = ContextVar("subtree_deferred", default=None)


def _savepoint_depth(using: str) -> int:
    # atomic(savepoint=False) pushes None: it is not a level that can roll
    # back on its own.
    return sum(1 for sid in connections[using].savepoint_ids if sid)


@contextmanager
def deferred(using: str = "default") -> Iterator[None]:
    """Collect the roll-up differences of the writes inside and apply them
    once, keys sorted, when the block ends (inside the caller's transaction,
    so still before it commits). One sorted upsert per transaction means
    two writers never take the shared ancestor rows in opposite orders (a
    PostgreSQL deadlock), and they hold them only from the end of their
    work until their commit.

    Use it inside ``transaction.atomic()``. A write made in a savepoint
    deeper than the block (which could roll back on its own while the
    block goes on) is applied at once instead, as outside any block; when
    the block ends by an exception, or with its transaction marked for
    rollback, the collected differences are dropped with the writes."""
    scopes = dict(_deferred.get() or {})
    scopes[using] = (_savepoint_depth(using), Deltas())
    token = _deferred.set(scopes)
    try:
        yield
    except BaseException:
        _deferred.reset(token)
        raise
    _deferred.reset(token)
    if not connections[using].needs_rollback:
        scopes[using][1].apply(using)


def apply_change(using: str, before: Iterable[Row], after: Iterable[Row]) -> None:
    scope = (_deferred.get() or {}).get(using)
    if scope is not None and scope[0] == _savepoint_depth(using):
        deltas = scope[1]
        deltas.add(before, -1)
        deltas.add(after, +1)
        return
    deltas = Deltas()
    deltas.add(before, -1)
    deltas.add(after, +1)
    deltas.apply(using)


def _unit_chunks(rows: Iterable[tuple], units: int) -> Iterator[list[tuple]]:
    """``rows`` (of ``NEW_ROW_FIELDS``) in consecutive lists of at most
    ``units`` units each."""
    chunk: list[tuple] = []
    seen: set[int] = set()
    for row in rows:
        if row[1] not in seen:
            if len(seen) == units:
                yield chunk
                chunk, seen = [], set()
            seen.add(row[1])
        chunk.append(row)
    if chunk:
        yield chunk


class DataValueQuerySet(models.QuerySet):
    """Every bulk write of values also updates ``SubtreeSum`` in the same
    transaction (see the module docstring)."""

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise ValueError(
                "DataValue.bulk_create cannot keep the roll-ups exact with ignore_conflicts or update_conflicts; "
                "write the rows another way or call indicators.models.subtree.rebuild() after."
            )
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            pks = [o.pk for o in objs]
            if all(pk is not None for pk in pks):
                # What the database stored (values rounded to the column's
                # decimals, the unit's path as it is), not the objects.
                rows = list(rows_by_pk(self.model, self.db, pks).values())
            else:  # a database that returns no ids from a bulk insert
                rows = self._rows_in_memory(objs)
            apply_change(self.db, [], rows)
        return created

    def insert_rows(self, rows: Iterable[tuple], *, acting_user, reason: str) -> int:
        """New values as plain INSERTs, each row the Python values of
        ``NEW_ROW_FIELDS``, with their history rows (``audit.bulk``, naming
        ``acting_user`` and ``reason``); returns how many. The fields are
        prepared once per column, not once per row and field as
        ``bulk_create`` does. The rows are taken a few hundred units at a
        time: inserted, read back with their ids and their roll-up state
        as stored (a value is rounded as its column rounds it), whose
        differences are applied like any other write's, then their history
        written; so only one such chunk is held at once. A row that already
        exists raises ``IntegrityError``."""
        from steerco.audit.bulk import column_converter, insert_history_rows

        connection = connections[self.db]
        meta = self.model._meta
        fields = [meta.get_field(name.removesuffix("_id")) for name in NEW_ROW_FIELDS]
        convert = [(i, fn) for i, f in enumerate(fields) if (fn := column_converter(f, connection)) is not None]
        qn = connection.ops.quote_name
        names = ", ".join(qn(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {qn(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
        count = 0
        with transaction.atomic(using=self.db, savepoint=False):
            for chunk in _unit_chunks(rows, READ_UNITS):
                with connection.cursor() as cursor:
                    for start in range(0, len(chunk), INSERT_CHUNK):
                        prepared = []
                        for row in chunk[start : start + INSERT_CHUNK]:
                            row = list(row)
                            for i, fn in convert:
                                if row[i] is not None:
                                    row[i] = fn(row[i])
                            prepared.append(row)
                        cursor.executemany(sql, prepared)
                ids = self._read_back(chunk)
                insert_history_rows(
                    self.model,
                    ("id", *NEW_ROW_FIELDS),
                    ((ids[(r[0], r[1], r[2])], *r) for r in chunk),
                    acting_user=acting_user,
                    reason=reason,
                    history_type="+",
                    using=self.db,
                )
                count += len(chunk)
        return count

    def _read_back(self, rows: Sequence[tuple]) -> dict[tuple[int, int, str], int]:
        """The ids of the rows just inserted, by (indicator id, unit id,
        period), read with their roll-up state, whose differences are
        applied (other values of the same units are passed over)."""
        wanted: dict[str, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        for row in rows:
            wanted[row[2]][row[1]].add(row[0])
        ids: dict[tuple[int, int, str], int] = {}
        base = self.model._base_manager.using(self.db)
        stored: list[Row] = []
        for period, by_unit in sorted(wanted.items()):
            indicators = sorted(set().union(*by_unit.values()))
            found = (
                base.filter(period=period, unit_id__in=sorted(by_unit), indicator_id__in=indicators)
                .order_by()
                .values_list("pk", "unit_id", *ROW_FIELDS)
            )
            for pk, unit_id, path, indicator_id, row_period, status, value in found:
                if indicator_id in by_unit[unit_id]:
                    ids[(indicator_id, unit_id, row_period)] = pk
                    stored.append((path, indicator_id, row_period, status, value))
        if len(ids) != len(rows):
            raise AssertionError(f"insert_rows: {len(rows)} rows inserted, {len(ids)} read back")
        apply_change(self.db, [], stored)
        return ids

    def _rows_in_memory(self, objs) -> list[Row]:
        from steerco.units.models import Unit

        unit_field = self.model._meta.get_field("unit")
        missing = {o.unit_id for o in objs if not unit_field.is_cached(o)}
        paths = {}
        if missing:
            paths = dict(Unit._base_manager.using(self.db).filter(pk__in=missing).values_list("pk", "path"))
        rows = []
        for o in objs:
            path = o.unit.path if unit_field.is_cached(o) else paths[o.unit_id]
            value = self.model._meta.get_field("value").to_python(o.value)
            rows.append((path, o.indicator_id, o.period, o.status, value))
        return rows

    def update(self, **kwargs):
        if not TRACKED & set(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            before = rows_of(self, lock=True)
            pks = list(before)
            # Write exactly the rows read and locked: a row another
            # transaction commits meanwhile that matches the filter too
            # (PostgreSQL re-evaluates it) must not change uncounted.
            updated = 0
            for start in range(0, len(pks), CHUNK):
                chunk = self.model._base_manager.using(self.db).filter(pk__in=pks[start : start + CHUNK])
                updated += chunk.update(**kwargs)
            after = rows_by_pk(self.model, self.db, pks)
            apply_change(self.db, before.values(), after.values())
        return updated

    update.alters_data = True

    def delete(self):
        with transaction.atomic(using=self.db, savepoint=False):
            before = rows_of(self, lock=True)
            pks = list(before)
            # Delete exactly the rows read and locked (see update()); each
            # of them is deleted, or the delete raises and nothing is.
            total, by_model = 0, defaultdict(int)
            for start in range(0, len(pks), CHUNK):
                count, counts = (
                    self.model._base_manager.using(self.db).filter(pk__in=pks[start : start + CHUNK]).delete()
                )
                total += count
                for label, n in counts.items():
                    by_model[label] += n
            apply_change(self.db, before.values(), [])
        return total, dict(by_model)

    delete.alters_data = True
    delete.queryset_only = True


def rebuild(using: str = "default", progress: Callable[[str], None] | None = None) -> int:
    """Recompute the whole table from the values in SQL: the values grouped
    by the parent of their unit, then folded up one depth at a time (each
    unit's rows added to its parent's). Returns the number of rows."""
    from steerco.units.models import Unit

    from .value import DataValue

    connection = connections[using]
    qn = connection.ops.quote_name
    table, values, units = (qn(m._meta.db_table) for m in (SubtreeSum, DataValue, Unit))
    depth = "(LENGTH(s.path) - LENGTH(REPLACE(s.path, '/', '')))"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Writers wait until the rebuild commits (readers do not): a write
            # between the DELETE and the INSERT would collide with it, and
            # one that waits adds its difference to the rebuilt rows, which
            # do not count its uncommitted value. (SQLite's one writer at a
            # time does the same by itself.)
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {table} (path, parent, indicator_id, period, status, total, reporting) "  # noqa: S608
            f"SELECT p.path, COALESCE(pp.path, ''), v.indicator_id, v.period, v.status, SUM(v.value), COUNT(*) "
            f"FROM {values} v JOIN {units} u ON u.id = v.unit_id JOIN {units} p ON p.id = u.parent_id "
            f"LEFT JOIN {units} pp ON pp.id = p.parent_id WHERE 1 = 1 "
            f"GROUP BY p.path, pp.path, v.indicator_id, v.period, v.status"
        )
        cursor.execute(f"SELECT MAX({depth}) FROM {table} s")  # noqa: S608
        deepest = cursor.fetchone()[0] or 0
        for level in range(deepest, 1, -1):
            if progress:
                progress(f"  folding depth {level} into depth {level - 1} …")
            cursor.execute(
                f"INSERT INTO {table} (path, parent, indicator_id, period, status, total, reporting) "  # noqa: S608
                f"SELECT s.parent, COALESCE(pp.path, ''), s.indicator_id, s.period, s.status, "
                f"SUM(s.total), SUM(s.reporting) "
                f"FROM {table} s JOIN {units} p ON p.path = s.parent LEFT JOIN {units} pp ON pp.id = p.parent_id "
                f"WHERE {depth} = %s "
                f"GROUP BY s.parent, pp.path, s.indicator_id, s.period, s.status "
                f"ON CONFLICT (path, indicator_id, period, status) DO UPDATE SET "
                f"total = {table}.total + excluded.total, reporting = {table}.reporting + excluded.reporting",
                [level],
            )
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def naive_sums(
    using: str = "default", indicator_ids: Iterable[int] | None = None, periods: Iterable[str] | None = None
) -> dict[SumKey, tuple[Decimal, int]]:
    """What the table must hold, from scratch: every value added to each
    ancestor of its unit, one by one in Python."""
    from .value import DataValue

    qs = DataValue._base_manager.using(using).all()
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=list(indicator_ids))
    if periods is not None:
        qs = qs.filter(period__in=list(periods))
    deltas = Deltas()
    deltas.add(qs.order_by().values_list(*ROW_FIELDS).iterator(chunk_size=20_000), +1)
    return {k: (v[0], v[1]) for k, v in deltas.cells.items() if v[1]}


def table_sums(
    using: str = "default", indicator_ids: Iterable[int] | None = None, periods: Iterable[str] | None = None
) -> dict[SumKey, tuple[Decimal, int]]:
    qs = SubtreeSum.objects.using(using).all()
    if indicator_ids is not None:
        qs = qs.filter(indicator_id__in=list(indicator_ids))
    if periods is not None:
        qs = qs.filter(period__in=list(periods))
    return {
        (path, ind, period, status): (Decimal(total), reporting)
        for path, ind, period, status, total, reporting in qs.values_list(
            "path", "indicator_id", "period", "status", "total", "reporting"
        ).iterator(chunk_size=20_000)
    }


def differences(
    using: str = "default", indicator_ids: Iterable[int] | None = None, periods: Iterable[str] | None = None
) -> list[str]:
    """The keys where the table differs from ``naive_sums`` (empty when it
    is exact), including rows that should not exist and rows left at 0."""
    quantum = Decimal("0.0001")
    want = naive_sums(using, indicator_ids, periods)
    have = table_sums(using, indicator_ids, periods)
    problems = []
    for key in sorted(want.keys() | have.keys()):
        a, b = want.get(key), have.get(key)
        if a is None or b is None or a[1] != b[1] or a[0].quantize(quantum) != b[0].quantize(quantum):
            problems.append(f"sums below {key}: table {b} != from scratch {a}")
    return problems
