"""Security of the forms and endpoints on main: login throttling, password
policy, idle sessions, XSS, SQL injection, CSRF and IDOR, security headers.
Each app adds its own matrices; these cover what exists across apps."""

import io
import logging
import time
import zipfile
from unittest import mock

from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, SimpleTestCase
from django.urls import reverse
from django.utils import timezone

from steerco.accounts.models import ApiToken
from steerco.jobs.models import Job
from steerco.ops.logging import RedactPersonalData, redact
from steerco.ops.middleware import RENEWED_AT
from steerco.testing import PASSWORD, PersonaTestCase, make_user

SCRIPT = '<script>alert("x")</script>'


class LoginThrottlingTests(PersonaTestCase):
    def login(self, username, password, client=None):
        return (client or self.client).post(reverse("login"), {"username": username, "password": password})

    def test_five_wrong_passwords_lock_the_account_from_that_address(self):
        for _ in range(4):
            self.assertEqual(self.login("reporter", "wrong password").status_code, 200)
        self.assertEqual(self.login("reporter", "wrong password").status_code, 429)
        locked = self.login("reporter", PASSWORD)
        self.assertEqual(locked.status_code, 429)
        self.assertContains(locked, "Đăng nhập sai quá nhiều lần", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_lock_is_per_account_and_address(self):
        for _ in range(5):
            self.login("reporter", "wrong password")
        self.assertEqual(self.login("approver", PASSWORD).status_code, 302)
        elsewhere = Client(REMOTE_ADDR="10.1.2.3")
        self.assertEqual(self.login("reporter", PASSWORD, elsewhere).status_code, 302)

    def test_one_address_trying_many_accounts_is_locked_across_them(self):
        from django.test import override_settings

        users = [make_user(f"user{i}") for i in range(6)]
        with override_settings(LOGIN_ADDRESS_FAILURE_LIMIT=12):
            for user in users:  # two tries each: no pair reaches five
                for _ in range(2):
                    self.login(user.username, "wrong password")
            self.assertEqual(self.login("approver", PASSWORD).status_code, 429)  # the address is locked
            elsewhere = Client(REMOTE_ADDR="10.1.2.3")
            self.assertEqual(self.login("approver", PASSWORD, elsewhere).status_code, 302)

    def test_a_successful_login_resets_the_count(self):
        for _ in range(4):
            self.login("reporter", "wrong password")
        self.assertEqual(self.login("reporter", PASSWORD).status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.login("reporter", "wrong password")
        self.assertEqual(self.login("reporter", PASSWORD).status_code, 302)


class PasswordPolicyTests(PersonaTestCase):
    def test_short_common_numeric_and_name_like_passwords_are_refused(self):
        for password in ("Ab1!", "password1234", "1234567890123", "reporter2024"):
            with self.subTest(password), self.assertRaises(ValidationError):
                validate_password(password, user=self.reporter)

    def test_a_long_uncommon_passphrase_is_accepted(self):
        validate_password("hồ gươm mùa thu 1972", user=self.reporter)


class IdleSessionTests(PersonaTestCase):
    def test_a_session_that_was_idle_too_long_must_log_in_again(self):
        self.client.force_login(self.reporter)
        Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
        response = self.client.get(reverse("home"))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_activity_renews_the_session_only_after_half_its_age(self):
        self.client.force_login(self.reporter)
        expiry = Session.objects.get().expire_date
        self.client.get(reverse("home"))
        self.assertEqual(Session.objects.get().expire_date, expiry)  # no write per request
        later = time.time() + 31 * 60
        with mock.patch("steerco.ops.middleware.time.time", return_value=later):
            self.client.get(reverse("home"))
        session = Session.objects.get()
        self.assertGreater(session.expire_date, expiry)
        self.assertEqual(session.get_decoded()[RENEWED_AT], int(later))

    def test_sessions_end_when_the_browser_closes(self):
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("home"))
        self.assertNotIn("expires", str(response.cookies.get("sessionid", "")).lower())


class InjectionTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.district_a.name_vi = SCRIPT
        cls.district_a.save()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")
        Job.objects.create(kind="jobs.export_pack", created_by=cls.reporter, unit=cls.district_a, message=SCRIPT)

    def test_text_from_the_database_is_escaped_on_every_page(self):
        self.client.force_login(self.reporter)
        job = Job.objects.get()
        for url in (reverse("home"), reverse("jobs:list"), reverse("jobs:detail", args=[job.pk])):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertNotContains(response, SCRIPT)
        self.assertContains(self.client.get(reverse("jobs:detail", args=[job.pk])), "&lt;script&gt;")

    def test_query_parameters_cannot_inject_sql_or_widen_scope(self):
        self.client.force_login(self.outsider)
        attacks = [
            {"unit": "DIST-A' OR '1'='1"},
            {"unit": "DIST-A"},
            {"programme": "99-CTr/TU' --", "period": "2023-H1"},
            {"period": "2023-H1'; DROP TABLE units_unit; --"},
            {"unit": "DIST-A-CS01", "period": "2023-H1"},
        ]
        for params in attacks:
            with self.subTest(params):
                response = self.client.get(reverse("home"), params)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["unit"], self.district_b)
                self.assertNotContains(response, 'value="DIST-A')
        self.assertTrue(self.district_a.__class__.objects.filter(code="DIST-A").exists())

    def test_login_form_survives_hostile_input(self):
        for username in ("' OR 1=1 --", SCRIPT, "a" * 5000, "reporter\x00"):
            with self.subTest(username=username[:20]):
                response = self.client.post(reverse("login"), {"username": username, "password": "x' OR '1'='1"})
                # A NUL byte is refused before any view (ops.hostile_input): 400.
                self.assertIn(response.status_code, (200, 429, 400) if "\x00" in username else (200, 429))
                self.assertNotContains(response, SCRIPT, status_code=response.status_code)
                self.assertNotIn("_auth_user_id", self.client.session)


class CsrfTests(PersonaTestCase):
    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)

    def test_every_form_refuses_a_post_without_the_token(self):
        self.client.force_login(self.secretariat)
        posts = {
            reverse("jobs:list"): {"programme": self.programme.code},
            reverse("logout"): {},
            reverse("set_language"): {"language": "en"},
        }
        for url, data in posts.items():
            with self.subTest(url):
                self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertFalse(Job.objects.exists())

    def test_the_login_form_refuses_a_post_without_the_token(self):
        response = self.client.post(reverse("login"), {"username": "reporter", "password": PASSWORD})
        self.assertEqual(response.status_code, 403)


class AccessControlTests(PersonaTestCase):
    def test_the_admin_is_closed_to_people_who_are_not_staff(self):
        for user in (self.reporter, self.secretariat):
            self.client.force_login(user)
            response = self.client.get(reverse("admin:index"))
            self.assertEqual(response.status_code, 302)
            self.assertIn("/admin/login/", response["Location"])

    def test_another_districts_job_cannot_be_read_by_guessing_its_number(self):
        job = Job.objects.create(kind="jobs.export_pack", created_by=self.reporter, unit=self.district_a)
        self.client.force_login(self.outsider)
        for name in ("jobs:detail", "jobs:download"):
            self.assertEqual(self.client.get(reverse(name, args=[job.pk])).status_code, 404)


class HeaderTests(PersonaTestCase):
    def test_pages_carry_a_strict_content_security_policy(self):
        response = self.client.get(reverse("login"))
        policy = response["Content-Security-Policy"]
        for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
            self.assertIn(directive, policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertEqual(response["X-Frame-Options"], "DENY")


class LogPrivacyTests(PersonaTestCase):
    def test_personal_data_is_masked(self):
        line = redact(
            "login failed for nguyen.van.a@hanoi.gov.vn from 203.162.4.191 phone 0912 345 678 CCCD 001203004567"
        )
        self.assertEqual(line, "login failed for [email] from [ip] phone [phone] CCCD [id-number]")

    def test_the_filter_masks_arguments_and_tracebacks(self):
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "user %s", ("a@b.vn",), None)
        try:
            raise ValueError("bad e-mail a@b.vn")
        except ValueError:
            import sys

            record.exc_info = sys.exc_info()
        RedactPersonalData().filter(record)
        self.assertEqual(record.getMessage(), "user [email]")
        self.assertNotIn("a@b.vn", record.exc_text)

    def test_gunicorn_error_log_masks_client_addresses(self):
        from gunicorn.config import Config

        from steerco.ops.gunicorn_logging import RedactingLogger

        cfg = Config()
        cfg.set("errorlog", "-")
        cfg.set("logger_class", "steerco.ops.gunicorn_logging.RedactingLogger")
        self.assertIs(cfg.logger_class, RedactingLogger)
        logger = RedactingLogger(cfg)
        stream = io.StringIO()
        for handler in logger.error_log.handlers:
            handler.setStream(stream)
        logger.error("Invalid request from ip=%s: %s", "203.0.113.7", "bad header")
        logger.warning("Worker timeout, client 2001:db8::1")
        self.assertNotIn("203.0.113.7", stream.getvalue())
        self.assertNotIn("2001:db8::1", stream.getvalue())
        self.assertIn("Invalid request from ip=", stream.getvalue())

    def test_the_console_handler_uses_the_filter_and_axes_names_nobody(self):
        handlers = logging.getLogger().handlers
        self.assertTrue(any(isinstance(f, RedactPersonalData) for h in handlers for f in h.filters))
        self.assertEqual(logging.getLogger("axes").level, logging.ERROR)


class ApiSecurityTests(PersonaTestCase):
    def test_the_token_endpoint_is_throttled_like_the_login_page(self):
        for _ in range(5):
            self.client.post(reverse("api-token"), {"username": "reporter", "password": "wrong password"})
        response = self.client.post(reverse("api-token"), {"username": "reporter", "password": PASSWORD})
        self.assertEqual(response.status_code, 400)  # axes refuses the right password while locked
        self.assertNotIn("token", response.json())
        self.assertFalse(ApiToken.objects.filter(user=self.reporter).exists())

    def test_the_schema_needs_a_login_like_every_endpoint(self):
        self.assertIn(self.client.get("/api/schema/").status_code, (401, 403))
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get("/api/schema/").status_code, 200)

    def test_the_api_refuses_hostile_lookups_without_leaking(self):
        self.client.force_login(self.outsider)
        for code in ("DIST-A' OR '1'='1", "DIST-A%27--", "..%2F..%2Fetc", "DIST-A"):
            with self.subTest(code):
                self.assertEqual(self.client.get(f"/api/units/{code}/").status_code, 404)

    def test_a_session_cannot_write_through_the_api_without_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.secretariat)
        response = client.post("/api/units/", {"code": "X-NEW", "name_vi": "X", "type": "grassroots"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.city.__class__.objects.filter(code="X-NEW").exists())


def _workbook_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Mã đơn vị", "Mã chỉ tiêu", "Giá trị"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_extra_part(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            target.writestr(part, source.read(part))
        target.writestr(name, content)
    return out.getvalue()


class SpreadsheetUploadCheckTests(SimpleTestCase):
    """The Excel import's checks (steerco.collection.workbook.check_archive)
    against hostile files, before any XML parser sees them."""

    def refused(self, data) -> str:
        from steerco.collection.workbook import check_archive

        problems = check_archive(data)
        self.assertEqual(len(problems), 1)
        return problems[0]

    def test_a_plain_workbook_passes(self):
        from steerco.collection.workbook import check_archive

        self.assertEqual(check_archive(_workbook_bytes()), [])

    def test_a_zip_bomb_is_refused(self):
        bomb = _with_extra_part(_workbook_bytes(), "xl/media/padding.bin", b"\0" * (101 * 1024 * 1024))
        self.assertLess(len(bomb), 200 * 1024)
        self.assertIn("MB", self.refused(bomb))

    def test_a_workbook_with_macros_is_refused(self):
        self.assertIn("macro", self.refused(_with_extra_part(_workbook_bytes(), "xl/vbaProject.bin", b"\0" * 64)))

    def test_a_vba_part_under_another_name_is_refused_by_its_content_type(self):
        data = _workbook_bytes()
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for part in source.infolist():
                content = source.read(part)
                if part.filename == "[Content_Types].xml":
                    content = content.replace(
                        b"</Types>",
                        b'<Override PartName="/xl/data1.bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                        b"</Types>",
                    )
                target.writestr(part, content)
            target.writestr("xl/data1.bin", b"\0" * 64)
        self.assertIn("macro", self.refused(out.getvalue()))
        self.assertIn("macro", self.refused(_with_extra_part(data, "xl/macrosheets/sheet1.xml", b"<xm/>")))
        self.assertIn("macro", self.refused(_with_extra_part(data, "xl/Project.VBA", b"\0")))

    def test_wrong_types_and_damaged_files_are_refused(self):
        for data in (b"%PDF-1.7", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, _workbook_bytes()[:1500]):
            with self.subTest(data[:8]):
                self.assertIn("Excel", self.refused(data))

    def test_a_word_document_renamed_to_xlsx_is_refused(self):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as docx:
            docx.writestr("[Content_Types].xml", "<Types/>")
            docx.writestr("word/document.xml", "<w:document/>")
        self.assertIn("Excel", self.refused(out.getvalue()))

    def test_a_file_over_the_size_limit_is_refused(self):
        from steerco.collection.workbook import MAX_FILE_BYTES

        self.assertIn("MB", self.refused(b"PK\x03\x04" + b"\0" * MAX_FILE_BYTES))
