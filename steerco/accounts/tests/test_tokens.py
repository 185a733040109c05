"""API tokens the user controls: several, named, expiring, revocable by
their owner only; a password change revokes them; users change their own
password through Django's view and its validators."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from steerco.testing import PASSWORD, PersonaTestCase

from ..models import ApiToken


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


class ApiTokenTests(PersonaTestCase):
    def test_each_call_of_the_token_endpoint_makes_a_new_expiring_token(self):
        first = APIClient().post("/api/token/", {"username": "reporter", "password": PASSWORD}).json()
        second = APIClient().post("/api/token/", {"username": "reporter", "password": PASSWORD}).json()
        assert first["token"] != second["token"]
        assert ApiToken.objects.filter(user=self.reporter).count() == 2
        assert client_with(first["token"]).get("/api/units/").status_code == 200
        assert not ApiToken.objects.filter(digest=first["token"]).exists()  # only a digest is stored

    def test_a_user_creates_names_lists_and_revokes_their_tokens_through_the_api(self):
        api = APIClient()
        api.force_authenticate(self.reporter)
        made = api.post("/api/tokens/", {"name": "script", "expires_in_days": 7}, format="json")
        assert made.status_code == 201, made.content
        key, pk = made.json()["key"], made.json()["id"]
        assert client_with(key).get("/api/units/").status_code == 200
        listed = api.get("/api/tokens/").json()
        assert [(t["name"], t["prefix"]) for t in listed] == [("script", key[:8])]
        assert "key" not in listed[0]
        assert api.delete(f"/api/tokens/{pk}/").status_code == 204
        assert client_with(key).get("/api/units/").status_code == 401

    def test_another_users_token_cannot_be_seen_or_revoked(self):
        token, key = ApiToken.issue(self.reporter, "mine")
        api = APIClient()
        api.force_authenticate(self.outsider)
        assert api.get("/api/tokens/").json() == []
        assert api.delete(f"/api/tokens/{token.pk}/").status_code == 404
        assert api.delete("/api/tokens/999999/").status_code == 404
        assert client_with(key).get("/api/units/").status_code == 200

    def test_an_expired_token_is_refused(self):
        token, key = ApiToken.issue(self.reporter, "old", 1)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        assert client_with(key).get("/api/units/").status_code == 401

    def test_a_lifetime_outside_one_day_to_a_year_is_refused(self):
        api = APIClient()
        api.force_authenticate(self.reporter)
        for days in (0, 366, "x"):
            assert api.post("/api/tokens/", {"name": "x", "expires_in_days": days}, format="json").status_code == 400
        assert not ApiToken.objects.exists()

    def test_a_password_change_revokes_every_token(self):
        _token, key = ApiToken.issue(self.reporter, "script")
        ApiToken.issue(self.reporter, "other")
        _kept, other_key = ApiToken.issue(self.outsider, "theirs")
        self.reporter.set_password("another long passphrase 42")
        self.reporter.save()
        assert client_with(key).get("/api/units/").status_code == 401
        assert not ApiToken.objects.filter(user=self.reporter).exists()
        assert client_with(other_key).get("/api/units/").status_code == 200
        self.reporter.first_name = "R"
        self.reporter.save()  # an ordinary save revokes nothing
        ApiToken.issue(self.reporter, "new")
        self.reporter.save()
        assert ApiToken.objects.filter(user=self.reporter).count() == 1


class TokenPageTests(PersonaTestCase):
    def test_the_page_makes_shows_once_and_revokes_a_token(self):
        self.client.force_login(self.reporter)
        page = self.client.post(reverse("accounts:tokens"), {"name": "báo cáo", "days": 30})
        assert page.status_code == 200
        key = page.context["new_key"]
        assert key and key in page.content.decode()
        assert key not in self.client.get(reverse("accounts:tokens")).content.decode()
        token = ApiToken.objects.get(user=self.reporter)
        assert token.name == "báo cáo" and (token.expires_at - timezone.now()).days in (29, 30)
        response = self.client.post(reverse("accounts:revoke-token", args=[token.pk]))
        assert response.status_code == 302 and not ApiToken.objects.exists()

    def test_another_users_token_answers_not_found(self):
        token, _key = ApiToken.issue(self.reporter, "mine")
        self.client.force_login(self.outsider)
        assert self.client.post(reverse("accounts:revoke-token", args=[token.pk])).status_code == 404
        assert "mine" not in self.client.get(reverse("accounts:tokens")).content.decode()
        assert ApiToken.objects.filter(pk=token.pk).exists()

    def test_a_bad_lifetime_is_refused_with_a_message(self):
        self.client.force_login(self.reporter)
        response = self.client.post(reverse("accounts:tokens"), {"name": "x", "days": 1000})
        assert response.status_code == 400 and not ApiToken.objects.exists()

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.reporter)
        self.client.get(reverse("accounts:tokens"))
        for n in (0, 5):
            for i in range(n):
                ApiToken.issue(self.reporter, f"t{i}")
            with self.assertNumQueries(4):  # session, user, unread notices, tokens
                self.client.get(reverse("accounts:tokens"))


class PasswordChangeTests(PersonaTestCase):
    def test_a_user_changes_their_password_and_their_tokens_are_revoked(self):
        _token, key = ApiToken.issue(self.reporter, "script")
        self.client.force_login(self.reporter)
        new = "một mật khẩu mới đủ dài 2026"
        response = self.client.post(
            reverse("accounts:password"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
        )
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password-done")
        self.reporter.refresh_from_db()
        assert self.reporter.check_password(new)
        assert client_with(key).get("/api/units/").status_code == 401
        assert self.client.get(reverse("accounts:password-done")).status_code == 200  # still logged in

    def test_the_password_validators_apply(self):
        self.client.force_login(self.reporter)
        for weak in ("short1", "1234567890123", "password123"):
            response = self.client.post(
                reverse("accounts:password"), {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak}
            )
            assert response.status_code == 200 and response.context["form"].errors, weak
        self.reporter.refresh_from_db()
        assert self.reporter.check_password(PASSWORD)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for name in ("accounts:tokens", "accounts:password"):
            response = self.client.get(reverse(name))
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
