"""django-axes with two limits: a user name from one address is locked
after AXES_FAILURE_LIMIT failures (5), and an address after
LOGIN_ADDRESS_FAILURE_LIMIT failures across all user names (20), so one
address cannot try a few passwords on each of many accounts. The limits
differ (an office behind one address should not be locked by five typos),
which axes cannot say by itself: the address's count is scaled to the
user-name limit."""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum

# the order of settings.AXES_LOCKOUT_PARAMETERS
PAIR, ADDRESS = 0, 1


class TwoLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        counts = [
            attempts.aggregate(Sum("failures_since_start"))["failures_since_start__sum"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        pair = counts[PAIR] if counts else 0
        address = counts[ADDRESS] if len(counts) > ADDRESS else 0
        scaled = address * settings.AXES_FAILURE_LIMIT // max(settings.LOGIN_ADDRESS_FAILURE_LIMIT, 1)
        return max(pair, scaled)
