"""Units round-trip: ``export --units`` writes validity dates, successions
(merge, split shares, rename) and types, and import(export(x)) == x for
generated trees. A unit with figures is not moved; the refusal names it and
says what to do instead."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from steerco.indicators.models import DataValue, Source
from steerco.testing import PersonaTestCase
from steerco.units.loading import dump_units, load_units
from steerco.units.models import Succession, Unit

NAMES = ["Hoằng Hóa", "Thọ Xuân", "Quảng Xương", "Thuỷ Nguyên", "Đông Sơn", "Nghi Sơn", "Bỉm Sơn", "Sầm Sơn"]
DISTRICT_TYPES = ["huyen-uy", "quan-uy", "thi-uy", "thanh-uy-tinh"]
CELL_TYPES = ["dang-uy-xa", "dang-uy-phuong", "chi-bo-co-so", "dang-bo"]
ENDED, EFFECTIVE = date(2025, 6, 30), date(2025, 7, 1)


@st.composite
def trees(draw):
    """A province, its districts and their grassroots units; some districts
    end on 30 June and are renamed, merged into one successor or split in
    two (by shares or to a primary successor)."""
    units = [{"code": "TU-X", "type": "tinh-uy", "name_vi": "Tỉnh ủy X", "name_en": "X Provincial Party Committee"}]
    links = []
    merged = False
    for d in range(draw(st.integers(1, 4))):
        code = f"HU-{d}"
        fate = draw(st.sampled_from(["stays", "rename", "merge", "split-shares", "split-primary"]))
        district = {
            "code": code,
            "parent": "TU-X",
            "type": draw(st.sampled_from(DISTRICT_TYPES)),
            "name_vi": f"Huyện ủy {draw(st.sampled_from(NAMES))}",
        }
        if draw(st.booleans()):
            district["admin_code"] = f"{380 + d:03d}"
        if fate != "stays":
            district["valid_to"] = ENDED.isoformat()
        units.append(district)
        for c in range(draw(st.integers(0, 2))):
            units.append(
                {"code": f"{code}-{c}", "parent": code, "type": draw(st.sampled_from(CELL_TYPES)), "name_vi": f"Xã {c}"}
                | ({"valid_to": ENDED.isoformat()} if fate != "stays" else {})
            )
        new = {"parent": "TU-X", "type": district["type"], "valid_from": EFFECTIVE.isoformat()}
        link = {"from": code, "effective": EFFECTIVE.isoformat()}
        if fate == "rename":
            units.append(new | {"code": f"{code}-R", "name_vi": f"Thị ủy {d}"})
            links.append(link | {"to": f"{code}-R", "kind": "rename"})
        elif fate == "merge":
            if not merged:
                units.append(new | {"code": "HU-M", "name_vi": "Huyện ủy mới"})
                merged = True
            links.append(link | {"to": "HU-M", "kind": "merge"})
        elif fate.startswith("split"):
            share = draw(st.sampled_from([0.5, 0.6, 0.75]))
            for side, part in (("A", share), ("B", round(1 - share, 2))):
                units.append(new | {"code": f"{code}-{side}", "name_vi": f"Huyện ủy {d}{side}"})
                extra = {"share": part} if fate == "split-shares" else ({"primary": True} if side == "A" else {})
                links.append(link | {"to": f"{code}-{side}", "kind": "split"} | extra)
    return {"format": "steerco-units/1", "units": units, "successions": links}


def canonical(document: dict) -> tuple:
    units = {u["code"]: u for u in document["units"]}
    links = sorted(
        (link["from"], link["to"], link["kind"], link["effective"], link.get("share"), link.get("primary", False))
        for link in document["successions"]
    )
    return units, links


class RoundTripTests(TestCase):
    @settings(
        max_examples=25, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
    )
    @given(trees())
    def test_import_of_export_is_the_identity(self, tree):
        Succession.objects.all().delete()
        _delete_units()
        load_units(tree)
        exported = dump_units(Unit.objects.all())
        assert canonical(exported) == canonical(tree)
        assert {t["code"] for t in exported["types"]} == {u["type"] for u in tree["units"]}
        text = yaml.safe_dump(exported, allow_unicode=True, sort_keys=False)
        Succession.objects.all().delete()
        _delete_units()
        load_units(yaml.safe_load(text))
        assert dump_units(Unit.objects.all()) == exported


def _delete_units():
    for unit in Unit.objects.order_by("-path"):
        unit.delete()


class MoveTests(PersonaTestCase):
    def test_moving_a_unit_with_figures_is_refused_naming_it_and_the_way(self):
        DataValue.objects.create(
            indicator=self.admitted, unit=self.org_a1, period="2023-H1", value=Decimal(3), source=Source.FORM
        )
        document = dump_units(Unit.objects.all())
        item = next(u for u in document["units"] if u["code"] == "DIST-A-CS01")
        item["parent"] = "DIST-B"
        path = self.tmp_yaml(document)
        with pytest.raises(CommandError) as caught:
            call_command("import", path, stdout=StringIO())
        text = str(caught.value)
        assert "(DIST-A-CS01): Đơn vị DIST-A-CS01 has figures, so it cannot move from 'DIST-A' to 'DIST-B'" in text
        assert "end it (valid_to) and create a successor unit under 'DIST-B' with a succession link" in text
        assert Unit.objects.get(code="DIST-A-CS01").parent == self.district_a

    def test_a_unit_without_figures_still_moves(self):
        document = dump_units(Unit.objects.all())
        next(u for u in document["units"] if u["code"] == "DIST-A-CS02")["parent"] = "DIST-B"
        load_units(document)
        assert Unit.objects.get(code="DIST-A-CS02").path == "CITY/DIST-B/DIST-A-CS02/"

    def tmp_yaml(self, document) -> str:
        import tempfile

        handle = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8")  # noqa: SIM115
        handle.write(yaml.safe_dump(document, allow_unicode=True))
        handle.close()
        self.addCleanup(lambda: __import__("os").unlink(handle.name))
        return handle.name
