"""The page shell's links, rendered once per process and language
(``ops.templatetags.shell``), are each language's and nobody's own: the
user's name, the unread badge and the CSRF tokens stay per request."""

import re
from datetime import date

from django.urls import reverse

from steerco.followup.models import Notice
from steerco.testing import PersonaTestCase


class ShellTests(PersonaTestCase):
    def page(self, user, language="vi") -> str:
        self.client.force_login(user)
        self.client.cookies.load({"django_language": language})
        return self.client.get(reverse("findings:list"), HTTP_ACCEPT_LANGUAGE=language).content.decode()

    def test_the_links_are_in_each_language_in_turn(self):
        for _ in range(2):
            vi = self.page(self.secretariat, "vi")
            assert "Các đợt báo cáo" in vi and "Reporting rounds" not in vi
            en = self.page(self.secretariat, "en")
            assert "Reporting rounds" in en and "Các đợt báo cáo" not in en
            assert f'href="{reverse("collection:rounds")}"' in vi and f'href="{reverse("collection:rounds")}"' in en

    def test_each_user_has_their_own_name_badge_and_token(self):
        Notice.objects.create(
            user=self.reporter, kind="report_due", key="x:1", subject="Một", body="…", sent_on=date(2023, 1, 1)
        )
        first = self.page(self.secretariat)
        second = self.page(self.reporter)
        assert ">secretariat</a>" in first and ">reporter</a>" in second and "secretariat</a>" not in second
        assert '<span class="badge"' not in first and ">1</span>" in second
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first + second)
        assert len(tokens) == 4 and len(set(tokens)) > 1
