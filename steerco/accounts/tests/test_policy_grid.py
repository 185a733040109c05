"""The permission grid, generated from the policy table: for every action
of ``accounts.policy.POLICY``, every role, held on a top unit, on an organ
(a commission) or on a district, and every unit of the persona tree, the
access object answers what the table's rule says, and the apps' own
questions (collection's scope, findings, inspection, reports, the units
API) give the same answer. One read of the memberships per user."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from steerco.accounts.access import access_for
from steerco.accounts.models import Role
from steerco.accounts.policy import POLICY, Do, Reach
from steerco.collection.scope import Operator, Scope
from steerco.collection.workflow import POLICY_ACTION
from steerco.findings import access as findings_access
from steerco.inspection.scope import jurisdiction
from steerco.reports.issuing import can_edit_text, can_issue
from steerco.testing import make_unit, make_user
from steerco.units.models import Unit, UnitType
from steerco.units.models.unit import PATH_SEP


def allowed(action: Do, role: str, held: Unit, unit: Unit) -> bool:
    """What the table says, worked out from the rule alone."""
    rule = POLICY[action]
    if role not in rule.roles:
        return False
    root = held
    if rule.reach == Reach.SERVED and held.type == UnitType.ORGAN and held.parent_id:
        root = held.parent
    if rule.reach == Reach.TOP and held.path.count(PATH_SEP) != 1:
        return False
    if rule.reach == Reach.BELOW and unit.path == held.path:
        return False
    return unit.path.startswith(root.path)


# The apps' own questions, each against the policy action it must follow.
def _collection(action):
    workflow_action = next((a for a, d in POLICY_ACTION.items() if d == action), None)
    if workflow_action is None:
        return None
    return lambda user, unit: Scope(user).can(workflow_action, unit)


APP_QUESTIONS = {
    Do.EDIT_FINDINGS: findings_access.can_edit,
    Do.VERIFY_FINDINGS: findings_access.can_verify,
    Do.CLOSE_YEAR: findings_access.can_close_year,
    Do.SEE_CASES: lambda user, unit: jurisdiction(user).filter(pk=unit.pk).exists(),
    Do.ISSUE_REPORT: can_issue,
    Do.EDIT_REPORT_TEXT: can_edit_text,
    Do.VIEW: lambda user, unit: Unit.objects.visible_to(user).filter(pk=unit.pk).exists(),
}


class PolicyGridTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = make_unit("CITY", type=UnitType.CITY)
        cls.commission = make_unit("CITY-UBKT", cls.city, UnitType.ORGAN)
        cls.district_a = make_unit("DIST-A", cls.city, UnitType.DISTRICT)
        cls.district_b = make_unit("DIST-B", cls.city, UnitType.DISTRICT)
        cls.org_a1 = make_unit("DIST-A-CS01", cls.district_a)
        cls.units = [cls.city, cls.commission, cls.district_a, cls.district_b, cls.org_a1]
        cls.holders = [
            (role, held, make_user(f"{role}-{held.code}".lower(), role, held))
            for role in Role.values
            for held in (cls.city, cls.commission, cls.district_a)
        ]

    def test_the_grid_follows_the_table(self):
        wrong = []
        for action in POLICY:
            for role, held, user in self.holders:
                access = access_for(user)
                for unit in self.units:
                    expected = allowed(action, role, held, unit)
                    if access.can(action, unit) != expected:
                        wrong.append(f"{action} {role}@{held.code} on {unit.code}: expected {expected}")
                    in_units = access.units(action).filter(pk=unit.pk).exists()
                    if in_units != expected:
                        wrong.append(f"{action} {role}@{held.code} units() has {unit.code}: {in_units}")
        self.assertEqual(wrong, [])

    def test_the_apps_ask_the_table(self):
        wrong = []
        for action in POLICY:
            question = APP_QUESTIONS.get(action) or _collection(action)
            if question is None:
                continue
            for role, held, user in self.holders:
                for unit in self.units:
                    if question(user, unit) != allowed(action, role, held, unit):
                        wrong.append(f"{action} {role}@{held.code} on {unit.code}")
        self.assertEqual(wrong, [])

    def test_every_action_is_asked_somewhere(self):
        asked = set(APP_QUESTIONS) | set(POLICY_ACTION.values())
        self.assertEqual(set(POLICY) - asked, {Do.MANAGE_UNITS, Do.MANAGE_PAR_INDEX, Do.RUN_CASES})

    def test_superusers_and_the_command_line_may_do_everything_anonymous_nothing(self):
        admin = make_user("root")
        admin.is_superuser = True
        for action in POLICY:
            for unit in self.units:
                self.assertTrue(access_for(admin).can(action, unit))
                self.assertTrue(access_for(Operator()).can(action, unit))
                self.assertFalse(access_for(AnonymousUser()).can(action, unit))

    def test_approvers_record_findings_but_do_not_enter_values(self):
        """The deliberate difference (docs/access.md): four eyes on figures
        by the approver, on findings by the superior unit."""
        approver = next(u for r, h, u in self.holders if r == Role.APPROVER and h == self.district_a)
        self.assertTrue(access_for(approver).can(Do.EDIT_FINDINGS, self.district_a))
        self.assertFalse(access_for(approver).can(Do.ENTER_VALUES, self.district_a))
        self.assertTrue(access_for(approver).can(Do.APPROVE_VALUES, self.district_a))
        self.assertFalse(access_for(approver).can(Do.VERIFY_FINDINGS, self.district_a))
        self.assertTrue(access_for(approver).can(Do.VERIFY_FINDINGS, self.org_a1))

    def test_one_read_of_the_memberships_per_user(self):
        user = make_user("many", Role.REPORTER, self.district_a)
        Unit.objects.visible_to(user)  # warm nothing: the count starts here
        user = type(user).objects.get(pk=user.pk)
        with self.assertNumQueries(1):
            for action in POLICY:
                for unit in self.units:
                    access_for(user).can(action, unit)
                    findings_access.can_edit(user, unit)
                    Scope(user).can(POLICY_ACTION and next(iter(POLICY_ACTION)), unit)
            list(access_for(user).paths())

    def test_a_new_membership_is_seen_by_the_user_object_that_holds_it(self):
        user = make_user("late")
        self.assertFalse(access_for(user).can(Do.VIEW, self.district_a))
        from steerco.accounts.models import Membership

        Membership.objects.create(user=user, unit=self.district_a, role=Role.VIEWER)
        self.assertTrue(access_for(user).can(Do.VIEW, self.district_a))
