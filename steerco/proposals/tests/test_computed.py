"""The counts as computed indicators: a pack indicator names the key and
the scorecard rolls it up like any count."""

from datetime import date

from django.urls import reverse

from steerco.indicators.models import Indicator, IndicatorKind
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period

from ..services import items
from .base import ProposalsTestCase


class ComputedTests(ProposalsTestCase):
    def test_raised_answered_on_time_late_and_open_roll_up_by_the_raising_unit(self):
        codes = {}
        for key in ("raised", "answered_on_time", "answered_late", "unanswered", "overdue"):
            codes[key] = Indicator.objects.create(
                programme=self.programme, task_group=self.group, code=key.upper(), name_vi=key,
                kind=IndicatorKind.COUNT, computed_by=f"proposals.{key}",
            ).code  # fmt: skip
        on_time = self.raise_one(on=date(2023, 2, 1))
        late = self.raise_one(unit=self.org_a1, on=date(2023, 2, 2))
        open_ = self.raise_one(unit=self.district_b, user=self.outsider, on=date(2023, 2, 3))
        self.raise_one(on=date(2023, 7, 1))  # another period
        for item in (on_time, late, open_):
            items.assign(item, deadline=date(2023, 3, 31), body_unit=self.commission,
                         on=date(2023, 2, 5), acting_user=self.secretariat)  # fmt: skip
        items.answer(on_time, text="Yes", on=date(2023, 3, 30), acting_user=self.body_reporter)
        items.answer(late, text="Yes", on=date(2023, 4, 2), acting_user=self.body_reporter)

        def figures(unit):
            rows = {r.indicator.code: r for r in build_scorecard(self.programme, unit, Period.parse("2023-H1")).rows}
            return {k: int(rows[c].figure.value or 0) for k, c in codes.items()}

        self.assertEqual(
            figures(self.city), {"raised": 3, "answered_on_time": 1, "answered_late": 1, "unanswered": 1, "overdue": 1}
        )
        self.assertEqual(
            figures(self.district_a),
            {"raised": 2, "answered_on_time": 1, "answered_late": 1, "unanswered": 0, "overdue": 0},
        )


class RecordsBehindTheFigureTests(ProposalsTestCase):
    def test_the_list_takes_a_figures_filter_under_the_window(self):
        Indicator.objects.create(
            programme=self.programme, task_group=self.group, code="RAISED", name_vi="Kiến nghị được nêu",
            kind=IndicatorKind.COUNT, computed_by="proposals.raised",
        )  # fmt: skip
        self.programme.window_day, self.programme.window_month = 15, 12
        self.programme.save()
        self.raise_one(on=date(2022, 12, 20))  # 2023-H1 under the window from 15/12
        self.raise_one(on=date(2023, 6, 14))  # its last day
        self.raise_one(on=date(2023, 6, 15))  # 2023-H2
        self.client.force_login(self.secretariat)
        query = {"programme": self.programme.code, "indicator": "RAISED", "unit": self.city.code, "period": "2023-H1"}
        page = self.client.get(reverse("proposals:list"), query)
        assert sorted(i.raised_on for i in page.context["page"]) == [date(2022, 12, 20), date(2023, 6, 14)]
        assert "15/12/2022 – 14/6/2023" in page.content.decode()
