"""SubtreeSum, the materialised roll-up, is exact after every kind of write
(docs/architecture.md): a random sequence of ORM writes, compared after each
step with a from-scratch recomputation; the same transaction as the write;
rebuild; the reads that use it."""

from __future__ import annotations

from decimal import Decimal
from unittest import mock

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from steerco.collection.services import Entry, record
from steerco.collection.tests.base import PERIOD, RoundTestCase
from steerco.collection.workflow import Action
from steerco.testing import PersonaTestCase, make_unit

from ..models import DataValue, Source, SubtreeSum, ValueStatus, subtree
from ..models.subtree import ancestors, differences, rebuild, table_sums
from ..rollup import children_sums, subtree_sums

PERIODS = ["2022-H1", "2023-H1"]
STATUSES = list(ValueStatus.values)
amounts = st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
unit_i = st.integers(0, 7)
ind_i = st.integers(0, 2)
period_i = st.integers(0, 1)
status = st.sampled_from(STATUSES)
key = st.tuples(unit_i, ind_i, period_i)

operations = st.one_of(
    st.tuples(st.just("create"), key, amounts, status),
    st.tuples(st.just("bulk_create"), st.lists(st.tuples(key, amounts, status), max_size=6)),
    st.tuples(st.just("bulk_create_with_history"), st.lists(st.tuples(key, amounts, status), max_size=6)),
    st.tuples(st.just("insert_rows"), st.lists(st.tuples(key, amounts, status), max_size=6)),
    st.tuples(st.just("save"), st.integers(0, 50), amounts, status),
    st.tuples(st.just("bulk_update_with_history"), st.lists(st.integers(0, 50), max_size=5), amounts, status),
    st.tuples(st.just("update_status"), unit_i, status),
    st.tuples(st.just("update_value"), ind_i, st.integers(-3, 3)),
    st.tuples(st.just("update_note"), period_i),
    st.tuples(st.just("delete_one"), st.integers(0, 50)),
    st.tuples(st.just("delete_many"), period_i, ind_i),
)


def new_row(indicator_id, unit_id, period, value, status=ValueStatus.DRAFT) -> tuple:
    """A row of ``subtree.NEW_ROW_FIELDS`` for ``DataValue.objects.insert_rows``."""
    return (indicator_id, unit_id, period, value, status, None, timezone.now(), Source.EXCEL, "file.xlsx", False, "", 1)


def naive_read(unit, indicators, statuses) -> dict:
    """subtree_sums from scratch: every value whose unit path starts with
    the unit's."""
    out: dict = {}
    for value in DataValue.objects.filter(
        unit__path__startswith=unit.path, indicator__in=indicators, status__in=statuses
    ).select_related("unit"):
        total, n = out.get((value.indicator_id, value.period), (Decimal(0), 0))
        out[(value.indicator_id, value.period)] = (total + value.value, n + 1)
    return out


class TreeMixin:
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # A deeper branch than the personas' tree: city / A / A1 / A1x.
        cls.deep = make_unit("DIST-A-CS01-X", cls.org_a1)
        cls.units = [
            cls.city,
            cls.commission,
            cls.district_a,
            cls.district_b,
            cls.org_a1,
            cls.org_a2,
            cls.org_b1,
            cls.deep,
        ]
        cls.indicators = [cls.admitted, cls.done, cls.weak]

    def assert_exact(self):
        assert differences() == []
        assert not SubtreeSum.objects.filter(reporting=0).exists()


class RandomWritesTests(TreeMixin, PersonaTestCase, HypothesisTestCase):
    def new(self, k, amount, st_) -> DataValue:
        u, i, p = k
        return DataValue(
            indicator=self.indicators[i],
            unit=self.units[u],
            period=PERIODS[p],
            value=amount,
            status=st_,
            source=Source.FORM,
        )

    def fresh(self, items):
        """The items whose key is not taken yet (nor twice in the list)."""
        taken = set(DataValue.objects.values_list("unit_id", "indicator_id", "period"))
        out = []
        for k, amount, st_ in items:
            obj = self.new(k, amount, st_)
            if (obj.unit_id, obj.indicator_id, obj.period) not in taken:
                taken.add((obj.unit_id, obj.indicator_id, obj.period))
                out.append(obj)
        return out

    def pick(self, n):
        values = list(DataValue.objects.order_by("pk"))
        return values[n % len(values)] if values else None

    def run_op(self, op):
        kind = op[0]
        if kind == "create":
            for obj in self.fresh([(op[1], op[2], op[3])]):
                DataValue.objects.create(
                    indicator=obj.indicator,
                    unit=obj.unit,
                    period=obj.period,
                    value=obj.value,
                    status=obj.status,
                    source=obj.source,
                )
        elif kind == "bulk_create":
            DataValue.objects.bulk_create(self.fresh(op[1]))
        elif kind == "bulk_create_with_history":
            # by ids only: the maintenance must look the unit paths up
            objs = [
                DataValue(
                    indicator_id=o.indicator_id,
                    unit_id=o.unit_id,
                    period=o.period,
                    value=o.value,
                    status=o.status,
                    source=o.source,
                )
                for o in self.fresh(op[1])
            ]
            bulk_create_with_history(objs, DataValue)
        elif kind == "insert_rows":
            DataValue.objects.insert_rows(
                [new_row(o.indicator_id, o.unit_id, o.period, o.value, o.status) for o in self.fresh(op[1])],
                acting_user=None,
                reason="test",
            )
        elif kind == "save":
            value = self.pick(op[1])
            if value is not None:
                value.value, value.status = op[2], op[3]
                value.save()
        elif kind == "bulk_update_with_history":
            values = list(DataValue.objects.order_by("pk"))
            chosen = (
                list({values[n % len(values)].pk: values[n % len(values)] for n in op[1]}.values()) if values else []
            )
            for value in chosen:
                value.value, value.status = op[2], op[3]
                value.version += 1
            if chosen:
                bulk_update_with_history(chosen, DataValue, fields=["value", "status", "version"])
        elif kind == "update_status":
            DataValue.objects.filter(unit__path__startswith=self.units[op[1]].path).update(status=op[2])
        elif kind == "update_value":
            DataValue.objects.filter(indicator=self.indicators[op[1]]).update(value=F("value") + op[2])
        elif kind == "update_note":
            DataValue.objects.filter(period=PERIODS[op[1]]).update(note="x")
        elif kind == "delete_one":
            value = self.pick(op[1])
            if value is not None:
                value.delete()
        elif kind == "delete_many":
            DataValue.objects.filter(period=PERIODS[op[1]], indicator=self.indicators[op[2]]).delete()

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(operations, min_size=1, max_size=12))
    def test_the_table_equals_a_recomputation_after_every_write(self, ops):
        for op in ops:
            self.run_op(op)
            self.assert_exact()
        # and the reads built on it equal a from-scratch read
        for unit in (self.city, self.district_a, self.org_a1):
            got = subtree_sums(self.indicators, unit, PERIODS, STATUSES)
            assert {k: (s.total, s.reporting) for k, s in got.items()} == naive_read(unit, self.indicators, STATUSES)
        by_child = children_sums(self.indicators, self.city, PERIODS, STATUSES)
        for child in (self.district_a, self.district_b, self.commission):
            got = {k: (s.total, s.reporting) for k, s in by_child.get(child.path, {}).items()}
            assert got == naive_read(child, self.indicators, STATUSES)
        own = {
            (v.indicator_id, v.period): (v.value, 1)
            for v in DataValue.objects.filter(unit=self.city, indicator__in=self.indicators)
        }
        got = {k: (s.total, s.reporting) for k, s in by_child.get(self.city.path, {}).items()}
        assert got == own


class TransactionTests(TreeMixin, PersonaTestCase):
    def test_a_rolled_back_write_leaves_the_table_unchanged(self):
        self.enter(self.admitted, self.org_a1, "2023-H1", 5)
        before = table_sums()
        assert before[(self.city.path, self.admitted.pk, "2023-H1", ValueStatus.APPROVED)] == (Decimal(5), 1)
        with self.assertRaises(RuntimeError), transaction.atomic():
            self.enter(self.admitted, self.org_a2, "2023-H1", 7)
            DataValue.objects.filter(unit=self.org_a1).update(value=9)
            assert table_sums() != before  # maintained inside the transaction …
            raise RuntimeError
        assert table_sums() == before  # … and rolled back with it
        self.assert_exact()

    def test_bulk_create_adds_what_the_database_stored_not_the_objects(self):
        # The column keeps 4 decimals: each 0.00005 is stored as 0.0000 or
        # 0.0001 (by the database's rounding); the table must add the same.
        values = [
            DataValue(indicator=self.admitted, unit=unit, period="2023-H1", value=Decimal("0.00005"))
            for unit in (self.org_a1, self.org_a2)
        ]
        DataValue.objects.bulk_create(values)
        self.assert_exact()

    def test_a_deferred_block_applies_once_at_its_end(self):
        with mock.patch.object(subtree.Deltas, "apply", autospec=True, side_effect=subtree.Deltas.apply) as applied:
            with transaction.atomic(), subtree.deferred():
                self.enter(self.admitted, self.org_a1, "2023-H1", 5)
                DataValue.objects.bulk_create(
                    [DataValue(indicator=self.done, unit=self.org_a2, period="2023-H1", value=2)]
                )
                DataValue.objects.filter(unit=self.org_a1).update(status=ValueStatus.DRAFT)
                assert applied.call_count == 0 and not SubtreeSum.objects.exists()
            assert applied.call_count == 1
        self.assert_exact()

    def test_a_savepoint_rolled_back_inside_a_deferred_block_leaves_the_table_exact(self):
        with transaction.atomic(), subtree.deferred():
            self.enter(self.admitted, self.org_a1, "2023-H1", 5)
            with self.assertRaises(RuntimeError), transaction.atomic():
                self.enter(self.admitted, self.org_a2, "2023-H1", 7)  # applied at once: it may roll back alone
                raise RuntimeError
        self.assert_exact()
        assert table_sums()[(self.city.path, self.admitted.pk, "2023-H1", ValueStatus.APPROVED)] == (Decimal(5), 1)

    def test_a_deferred_block_that_fails_applies_nothing(self):
        with self.assertRaises(RuntimeError), transaction.atomic(), subtree.deferred():
            self.enter(self.admitted, self.org_a1, "2023-H1", 5)
            raise RuntimeError
        assert not SubtreeSum.objects.exists()
        self.assert_exact()

    def test_a_failed_bulk_create_leaves_the_table_unchanged(self):
        self.enter(self.admitted, self.org_a1, "2023-H1", 5)
        before = table_sums()
        duplicate = DataValue(indicator=self.admitted, unit=self.org_a1, period="2023-H1", value=1, source=Source.FORM)
        other = DataValue(indicator=self.admitted, unit=self.org_a2, period="2023-H1", value=1, source=Source.FORM)
        with self.assertRaises(IntegrityError), transaction.atomic():
            DataValue.objects.bulk_create([other, duplicate])
        assert table_sums() == before

    def test_insert_rows_adds_what_the_database_stored_and_writes_each_rows_history(self):
        # A few units at a time (here one), the rows of one unit not
        # together: each row is read back by its own unit and indicator.
        rows = [
            new_row(self.admitted.pk, self.org_a1.pk, "2023-H1", Decimal("0.00005")),
            new_row(self.admitted.pk, self.org_a2.pk, "2023-H1", Decimal("2.5")),
            new_row(self.done.pk, self.org_a1.pk, "2023-H1", Decimal(3)),
            new_row(self.done.pk, self.deep.pk, "2022-H1", Decimal(4)),
        ]
        with mock.patch.object(subtree, "READ_UNITS", 1):
            assert DataValue.objects.insert_rows(rows, acting_user=None, reason="excel: file.xlsx") == 4
        self.assert_exact()
        stored = {(v.indicator_id, v.unit_id, v.period): v for v in DataValue.objects.all()}
        assert len(stored) == 4 and stored[(self.done.pk, self.deep.pk, "2022-H1")].value == Decimal(4)
        history = list(DataValue.history.all())
        assert sorted(h.id for h in history) == sorted(v.pk for v in stored.values())
        for h in history:
            v = stored[(h.indicator_id, h.unit_id, h.period)]
            assert (h.value, h.status, h.version, h.history_type) == (v.value, v.status, 1, "+")
            assert h.history_change_reason == "excel: file.xlsx" and h.history_user_id is None

    def test_a_failed_insert_rows_leaves_the_table_unchanged(self):
        self.enter(self.admitted, self.org_a1, "2023-H1", 5)
        before = table_sums()
        with self.assertRaises(IntegrityError), transaction.atomic():
            DataValue.objects.insert_rows(
                [
                    new_row(self.admitted.pk, self.org_a2.pk, "2023-H1", 1),
                    new_row(self.admitted.pk, self.org_a1.pk, "2023-H1", 1),
                ],
                acting_user=None,
                reason="test",
            )
        assert table_sums() == before
        self.assert_exact()

    def test_a_row_committed_between_the_read_and_the_write_is_left_alone(self):
        # As a concurrent writer on PostgreSQL could: a value matching the
        # filter appears after the old state was read and locked.
        self.enter(self.admitted, self.org_a1, "2023-H1", 5, status=ValueStatus.DRAFT)
        real = subtree.rows_of

        def read_then_someone_inserts(queryset, lock=False):
            found = real(queryset, lock)
            if lock and not DataValue.objects.filter(unit=self.org_a2).exists():
                self.enter(self.admitted, self.org_a2, "2023-H1", 7, status=ValueStatus.DRAFT)
            return found

        with mock.patch.object(subtree, "rows_of", read_then_someone_inserts):
            assert DataValue.objects.filter(status=ValueStatus.DRAFT).update(status=ValueStatus.SUBMITTED) == 1
        assert DataValue.objects.get(unit=self.org_a2).status == ValueStatus.DRAFT
        self.assert_exact()
        DataValue.objects.filter(unit=self.org_a2).delete()
        with mock.patch.object(subtree, "rows_of", read_then_someone_inserts):
            assert DataValue.objects.filter(period="2023-H1").delete()[0] == 1
        assert DataValue.objects.filter(unit=self.org_a2).exists()
        self.assert_exact()

    def test_bulk_create_refuses_to_ignore_conflicts(self):
        obj = DataValue(indicator=self.admitted, unit=self.org_a1, period="2023-H1", value=1, source=Source.FORM)
        with self.assertRaises(ValueError):
            DataValue.objects.bulk_create([obj], ignore_conflicts=True)

    def test_rebuild_recomputes_what_a_raw_write_left_behind(self):
        self.enter(self.admitted, self.deep, "2023-H1", 5)
        self.enter(self.admitted, self.org_b1, "2023-H1", 2, status=ValueStatus.DRAFT)
        self.enter(self.admitted, self.city, "2023-H1", 1)
        expected = table_sums()
        SubtreeSum.objects.all().delete()
        assert differences() != []
        assert rebuild() == len(expected)
        assert table_sums() == expected
        self.assert_exact()

    def test_ancestors_are_the_path_prefixes(self):
        assert ancestors("A/B/C/") == [("A/", ""), ("A/B/", "A/")]
        assert ancestors("A/") == []


class ReadTests(TreeMixin, PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for unit, amount in ((cls.org_a1, 3), (cls.org_a2, 4), (cls.deep, 5), (cls.org_b1, 6), (cls.city, 1)):
            cls.enter(cls.admitted, unit, "2023-H1", amount)

    def test_a_subtree_read_is_one_query_without_touching_the_tree(self):
        with self.assertNumQueries(1):
            sums = subtree_sums([self.admitted], self.city, ["2023-H1"])
        assert (sums[(self.admitted.pk, "2023-H1")].total, sums[(self.admitted.pk, "2023-H1")].reporting) == (19, 5)

    def test_a_children_read_is_one_query(self):
        with self.assertNumQueries(1):
            by_child = children_sums([self.admitted], self.city, ["2023-H1"])
        key = (self.admitted.pk, "2023-H1")
        assert {path: (s[key].total, s[key].reporting) for path, s in by_child.items()} == {
            self.city.path: (1, 1),
            self.district_a.path: (12, 3),
            self.district_b.path: (6, 1),
        }


class RecordTests(TreeMixin, RoundTestCase):
    def act(self, user, unit, action):
        return record(self.programme, unit, PERIOD, action=action, acting_user=user)

    def test_one_write_takes_the_ancestor_rows_in_one_sorted_upsert(self):
        # Inserts, updates and the status move of one record() in one upsert
        # at the end: two writers then never lock shared ancestor rows in
        # opposite orders (a PostgreSQL deadlock).
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        with mock.patch.object(subtree.Deltas, "apply", autospec=True, side_effect=subtree.Deltas.apply) as applied:
            record(
                self.programme, self.org_a1, PERIOD, action=Action.SUBMIT, acting_user=self.reporter,
                entries=[Entry("ADMITTED", Decimal(6), 1), Entry("DONE", Decimal(3), 0), Entry("TOTAL", Decimal(4), 0)],
            )  # fmt: skip
        assert applied.call_count == 1
        self.assert_exact()

    def test_the_write_service_and_the_workflow_keep_the_table_exact(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5, "DONE": 3, "TOTAL": 4})
        self.assert_exact()
        self.write(self.reporter, self.org_a1, {"ADMITTED": 6}, version_ADMITTED=1)
        self.assert_exact()
        self.act(self.reporter, self.org_a1, Action.SUBMIT)
        self.act(self.approver, self.org_a1, Action.APPROVE)
        self.assert_exact()
        key = (self.city.path, self.admitted.pk, PERIOD, ValueStatus.APPROVED)
        assert table_sums()[key] == (Decimal(6), 1)
