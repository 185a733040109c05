"""Every write path refuses a unit that did not exist in the period, and
says the unit's dates and its successor; lists of a period hold only its
units."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from steerco.collection.services import Rejected, set_target
from steerco.collection.workbook import build_template
from steerco.findings.services.carryover import CarryOverError, add_to_list
from steerco.testing import make_unit
from steerco.units.models import Succession
from steerco.units.validity import period_refusal

from .base import PERIOD
from .test_api import ApiTestCase


class WriteValidityTests(ApiTestCase):
    """DIST-A-CS02 ended on 31 December 2022 and merged into DIST-A-CS09,
    which exists from 1 January 2023 (the round is 2023-H1)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org_a2.valid_to = date(2022, 12, 31)
        cls.org_a2.save()
        cls.merged = make_unit("DIST-A-CS09", cls.district_a, valid_from=date(2023, 1, 1))
        link = {"kind": "merge", "effective": date(2023, 1, 1)}
        Succession.objects.create(predecessor=cls.org_a2, successor=cls.merged, **link)
        cls.future = make_unit("DIST-A-CS10", cls.district_a, valid_from=date(2025, 7, 1))

    def test_the_message_names_the_dates_and_the_successor(self):
        with translation.override("vi"):
            message = period_refusal(self.org_a2, PERIOD)
        assert message == (
            "Đơn vị DIST-A-CS02 (DIST-A-CS02) chỉ tồn tại đến hết ngày 31/12/2022; "
            "6 tháng đầu năm 2023 nằm sau thời gian đó. Đơn vị kế thừa: Đơn vị DIST-A-CS09 (DIST-A-CS09)."
        )
        with translation.override("vi"):
            assert period_refusal(self.future, PERIOD) == (
                "Đơn vị DIST-A-CS10 (DIST-A-CS10) chỉ tồn tại từ ngày 01/7/2025; "
                "6 tháng đầu năm 2023 nằm trước thời gian đó."
            )
        with translation.override("en"):
            assert "; first half of 2023 is before that." in period_refusal(self.future, PERIOD)
        assert period_refusal(self.merged, PERIOD) is None
        assert period_refusal(self.org_a2, "2022") is None  # it existed in 2022

    def test_the_api_refuses_a_value_for_an_ended_unit_and_for_one_not_born(self):
        for unit in ("DIST-A-CS02", "DIST-A-CS10"):
            response = self.post_value(self.reporter, unit=unit)
            assert response.status_code == 400, response.content
            assert unit in response.content.decode()
        assert not self.org_a2.values.exists() and not self.future.values.exists()
        assert self.post_value(self.reporter, unit="DIST-A-CS01").status_code == 201

    def test_the_service_refuses_every_caller(self):
        with pytest.raises(Rejected) as refused:
            self.write(self.reporter, self.org_a2, {"ADMITTED": 3})
        assert "DIST-A-CS09" in refused.value.problems[0].message

    def test_a_target_is_refused_for_a_unit_not_valid_in_its_period(self):
        with pytest.raises(Rejected):
            set_target(self.admitted, self.future, "2024", Decimal(5), acting_user=self.secretariat)
        assert set_target(self.admitted, self.future, "2025", Decimal(5), acting_user=self.secretariat).value == 5

    def test_the_weak_organisation_list_refuses_a_unit_of_another_time(self):
        with pytest.raises(CarryOverError) as refused:
            add_to_list(self.future, 2023, "yếu", acting_user=self.secretariat)
        assert "01/7/2025" in str(refused.value)

    def test_a_finding_of_a_unit_that_did_not_exist_that_day_is_refused(self):
        from steerco.findings.models import Finding

        finding = Finding(owner=self.future, title="x", identified_on=date(2023, 3, 1))
        with pytest.raises(ValidationError) as refused:
            finding.full_clean()
        assert "owner" in refused.value.message_dict

    def test_the_excel_template_lists_only_the_units_of_the_period(self):
        import io

        from openpyxl import load_workbook

        content = build_template(self.secretariat, self.programme, self.district_a, PERIOD, subtree=True)
        text = " ".join(str(c.value) for row in load_workbook(io.BytesIO(content)).active.iter_rows() for c in row)
        assert "DIST-A-CS01" in text and "DIST-A-CS09" in text
        assert "DIST-A-CS02" not in text and "DIST-A-CS10" not in text
