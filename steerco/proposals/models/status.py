"""The states of ``flow.State`` as choices for the models, with their
labels. The moves between them are in ``flow.MOVES`` and nowhere else."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..flow import State


class Status(models.TextChoices):
    RAISED = State.RAISED.value, _("Raised")
    ASSIGNED = State.ASSIGNED.value, _("Assigned")
    ANSWERED = State.ANSWERED.value, _("Answered")
    DISPUTED = State.DISPUTED.value, _("Still unresolved")
    RESOLVED = State.RESOLVED.value, _("Resolved")
