"""A share on the statistics page is rounded as the programme's ratio
indicator over the same counts rounds it: 55 of 120 is 46 % on the scorecard
and on this page, not 45,8 % here (issue 17: the same rounding everywhere)."""

from steerco.indicators.models import Indicator, IndicatorKind
from steerco.testing import PersonaTestCase

from ..views.statistics import share_decimals


class ShareRoundingTests(PersonaTestCase):
    def test_the_share_takes_the_decimals_of_the_ratio_indicator(self):
        def count(code, key):
            return Indicator.objects.create(
                programme=self.programme, task_group=self.group, code=code, name_vi=code,
                kind=IndicatorKind.COUNT, computed_by=key,
            )  # fmt: skip

        violation = count("M_VP", "inspection.members_violation")
        concluded = count("M_KL", "inspection.members_concluded")
        Indicator.objects.create(
            programme=self.programme, task_group=self.group, code="M_TLVP", name_vi="Tỷ lệ",
            kind=IndicatorKind.RATIO, numerator=violation, denominator=concluded, decimals=0,
        )  # fmt: skip
        decimals = share_decimals()
        assert decimals["members"]["violation"] == 0
        # no indicator over the others: one decimal, as the page always wrote it
        assert decimals["members"]["disciplined"] == 1 and decimals["organisations"]["violation"] == 1
