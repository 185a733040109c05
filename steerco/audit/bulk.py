"""History rows for many records at once, written as plain INSERTs.

``simple_history``'s ``bulk_history_create`` builds a historical model
instance per record and lets ``bulk_create`` prepare every field of every
row; for a national workbook (100.000 values) that costs more than writing
the values. ``insert_history`` writes the same rows (every tracked field,
``history_date``, ``history_user``, ``history_change_reason``,
``history_type``) with the fields prepared once per column, in the caller's
transaction. Like ``bulk_history_create`` it sends no signals.

``insert_history_rows`` takes the records as plain tuples instead of model
instances (a batch that never builds the instances: ``collection.services``
inserts new values as rows), and ``column_converter`` is how both turn a
column's Python value into the database's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice

from django.db import connections, models
from django.utils import timezone

from .history import acting, history_reason

CHUNK = 2000  # rows per executemany call
# Field classes whose Python value is what the database takes as is.
PLAIN = (models.CharField, models.TextField, models.BooleanField, models.IntegerField, models.ForeignKey)


def column_converter(field, connection) -> Callable | None:
    """How a column's Python value becomes the database's: None when it
    goes as it is (text, numbers, booleans, keys)."""
    if isinstance(field, models.DecimalField):
        return lambda v: connection.ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places)
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, PLAIN):
        return None
    return lambda v: field.get_db_prep_save(v, connection)


def insert_history(
    model, objs: Sequence[models.Model], *, acting_user, reason: str, history_type: str, using: str = "default"
):
    """One history row per object of ``model`` (``"+"`` created, ``"~"``
    changed), naming ``acting_user`` and ``reason``."""
    if not objs:
        return
    attnames = [f.attname for f in model.history.model.tracked_fields]
    rows = ([getattr(obj, a) for a in attnames] for obj in objs)
    insert_history_rows(
        model, attnames, rows, acting_user=acting_user, reason=reason, history_type=history_type, using=using
    )


def insert_history_rows(
    model,
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    acting_user,
    reason: str,
    history_type: str,
    using: str = "default",
):
    """``insert_history`` for records given as rows of Python values, one
    per name of ``fields`` (attnames, e.g. ``unit_id``); every field the
    history tracks must be among them. The rows are read once, in chunks."""
    history = model.history.model
    connection = connections[using]
    tracked = list(history.tracked_fields)
    position = {name: i for i, name in enumerate(fields)}
    missing = [f.attname for f in tracked if f.attname not in position]
    if missing:
        raise ValueError(f"insert_history_rows: no value for {', '.join(missing)}")
    pick = [position[f.attname] for f in tracked]
    columns = [history._meta.get_field(f.name).column for f in tracked]
    convert = [column_converter(history._meta.get_field(f.name), connection) for f in tracked]
    extra = ["history_date", "history_user_id", "history_change_reason", "history_type"]
    when = connection.ops.adapt_datetimefield_value(timezone.now())
    user = acting(acting_user)
    tail = (when, user.pk if user is not None else None, history_reason(reason), history_type)
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in [*columns, *extra])
    marks = ", ".join(["%s"] * (len(columns) + len(extra)))
    sql = f"INSERT INTO {qn(history._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    steps = list(zip(pick, convert, strict=True))
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(rows, CHUNK)):
            prepared = []
            for row in chunk:
                values = [row[i] if fn is None or row[i] is None else fn(row[i]) for i, fn in steps]
                prepared.append((*values, *tail))
            cursor.executemany(sql, prepared)
