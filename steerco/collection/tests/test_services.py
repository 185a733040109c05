from decimal import Decimal

from steerco.audit.reasons import Stated
from steerco.indicators.models import DataValue, Source, ValueStatus

from ..models import Submission
from ..services import Entry, Rejected, record
from ..workflow import Action
from .base import PERIOD, RoundTestCase


class WriteTests(RoundTestCase):
    def test_a_reporter_enters_values_with_provenance(self):
        outcome = self.write(self.reporter, self.org_a1, {"ADMITTED": 5, "DONE": 3, "TOTAL": 4}, source_ref="test")
        assert (outcome.created, outcome.updated) == (3, 0)
        value = DataValue.objects.get(unit=self.org_a1, indicator=self.admitted)
        assert (value.value, value.status, value.entered_by, value.source, value.source_ref, value.version) == (
            Decimal(5),
            ValueStatus.DRAFT,
            self.reporter,
            Source.FORM,
            "test",
            1,
        )
        last = value.history.latest()
        assert last.history_user == self.reporter and last.history_change_reason == "form: test"

    def test_the_same_values_twice_change_nothing(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        outcome = self.write(self.reporter, self.org_a1, {"ADMITTED": 5}, version_ADMITTED=1)
        assert (outcome.changed, outcome.unchanged) == (0, 1)
        assert DataValue.objects.get(unit=self.org_a1).history.count() == 1

    def test_reporter_cannot_edit_another_district(self):
        with self.assertRaises(Rejected) as caught:
            self.write(self.outsider, self.org_a1, {"ADMITTED": 5})
        assert caught.exception.is_forbidden
        assert not DataValue.objects.exists()

    def test_viewer_and_approver_cannot_enter_values(self):
        for user in (self.viewer, self.approver, self.inspector, self.nobody):
            with self.assertRaises(Rejected):
                self.write(user, self.org_a1, {"ADMITTED": 5})
        assert not DataValue.objects.exists()

    def test_bad_values_are_refused_whole(self):
        cases = [
            {"ADMITTED": -1},
            {"ADMITTED": "2.5"},
            {"WEAK": 2},
            {"DONE": 5, "TOTAL": 4},
            {"ADMITTED": 1001},
            {"SHARE": 1},
            {"NOPE": 1},
        ]
        for values in cases:
            with self.subTest(values=values), self.assertRaises(Rejected):
                self.write(self.reporter, self.org_a1, {"TOTAL": 10, **values})
        assert not DataValue.objects.exists()

    def test_messages_are_in_vietnamese(self):
        with self.assertRaises(Rejected) as caught:
            self.write(self.reporter, self.org_a1, {"DONE": 5, "TOTAL": 4})
        assert caught.exception.problems[0].message == (
            "Xong (DONE = 5) không được lớn hơn Tổng (TOTAL = 4): đây là tử số và mẫu số của Tỷ lệ (SHARE)."
        )

    def test_a_stale_version_is_a_conflict(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        self.write(self.reporter, self.org_a1, {"ADMITTED": 6}, version_ADMITTED=1)
        with self.assertRaises(Rejected) as caught:
            self.write(self.reporter, self.org_a1, {"ADMITTED": 7}, version_ADMITTED=1)
        assert caught.exception.is_conflict
        assert DataValue.objects.get(unit=self.org_a1).value == 6

    def test_no_round_no_entry(self):
        with self.assertRaises(Rejected):
            self.write(self.reporter, self.org_a1, {"ADMITTED": 5}, period="2024-H1")


class WorkflowTests(RoundTestCase):
    def act(self, user, unit, action, **kwargs):
        return record(self.programme, unit, PERIOD, action=action, **kwargs, acting_user=user)

    def status(self, unit):
        return Submission.objects.get(round=self.round, unit=unit).status

    def test_submit_approve_locks_the_values(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        self.act(self.reporter, self.org_a1, Action.SUBMIT)
        assert DataValue.objects.get().status == ValueStatus.SUBMITTED
        with self.assertRaises(Rejected):
            self.write(self.reporter, self.org_a1, {"ADMITTED": 6}, version_ADMITTED=2)
        with self.assertRaises(Rejected):  # a reporter does not approve
            self.act(self.reporter, self.org_a1, Action.APPROVE)
        self.act(self.approver, self.org_a1, Action.APPROVE)
        assert DataValue.objects.get().status == ValueStatus.APPROVED
        with self.assertRaises(Rejected) as caught:
            self.write(self.reporter, self.org_a1, {"ADMITTED": 6}, version_ADMITTED=3)
        assert caught.exception.problems[0].kind == "locked"

    def test_return_needs_a_comment_and_reopens_entry(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        self.act(self.reporter, self.org_a1, Action.SUBMIT)
        with self.assertRaises(Rejected):
            self.act(self.approver, self.org_a1, Action.RETURN)
        self.act(self.approver, self.org_a1, Action.RETURN, comment="Thiếu số liệu")
        assert self.status(self.org_a1) == ValueStatus.RETURNED
        self.write(self.reporter, self.org_a1, {"ADMITTED": 6}, version_ADMITTED=3)
        assert DataValue.objects.get().value == 6

    def test_an_upper_unit_approves_only_when_its_children_are_approved(self):
        for unit in (self.district_a, self.org_a1):
            self.write(self.reporter, unit, {"ADMITTED": 5})
            self.act(self.reporter, unit, Action.SUBMIT)
        with self.assertRaises(Rejected):
            self.act(self.approver, self.district_a, Action.APPROVE)
        self.act(self.approver, self.district_a, Action.APPROVE, override_reason="CS02 giải thể")
        submission = Submission.objects.get(round=self.round, unit=self.district_a)
        assert submission.status == ValueStatus.APPROVED and submission.override_reason == "CS02 giải thể"

    def test_only_the_secretariat_reopens_and_it_is_audited(self):
        self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        self.act(self.reporter, self.org_a1, Action.SUBMIT)
        self.act(self.approver, self.org_a1, Action.APPROVE)
        for user in (self.reporter, self.approver):
            with self.assertRaises(Rejected):
                self.act(user, self.org_a1, Action.REOPEN, comment="sửa")
        self.act(
            self.secretariat,
            self.org_a1,
            Action.REOPEN,
            comment="Sai số liệu",
            reason=Stated("data-error", "Sai số liệu"),
        )
        value = DataValue.objects.get()
        assert value.status == ValueStatus.RETURNED
        last = value.history.latest()
        assert last.history_user == self.secretariat
        assert last.history_change_reason == "Sửa sai sót số liệu: Sai số liệu"  # the stated reason
        submission = Submission.objects.get(round=self.round, unit=self.org_a1)
        assert submission.history.latest().comment == "Sai số liệu"

    def test_nothing_to_submit(self):
        with self.assertRaises(Rejected):
            self.act(self.reporter, self.org_a1, Action.SUBMIT)

    def test_entries_and_actions_are_one_transaction(self):
        with self.assertRaises(Rejected):
            record(
                self.programme,
                self.org_a1,
                PERIOD,
                entries=[Entry("ADMITTED", Decimal(5))],
                action=Action.APPROVE,
                acting_user=self.reporter,
            )
        assert not DataValue.objects.exists()


class WriteHookTests(RoundTestCase):
    def test_hooks_run_inside_the_write_transaction(self):
        from .. import services

        seen = []

        def hook(programme, unit, period, values):
            seen.append((unit.code, period, [v.value for v in values]))
            raise RuntimeError("roll-up failed")

        services.WRITE_HOOKS.append(hook)
        try:
            with self.assertRaises(RuntimeError):
                self.write(self.reporter, self.org_a1, {"ADMITTED": 5})
        finally:
            services.WRITE_HOOKS.remove(hook)
        assert seen == [("DIST-A-CS01", PERIOD, [Decimal(5)])]
        assert not DataValue.objects.exists()  # the hook's failure undid the write
