"""Fixtures for follow-up tests: the collection round (2023-H1, deadline
20 June 2023, owed by both districts and their organisations) with email
addresses for the personas, and a clock to move along it."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from steerco.collection.tests.base import RoundTestCase

from ..delivery import run
from ..models import Notice

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@contextmanager
def on(day: date):
    """The clock stopped at 9:00 in Hanoi on ``day``."""
    with time_machine.travel(datetime.combine(day, time(9), tzinfo=HANOI), tick=False):
        yield


class FollowupTestCase(RoundTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for user in (cls.secretariat, cls.reporter, cls.approver, cls.outsider, cls.viewer, cls.inspector):
            user.email = f"{user.username}@example.org"
            user.save()

    def remind(self, day: date, **kwargs):
        with on(day):
            return run(day, **kwargs)

    def received(self, user, **filters) -> list[tuple[str, str]]:
        """(kind, unit code) of the user's notices, in order."""
        rows = Notice.objects.filter(user=user, **filters).order_by("pk")
        return [(n.kind, n.unit.code if n.unit else "") for n in rows.select_related("unit")]
