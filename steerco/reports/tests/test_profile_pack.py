"""A report profile per programme, from the pack (``report:``) or the
admin, validated; no Hanoi default leaks into another programme."""

from datetime import date

import pytest
import yaml

from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.programmes.models import Programme
from steerco.reports.builder import build_document
from steerco.reports.models import ReportProfile
from steerco.testing import make_unit

from .base import WHEN, ReportTestCase

REPORT = {
    "style": "party",
    "superior_vi": "TỈNH ỦY THANH HÓA",
    "superior_en": "THANH HOA PROVINCIAL PARTY COMMITTEE",
    "issuer_vi": "BAN CHỈ ĐẠO CHƯƠNG TRÌNH 99-CTr/TU",
    "issuer_code": "BCĐ99",
    "place_vi": "Thanh Hóa",
    "place_en": "Thanh Hoa",
    "signer": "Nguyễn Văn A",
    "recipients_vi": ["- Ban Thường vụ Tỉnh ủy,", "- Lưu Văn phòng Tỉnh ủy."],
    "outline": {"limitations": ["WEAK"], "plan": []},
}


class ReportProfilePackTests(ReportTestCase):
    def pack(self, **report):
        pack = dump_pack(self.programme)
        pack["report"] = {**REPORT, **report}
        return pack

    def test_the_pack_sets_the_issuer_place_signer_recipients_and_numbering(self):
        load_pack(self.pack())
        profile = ReportProfile.objects.get(programme=self.programme)
        assert (profile.place_vi, profile.issuer_code, profile.signer) == ("Thanh Hóa", "BCĐ99", "Nguyễn Văn A")
        document = build_document(
            self.programme, "2023-H1", "vi", number=7, issued_on=date(2023, 7, 15), generated_at=WHEN
        )
        assert document.heading.place_date.startswith("Thanh Hóa, ngày 15 tháng 7 năm 2023")
        assert document.heading.superior == "TỈNH ỦY THANH HÓA"
        assert document.heading.number == "Số 7-BC/BCĐ99"
        assert document.recipients == ["- Ban Thường vụ Tỉnh ủy,", "- Lưu Văn phòng Tỉnh ủy."]
        assert document.signature.name == "Nguyễn Văn A"
        assert "Hà Nội" not in document.text()

    def test_the_profile_round_trips(self):
        load_pack(self.pack())
        exported = dump_pack(self.programme)
        defaults = {"authority_vi": "T/M BAN CHỈ ĐẠO", "position_vi": "TRƯỞNG BAN", "position_en": "HEAD"}
        defaults["authority_en"] = "ON BEHALF OF THE STEERING COMMITTEE"
        assert exported["report"] == {**REPORT, **defaults}
        load_pack(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)))
        assert dump_pack(self.programme) == exported

    def test_a_bad_profile_is_refused_with_its_place_and_nothing_written(self):
        bad = self.pack(style="royal", outline={"limitations": ["NOPE"]}, issuer_code="X" * 30)
        del bad["report"]["place_vi"]
        bad["report"]["signor"] = "x"
        with pytest.raises(PackError) as caught:
            load_pack(bad)
        text = str(caught.value)
        assert "report: 'place_vi' is required" in text
        assert "report: style must be one of party, state (not 'royal')" in text
        assert "report: unknown key 'signor': did you mean 'signer'?" in text
        assert "report.issuer_code: longer than 20 characters" in text
        assert not ReportProfile.objects.exists()

    def test_without_a_profile_the_place_is_the_owners_not_hanoi(self):
        owner = make_unit("TU-TH", type="tinh-uy")
        owner.name_vi, owner.name_en = "Tỉnh ủy Thanh Hóa", "Thanh Hoa Provincial Party Committee"
        owner.save()
        Programme.objects.filter(pk=self.programme.pk).update(owner=owner)
        self.programme.refresh_from_db()
        vi = build_document(self.programme, "2023-H1", "vi", unit=self.city, generated_at=WHEN)
        assert vi.heading.place_date.startswith("Thanh Hóa, ngày")
        assert vi.heading.superior == "TỈNH ỦY THANH HÓA"
        en = build_document(self.programme, "2023-H1", "en", unit=self.city, generated_at=WHEN)
        assert en.heading.place_date.startswith("Thanh Hoa, ")
