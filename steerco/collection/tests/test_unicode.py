"""Vietnamese names in any Unicode form (NFD, old tone placement, mixed
case) across the pack, the unit file, Excel, the API, forms and search."""

import unicodedata

from django.test import RequestFactory
from rest_framework.test import APIClient

from steerco.indicators.models import DataValue
from steerco.indicators.packs import dump_pack, load_pack
from steerco.ops.middleware import NormaliseUnicode
from steerco.programmes.models import Programme
from steerco.units.loading import load_units
from steerco.units.models import Unit
from steerco.units.search import unit_name_matches

from .base import PERIOD
from .test_workbook import HEADER_ROW, WorkbookTestCase


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


class UnicodeTests(WorkbookTestCase):
    def test_a_pack_in_nfd_is_stored_in_nfc(self):
        pack = dump_pack(self.programme)
        pack["programme"] |= {"code": "TH-01", "title_vi": nfd("Chương trình của Tỉnh ủy Thanh Hóa")}
        pack["indicators"][0]["name_vi"] = nfd("Số đảng viên kết nạp")
        programme = load_pack(pack)
        assert programme.title_vi == "Chương trình của Tỉnh ủy Thanh Hóa" and is_nfc(programme.title_vi)
        assert programme.indicators.get(code=pack["indicators"][0]["code"]).name_vi == "Số đảng viên kết nạp"

    def load_province(self):
        warnings = []
        load_units(
            {
                "format": "steerco-units/1",
                "units": [
                    {"code": "TU-TH", "type": "tinh-uy", "name_vi": nfd("Tỉnh ủy Thanh Hoá")},  # NFD, old tone
                    {"code": "HU-HH", "parent": "TU-TH", "type": "huyen-uy", "name_vi": "HUYỆN ỦY HOẰNG HOÁ"},
                    {"code": "HU-TX", "parent": "TU-TH", "type": "huyen-uy", "name_vi": "Huyện ủy Thọ Xuân"},
                ],
            },
            warnings,
        )
        return warnings

    def test_a_unit_file_in_nfd_with_old_tone_placement_is_stored_in_nfc_and_found_by_search(self):
        assert self.load_province() == []
        province = Unit.objects.get(code="TU-TH")
        assert province.name_vi == "Tỉnh ủy Thanh Hoá" and is_nfc(province.name_vi)
        units = Unit.objects.all()
        for term in ("Thanh Hóa", "thanh hoá", nfd("THANH HÓA"), "Thanh Hoa"):
            assert set(unit_name_matches(units, term).values_list("code", flat=True)) == {"TU-TH"}, term
        assert set(unit_name_matches(units, "Hoằng Hóa").values_list("code", flat=True)) == {"HU-HH"}
        assert set(unit_name_matches(units, "hoang hoa").values_list("code", flat=True)) == {"HU-HH"}
        assert not unit_name_matches(units, "Hoàng Hóa").exists()  # another name, typed with its marks
        assert not unit_name_matches(units, "Hoằng Hóa", diacritics=True).filter(code="HU-TX").exists()

    def test_the_admin_search_ignores_tone_placement_and_case(self):
        self.load_province()
        root = type(self.secretariat).objects.create_superuser("root", "root@example.org", "x")
        self.client.force_login(root)
        for term, codes in (("Thanh Hóa", ["TU-TH"]), ("Hoằng Hoá", ["HU-HH"]), (nfd("hoằng hóa"), ["HU-HH"])):
            response = self.client.get("/admin/units/unit/", {"q": term})
            assert [u.code for u in response.context["cl"].result_list] == codes, term

    def test_a_new_unit_named_like_a_sibling_is_warned_about(self):
        self.load_province()
        warnings = []
        load_units(
            {
                "format": "steerco-units/1",
                "units": [
                    {"code": "TU-TH2", "type": "tinh-uy", "name_vi": "Tỉnh ủy Thanh Hóa"},  # a second root
                    {"code": "HU-HH2", "parent": "TU-TH", "type": "huyen-uy", "name_vi": "Huyện ủy Hoằng Hóa"},
                ],
            },
            warnings,
        )
        assert warnings == [
            "units[0] (TU-TH2): 'Tỉnh ủy Thanh Hóa' has the name of TU-TH under the same parent; "
            "is it the same unit under a new code?",
            "units[1] (HU-HH2): 'Huyện ủy Hoằng Hóa' has the name of HU-HH under the same parent; "
            "is it the same unit under a new code?",
        ]

    def by_name(self, name):
        wb = self.good()
        ws = wb.worksheets[0]
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            ws.cell(row=r, column=1).value = None  # (value=None would leave the code)
            ws.cell(row=r, column=2, value=name)
        return self.data(wb)

    def test_excel_names_match_in_nfd_old_tone_placement_and_any_case(self):
        self.org_a1.name_vi = "Chi bộ xã Hoằng Hóa"
        self.org_a1.save()
        assert self.load(self.by_name(nfd("CHI BỘ XÃ HOẰNG HOÁ"))).created == 2
        assert DataValue.objects.filter(unit=self.org_a1).count() == 2

    def test_an_excel_name_shared_by_several_units_is_refused_with_the_candidates(self):
        for unit in (self.org_a1, self.org_a2):  # an ended unit and its successor, say
            unit.name_vi = "Chi bộ xã Hoằng Hóa"
            unit.save()
        text = self.refused(self.by_name("Chi bộ xã Hoằng Hoá"))
        assert "is the name of several units" in text or "là tên của nhiều đơn vị" in text
        assert "DIST-A-CS01: Chi bộ xã Hoằng Hóa" in text and "DIST-A-CS02: Chi bộ xã Hoằng Hóa" in text

    def test_the_api_stores_text_in_nfc(self):
        client = APIClient()
        client.force_authenticate(self.reporter)
        body = {"programme": self.programme.code, "unit": "DIST-A-CS01", "period": PERIOD, "indicator": "ADMITTED"}
        response = client.post("/api/values/", body | {"value": "5", "note": nfd("Số liệu của quý")}, format="json")
        assert response.status_code == 201, response.content
        note = DataValue.objects.get().note
        assert note == "Số liệu của quý" and is_nfc(note)

    def test_forms_and_query_strings_are_taken_in_nfc(self):
        seen = {}

        def view(request):
            seen["post"], seen["get"] = request.POST.get("name"), request.GET.get("q")

        request = RequestFactory().post("/x/?q=" + nfd("Hóa"), {"name": nfd("Thanh Hóa")})
        NormaliseUnicode(view)(request)
        assert seen == {"post": "Thanh Hóa", "get": "Hóa"} and all(is_nfc(v) for v in seen.values())
        assert Programme.objects.count() == 1
