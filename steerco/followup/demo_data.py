"""Follow-up in the demo: reminder intervals for Programme 01. Nothing is sent
here: run ``steerco remind --today 2023-07-20`` to chase the units that
missed the 2023-H1 deadline (docs/followup.md)."""

from steerco.demo.loader import PROGRAMME_CODE
from steerco.programmes.models import Programme

from .models import ReminderPolicy


def load(progress) -> None:
    progress("Reminder intervals …")
    _demo_addresses()
    programme = Programme.objects.get(code=PROGRAMME_CODE)
    ReminderPolicy.objects.update_or_create(
        programme=programme,
        defaults={
            "report_days_before": 7,
            "approval_after_days": 3,
            "action_days_before": 14,
            "finding_stale_days": 90,
        },
    )


def _demo_addresses() -> None:
    """Example addresses for the demo logins, so the console mail backend
    shows the reminder emails (``.invalid`` never delivers)."""
    from django.contrib.auth import get_user_model

    for user in get_user_model().objects.filter(email=""):
        user.email = f"{user.username}@demo.steerco.invalid"
        user.save(update_fields=["email"])
