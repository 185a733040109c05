"""The remediation workflow in one place: the states and which moves
between them are allowed. Findings and remediation actions share it.

open → in progress → remediated → verified; a verifier who is not
satisfied sends a remediated item back to in progress. An open or
in-progress item may be closed as no longer relevant, with a stated
reason (``audit.reasons``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    OPEN = "open", pgettext_lazy("remediation", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("remediation", "In progress")
    REMEDIATED = "remediated", _("Remediated")
    VERIFIED = "verified", _("Verified")
    NOT_RELEVANT = "not_relevant", _("No longer relevant")


TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.OPEN: (Status.IN_PROGRESS, Status.NOT_RELEVANT),
    Status.IN_PROGRESS: (Status.REMEDIATED, Status.NOT_RELEVANT),
    Status.REMEDIATED: (Status.VERIFIED, Status.IN_PROGRESS),
    Status.VERIFIED: (),
    Status.NOT_RELEVANT: (),
}

# Closing as no longer relevant changes what was agreed: it needs a reason.
NEEDS_REASON = frozenset({Status.NOT_RELEVANT})

# Moves that only the superior unit may make: accepting the remediation,
# or sending it back.
SUPERIOR_MOVES = {(Status.REMEDIATED, Status.VERIFIED), (Status.REMEDIATED, Status.IN_PROGRESS)}

# States in which the remediation is done (verified implies remediated).
DONE = (Status.REMEDIATED, Status.VERIFIED)


def allowed_moves(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())
