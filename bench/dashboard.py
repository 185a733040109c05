"""Dashboard benchmark: how long the home page, the scorecard, the
drill-down, the heat table and the values page take, logged in as a
secretariat. Not a test: it prints p50/p95 per page (docs/performance.md).

    .venv/bin/python bench/dashboard.py [--runs 40] [--cold]
    DATABASE_URL=sqlite:////tmp/steerco-bench/bench.sqlite3 \
        .venv/bin/python bench/dashboard.py --synthetic

Demo mode (default): loads the Hanoi demo into DATABASE_URL when set
(PostgreSQL), else into a fresh SQLite database in a temporary data
directory. ``--synthetic``: the national synthetic data that ``steerco
bench`` / ``steerco synth`` left in DATABASE_URL (34 provinces, communes,
grassroots organisations, programme SYNTH); adds, for the run only, a
secretariat at the root and yearly targets for the root and the
provinces, and removes them afterwards. Requests go through Django's test
client, so the figures are server time without the network.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
if not os.environ.get("DATABASE_URL") and "--synthetic" not in sys.argv:
    os.environ["STEERCO_DATA_DIR"] = tempfile.mkdtemp(prefix="steerco-bench-")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.pages import HEADER, time_request  # noqa: E402
from steerco.demo.loader import load_demo  # noqa: E402

H1 = {"programme": "01-CTr/TU", "period": "2023-H1"}
# (name, user, path, params): "scorecard" is the home page of a district
# user, whose scorecard is their district's.
PAGES = [
    ("home: city", "demo", "/", {**H1}),
    ("scorecard: district", "badinh.approver", "/", {**H1}),
    ("drill: city, DV_KN", "demo", "/dashboard/drill/", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}),
    ("drill: district, DV_KN", "demo", "/dashboard/drill/", {**H1, "unit": "QU-BADINH", "indicator": "DV_KN"}),
    ("heat table: city", "demo", "/dashboard/heat/", {**H1, "unit": "TU-HN"}),
    ("values: city, TCCS_YEU", "demo", "/dashboard/values/", {**H1, "unit": "TU-HN", "indicator": "TCCS_YEU"}),
    ("chart: trend", "demo", "/dashboard/charts/trend.svg", {**H1, "unit": "TU-HN", "indicator": "DV_KN"}),
]


SYNTH_PERIOD = "2025-H2"  # the last of the synthetic half-years
SYNTH = {"programme": "SYNTH", "period": SYNTH_PERIOD}
SYNTH_USER = "bench-national"
SYNTH_PROVINCE_USER = "bench-province"
SYNTH_PAGES = [
    ("home: national", SYNTH_USER, "/", {**SYNTH}),
    ("scorecard: province", SYNTH_PROVINCE_USER, "/", {**SYNTH}),
    ("drill: national, I01", SYNTH_USER, "/dashboard/drill/", {**SYNTH, "unit": "VN", "indicator": "I01"}),
    ("drill: province, I01", SYNTH_USER, "/dashboard/drill/", {**SYNTH, "unit": "P01", "indicator": "I01"}),
    ("heat table: national", SYNTH_USER, "/dashboard/heat/", {**SYNTH, "unit": "VN"}),
]


def synthetic_setup():
    """A secretariat at the root, one at the first province, and 2025
    targets for the root and each
    province (so statuses and "behind target" are computed); returns a
    function that removes them again (``steerco synth`` wipes units and
    refuses what it did not make)."""
    from decimal import Decimal

    from steerco.accounts.models import Membership, Role
    from steerco.indicators.models import Indicator, Target
    from steerco.units.models import Unit

    root = Unit.objects.get(code="VN")
    if not Indicator.objects.filter(programme__code="SYNTH").exists():
        sys.exit("no synthetic data in DATABASE_URL: run `make bench` or `steerco synth --scale 0.1` first")
    users = []
    for username, unit in ((SYNTH_USER, root), (SYNTH_PROVINCE_USER, Unit.objects.get(code="P01"))):
        user, _ = get_user_model().objects.get_or_create(username=username)
        Membership.objects.get_or_create(user=user, unit=unit, role=Role.SECRETARIAT)
        users.append(user)
    units = [root, *Unit.objects.filter(parent=root)]
    indicators = list(Indicator.objects.filter(programme__code="SYNTH"))
    # the values are 0..49 per organisation and half-year: a year's target of
    # 60 per organisation puts some units behind
    orgs = {u.pk: Unit.objects.filter(path__startswith=u.path, type="grassroots").count() for u in units}
    Target.objects.bulk_create(
        Target(indicator=ind, unit=u, period="2025", value=Decimal(60 * orgs[u.pk] + 7 * n))
        for n, ind in enumerate(indicators)
        for u in units
    )

    def teardown():
        Target.objects.filter(indicator__programme__code="SYNTH").delete()
        for user in users:
            Membership.objects.filter(user=user).delete()
            user.delete()

    return teardown


def add_grassroots(per_district: int) -> int:
    """A larger tree until `steerco synth` (issue 3) lands: ``per_district``
    grassroots organisations under each district-level and bloc committee,
    each with a value for every entered indicator in 2022-H1 and 2023-H1.
    Returns the number of values added."""
    from decimal import Decimal

    from steerco.indicators.models import DataValue, Indicator, Source, ValueStatus
    from steerco.units.models import Unit, UnitType

    parents = list(Unit.objects.filter(type__in=[UnitType.DISTRICT, UnitType.BLOC]))
    units = [
        Unit(
            code=f"{p.code}-SYN{i:05d}",
            name_vi=f"Tổ chức cơ sở đảng {i}",
            type=UnitType.GRASSROOTS,
            parent=p,
            path=f"{p.path}{p.code}-SYN{i:05d}/",
        )
        for p in parents
        for i in range(per_district)
    ]
    Unit.objects.bulk_create(units, batch_size=2000)
    units = list(Unit.objects.filter(code__contains="-SYN"))
    entered = [i for i in Indicator.objects.filter(programme__code=H1["programme"]) if i.is_entered]
    added = 0
    for period in ("2022-H1", "2023-H1"):
        batch = [
            DataValue(
                indicator=ind,
                unit=u,
                period=period,
                value=Decimal((u.pk * 7 + ind.pk) % 5),
                status=ValueStatus.APPROVED,
                source=Source.DEMO,
                synthetic=True,
            )
            for u in units
            for ind in entered
        ]
        DataValue.objects.bulk_create(batch, batch_size=5000)
        added += len(batch)
    return added


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--grassroots", type=int, default=0, help="add N grassroots organisations per district")
    parser.add_argument(
        "--synthetic", action="store_true", help="the national synthetic data in DATABASE_URL (steerco synth)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="empty the cache before each timed request: the page computed, as after a write (dashboard.kept)",
    )
    args = parser.parse_args()

    setup_test_environment()  # the test client may run in any ALLOWED_HOSTS
    call_command("migrate", interactive=False, verbosity=0)
    teardown = None
    if args.synthetic:
        from steerco.indicators.models import DataValue
        from steerco.units.models import Unit

        teardown = synthetic_setup()
        pages = SYNTH_PAGES
        what = f"national synthetic data ({Unit.objects.count():,} units, {DataValue.objects.count():,} values)"
    else:
        load_demo(progress=lambda _msg: None)
        if args.grassroots:
            print(f"added {add_grassroots(args.grassroots):,} values under {args.grassroots} new units per district")
        pages = PAGES
        what = "Hanoi demo"
    try:
        run(pages, what, args.runs, args.cold)
    finally:
        if teardown:
            teardown()


def run(pages, what: str, runs: int, cold: bool = False) -> None:
    clients = {}
    for _name, username, _path, _params in pages:
        if username not in clients:
            # force_login: the login throttle (django-axes) wants a
            # request, and the password hash is not what is measured here.
            clients[username] = Client()
            clients[username].force_login(get_user_model().objects.get(username=username))
    settings.DEBUG = True  # count queries
    engine = connection.vendor
    load = os.getloadavg()[0]
    kept = "cache emptied before each run (pages computed)" if cold else "pages kept under the data version"
    print(f"Dashboard benchmark: {what} on {engine}, {runs} runs per page after 3 warm-up runs; {kept}")
    print(f"load average at start: {load:.1f} on {os.cpu_count()} cores")
    print("wall: elapsed time; cpu: this process's CPU time (less sensitive to a busy machine); in ms")
    print(HEADER)
    for name, username, path, params in pages:
        client = clients[username]
        before = cache.clear if cold else None
        print(time_request(name, partial(client.get, path, params), 200, runs, before=before), flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    print("target: home and scorecard p95 <= 300 ms with the demo data, <= 1 s at national scale")


if __name__ == "__main__":
    main()
