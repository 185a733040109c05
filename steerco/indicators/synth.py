"""Synthetic national-scale data for the benchmark (``steerco synth``).

34 provinces (their real names and codes, from the vietnam-provinces
package) -> communes and wards (real post-2025 codes, each under its own
province) -> grassroots organisations, a programme of count indicators and
half-year periods. Values are deterministic. Bulk loading goes around the
ORM: COPY on PostgreSQL, executemany in large transactions on SQLite. No
audit history rows are written for synthetic values.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, transaction
from vietnam_provinces import Province, Ward

from steerco.lib.periods import Period
from steerco.programmes.models import Programme
from steerco.units.models import Unit, UnitType

from .models import DataValue, Indicator, IndicatorKind, Source, SubtreeSum, ValueStatus
from .models.subtree import rebuild

PROGRAMME_CODE = "SYNTH"
ROOT_CODE = "VN"
FIRST_PERIOD = "2021-H1"


@dataclass(frozen=True)
class Size:
    provinces: int = 34
    communes: int = 3300
    orgs: int = 60000
    indicators: int = 20
    periods: int = 10

    @property
    def values(self) -> int:
        return self.orgs * self.indicators * self.periods

    def scaled(self, factor: float) -> Size:
        return Size(
            provinces=self.provinces,
            communes=max(self.provinces, round(self.communes * factor)),
            orgs=max(self.provinces, round(self.orgs * factor)),
            indicators=self.indicators,
            periods=self.periods,
        )


def period_codes(count: int) -> list[str]:
    codes, period = [], Period.parse(FIRST_PERIOD)
    for _ in range(count):
        codes.append(period.code)
        period = Period(period.year + period.index // 2, period.kind, period.index % 2 + 1)
    return codes


def value_of(unit_n: int, ind_n: int, period_n: int) -> int:
    """Deterministic, varied, small."""
    return (unit_n * 7 + ind_n * 13 + period_n * 3) % 50


def is_synthetic_database() -> bool:
    """True when the database holds nothing but synthetic data (or nothing):
    ``synth`` refuses to wipe anything else."""
    return not Programme.objects.exclude(code=PROGRAMME_CODE).exists() and not (
        Unit.objects.filter(parent__isnull=True).exclude(code=ROOT_CODE).exists()
    )


def wipe() -> None:
    with connection.cursor() as cursor:
        # Raw deletes bypass the ORM's roll-up maintenance: empty SubtreeSum too.
        for model in (SubtreeSum, DataValue, DataValue.history.model):
            if connection.vendor == "postgresql":
                cursor.execute(f"TRUNCATE {model._meta.db_table}")
            else:
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
    Indicator.objects.filter(programme__code=PROGRAMME_CODE).update(numerator=None, denominator=None)
    Indicator.objects.filter(programme__code=PROGRAMME_CODE).delete()
    Programme.objects.filter(code=PROGRAMME_CODE).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Unit._meta.db_table} SET parent_id = NULL")  # noqa: S608
        for model in (Unit.history.model, Unit):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608


def _communes(count: int, provinces: list[Province]) -> list[Ward]:
    """``count`` wards spread over the provinces, round robin, so every
    province gets its share whatever the size."""
    by_province: dict[int, list[Ward]] = defaultdict(list)
    for ward in Ward.iter_all():
        by_province[int(ward.province_code)].append(ward)
    queues = [by_province[int(p.code)] for p in provinces]
    out: list[Ward] = []
    n = 0
    while len(out) < count and any(queues):
        queue = queues[n % len(queues)]
        if queue:
            out.append(queue.pop(0))
        n += 1
    return out


def _create_units(size: Size) -> list[int]:
    """Returns the ids of the grassroots organisations, in creation order."""
    root = Unit.objects.create(
        code=ROOT_CODE, name_vi="Việt Nam (tổng hợp)", name_en="Viet Nam (synthetic)", type="city"
    )
    provinces = list(Province.iter_all())[: size.provinces]
    Unit.objects.bulk_create(
        Unit(
            code=f"P{int(p.code):02d}",
            name_vi=p.name,
            name_en=p.name,
            type=UnitType.DISTRICT,
            parent=root,
            path=f"{root.path}P{int(p.code):02d}/",
            admin_code=f"{int(p.code):02d}",
            sort_order=n,
        )
        for n, p in enumerate(provinces)
    )
    by_code = {int(u.admin_code): u for u in Unit.objects.filter(parent=root)}
    wards = _communes(size.communes, provinces)
    commune_units = Unit.objects.bulk_create(
        Unit(
            code=f"W{int(w.code):05d}",
            name_vi=w.name,
            name_en=w.name,
            type=UnitType.WARD,
            parent=by_code[int(w.province_code)],
            path=f"{by_code[int(w.province_code)].path}W{int(w.code):05d}/",
            admin_code=f"{int(w.code):05d}",
            sort_order=n,
        )
        for n, w in enumerate(wards)
    )
    commune_ids = dict(Unit.objects.filter(type=UnitType.WARD).values_list("code", "id"))
    orgs = []
    for n in range(size.orgs):
        commune = commune_units[n % len(commune_units)]
        code = f"{commune.code}-CS{n // len(commune_units) + 1:03d}"
        orgs.append(
            Unit(
                code=code,
                name_vi=f"Tổ chức cơ sở đảng {code}",
                name_en=f"Grassroots organisation {code}",
                type=UnitType.GRASSROOTS,
                parent_id=commune_ids[commune.code],
                path=f"{commune.path}{code}/",
                sort_order=n,
            )
        )
    Unit.objects.bulk_create(orgs, batch_size=5000)
    return list(Unit.objects.filter(type=UnitType.GRASSROOTS).order_by("sort_order").values_list("id", flat=True))


def _create_programme(size: Size) -> list[int]:
    programme = Programme.objects.create(
        code=PROGRAMME_CODE,
        title_vi="Chương trình tổng hợp (benchmark)",
        owner=Unit.objects.get(code=ROOT_CODE),
        term="2021-2025",
    )
    Indicator.objects.bulk_create(
        Indicator(
            programme=programme,
            code=f"I{n:02d}",
            name_vi=f"Chỉ tiêu {n}",
            name_en=f"Indicator {n}",
            kind=IndicatorKind.COUNT,
            aggregation="sum",
            sort_order=n,
        )
        for n in range(1, size.indicators + 1)
    )
    return list(Indicator.objects.filter(programme=programme).order_by("sort_order").values_list("id", flat=True))


COLUMNS = (
    "indicator_id",
    "unit_id",
    "period",
    "value",
    "status",
    "entered_at",
    "source",
    "source_ref",
    "synthetic",
    "note",
    "version",
)


def _rows(indicator_ids: list[int], org_ids: list[int], periods: list[str]):
    now = datetime.now(UTC)
    if connection.vendor != "postgresql":  # as Django stores it in SQLite
        now = now.strftime("%Y-%m-%d %H:%M:%S.%f")
    for ind_n, ind in enumerate(indicator_ids):
        for unit_n, unit in enumerate(org_ids):
            for period_n, period in enumerate(periods):
                yield (
                    ind,
                    unit,
                    period,
                    value_of(unit_n, ind_n, period_n),
                    ValueStatus.APPROVED.value,
                    now,
                    Source.IMPORT.value,
                    "synth",
                    True,
                    "",
                    1,
                )


def _secondary_indexes(table: str) -> list[tuple[str, str, str]]:
    """(kind, name, definition) of the indexes and constraints on ``table``
    other than the primary key, so a bulk load can drop them and build each
    once at the end (PostgreSQL: indexes, unique and foreign-key
    constraints; SQLite: indexes)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
                [table],
            )
            constraints = [("constraint", name, definition) for name, definition, _ in cursor.fetchall()]
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype IN ('p', 'u'))",
                [table, table],
            )
            return [("index", name, sql) for name, sql in cursor.fetchall()] + constraints
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
        return [("index", name, sql) for name, sql in cursor.fetchall() if sql]


def _drop_indexes(table: str, indexes: list[tuple[str, str, str]]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Run the deferred checks of the rows written so far, so the
            # constraints can be altered in this transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for kind, name, _definition in indexes:
            if kind == "constraint":
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            else:
                cursor.execute(f"DROP INDEX {name}")


def _create_indexes(table: str, indexes: list[tuple[str, str, str]], progress: Callable[[str], None]) -> None:
    with connection.cursor() as cursor:
        for kind, name, definition in indexes:
            progress(f"  {kind} {name}")
            if kind == "constraint":
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            else:
                cursor.execute(definition)


def _load_values(rows, total: int, progress: Callable[[str], None]) -> None:
    table = DataValue._meta.db_table
    indexes = _secondary_indexes(table)
    _drop_indexes(table, indexes)
    _copy_values(table, rows, total, progress)
    progress(f"Building {len(indexes)} indexes and constraints …")
    _create_indexes(table, indexes, progress)


def _copy_values(table: str, rows, total: int, progress: Callable[[str], None]) -> None:
    batch = 200_000
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for n, row in enumerate(rows, start=1):
                    copy.write_row(row)
                    if n % 1_000_000 == 0:
                        progress(f"  {n:,} / {total:,} values")
        return
    sql = f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"  # noqa: S608
    raw = connection.connection
    raw.execute("PRAGMA cache_size = -524288")  # 512 MB for the load and the index builds
    chunk: list[tuple] = []
    done = 0
    for row in rows:
        chunk.append(row)
        if len(chunk) == batch:
            raw.executemany(sql, chunk)
            done += len(chunk)
            chunk = []
            if done % 1_000_000 == 0:
                progress(f"  {done:,} / {total:,} values")
    if chunk:
        raw.executemany(sql, chunk)


def synthesise(size: Size, progress: Callable[[str], None] = print) -> dict[str, int]:
    """Wipe the synthetic data and generate it afresh, in one transaction."""
    if not is_synthetic_database():
        raise RuntimeError("this database holds real programmes or units; synth only runs on a database of its own")
    with transaction.atomic():
        wipe()
        progress(f"Creating {size.provinces} provinces, {size.communes} communes, {size.orgs} organisations …")
        org_ids = _create_units(size)
        indicator_ids = _create_programme(size)
        periods = period_codes(size.periods)
        total = len(indicator_ids) * len(org_ids) * len(periods)
        progress(f"Loading {total:,} values …")
        _load_values(_rows(indicator_ids, org_ids, periods), total, progress)
        # The values went in without the ORM: recompute the roll-up table.
        progress("Rebuilding the roll-up table (SubtreeSum) …")
        rebuild(progress=progress)
    if connection.vendor == "postgresql":
        # VACUUM sets the visibility map, without which PostgreSQL cannot
        # answer a read from the covering index alone (not possible inside
        # a transaction, e.g. in a test: ANALYZE only, then).
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {DataValue._meta.db_table}")
            cursor.execute(f"{command} {Unit._meta.db_table}")
            cursor.execute(f"{command} {SubtreeSum._meta.db_table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"units": Unit.objects.count(), "values": total}
