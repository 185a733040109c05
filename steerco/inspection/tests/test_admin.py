"""The administration shows cases in scope and never a person's name."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from .base import SECRET_ID, SECRET_NAME, InspectionTestCase


class InspectionAdminTests(InspectionTestCase):
    def setUp(self):
        self.admin = get_user_model().objects.create_superuser("root", password="x" * 12)
        self.client.force_login(self.admin)

    def test_every_inspection_page_of_the_admin_opens_without_a_name(self):
        person = self.case_a.person
        urls = [
            reverse("admin:inspection_case_changelist"),
            reverse("admin:inspection_case_change", args=[self.case_a.pk]),
            reverse("admin:inspection_personrecord_changelist"),
            reverse("admin:inspection_personrecord_change", args=[person.pk]),
            reverse("admin:inspection_personview_changelist"),
        ]
        for url in urls:
            response = self.client.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            assert SECRET_NAME not in page and SECRET_ID not in page, url

    def test_staff_without_an_inspector_role_see_no_case_in_the_admin(self):
        staff = get_user_model().objects.create_user("staff", password="x" * 12, is_staff=True)
        from django.contrib.auth.models import Permission

        staff.user_permissions.set(Permission.objects.filter(content_type__app_label="inspection"))
        self.client.force_login(staff)
        page = self.client.get(reverse("admin:inspection_case_changelist")).content.decode()
        assert self.case_a.code not in page
