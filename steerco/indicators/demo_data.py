"""Demo: Hanoi's restructuring of 1 July 2025, and figures on both sides.

The district level is abolished: every district-level committee and its
grassroots organisations end on 30 June 2025. A sample of the new commune
and ward committees starts on 1 July 2025 (two or three per old district,
with their official codes from the vietnam-provinces package), with
succession links that carry the history:

- each old district is split: Ba Đình by declared shares over its three
  wards, the others whole to their first (primary) ward;
- its first two grassroots organisations continue under a new code in the
  new wards (rename); the others merge into one new organisation.

No values are entered after 2023 (the demo's story is the 2023-H1 report,
and the home page opens on the latest period with data); restating the
2023 figures onto the 2025 tree (``indicators.history.restated_sums``)
shows where each district's history went.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q
from simple_history.utils import bulk_update_with_history
from vietnam_provinces import Ward

from steerco.units.loading import load_units
from steerco.units.models import Unit, UnitType

EFFECTIVE = date(2025, 7, 1)
LAST_DAY = date(2025, 6, 30)

# Old district-level committee -> a sample of the new wards and communes
# (official codes, vietnam-provinces) that took over its area; the first is
# the primary successor.
SUCCESSORS = {
    "QU-BADINH": [4, 8, 25],
    "QU-HOANKIEM": [70, 73],
    "QU-TAYHO": [103, 91],
    "QU-LONGBIEN": [148, 130],
    "QU-CAUGIAY": [167, 160],
    "QU-DONGDA": [235, 226],
    "QU-HAIBATRUNG": [256, 283],
    "QU-HOANGMAI": [319, 328],
    "QU-THANHXUAN": [367, 364],
    "QU-NAMTULIEM": [592, 622],
    "QU-BACTULIEM": [611, 602],
    "QU-HADONG": [9556, 9886],
    "HU-SOCSON": [376, 424],
    "HU-DONGANH": [454, 466],
    "HU-GIALAM": [565, 583],
    "HU-THANHTRI": [640, 664],
    "HU-MELINH": [9022, 8980],
    "HU-BAVI": [9700, 9706],
    "HU-PHUCTHO": [9715, 9739],
    "HU-DANPHUONG": [9784, 9817],
    "HU-HOAIDUC": [9832, 9859],
    "HU-QUOCOAI": [9895, 9931],
    "HU-THACHTHAT": [9955, 9988],
    "HU-CHUONGMY": [10015, 10018],
    "HU-THANHOAI": [10114, 10141],
    "HU-THUONGTIN": [10183, 10231],
    "HU-PHUXUYEN": [10273, 10279],
    "HU-UNGHOA": [10402, 10354],
    "HU-MYDUC": [10441, 10489],
    "TXU-SONTAY": [9574, 9604],
}
# Declared shares of a split (the others go whole to the primary).
SHARES = {"QU-BADINH": [Decimal("0.5"), Decimal("0.3"), Decimal("0.2")]}


def ward_code(number: int) -> str:
    return f"DU-{number:05d}"


def _place(number: int) -> tuple[str, str]:
    """("phường Ba Đình", "Phuong Ba Dinh") for a ward or commune code."""
    ward = Ward.from_code(number)
    kind, _, place = ward.name.partition(" ")
    return f"{kind.lower()} {place}", ward.codename.replace("_", " ").title()


def restructuring() -> dict:
    """The new units and the succession links, as a steerco-units/1 file."""
    units, links = [], []
    grassroots = {}
    for unit in Unit.objects.filter(parent__code__in=list(SUCCESSORS), type=UnitType.GRASSROOTS).select_related(
        "parent"
    ):
        grassroots.setdefault(unit.parent.code, []).append(unit.code)
    for district, numbers in SUCCESSORS.items():
        shares = SHARES.get(district)
        for n, number in enumerate(numbers):
            place_vi, place_en = _place(number)
            units.append(
                {
                    "code": ward_code(number),
                    "parent": "TU-HN",
                    "type": UnitType.WARD,
                    "name_vi": f"Đảng ủy {place_vi}",
                    "name_en": f"{place_en} Party Committee",
                    "valid_from": EFFECTIVE,
                    "admin_code": f"{number:05d}",
                }
            )
            link = {"from": district, "to": ward_code(number), "kind": "split", "effective": EFFECTIVE}
            link.update({"share": shares[n]} if shares else {"primary": n == 0})
            links.append(link)
        # The first two organisations continue under new codes in the first
        # two wards; the others merge into a third one in the first ward.
        for n, old in enumerate(sorted(grassroots.get(district, []))):
            number = numbers[n] if n < 2 else numbers[0]
            new = f"{ward_code(number)}-CS{min(n, 2) + 1:02d}"
            if n <= 2:
                place_vi, place_en = _place(number)
                units.append(
                    {
                        "code": new,
                        "parent": ward_code(number),
                        "type": UnitType.GRASSROOTS,
                        "name_vi": f"Tổ chức cơ sở đảng số {min(n, 2) + 1} – {place_vi}",
                        "name_en": f"Grassroots organisation {min(n, 2) + 1} – {place_en}",
                        "valid_from": EFFECTIVE,
                    }
                )
            links.append({"from": old, "to": new, "kind": "rename" if n < 2 else "merge", "effective": EFFECTIVE})
    return {"format": "steerco-units/1", "units": units, "successions": links}


def load(progress) -> None:
    progress("Restructuring of 1 July 2025: new wards and communes, succession links …")
    data = restructuring()
    ending = Q()
    for path in Unit.objects.filter(code__in=list(SUCCESSORS)).values_list("path", flat=True):
        ending |= Q(path__startswith=path)
    ended = list(Unit.objects.filter(ending))
    for unit in ended:
        unit.valid_to = LAST_DAY
    bulk_update_with_history(ended, Unit, ["valid_to"], batch_size=500)
    load_units(data)
