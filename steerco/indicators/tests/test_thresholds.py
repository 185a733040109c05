"""Targets on ratios and thresholds: "≤ 2,0 %", "≥ 90 %" per unit and
period, honouring the indicator's direction; the pack, the API and the
admin accept exactly the same targets; export then import keeps them."""

from decimal import Decimal

import yaml
from django.test import Client
from rest_framework.test import APIClient

from steerco.indicators.models import Indicator, IndicatorKind, Target, TargetKind
from steerco.indicators.packs import PackError, dump_pack, load_pack
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period
from steerco.lib.status import Status
from steerco.reports.phrases import target_text, value_text
from steerco.testing import PersonaTestCase

H1 = Period.parse("2023-H1")


class ThresholdStatusTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # SHARE = DONE / TOTAL (2 decimals), higher is better.
        cls.enter(cls.done, cls.org_a1, "2023-H1", 7)
        cls.enter(cls.total, cls.org_a1, "2023-H1", 13)
        cls.enter(cls.done, cls.org_b1, "2023-H1", 1)
        cls.enter(cls.total, cls.org_b1, "2023-H1", 5)
        # WEAK yes/no, lower is better: A1 yes, A2 no, B1 yes.
        Indicator.objects.filter(pk=cls.weak.pk).update(direction="lower", decimals=1)
        cls.enter(cls.weak, cls.org_a1, "2023-H1", 1)
        cls.enter(cls.weak, cls.org_a2, "2023-H1", 0)
        cls.enter(cls.weak, cls.org_b1, "2023-H1", 1)
        # Thresholds set once, on the city, for the year.
        Target.objects.create(indicator=cls.share, unit=cls.city, period="2023", value=50, kind=TargetKind.THRESHOLD)
        Target.objects.create(indicator=cls.weak, unit=cls.city, period="2023", value=50, kind=TargetKind.THRESHOLD)
        # District B has its own, looser floor for the half-year.
        Target.objects.create(
            indicator=cls.share, unit=cls.district_b, period="2023-H1", value=20, kind=TargetKind.THRESHOLD
        )

    def row(self, unit, code):
        return next(r for r in build_scorecard(self.programme, unit, H1).rows if r.indicator.code == code)

    def test_a_ratio_is_judged_against_its_threshold_whatever_the_time_of_year(self):
        # City: (7 + 1) / (13 + 5) = 44,44 % against ≥ 50 %: 44,44 ≥ 40 (50 × 0,8), behind.
        city = self.row(self.city, "SHARE")
        assert city.figure.value.quantize(Decimal("0.01")) == Decimal("44.44")
        assert (city.target.value, city.target.threshold, city.due_share) == (50, True, 1)
        assert city.status == Status.BEHIND and city.share_of_target is None
        # District A inherits the city's floor: 7 / 13 = 53,85 %, achieved.
        a = self.row(self.district_a, "SHARE")
        assert (a.target.value, a.target.own, a.status) == (50, None, Status.ACHIEVED)
        # District B's own floor wins over the city's: 1 / 5 = 20 % ≥ 20 %.
        b = self.row(self.district_b, "SHARE")
        assert (b.target.value, b.target.own, b.target.period, b.status) == (20, 20, "2023-H1", Status.ACHIEVED)

    def test_a_yes_no_threshold_is_on_the_share_of_units_and_honours_direction(self):
        # City: 2 of 3 units weak = 66,7 % against ≤ 50 %: 66,7 × 0,8 = 53,3 > 50, at risk.
        city = self.row(self.city, "WEAK")
        assert city.measured.quantize(Decimal("0.1")) == Decimal("66.7")
        assert city.status == Status.AT_RISK and city.threshold_sign == "≤"
        # District A: 1 of 2 = 50 % ≤ 50 %, achieved.
        assert self.row(self.district_a, "WEAK").status == Status.ACHIEVED

    def test_the_report_and_the_dashboard_show_the_threshold_and_the_share_with_its_decimals(self):
        assert "≥ 50,00 %" in target_text(self.row(self.city, "SHARE"), "vi")
        assert "≤ 50,0 %" in target_text(self.row(self.city, "WEAK"), "vi")
        shown = value_text(self.row(self.city, "WEAK"), lang="vi", with_percent=True)
        assert shown.startswith("2/3") and shown.endswith("(66,7 %)")  # the pack's one decimal, not 67 %
        self.client.force_login(self.secretariat)
        body = self.client.get("/", {"period": "2023-H1"}).content.decode()
        assert "≥ 50,00 %" in body
        assert "66,7 %" in body  # the yes/no share with the indicator's decimals, not 67 %


# (indicator, kind, value) → accepted?
CASES = [
    ("SHARE", None, "45", True),  # a ratio's target is a threshold by default
    ("SHARE", "threshold", "2.5", True),
    ("SHARE", "amount", "45", False),  # never an amount
    ("SHARE", "threshold", "200", False),  # a percentage
    ("ADMITTED", None, "311", True),
    ("ADMITTED", "threshold", "90", True),
    ("ADMITTED", "amount", "-1", False),
    ("WEAK", "threshold", "120", False),
    ("WEAK", "threshold", "90", True),
]


class SameTargetsEverywhereTests(PersonaTestCase):
    def api(self, code, kind, value) -> bool:
        body = {"programme": "99-CTr/TU", "indicator": code, "unit": "DIST-A", "period": "2023", "value": value}
        if kind:
            body["kind"] = kind
        client = APIClient()
        client.force_authenticate(self.secretariat)
        response = client.post("/api/targets/", body, format="json")
        assert response.status_code in (200, 400), response.content
        return response.status_code == 200

    def pack(self, code, kind, value) -> bool:
        pack = dump_pack(self.programme)
        item = {"indicator": code, "period": "2023", "values": {"DIST-A": float(value)}}
        pack["targets"] = [item | ({"kind": kind} if kind else {})]
        try:
            load_pack(pack)
        except PackError:
            return False
        return True

    def admin(self, code, kind, value) -> bool:
        root = type(self.secretariat).objects.filter(is_superuser=True).first() or type(
            self.secretariat
        ).objects.create_superuser("root", "root@example.org", "x")
        client = Client()
        client.force_login(root)
        indicator = Indicator.objects.get(programme=self.programme, code=code)
        body = {"indicator": indicator.pk, "unit": self.district_a.pk, "period": "2023", "kind": kind or ""}
        response = client.post("/admin/indicators/target/add/", body | {"value": value, "note": ""})
        assert response.status_code in (200, 302)
        return response.status_code == 302

    def test_the_pack_the_api_and_the_admin_accept_the_same_targets(self):
        for code, kind, value, accepted in CASES:
            for channel in (self.api, self.pack, self.admin):
                with self.subTest(code=code, kind=kind, value=value, channel=channel.__name__):
                    Target.objects.all().delete()
                    assert channel(code, kind, value) is accepted
                    found = Target.objects.filter(indicator__code=code, unit=self.district_a, period="2023").first()
                    if accepted:
                        expected = kind or ("threshold" if code == "SHARE" else "amount")
                        assert (found.value, found.kind) == (Decimal(value), expected)
                    else:
                        assert found is None

    def test_export_then_import_keeps_every_target(self):
        Target.objects.create(
            indicator=self.share, unit=self.city, period="2023", value=Decimal("2.5"), kind="threshold"
        )
        Target.objects.create(indicator=self.admitted, unit=self.district_a, period="2023", value=311)
        Target.objects.create(indicator=self.admitted, unit=self.city, period="2023-H1", value=90, kind="threshold")
        Target.objects.create(indicator=self.weak, unit=self.city, period="2023", value=90, kind="threshold")
        before = set(Target.objects.values_list("indicator__code", "unit__code", "period", "kind", "value"))
        exported = dump_pack(self.programme)
        assert {"indicator": "SHARE", "period": "2023", "values": {"CITY": 2.5}} in exported["targets"]
        assert {"indicator": "WEAK", "period": "2023", "kind": "threshold", "values": {"CITY": 90}} in exported[
            "targets"
        ]
        Target.objects.all().delete()
        load_pack(yaml.safe_load(yaml.safe_dump(exported, allow_unicode=True)))
        after = set(Target.objects.values_list("indicator__code", "unit__code", "period", "kind", "value"))
        assert after == before
        assert dump_pack(self.programme) == exported
        assert self.programme.indicators.get(code="SHARE").kind == IndicatorKind.RATIO
