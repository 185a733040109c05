"""The data steps of the findings migrations, run on today's models."""

from datetime import UTC, date, datetime
from importlib import import_module

from django.apps import apps

from steerco.testing import PersonaTestCase

from ..models import Finding, Status
from .base import make_finding

started_on = import_module("steerco.findings.migrations.0003_par_structure_history_started_on")
closed_on = import_module("steerco.findings.migrations.0004_closed_on")


class BackfillStartedOnTests(PersonaTestCase):
    def test_work_started_on_the_local_day_of_the_first_in_progress_version(self):
        """20:00 UTC on 1 March is 03:00 on 2 March in Hà Nội: the day the
        workflow itself would have recorded."""
        finding = make_finding(self.district_a, status=Status.IN_PROGRESS)
        finding.history.update(history_date=datetime(2023, 3, 1, 20, 0, tzinfo=UTC))
        Finding.objects.filter(pk=finding.pk).update(started_on=None)
        started_on.backfill_started_on(apps, None)
        assert Finding.objects.get(pk=finding.pk).started_on == date(2023, 3, 2)


class BackfillClosedOnTests(PersonaTestCase):
    def test_closed_on_the_local_day_of_the_first_not_relevant_version(self):
        finding = make_finding(self.district_a, status=Status.NOT_RELEVANT)
        finding.history.update(history_date=datetime(2023, 3, 1, 20, 0, tzinfo=UTC))
        still_open = make_finding(self.district_a, status=Status.OPEN)
        closed_on.backfill_closed_on(apps, None)
        assert Finding.objects.get(pk=finding.pk).closed_on == date(2023, 3, 2)
        assert Finding.objects.get(pk=still_open.pk).closed_on is None
