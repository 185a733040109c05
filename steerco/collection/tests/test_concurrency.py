"""Concurrent writers on the real database: no update is silently lost.

Each thread adds its own step (1, 10, 100, 1000) to the same value again
and again, reading it and writing it back with the version it read; a
writer that loses the race gets a conflict and retries. Distinct steps mean
two racing writers never want the same value (which the service would
rightly accept as "already so"). At the end the value is the exact sum of
every step, and the history holds one row per successful write.
"""

import contextlib
import threading
import time
from datetime import date
from decimal import Decimal
from unittest import mock, skipUnless

from django.db import OperationalError, connection, connections
from django.test import TransactionTestCase

from steerco.accounts.models import Role
from steerco.indicators.models import DataValue, Indicator, IndicatorKind, subtree
from steerco.programmes.models import Programme
from steerco.testing import make_unit, make_user
from steerco.units.models import UnitType

from ..models import ReportingRound
from ..services import Entry, Rejected, record

THREADS = 4
INCREMENTS = 5


class ConcurrentWriterTests(TransactionTestCase):
    def setUp(self):
        city = make_unit("CITY", type=UnitType.CITY)
        self.unit = make_unit("CITY-CS01", city)
        self.programme = Programme.objects.create(code="99-CTr/TU", title_vi="Thử", owner=city, term="2020-2025")
        Indicator.objects.create(programme=self.programme, code="ADMITTED", name_vi="Kết nạp", kind=IndicatorKind.COUNT)
        ReportingRound.objects.create(
            programme=self.programme,
            period="2023-H1",
            data_from=date(2023, 1, 1),
            data_to=date(2023, 6, 30),
            deadline=date(2023, 7, 15),
        )
        self.users = [make_user(f"reporter{i}", Role.REPORTER, city) for i in range(THREADS)]

    def increment(self, user, step: int, conflicts: list, errors: list, start: threading.Barrier):
        try:
            start.wait()
            done = 0
            while done < INCREMENTS:
                try:
                    current = DataValue.objects.filter(unit=self.unit).values_list("value", "version").first()
                    value, version = current or (Decimal(0), 0)
                    record(
                        self.programme,
                        self.unit,
                        "2023-H1",
                        entries=[Entry("ADMITTED", value + step, version)],
                        source_ref=user.username,
                        acting_user=user,
                    )
                    done += 1
                except Rejected as rejected:
                    assert rejected.is_conflict, rejected.problems
                    conflicts.append(user.username)
                except OperationalError:  # SQLite: "database is locked"; wait and retry
                    time.sleep(0.01)
        except Exception as exc:  # surfaced in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    def test_concurrent_increments_lose_nothing(self):
        conflicts, errors = [], []
        start = threading.Barrier(THREADS)
        threads = [
            threading.Thread(target=self.increment, args=(user, 10**i, conflicts, errors, start))
            for i, user in enumerate(self.users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert errors == []
        value = DataValue.objects.get(unit=self.unit)
        assert value.value == INCREMENTS * sum(10**i for i in range(THREADS))
        assert value.version == THREADS * INCREMENTS
        assert value.history.count() == THREADS * INCREMENTS
        assert set(value.history.values_list("history_user__username", flat=True)) <= {u.username for u in self.users}


@skipUnless(connection.vendor == "postgresql", "row locks between concurrent transactions: PostgreSQL")
class CrossingWritersTests(TransactionTestCase):
    """Two writers on sibling units, each updating the value the other
    inserts: X updates I1 and adds I2, Y updates I2 and adds I1. Both
    reach the roll-up upsert together (a barrier); with the inserts and the
    updates applied separately they took the shared ancestor rows in
    opposite orders and PostgreSQL failed one as a deadlock. Now each
    writes once, keys sorted: both go through and the roll-ups are exact."""

    def setUp(self):
        city = make_unit("CITY", type=UnitType.CITY)
        self.x = make_unit("CITY-X", city)
        self.y = make_unit("CITY-Y", city)
        self.programme = Programme.objects.create(code="99-CTr/TU", title_vi="Thử", owner=city, term="2020-2025")
        for code in ("I1", "I2"):
            Indicator.objects.create(programme=self.programme, code=code, name_vi=code, kind=IndicatorKind.COUNT)
        ReportingRound.objects.create(
            programme=self.programme,
            period="2023-H1",
            data_from=date(2023, 1, 1),
            data_to=date(2023, 6, 30),
            deadline=date(2023, 7, 15),
        )
        self.user = make_user("reporter", Role.REPORTER, city)
        record(self.programme, self.x, "2023-H1", entries=[Entry("I1", Decimal(1))], acting_user=self.user)
        record(self.programme, self.y, "2023-H1", entries=[Entry("I2", Decimal(1))], acting_user=self.user)

    def test_crossing_inserts_and_updates_do_not_deadlock(self):
        both = threading.Barrier(2, timeout=10)
        real_apply = subtree.Deltas.apply

        def apply_together(deltas, using):
            # Broken: the other writer is already waiting on a row this one holds.
            with contextlib.suppress(threading.BrokenBarrierError):
                both.wait()
            real_apply(deltas, using)

        errors = []

        def write(unit, update, insert):
            try:
                record(
                    self.programme, unit, "2023-H1",
                    entries=[Entry(update, Decimal(5), 1), Entry(insert, Decimal(7), 0)], acting_user=self.user,
                )  # fmt: skip
            except Exception as exc:  # surfaced in the main thread
                errors.append(exc)
            finally:
                connections.close_all()

        with mock.patch.object(subtree.Deltas, "apply", autospec=True, side_effect=apply_together):
            threads = [
                threading.Thread(target=write, args=(self.x, "I1", "I2")),
                threading.Thread(target=write, args=(self.y, "I2", "I1")),
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=60)
        assert errors == []
        assert subtree.differences() == []
        assert sorted(DataValue.objects.values_list("unit__code", "indicator__code", "value")) == [
            ("CITY-X", "I1", Decimal(5)),
            ("CITY-X", "I2", Decimal(7)),
            ("CITY-Y", "I1", Decimal(7)),
            ("CITY-Y", "I2", Decimal(5)),
        ]
