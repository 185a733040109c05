"""The rules of an inspection case, in one place: its subjects, its stages,
the moves between stages, and the forms of discipline each subject may take
(Quy định 69-QĐ/TW).

Plain enums and functions: the model and the service layer call these, and
the tests exercise them without a database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from steerco.lib.errors import Refused


class Subject(models.TextChoices):
    ORGANISATION = "organisation", _("Party organisation")
    FULL_MEMBER = "full_member", _("Full Party member")
    PROBATIONARY_MEMBER = "probationary_member", _("Probationary Party member")


MEMBER_SUBJECTS = (Subject.FULL_MEMBER, Subject.PROBATIONARY_MEMBER)


class Stage(models.TextChoices):
    INSPECTING = "inspecting", _("Inspecting")
    CONCLUDED_VIOLATION = "concluded_violation", _("Concluded: violation found")
    CONCLUDED_NO_VIOLATION = "concluded_no_violation", _("Concluded: no violation")
    DISCIPLINED = "disciplined", _("Discipline decided")
    NOT_DISCIPLINED = "not_disciplined", _("No discipline")


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Reprimand (khiển trách)")
    WARNING = "warning", _("Warning (cảnh cáo)")
    REMOVAL = "removal", _("Removal from post (cách chức)")
    EXPULSION = "expulsion", _("Expulsion (khai trừ)")
    DISSOLUTION = "dissolution", _("Dissolution (giải tán)")


FORMS_FOR = {
    Subject.FULL_MEMBER: (
        DisciplineForm.REPRIMAND,
        DisciplineForm.WARNING,
        DisciplineForm.REMOVAL,
        DisciplineForm.EXPULSION,
    ),
    Subject.PROBATIONARY_MEMBER: (DisciplineForm.REPRIMAND, DisciplineForm.WARNING),
    Subject.ORGANISATION: (DisciplineForm.REPRIMAND, DisciplineForm.WARNING, DisciplineForm.DISSOLUTION),
}

# The only moves a case can make. A case concluded without violation is
# finished; one with a violation ends with a decision: a form, or none.
TRANSITIONS = {
    Stage.INSPECTING: (Stage.CONCLUDED_VIOLATION, Stage.CONCLUDED_NO_VIOLATION),
    Stage.CONCLUDED_VIOLATION: (Stage.DISCIPLINED, Stage.NOT_DISCIPLINED),
    Stage.CONCLUDED_NO_VIOLATION: (),
    Stage.DISCIPLINED: (),
    Stage.NOT_DISCIPLINED: (),
}

CONCLUDED_STAGES = (Stage.CONCLUDED_VIOLATION, Stage.CONCLUDED_NO_VIOLATION, Stage.DISCIPLINED, Stage.NOT_DISCIPLINED)
VIOLATION_STAGES = (Stage.CONCLUDED_VIOLATION, Stage.DISCIPLINED, Stage.NOT_DISCIPLINED)
DECIDED_STAGES = (Stage.DISCIPLINED, Stage.NOT_DISCIPLINED)


class StageError(Refused, ValueError):
    """A move the rules do not allow; the message is for the user."""


def check_move(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, ()):
        raise StageError(
            _("A case at stage “%(current)s” cannot move to “%(target)s”; stages cannot be skipped or undone.")
            % {"current": Stage(current).label, "target": Stage(target).label}
        )


def check_form(subject: str, form: str | None) -> None:
    allowed = FORMS_FOR[Subject(subject)]
    if form not in allowed:
        raise StageError(
            _("“%(form)s” is not a form of discipline for a %(subject)s; allowed: %(allowed)s.")
            % {
                "form": DisciplineForm(form).label if form in DisciplineForm.values else form,
                "subject": str(Subject(subject).label).lower(),
                "allowed": ", ".join(str(f.label) for f in allowed),
            }
        )


def next_stages(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def is_member(subject: str) -> bool:
    return subject in MEMBER_SUBJECTS
