from datetime import date, timedelta

from django.utils import timezone

from ..models import Finding, Status
from ..services.exceptions import NO_EVIDENCE, OVERDUE, STALE, exception_list
from .base import FindingsTestCase


class ExceptionListTests(FindingsTestCase):
    def reasons(self, findings, **kwargs):
        return {row.finding.pk: row.reasons for row in exception_list(findings, **kwargs)}

    def test_past_the_deadline_and_not_remediated_is_overdue(self):
        found = self.reasons(Finding.objects.all(), today=date(2023, 7, 1), stale_days=100000)
        assert found == {self.f_a.pk: (OVERDUE,), self.f_a1.pk: (OVERDUE,), self.f_b.pk: (OVERDUE,)}

    def test_a_remediated_finding_is_not_overdue(self):
        self.remediate(self.f_a1)
        found = self.reasons(Finding.objects.all(), today=date(2023, 7, 1), stale_days=100000)
        assert self.f_a1.pk not in found

    def test_a_finding_closed_without_evidence_is_listed(self):
        # Only possible by going around the workflow (an import, the database).
        Finding.objects.filter(pk=self.f_b.pk).update(status=Status.REMEDIATED, remediated_on=date(2023, 3, 1))
        found = self.reasons(Finding.objects.all(), today=date(2023, 5, 1), stale_days=100000)
        assert found == {self.f_b.pk: (NO_EVIDENCE,)}

    def test_an_open_finding_without_update_for_n_days_is_stale(self):
        old = timezone.now() - timedelta(days=40)
        Finding.objects.filter(pk=self.f_a.pk).update(updated_at=old)
        today = timezone.localdate()
        assert self.reasons(Finding.objects.filter(deadline=None), today=today) == {}
        Finding.objects.update(deadline=None)
        assert self.reasons(Finding.objects.all(), today=today, stale_days=30) == {self.f_a.pk: (STALE,)}
        assert self.reasons(Finding.objects.all(), today=today, stale_days=60) == {}

    def test_moving_an_action_counts_as_an_update_of_its_finding(self):
        from ..models import RemediationAction
        from ..services import workflow

        action = RemediationAction.objects.create(finding=self.f_a, owner=self.district_a, description="Do")
        Finding.objects.update(deadline=None, updated_at=timezone.now() - timedelta(days=40))
        workflow.transition(action, Status.IN_PROGRESS, on=date(2023, 2, 1), acting_user=self.reporter)
        found = self.reasons(Finding.objects.all(), today=timezone.localdate(), stale_days=30)
        assert self.f_a.pk not in found and self.f_b.pk in found

    def test_the_list_only_covers_the_scoped_findings_it_is_given(self):
        found = self.reasons(Finding.objects.visible_to(self.outsider), today=date(2023, 7, 1))
        assert set(found) == {self.f_b.pk}
