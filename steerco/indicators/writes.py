"""Writing one data value safely when many people write at once.

Every write path (entry form, Excel import, API) should go through
``save_value``: it takes a row lock (SELECT ... FOR UPDATE on PostgreSQL;
SQLite serialises writers with BEGIN IMMEDIATE), so two writers of the same
value queue instead of overwriting each other. A writer that read the value
first passes the version it read; if someone else saved in between, it gets
StaleValue instead of silently undoing the other person's work.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import DataValue


class StaleValue(Exception):
    """The value was changed by someone else since the writer read it."""

    def __init__(self, current: DataValue | None):
        self.current = current
        super().__init__("the value was changed by someone else; reload and try again")


def save_value(
    *,
    indicator,
    unit,
    period: str,
    value: Decimal,
    source: str,
    user=None,
    expected_version: int | None = None,
    **fields,
) -> DataValue:
    """Create or update the value of (indicator, unit, period) under a row
    lock. ``expected_version``: the version the writer read (0 for "there
    was none"); None writes whatever is there."""
    key = {"indicator": indicator, "unit": unit, "period": period}
    with transaction.atomic():
        row = DataValue.objects.select_for_update().filter(**key).first()
        if row is None:
            if expected_version not in (None, 0):
                raise StaleValue(None)
            try:
                with transaction.atomic():  # a savepoint: a concurrent insert must not spoil the outer transaction
                    return DataValue.objects.create(
                        **key, value=value, source=source, entered_by=user, entered_at=timezone.now(), **fields
                    )
            except IntegrityError:
                row = DataValue.objects.select_for_update().get(**key)  # another writer created it first
        if expected_version is not None and row.version != expected_version:
            raise StaleValue(row)
        row.value = value
        row.source = source
        row.entered_by = user
        row.entered_at = timezone.now()
        row.version += 1
        for name, field_value in fields.items():
            setattr(row, name, field_value)
        row.save()
        return row
