"""Moving a case through its stages, in the service layer and in the
database."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from .. import services
from ..models import Case
from ..stages import DisciplineForm, Stage, Subject
from .base import InspectionTestCase


class CaseStageTests(InspectionTestCase):
    def test_a_case_gets_a_code_of_its_commission_and_year(self):
        assert self.case_a.code == "DIST-A-2023-001"
        second = services.open_case(commission=self.district_a, subject=Subject.FULL_MEMBER, opened_on=date(2023, 5, 1))
        assert second.code == "DIST-A-2023-002"

    def test_a_case_goes_through_every_stage_with_its_dates(self):
        case = services.conclude(self.case_a, on=date(2023, 3, 1), violation=True, acting_user=self.inspector_a)
        case = services.decide(case, on=date(2023, 3, 20), form=DisciplineForm.WARNING, acting_user=self.inspector_a)
        case.refresh_from_db()
        assert (case.stage, case.opened_on, case.concluded_on, case.decided_on, case.discipline_form) == (
            Stage.DISCIPLINED,
            date(2023, 2, 1),
            date(2023, 3, 1),
            date(2023, 3, 20),
            DisciplineForm.WARNING,
        )

    def test_every_move_is_in_the_history_with_its_user(self):
        services.conclude(self.case_a, on=date(2023, 3, 1), violation=False, acting_user=self.inspector_a)
        stages = list(self.case_a.history.order_by("history_date").values_list("stage", "history_user__username"))
        assert stages == [(Stage.INSPECTING, "inspector_a"), (Stage.CONCLUDED_NO_VIOLATION, "inspector_a")]

    def test_a_decision_cannot_skip_the_conclusion(self):
        with self.assertRaisesMessage(ValidationError, "không thể"):
            services.decide(self.case_a, on=date(2023, 3, 1), form=DisciplineForm.REPRIMAND)
        self.case_a.refresh_from_db()
        assert self.case_a.stage == Stage.INSPECTING

    def test_a_case_without_violation_takes_no_discipline(self):
        case = services.conclude(self.case_a, on=date(2023, 3, 1), violation=False)
        with self.assertRaises(ValidationError):
            services.decide(case, on=date(2023, 3, 2), form=DisciplineForm.REPRIMAND)

    def test_a_conclusion_cannot_be_recorded_twice(self):
        services.conclude(self.case_a, on=date(2023, 3, 1), violation=True)
        with self.assertRaises(ValidationError):
            services.conclude(self.case_a, on=date(2023, 3, 2), violation=False)

    def test_an_organisation_cannot_be_expelled(self):
        case = services.conclude(self.case_b, on=date(2023, 4, 1), violation=True)
        with self.assertRaisesMessage(ValidationError, "Giải tán"):
            services.decide(case, on=date(2023, 4, 2), form=DisciplineForm.EXPULSION)
        services.decide(case, on=date(2023, 4, 2), form=DisciplineForm.DISSOLUTION)

    def test_a_probationary_member_cannot_be_removed_from_post(self):
        case = services.open_case(
            commission=self.district_a, subject=Subject.PROBATIONARY_MEMBER, opened_on=date(2023, 1, 5)
        )
        case = services.conclude(case, on=date(2023, 2, 1), violation=True)
        for form in (DisciplineForm.REMOVAL, DisciplineForm.EXPULSION):
            with self.assertRaises(ValidationError):
                services.decide(case, on=date(2023, 2, 2), form=form)
        services.decide(case, on=date(2023, 2, 2), form=DisciplineForm.REPRIMAND)

    def test_a_violation_may_end_with_no_discipline(self):
        case = services.conclude(self.case_a, on=date(2023, 3, 1), violation=True)
        case = services.decide(case, on=date(2023, 3, 5), form=None)
        assert (case.stage, case.discipline_form) == (Stage.NOT_DISCIPLINED, "")

    def test_dates_must_follow_each_other(self):
        with self.assertRaisesMessage(ValidationError, "trước khi"):
            services.conclude(self.case_a, on=date(2023, 1, 1), violation=True)
        case = services.conclude(self.case_a, on=date(2023, 3, 1), violation=True)
        with self.assertRaises(ValidationError):
            services.decide(case, on=date(2023, 2, 1), form=None)

    def test_an_organisation_case_names_its_organisation_and_keeps_no_name(self):
        with self.assertRaises(ValidationError):
            services.open_case(commission=self.district_a, subject=Subject.ORGANISATION, opened_on=date(2023, 1, 1))
        with self.assertRaises(ValidationError):
            services.open_case(
                commission=self.district_a,
                subject=Subject.ORGANISATION,
                subject_unit=self.org_a1,
                opened_on=date(2023, 1, 1),
                full_name="Ai đó",
            )

    def test_a_commission_cannot_inspect_an_organisation_of_another_district(self):
        with self.assertRaises(ValidationError):
            services.open_case(
                commission=self.district_a,
                subject=Subject.ORGANISATION,
                subject_unit=self.org_b1,
                opened_on=date(2023, 1, 1),
            )

    def test_only_the_owning_commission_moves_a_case(self):
        for user in (self.inspector_b, self.reporter, self.secretariat, self.inspector):
            with self.assertRaises(PermissionDenied):
                services.conclude(self.case_a, on=date(2023, 3, 1), violation=True, acting_user=user)

    def test_the_database_refuses_a_skipped_stage_or_a_wrong_form(self):
        bad = [
            {"stage": Stage.DISCIPLINED, "discipline_form": DisciplineForm.REPRIMAND},  # no dates
            {"stage": Stage.CONCLUDED_VIOLATION},  # no conclusion date
            {"concluded_on": date(2023, 1, 1)},  # a date while inspecting
        ]
        for change in bad:
            with self.assertRaises(IntegrityError), transaction.atomic():
                Case.objects.filter(pk=self.case_a.pk).update(**change)
        case = services.conclude(self.case_b, on=date(2023, 4, 1), violation=True)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Case.objects.filter(pk=case.pk).update(
                stage=Stage.DISCIPLINED, decided_on=date(2023, 4, 2), discipline_form=DisciplineForm.EXPULSION
            )
