"""The eight inspection keys are one batch: one query for all of them,
the same figures as the statistics page."""

from datetime import date

from steerco.indicators.computed import compute_many
from steerco.lib.periods import Period

from .. import services
from ..computed import KEY_GROUPS, KEYS, inspection_counts
from ..statistics import MEASURES, level_stats
from .base import InspectionTestCase


class BatchTests(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        services.conclude(cls.case_b, on=date(2023, 4, 1), violation=True)
        services.conclude(cls.case_city, on=date(2023, 8, 1), violation=False)

    def test_every_key_equals_the_statistics_of_each_unit_and_period(self):
        units = [self.city, self.commission, self.district_a, self.district_b, self.org_b1]
        periods = ["2023-H1", "2023-H2", "2022-H1"]
        got = inspection_counts(list(KEYS), units, periods)
        for unit in units:
            for code in periods:
                stats = level_stats(unit, Period.parse(code))
                for prefix, group in KEY_GROUPS.items():
                    funnel = stats.group(group).current
                    for measure in MEASURES:
                        found = got[f"inspection.{prefix}_{measure}"].get((unit.pk, code))
                        if funnel.cases:
                            assert (found.total, found.reporting) == (getattr(funnel, measure), funnel.cases)
                        else:
                            assert found is None, (unit.code, code, prefix, measure)

    def test_all_keys_take_one_query(self):
        indicators = []
        for i, key in enumerate(KEYS):
            ind = self.programme.indicators.create(
                task_group=self.group, code=f"INSP{i}", name_vi=key, kind="count", computed_by=key
            )
            indicators.append(ind)
        children = [self.commission, self.district_a, self.district_b]
        with self.assertNumQueries(1):
            got = compute_many(indicators, children, ["2023-H1", "2022-H1"])
        assert got[indicators[0].pk][(self.district_b.pk, "2023-H1")].total == 1  # orgs inspected: case B
