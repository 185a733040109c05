"""Demo reporting rounds for Programme 01: 2023-H1 (data window 15 December
2022 – 14 June 2023, the pack's reporting window), where every unit that
has approved records counts as approved, and 2023-H2, open, where nothing
has been entered yet. The
completeness view then shows who reported and who did not; no figure is
typed here."""

from datetime import timedelta

from django.contrib.auth import get_user_model

from steerco.indicators.models import DataValue, ValueStatus
from steerco.programmes.models import Programme

from .models import Submission
from .services import open_round

PROGRAMME_CODE = "01-CTr/TU"
# Grassroots organisations report to their district committee, whose
# figures and registers carry theirs; they owe the city no report here.
REPORTING_TYPES = ("organ", "district", "bloc", "agency")
# Each round's data window is its period's days under the programme's
# reporting window (open_round's default); reports are due six days after.
ROUNDS = ["2023-H1", "2023-H2"]
DUE_AFTER = timedelta(days=6)


def load(progress) -> None:
    programme = Programme.objects.select_related("owner").get(code=PROGRAMME_CODE)
    secretariat = get_user_model().objects.get(username="demo")
    for period in ROUNDS:
        span = programme.reporting_window.span(period)
        progress(f"Opening the reporting round {period} ({span.label}) …")
        round_ = open_round(
            programme,
            period,
            deadline=span.end + DUE_AFTER,
            unit_types=REPORTING_TYPES,
            acting_user=secretariat,
        )
        reported = set(
            DataValue.objects.filter(
                indicator__programme=programme, period=period, status=ValueStatus.APPROVED
            ).values_list("unit_id", flat=True)
        )
        Submission.objects.filter(round=round_, unit_id__in=reported).update(status=ValueStatus.APPROVED)
