from datetime import date, timedelta

from django.utils import timezone

from ..models import TRANSITIONS, RemediationAction, Status
from ..services.workflow import TransitionError, transition
from .base import FindingsTestCase


class StateRuleTests(FindingsTestCase):
    def test_the_workflow_runs_open_in_progress_remediated_verified(self):
        assert TRANSITIONS[Status.OPEN] == (Status.IN_PROGRESS, Status.NOT_RELEVANT)
        assert TRANSITIONS[Status.IN_PROGRESS] == (Status.REMEDIATED, Status.NOT_RELEVANT)
        assert Status.VERIFIED in TRANSITIONS[Status.REMEDIATED]
        assert TRANSITIONS[Status.VERIFIED] == ()

    def test_a_finding_cannot_skip_a_state(self):
        with self.assertRaisesMessage(TransitionError, "không thể chuyển sang"):
            transition(self.f_a1, Status.REMEDIATED, acting_user=self.reporter)
        assert self.refresh(self.f_a1).status == Status.OPEN

    def test_a_finding_cannot_be_marked_remediated_without_evidence(self):
        self.start(self.f_a1)
        with self.assertRaisesMessage(TransitionError, "minh chứng"):
            transition(self.f_a1, Status.REMEDIATED, acting_user=self.reporter)
        assert self.refresh(self.f_a1).status == Status.IN_PROGRESS

    def test_with_evidence_the_reporter_marks_it_remediated_on_the_given_date(self):
        self.remediate(self.f_a1)
        finding = self.refresh(self.f_a1)
        assert (finding.status, finding.remediated_on) == (Status.REMEDIATED, date(2023, 4, 1))

    def test_reporter_cannot_verify_their_own_remediation(self):
        self.remediate(self.f_a1)
        with self.assertRaisesMessage(TransitionError, "đơn vị cấp trên"):
            transition(self.f_a1, Status.VERIFIED, acting_user=self.reporter)

    def test_approver_of_the_district_verifies_a_finding_of_its_organisation(self):
        self.remediate(self.f_a1)
        transition(self.f_a1, Status.VERIFIED, on=date(2023, 5, 1), acting_user=self.approver)
        finding = self.refresh(self.f_a1)
        assert (finding.status, finding.verified_by, finding.verified_on) == (
            Status.VERIFIED,
            self.approver,
            date(2023, 5, 1),
        )

    def test_approver_cannot_verify_a_finding_of_their_own_unit(self):
        self.remediate(self.f_a)
        with self.assertRaisesMessage(TransitionError, "đơn vị cấp trên"):
            transition(self.f_a, Status.VERIFIED, acting_user=self.approver)

    def test_the_city_verifies_a_finding_of_the_district(self):
        self.remediate(self.f_a)
        transition(self.f_a, Status.VERIFIED, acting_user=self.secretariat)
        assert self.refresh(self.f_a).status == Status.VERIFIED

    def test_the_superior_sends_a_remediation_back_and_the_date_is_cleared(self):
        self.remediate(self.f_a)
        transition(self.f_a, Status.IN_PROGRESS, note="evidence incomplete", acting_user=self.secretariat)
        finding = self.refresh(self.f_a)
        assert (finding.status, finding.remediated_on) == (Status.IN_PROGRESS, None)

    def test_the_owner_cannot_send_its_own_remediation_back(self):
        self.remediate(self.f_a)
        with self.assertRaisesMessage(TransitionError, "đơn vị cấp trên"):
            transition(self.f_a, Status.IN_PROGRESS, acting_user=self.reporter)

    def test_outsider_cannot_move_another_districts_finding(self):
        with self.assertRaisesMessage(TransitionError, "không được thay đổi"):
            transition(self.f_a, Status.IN_PROGRESS, acting_user=self.outsider)

    def test_viewer_and_inspector_cannot_move_a_finding(self):
        for user in (self.viewer, self.inspector, self.nobody):
            with self.assertRaises(TransitionError):
                transition(self.f_a, Status.IN_PROGRESS, acting_user=user)

    def test_closing_as_no_longer_relevant_dates_it_and_ends_it_being_overdue(self):
        from steerco.audit.reasons import Stated

        from .. import computed

        def overdue_in(period):
            return computed.overdue(None, [self.district_a], [period]).get((self.district_a.pk, period))

        assert overdue_in("2023-H2").total == 2  # deadline 30/06/2023, not remediated
        transition(
            self.f_a,
            Status.NOT_RELEVANT,
            on=date(2023, 8, 1),
            reason=Stated("duplicate", "Trùng hạn chế khác"),
            acting_user=self.reporter,
        )
        assert self.refresh(self.f_a).closed_on == date(2023, 8, 1)
        assert overdue_in("2023-H2").total == 1  # closed before the end of the period
        assert overdue_in("2023-Q3").total == 1
        assert overdue_in("2023-07").total == 2  # still overdue in July, before it was closed

    def test_a_verified_finding_is_final(self):
        self.remediate(self.f_a)
        transition(self.f_a, Status.VERIFIED, acting_user=self.secretariat)
        for to in Status.values:
            with self.assertRaises(TransitionError):
                transition(self.f_a, to, acting_user=self.secretariat)

    def test_dates_cannot_be_in_the_future_or_before_identification(self):
        with self.assertRaisesMessage(TransitionError, "tương lai"):
            transition(
                self.f_a, Status.IN_PROGRESS, on=timezone.localdate() + timedelta(days=1), acting_user=self.reporter
            )
        with self.assertRaisesMessage(TransitionError, "sớm hơn ngày xác định"):
            transition(self.f_a, Status.IN_PROGRESS, on=date(2022, 1, 1), acting_user=self.reporter)

    def test_every_transition_is_audited_with_its_user_and_move(self):
        self.remediate(self.f_a1)
        transition(self.f_a1, Status.VERIFIED, acting_user=self.approver)
        rows = list(self.refresh(self.f_a1).history.order_by("history_date", "history_id"))
        moves = [(r.status, r.history_user, r.history_change_reason) for r in rows[1:]]
        assert moves == [
            (Status.IN_PROGRESS, self.reporter, "open → in_progress"),
            (Status.REMEDIATED, self.reporter, "in_progress → remediated"),
            (Status.VERIFIED, self.approver, "remediated → verified"),
        ]


class ActionStateTests(FindingsTestCase):
    def test_an_action_follows_the_same_rules_with_its_own_evidence(self):
        from ..services import evidence
        from .base import pdf_upload

        action = RemediationAction.objects.create(finding=self.f_a1, owner=self.org_a1, description="Fix it")
        transition(action, Status.IN_PROGRESS, on=date(2023, 2, 1), acting_user=self.reporter)
        self.attach_pdf(self.f_a1)  # evidence of the finding, not of the action
        with self.assertRaisesMessage(TransitionError, "minh chứng"):
            transition(action, Status.REMEDIATED, on=date(2023, 3, 1), acting_user=self.reporter)
        evidence.attach(self.f_a1, pdf_upload(), action=action, acting_user=self.reporter)
        transition(action, Status.REMEDIATED, on=date(2023, 3, 1), acting_user=self.reporter)
        with self.assertRaises(TransitionError):
            transition(action, Status.VERIFIED, acting_user=self.reporter)
        transition(action, Status.VERIFIED, acting_user=self.approver)
        assert RemediationAction.objects.get(pk=action.pk).status == Status.VERIFIED
