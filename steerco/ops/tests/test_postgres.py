"""PostgreSQL behaviour that SQLite cannot show: row locks under concurrent
writers, isolation of an import in progress, migrations on a database that
already holds data. Skipped on SQLite."""

import threading
from datetime import date
from decimal import Decimal
from unittest import mock, skipUnless

from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase

from steerco.collection.services import Entry, Rejected, open_round, record
from steerco.indicators import packs
from steerco.indicators.models import DataValue, Source
from steerco.indicators.packs import dump_pack, load_pack
from steerco.programmes.models import Programme, TaskGroup
from steerco.testing import PersonaTestCase, make_unit

WRITERS = 20
PERIOD = "2023-H1"


def in_threads(count, work):
    """Run work(i) in `count` threads that start together; each thread has
    its own database connection. Returns the exceptions raised."""
    start = threading.Barrier(count)
    errors = []

    def run(i):
        try:
            start.wait()
            work(i)
        except Exception as err:  # collected, then asserted on by the test
            errors.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class ConcurrentWriterTests(TransactionTestCase):
    """Concurrent writers through the one write path of data collection
    (steerco.collection.services.record: row locks and version checks)."""

    def setUp(self):
        PersonaTestCase.setUpTestData.__func__(type(self))
        open_round(self.programme, PERIOD, deadline=date(2023, 7, 15), acting_user=self.secretariat)

    def write(self, unit, value, version=0):
        entry = Entry(indicator=self.admitted.code, value=Decimal(value), version=version)
        return record(self.programme, unit, PERIOD, entries=[entry], source=Source.API, acting_user=self.reporter)

    def test_twenty_writers_to_one_subtree_lose_nothing(self):
        units = [make_unit(f"DIST-A-W{i:02d}", self.district_a) for i in range(WRITERS)]
        self.assertEqual(in_threads(WRITERS, lambda i: self.write(units[i], i + 1)), [])
        values = DataValue.objects.filter(unit__path__startswith=self.district_a.path, period=PERIOD)
        self.assertEqual(values.count(), WRITERS)
        self.assertEqual(sum(v.value for v in values), Decimal(WRITERS * (WRITERS + 1) // 2))

    def test_twenty_editors_of_the_same_value_one_wins_and_nineteen_are_told(self):
        """All saw version 1 and each saves a different figure: the row lock
        serialises them, the first is saved, every other one is refused as a
        conflict; nobody's figure is overwritten silently."""
        self.write(self.org_a1, 0)
        outcomes = []

        def edit(i):
            try:
                self.write(self.org_a1, 100 + i, version=1)
                outcomes.append(100 + i)
            except Rejected as err:
                outcomes.append("conflict" if err.is_conflict else "other")

        self.assertEqual(in_threads(WRITERS, edit), [])
        winners = [o for o in outcomes if o != "conflict"]
        self.assertEqual((len(winners), outcomes.count("conflict")), (1, WRITERS - 1))
        value = DataValue.objects.get(indicator=self.admitted, unit=self.org_a1, period=PERIOD)
        self.assertEqual((value.value, value.version), (Decimal(winners[0]), 2))
        self.assertEqual(value.history.count(), 2)

    def test_writers_that_all_create_the_same_value_end_with_one_row_and_are_told(self):
        outcomes = []

        def create(i):
            try:
                self.write(self.org_a2, i)
                outcomes.append("written")
            except Rejected as err:
                outcomes.append("conflict" if err.is_conflict else "other")

        self.assertEqual(in_threads(WRITERS, create), [])
        self.assertEqual(DataValue.objects.filter(unit=self.org_a2, period=PERIOD).count(), 1)
        self.assertEqual(outcomes.count("written") + outcomes.count("conflict"), WRITERS)
        self.assertGreaterEqual(outcomes.count("written"), 1)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class ImportIsolationTests(TransactionTestCase):
    def setUp(self):
        PersonaTestCase.setUpTestData.__func__(type(self))
        self.pack = dump_pack(self.programme)
        self.pack["programme"]["code"] = "ISOLATED-01"

    def test_others_see_nothing_of_an_import_until_it_commits(self):
        halfway, release = threading.Event(), threading.Event()
        real_write_indicators = packs._write_indicators

        def pause_after_groups(*args):
            halfway.set()
            release.wait(timeout=60)
            return real_write_indicators(*args)

        def run_import(i):
            with mock.patch.object(packs, "_write_indicators", pause_after_groups):
                load_pack(self.pack)

        groups_before = TaskGroup.objects.count()
        importer = threading.Thread(target=lambda: self.assertEqual(in_threads(1, run_import), []))
        importer.start()
        self.assertTrue(halfway.wait(timeout=60))
        # The programme row and its groups are written but not committed.
        self.assertFalse(Programme.objects.filter(code="ISOLATED-01").exists())
        self.assertEqual(TaskGroup.objects.count(), groups_before)
        release.set()
        importer.join(timeout=60)
        self.assertTrue(Programme.objects.filter(code="ISOLATED-01").exists())
        self.assertEqual(TaskGroup.objects.count(), groups_before + 1)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class MigrationsOnExistingDataTests(TransactionTestCase):
    def test_migrating_back_and_forward_keeps_every_value(self):
        PersonaTestCase.setUpTestData.__func__(type(self))
        PersonaTestCase.enter(self.admitted, self.org_a1, "2023-H1", "12")
        PersonaTestCase.enter(self.admitted, self.org_b1, "2023-H1", "30")
        before = sorted(DataValue.objects.values_list("unit__code", "value"))
        call_command("migrate", "indicators", "0001", verbosity=0)
        call_command("migrate", verbosity=0)
        self.assertEqual(sorted(DataValue.objects.values_list("unit__code", "value")), before)
        self.assertEqual(Programme.objects.count(), 1)
