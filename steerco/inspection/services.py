"""The only way to change a case: open it, conclude it, decide on
discipline, record or read the person in it. Each move checks the rules in
``stages``, runs in one transaction on a locked row, and is audited
(simple-history for the case, ``PersonView`` for every read of a person)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.units import validity

from .models import Case, Channel, PersonRecord, PersonView
from .scope import jurisdiction, level_served, own_commissions
from .stages import Stage, StageError, Subject, check_form, check_move, is_member


def _as_user(instance, user):
    return stamp(instance, acting_user=user)


def case_code(commission, year: int, number: int) -> str:
    """DIST-A-2023-007: the commission, the year opened, a number."""
    return f"{commission.code}-{year}-{number:03d}"


def _next_code(commission, year: int) -> str:
    prefix = case_code(commission, year, 0)[:-3]
    taken = Case.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()]
    return case_code(commission, year, max(numbers, default=0) + 1)


def _require_owner(case_or_commission, user) -> None:
    if user is None:  # demo loader and management commands
        return
    commission_id = getattr(case_or_commission, "commission_id", None) or case_or_commission.pk
    if not own_commissions(user).filter(pk=commission_id).exists():
        raise PermissionDenied(_("Only the commission that owns the case may change it."))


@transaction.atomic
def open_case(
    *,
    commission,
    subject: str,
    opened_on: date,
    subject_unit=None,
    full_name: str = "",
    identity_number: str = "",
    acting_user=None,
    synthetic: bool = False,
) -> Case:
    _require_owner(commission, acting_user)
    if subject_unit is not None and not subject_unit.path.startswith(level_served(commission).path):
        raise ValidationError({"subject_unit": _("The organisation is outside this commission's level.")})
    if subject_unit is not None:
        refused = validity.day_refusal(subject_unit, opened_on)
        if refused:
            raise ValidationError({"subject_unit": refused})
    if not is_member(subject) and (full_name or identity_number):
        raise ValidationError(_("A case on an organisation keeps no personal data."))
    case = Case(
        code=_next_code(commission, opened_on.year),
        commission=commission,
        subject=subject,
        subject_unit=subject_unit,
        opened_on=opened_on,
        created_by=acting_user if acting_user is not None and acting_user.is_authenticated else None,
        synthetic=synthetic,
    )
    case.full_clean(validate_constraints=False)  # the database enforces them
    _as_user(case, acting_user).save()
    if full_name:
        record_person(case, full_name=full_name, identity_number=identity_number, acting_user=acting_user)
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_date(on: date, after: date, field: str, message: str) -> None:
    if on < after:
        raise ValidationError({field: message})


def apply_conclusion(case: Case, *, on: date, violation: bool) -> Case:
    """Move a case (in memory) to its conclusion, or say why it cannot."""
    target = Stage.CONCLUDED_VIOLATION if violation else Stage.CONCLUDED_NO_VIOLATION
    try:
        check_move(case.stage, target)
    except StageError as e:
        raise ValidationError(str(e)) from None
    _check_date(on, case.opened_on, "concluded_on", _("The conclusion cannot come before the case was opened."))
    case.stage, case.concluded_on = target, on
    return case


def apply_decision(case: Case, *, on: date, form: str | None) -> Case:
    """Move a case (in memory) to a decision: a form, or none (``None``)."""
    target = Stage.DISCIPLINED if form else Stage.NOT_DISCIPLINED
    try:
        check_move(case.stage, target)
        if form:
            check_form(case.subject, form)
    except StageError as e:
        raise ValidationError(str(e)) from None
    _check_date(on, case.concluded_on, "decided_on", _("The decision cannot come before the conclusion."))
    case.stage, case.decided_on, case.discipline_form = target, on, form or ""
    return case


def _save_move(case: Case, user) -> Case:
    case.full_clean(validate_constraints=False)  # the database enforces them; the rules are checked above
    _as_user(case, user).save()
    return case


@transaction.atomic
def conclude(case: Case, *, on: date, violation: bool, acting_user=None) -> Case:
    _require_owner(case, acting_user)
    return _save_move(apply_conclusion(_locked(case), on=on, violation=violation), acting_user)


@transaction.atomic
def decide(case: Case, *, on: date, form: str | None, acting_user=None) -> Case:
    """Record the discipline decided (a form) or that none was (``None``)."""
    _require_owner(case, acting_user)
    return _save_move(apply_decision(_locked(case), on=on, form=form), acting_user)


@transaction.atomic
def record_person(case: Case, *, full_name: str, identity_number: str = "", acting_user=None) -> PersonRecord:
    _require_owner(case, acting_user)
    if case.subject == Subject.ORGANISATION:
        raise ValidationError(_("A case on an organisation keeps no personal data."))
    full_name, identity_number = full_name.strip(), identity_number.strip()
    if not full_name:
        raise ValidationError({"full_name": _("Enter the member's full name.")})
    if identity_number and not (identity_number.isdigit() and len(identity_number) in (9, 12)):
        raise ValidationError({"identity_number": _("An identity number has 12 digits (or 9 on an old card).")})
    person = PersonRecord.objects.filter(case=case).first() or PersonRecord(case=case)
    person.full_name, person.identity_number = full_name, identity_number
    _as_user(person, acting_user).save()
    return person


def read_person(case: Case, channel: str = Channel.WEB, *, acting_user) -> PersonRecord | None:
    """The person in a case, for a user in scope; each read is logged."""
    if not Case.objects.visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(_("You may not see this case."))
    person = PersonRecord.objects.filter(case=case).first()
    if person is not None:
        PersonView.objects.create(case=case, user=acting_user, channel=channel)
    return person


def cases_in_scope(user):
    """Shortcut for views: every case the user may see, with what lists show."""
    return Case.objects.visible_to(user).select_related("commission", "subject_unit")


__all__ = ["cases_in_scope", "conclude", "decide", "jurisdiction", "open_case", "read_person", "record_person"]
