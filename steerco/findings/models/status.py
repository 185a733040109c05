"""The remediation workflow in one place: the states and which moves
between them are allowed. Findings and remediation actions share it.

open → in progress → remediated → verified; a verifier who is not
satisfied sends a remediated item back to in progress.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    REMEDIATED = "remediated", _("Remediated")
    VERIFIED = "verified", _("Verified")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.IN_PROGRESS,),
    Status.IN_PROGRESS: (Status.REMEDIATED,),
    Status.REMEDIATED: (Status.VERIFIED, Status.IN_PROGRESS),
    Status.VERIFIED: (),
}

# Moves that only the superior unit may make: accepting the remediation,
# or sending it back.
SUPERIOR_MOVES = {(Status.REMEDIATED, Status.VERIFIED), (Status.REMEDIATED, Status.IN_PROGRESS)}

# States in which the remediation is done (verified implies remediated).
DONE = (Status.REMEDIATED, Status.VERIFIED)


def allowed_moves(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())
