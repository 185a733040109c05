from pathlib import Path

from babel.messages.pofile import read_po
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from steerco.testing import PersonaTestCase

PACKAGE = Path(__file__).resolve().parents[2]


class AdminTests(PersonaTestCase):
    def test_every_steerco_model_is_in_the_admin(self):
        models = [
            m
            for m in apps.get_models()
            if m.__module__.startswith("steerco.") and not m.__name__.startswith("Historical")
        ]
        missing = [m.__name__ for m in models if m not in admin.site._registry]
        assert missing == []

    def test_admin_speaks_vietnamese(self):
        self.secretariat.is_staff = self.secretariat.is_superuser = True
        self.secretariat.save()
        self.client.force_login(self.secretariat)
        page = self.client.get(reverse("admin:index")).content.decode()
        assert "Quản trị steerco" in page and "Chỉ tiêu và số liệu" in page
        assert self.client.get(reverse("admin:units_unit_changelist")).status_code == 200


def test_every_message_has_a_vietnamese_translation():
    catalogs = sorted(PACKAGE.glob("**/locale/vi/LC_MESSAGES/django.po"))
    assert catalogs
    problems = []
    for path in catalogs:
        with open(path, "rb") as f:
            catalog = read_po(f)
        problems += [f"{path}: untranslated {m.id!r}" for m in catalog if m.id and not m.string]
        problems += [f"{path}: fuzzy {m.id!r}" for m in catalog if m.id and m.fuzzy]
    assert problems == []
