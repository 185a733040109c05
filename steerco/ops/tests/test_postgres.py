"""PostgreSQL behaviour that SQLite cannot show: row locks under concurrent
writers, isolation of an import in progress, migrations on a database that
already holds data. Skipped on SQLite."""

import threading
from decimal import Decimal
from unittest import mock, skipUnless

from django.core.management import call_command
from django.db import connection, connections
from django.test import TransactionTestCase

from steerco.indicators.models import DataValue, Source
from steerco.indicators.writes import StaleValue, save_value
from steerco.programmes import packs
from steerco.programmes.models import Programme, TaskGroup
from steerco.programmes.packs import dump_pack, load_pack
from steerco.testing import PersonaTestCase, make_unit

WRITERS = 20


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


class ValueWriteTests(PersonaTestCase):
    """The write path itself, on either database."""

    def test_a_writer_with_a_stale_version_is_refused(self):
        first = save_value(
            indicator=self.total, unit=self.org_a1, period="2023-H1", value=Decimal(5), source=Source.FORM
        )
        save_value(indicator=self.total, unit=self.org_a1, period="2023-H1", value=Decimal(6), source=Source.FORM)
        with self.assertRaises(StaleValue):
            save_value(
                indicator=self.total,
                unit=self.org_a1,
                period="2023-H1",
                value=Decimal(7),
                source=Source.FORM,
                expected_version=first.version,
            )
        self.assertEqual(DataValue.objects.get(indicator=self.total).value, Decimal(6))


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class ConcurrentWriterTests(TransactionTestCase):
    def setUp(self):
        PersonaTestCase.setUpTestData.__func__(type(self))

    def test_twenty_writers_to_one_subtree_lose_nothing(self):
        units = [make_unit(f"DIST-A-W{i:02d}", self.district_a) for i in range(WRITERS)]

        def write(i):
            save_value(
                indicator=self.admitted, unit=units[i], period="2023-H1", value=Decimal(i + 1), source=Source.API
            )

        self.assertEqual(in_threads(WRITERS, write), [])
        values = DataValue.objects.filter(unit__path__startswith=self.district_a.path)
        self.assertEqual(values.count(), WRITERS)
        self.assertEqual(sum(v.value for v in values), Decimal(WRITERS * (WRITERS + 1) // 2))

    def test_twenty_writers_of_the_same_value_queue_on_the_row_lock(self):
        """Each writer adds one to the same value, re-reading on conflict:
        with the lock and the version check no increment is lost."""
        save_value(indicator=self.admitted, unit=self.org_a1, period="2023-H1", value=Decimal(0), source=Source.FORM)

        def add_one(i):
            while True:
                current = DataValue.objects.get(indicator=self.admitted, unit=self.org_a1, period="2023-H1")
                try:
                    save_value(
                        indicator=self.admitted,
                        unit=self.org_a1,
                        period="2023-H1",
                        value=current.value + 1,
                        source=Source.FORM,
                        expected_version=current.version,
                    )
                    return
                except StaleValue:
                    continue

        self.assertEqual(in_threads(WRITERS, add_one), [])
        value = DataValue.objects.get(indicator=self.admitted, unit=self.org_a1, period="2023-H1")
        self.assertEqual((value.value, value.version), (Decimal(WRITERS), WRITERS + 1))
        self.assertEqual(value.history.count(), WRITERS + 1)

    def test_writers_that_all_create_the_same_value_end_with_one_row(self):
        def create(i):
            save_value(indicator=self.done, unit=self.org_a2, period="2023-H1", value=Decimal(i), source=Source.API)

        self.assertEqual(in_threads(WRITERS, create), [])
        value = DataValue.objects.get(indicator=self.done, unit=self.org_a2, period="2023-H1")
        self.assertEqual(value.version, WRITERS)


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
