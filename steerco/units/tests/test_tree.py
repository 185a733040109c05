from django.core.exceptions import ValidationError
from django.utils import translation

from steerco.testing import PersonaTestCase, make_unit
from steerco.units.models import Unit


class TreeTests(PersonaTestCase):
    def test_path_follows_the_parents(self):
        assert self.org_a1.path == "CITY/DIST-A/DIST-A-CS01/"
        assert self.org_a1.depth == 2
        assert self.org_a1.ancestor_codes() == ["CITY", "DIST-A"]

    def test_a_unit_cannot_be_its_own_parent(self):
        self.district_a.parent = self.district_a
        with self.assertRaises(ValidationError):
            self.district_a.full_clean()
        with self.assertRaises(ValidationError):
            self.district_a.save()

    def test_a_unit_cannot_move_under_its_own_descendant(self):
        city = Unit.objects.get(pk=self.city.pk)
        city.parent = Unit.objects.get(pk=self.org_a1.pk)
        with self.assertRaises(ValidationError):
            city.full_clean()
        with self.assertRaises(ValidationError):
            city.save()
        assert Unit.objects.get(pk=self.city.pk).parent is None

    def test_moving_a_unit_moves_its_subtree(self):
        district = Unit.objects.get(pk=self.district_a.pk)
        district.parent = self.district_b
        district.save()
        assert Unit.objects.get(pk=self.org_a2.pk).path == "CITY/DIST-B/DIST-A/DIST-A-CS02/"
        assert set(Unit.objects.subtree_of(self.district_b).values_list("code", flat=True)) == {
            "DIST-B",
            "DIST-B-CS01",
            "DIST-A",
            "DIST-A-CS01",
            "DIST-A-CS02",
        }

    def test_codes_are_checked(self):
        unit = Unit(code="bad code", name_vi="x", type="grassroots")
        with self.assertRaises(ValidationError) as err:
            unit.full_clean()
        assert "code" in err.exception.message_dict

    def test_validity_dates(self):
        from datetime import date

        unit = make_unit("OLD", self.city, valid_from=date(2020, 1, 1), valid_to=date(2025, 6, 30))
        assert unit.is_valid_on(date(2023, 6, 30)) and not unit.is_valid_on(date(2025, 7, 1))
        assert list(Unit.objects.valid_on(date(2025, 7, 1)).filter(code="OLD")) == []
        unit.valid_to = date(2019, 1, 1)
        with self.assertRaises(ValidationError):
            unit.full_clean()


class VisibilityTests(PersonaTestCase):
    def codes(self, user):
        return set(Unit.objects.visible_to(user).values_list("code", flat=True))

    def test_secretariat_sees_the_whole_city(self):
        assert self.codes(self.secretariat) == set(Unit.objects.values_list("code", flat=True))

    def test_reporter_sees_only_their_district(self):
        assert self.codes(self.reporter) == {"DIST-A", "DIST-A-CS01", "DIST-A-CS02"}

    def test_outsider_sees_nothing_of_another_district(self):
        assert self.codes(self.outsider).isdisjoint({"DIST-A", "DIST-A-CS01"})

    def test_user_without_a_role_sees_nothing(self):
        assert self.codes(self.nobody) == set()

    def test_anonymous_sees_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        assert self.codes(AnonymousUser()) == set()


class TreeHistoryTests(PersonaTestCase):
    def test_a_unit_with_figures_cannot_move_so_past_roll_ups_stay_as_they_were(self):
        self.enter(self.admitted, self.org_a1, "2023-H1", 4)
        district = Unit.objects.get(pk=self.district_a.pk)
        district.parent = self.district_b
        with translation.override("en"), self.assertRaisesMessage(ValidationError, "Đơn vị DIST-A (DIST-A) or a unit"):
            district.save()
        assert Unit.objects.get(pk=self.org_a1.pk).path == "CITY/DIST-A/DIST-A-CS01/"
