"""Load the Hanoi demo: units, the Programme 01 pack, the raw records and
one login per persona. Idempotent: a second run finds the programme and
leaves the data as it is."""

from __future__ import annotations

from datetime import date
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import yaml
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from steerco.accounts.models import Membership, Role
from steerco.indicators.models import DataValue, Indicator, Source, Target, ValueStatus
from steerco.indicators.packs import load_pack
from steerco.lib.windows import Span
from steerco.programmes.models import Programme
from steerco.units.loading import load_units
from steerco.units.models import Unit, UnitType

from . import records

DATA = Path(__file__).parent / "data"
UNITS_FILE = DATA / "units-hanoi.yaml"
PACK_FILE = DATA / "programme-01-ctr-tu.yaml"
PROGRAMME_CODE = "01-CTr/TU"
DEMO_PASSWORD = "demo"  # noqa: S105 - demo mode only, printed on start

# username, role, unit, description shown at start-up
PERSONAS = [
    ("demo", Role.SECRETARIAT, "TU-HN", "Thư ký Ban Chỉ đạo (secretariat)"),
    ("badinh.reporter", Role.REPORTER, "QU-BADINH", "Người nhập liệu Quận ủy Ba Đình (district reporter)"),
    ("badinh.approver", Role.APPROVER, "QU-BADINH", "Người phê duyệt Quận ủy Ba Đình (district approver)"),
    ("ubkt.inspector", Role.INSPECTOR, "UBKT-TU", "Ủy ban Kiểm tra Thành ủy (inspector)"),
    ("unghoa.viewer", Role.VIEWER, "HU-UNGHOA", "Huyện ủy Ứng Hòa, chỉ xem (viewer of another district)"),
]


def _read(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# The day the demo's story is told from (the 2023-H1 report): its records
# name the units of that tree, never the wards and communes of 2025.
STORY_DAY = date(2023, 6, 30)


def demo_span(period: str) -> Span:
    """The days the demo programme counts in ``period`` (its pack's
    reporting window, 15/12: 2023-H1 is 15/12/2022 – 14/6/2023). The demo's
    register records are dated inside the span of the period they tell."""
    return Programme.objects.get(code=PROGRAMME_CODE).reporting_window.span(period)


def demo_units() -> records.DemoUnits:
    units = list(
        Unit.objects.valid_on(STORY_DAY)
        .only("code", "type", "parent__code")
        .select_related("parent")
        .order_by("sort_order")
    )
    by_type: dict[str, list[Unit]] = {}
    for u in units:
        by_type.setdefault(u.type, []).append(u)
    districts = [u.code for u in by_type[UnitType.DISTRICT]]
    blocs = [u.code for u in by_type[UnitType.BLOC]]
    agencies = [u.code for u in by_type[UnitType.AGENCY]]
    grassroots = by_type[UnitType.GRASSROOTS]
    targets = {
        t.unit.code: int(t.value)
        for t in Target.objects.filter(
            indicator__code="DV_KN", indicator__programme__code=PROGRAMME_CODE, period="2023"
        ).select_related("unit")
    }
    return records.DemoUnits(
        city="TU-HN",
        inspection_commissions=["UBKT-TU", *districts, *blocs],
        admitting=[*districts, *blocs],
        targets=targets,
        agencies=agencies,
        departments=[c for c in agencies if c.startswith(("SO-", "VP-", "TTRA-", "BAN-"))],
        districts=districts,
        party_bloc_pilots=["BTC-TU", "BTG-TU"],
        district_grassroots=[u.code for u in grassroots if u.parent.type == UnitType.DISTRICT],
        all_grassroots=[u.code for u in grassroots],
    )


@transaction.atomic
def load_demo(progress=print) -> bool:
    """Returns False when the demo was already there."""
    if Programme.objects.filter(code=PROGRAMME_CODE).exists():
        ensure_personas()
        return False
    progress(f"Loading units from {UNITS_FILE.name} …")
    load_units(_read(UNITS_FILE))
    progress(f"Loading the programme pack {PACK_FILE.name} …")
    programme = load_pack(_read(PACK_FILE))
    built = records.build(demo_units())
    progress(f"Entering {len(built)} raw records for 2022-H1 and 2023-H1 …")
    indicators = {i.code: i for i in Indicator.objects.filter(programme=programme)}
    unit_ids = dict(Unit.objects.values_list("code", "id"))
    now = timezone.now()
    DataValue.objects.bulk_create(
        DataValue(
            indicator=indicators[r.indicator],
            unit_id=unit_ids[r.unit],
            period=r.period,
            value=r.value,
            status=ValueStatus.APPROVED,
            source=Source.DEMO,
            source_ref="steerco/demo/records.py",
            synthetic=r.synthetic,
            entered_at=now,
        )
        for r in built
    )
    ensure_personas()
    for step in app_demo_steps():
        step(progress)
    return True


def app_demo_steps():
    """Each app may add to the demo with a ``demo_data.load(progress)``
    function (registers, cases, …); they run in INSTALLED_APPS order, after
    units, the pack, the records and the personas, in the same transaction."""
    for config in apps.get_app_configs():
        name = f"{config.name}.demo_data"
        if config.name.startswith("steerco.") and find_spec(name):
            yield import_module(name).load


def ensure_personas() -> None:
    User = get_user_model()
    units = {u.code: u for u in Unit.objects.filter(code__in=[p[2] for p in PERSONAS])}
    for username, role, unit_code, _ in PERSONAS:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == Role.SECRETARIAT
            user.save()
        Membership.objects.get_or_create(user=user, unit=units[unit_code], role=role)
