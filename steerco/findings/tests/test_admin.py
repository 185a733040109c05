from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from .base import FindingsTestCase


class FindingsAdminTests(FindingsTestCase):
    def test_every_findings_model_has_a_working_admin_list(self):
        self.secretariat.is_staff = self.secretariat.is_superuser = True
        self.secretariat.save()
        self.client.force_login(self.secretariat)
        models = [m for m in apps.get_app_config("findings").get_models() if m in admin.site._registry]
        assert len(models) == 13
        for model in models:
            url = reverse(f"admin:findings_{model._meta.model_name}_changelist")
            assert self.client.get(url).status_code == 200, url
        page = self.client.get(reverse("admin:findings_finding_change", args=[self.f_a.pk]))
        assert page.status_code == 200 and "Hạn chế" in page.content.decode()

    def test_changing_a_sub_criterion_in_the_admin_sums_the_maxima_again(self):
        from decimal import Decimal

        from ..models import ParIndex, ParSubCriterion
        from ..services import par
        from .test_par import INDEX

        par.load_index(INDEX)
        self.secretariat.is_staff = self.secretariat.is_superuser = True
        self.secretariat.save()
        self.client.force_login(self.secretariat)
        sub = ParSubCriterion.objects.get(code="2.1.2")
        url = reverse("admin:findings_parsubcriterion_change", args=[sub.pk])
        data = {"code": sub.code, "name_vi": sub.name_vi, "name_en": "", "maximum": "2", "sort_order": 1}
        data["criterion"] = sub.criterion_id
        assert self.client.post(url, data).status_code == 302
        index = ParIndex.objects.get(code="TEST")
        assert index.maximum == Decimal("8.5")
        assert index.history.first().history_user == self.secretariat
