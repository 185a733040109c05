from datetime import date
from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse

from steerco.testing import make_unit

from ..models import WeakOrganisation, YearClosing
from ..services.carryover import CarryOverError, close_year, is_closed
from .base import FindingsTestCase


class CarryOverTests(FindingsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org_a3 = make_unit("DIST-A-CS03", cls.district_a)
        cls.org_b2 = make_unit("DIST-B-CS02", cls.district_b)

    def list_2022(self, consolidated=()):
        for org in (self.org_a1, self.org_a2, self.org_a3, self.org_b1):
            WeakOrganisation.objects.create(
                organisation=org, year=2022, consolidated_on=date(2022, 10, 1) if org in consolidated else None
            )

    def test_closing_a_year_carries_the_unconsolidated_organisations_into_the_next(self):
        self.list_2022(consolidated=[self.org_a2])
        result = close_year(self.city, 2022, acting_user=self.secretariat)
        carried = WeakOrganisation.objects.filter(year=2023).select_related("carried_from")
        assert {e.organisation for e in carried} == {self.org_a1, self.org_a3, self.org_b1}
        assert all(e.carried_from.year == 2022 and e.carried_from.organisation == e.organisation for e in carried)
        assert (result.carried, result.consolidated) == (3, 1)

    def test_the_new_year_reads_carried_plus_new(self):
        self.list_2022(consolidated=[self.org_a2])
        close_year(self.city, 2022, acting_user=self.secretariat)
        WeakOrganisation.objects.create(organisation=self.org_b2, year=2023)
        listed = WeakOrganisation.objects.filter(year=2023)
        carried = listed.filter(carried_from__isnull=False).count()
        assert (listed.count(), carried, listed.count() - carried) == (4, 3, 1)

    def test_consolidated_after_the_year_end_is_still_carried(self):
        WeakOrganisation.objects.create(organisation=self.org_a1, year=2022, consolidated_on=date(2023, 2, 1))
        assert close_year(self.city, 2022, acting_user=self.secretariat).carried == 1

    def test_an_organisation_already_listed_next_year_is_linked_not_duplicated(self):
        self.list_2022()
        listed_again = WeakOrganisation.objects.create(organisation=self.org_a1, year=2023)
        close_year(self.city, 2022, acting_user=self.secretariat)
        assert WeakOrganisation.objects.filter(organisation=self.org_a1, year=2023).count() == 1
        listed_again.refresh_from_db()
        assert listed_again.carried_from.year == 2022

    def test_a_year_closes_once(self):
        self.list_2022()
        close_year(self.city, 2022, acting_user=self.secretariat)
        with self.assertRaisesMessage(CarryOverError, "đã khóa sổ"):
            close_year(self.city, 2022, acting_user=self.secretariat)
        assert WeakOrganisation.objects.filter(year=2023).count() == 4

    def test_closing_a_district_carries_only_its_subtree_and_the_city_takes_the_rest(self):
        self.list_2022()
        district_admin = self.make_admin(self.district_a)
        assert close_year(self.district_a, 2022, acting_user=district_admin).carried == 3
        assert is_closed(self.org_a1, 2022) and not is_closed(self.org_b1, 2022)
        assert close_year(self.city, 2022, acting_user=self.secretariat).carried == 1
        assert WeakOrganisation.objects.filter(year=2023).count() == 4

    def test_only_the_secretariat_or_an_administrator_closes_a_year(self):
        self.list_2022()
        for user in (self.reporter, self.approver, self.viewer, self.outsider, self.nobody):
            with self.assertRaises(CarryOverError):
                close_year(self.district_a, 2022, acting_user=user)
        assert not YearClosing.objects.exists() and not WeakOrganisation.objects.filter(year=2023).exists()

    def test_closing_is_audited(self):
        self.list_2022()
        closing = close_year(self.city, 2022, acting_user=self.secretariat).closing
        assert (closing.closed_by, closing.carried) == (self.secretariat, 4)
        entry = WeakOrganisation.objects.get(organisation=self.org_a1, year=2023)
        assert entry.history.first().history_user == self.secretariat

    def test_the_command_closes_the_year_for_the_root(self):
        self.list_2022()
        out = StringIO()
        call_command("close_year", "2022", stdout=out)
        assert "4 carried over into 2023" in out.getvalue()
        with self.assertRaises(CommandError):
            call_command("close_year", "2022", "--unit", "CITY", stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("close_year", "2022", "--unit", "NOPE", stdout=StringIO())

    def test_a_closed_year_cannot_be_changed_in_the_pages(self):
        self.list_2022()
        close_year(self.city, 2022, acting_user=self.secretariat)
        self.client.force_login(self.reporter)
        late = make_unit("DIST-A-CS04", self.district_a)
        self.client.post(reverse("findings:weak-add"), {"organisation": late.pk, "year": 2022})
        assert not WeakOrganisation.objects.filter(organisation=late).exists()
        entry = WeakOrganisation.objects.get(organisation=self.org_a1, year=2022)
        self.client.post(reverse("findings:weak-consolidate", args=[entry.pk]), {"consolidated_on": "2022-12-01"})
        entry.refresh_from_db()
        assert entry.consolidated_on is None

    @classmethod
    def make_admin(cls, unit):
        from steerco.accounts.models import Role
        from steerco.testing import make_user

        return make_user("district-admin", Role.ADMIN, unit)
