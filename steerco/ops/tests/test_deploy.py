"""Production settings: the deployment checks pass, bad values stop the
process with the variable's name, and `steerco serve` runs under gunicorn
with the security headers and WhiteNoise static files."""

import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase

from .helpers import PROJECT_DIR, free_port, manage, prod_env


class ProductionSettingsTests(SimpleTestCase):
    def setUp(self):
        self.data = Path(tempfile.mkdtemp(prefix="steerco-prod-"))

    def test_the_deployment_checks_pass_with_production_settings(self):
        result = manage(["check", "--deploy", "--fail-level", "WARNING"], prod_env(self.data))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("no issues", result.stdout)

    def test_the_deployment_checks_pass_with_hsts_on(self):
        env = prod_env(self.data, STEERCO_HSTS_SECONDS="31536000", STEERCO_HSTS_INCLUDE_SUBDOMAINS="1")
        result = manage(["check", "--deploy", "--fail-level", "WARNING"], env)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_a_bad_value_stops_the_process_naming_the_variable(self):
        cases = {
            "STEERCO_SSL_REDIRECT": "perhaps",
            "STEERCO_HSTS_SECONDS": "a year",
            "STEERCO_JOBS_BACKEND": "celery",
            "STEERCO_DEBUG": "1",
            "SECRET_KEY": "short",
        }
        for name, value in cases.items():
            with self.subTest(name):
                result = manage(["check"], prod_env(self.data, **{name: value}))
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(name, result.stderr)

    def test_a_field_key_that_is_not_a_fernet_key_fails_the_deployment_checks(self):
        from cryptography.fernet import Fernet

        good = Fernet.generate_key().decode()
        for keys in ("notakey", f"{good},notakey"):
            with self.subTest(keys):
                result = manage(["check", "--deploy"], prod_env(self.data, STEERCO_FIELD_KEYS=keys))
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("STEERCO_FIELD_KEYS", result.stderr)

    def test_production_needs_allowed_hosts(self):
        env = prod_env(self.data)
        del env["ALLOWED_HOSTS"]
        result = manage(["check"], env)
        self.assertIn("ALLOWED_HOSTS must be set", result.stderr)


class ServeTests(SimpleTestCase):
    """One gunicorn server for the class, on a free loopback port."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = Path(tempfile.mkdtemp(prefix="steerco-serve-"))
        port = free_port()
        cls.base = f"http://127.0.0.1:{port}"
        env = prod_env(cls.data, STEERCO_BEHIND_TLS_PROXY="1", STEERCO_HSTS_SECONDS="3600")
        cls.server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "steerco.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--migrate",
            ],
            env=env,
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            cls._wait_until_up()
        except BaseException:
            cls.server.kill()  # tearDownClass does not run when setUpClass fails
            cls.server.communicate(timeout=30)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.communicate(timeout=30)
        super().tearDownClass()

    @classmethod
    def _wait_until_up(cls):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if cls.server.poll() is not None:
                raise AssertionError("steerco serve stopped:\n" + cls.server.stdout.read())
            try:
                urllib.request.build_opener(_NoRedirect).open(cls.base + "/accounts/login/", timeout=2)
                return
            except urllib.error.HTTPError:
                return  # it answers (a redirect to https, since this request is plain http)
            except OSError:
                time.sleep(0.3)
        raise AssertionError("steerco serve did not answer in 120 s")

    def get(self, path, https=True):
        headers = {"X-Forwarded-Proto": "https"} if https else {}
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            return opener.open(urllib.request.Request(self.base + path, headers=headers), timeout=10)  # noqa: S310
        except urllib.error.HTTPError as err:
            return err

    def test_the_login_page_is_served_with_the_security_headers(self):
        response = self.get("/accounts/login/")
        self.assertEqual(response.status, 200)
        headers = response.headers
        self.assertIn("default-src 'self'", headers["Content-Security-Policy"])
        self.assertIn("frame-ancestors 'none'", headers["Content-Security-Policy"])
        self.assertEqual(headers["Strict-Transport-Security"], "max-age=3600")
        self.assertEqual(headers["X-Frame-Options"], "DENY")
        self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
        cookie = headers["Set-Cookie"]
        self.assertIn("csrftoken", cookie)
        self.assertIn("Secure", cookie)

    def test_plain_http_is_redirected_to_https(self):
        response = self.get("/accounts/login/", https=False)
        self.assertEqual(response.status, 301)
        self.assertTrue(response.headers["Location"].startswith("https://"))

    def test_static_files_are_served_by_whitenoise_with_hashed_names(self):
        page = self.get("/accounts/login/").read().decode()
        css = re.search(r'href="(/static/steerco/site\.[0-9a-f]{12}\.css)"', page)
        self.assertIsNotNone(css, "the stylesheet should have a hashed name")
        response = self.get(css.group(1))
        self.assertEqual(response.status, 200)
        self.assertIn("max-age=315360000", response.headers["Cache-Control"])

    def test_debug_pages_are_off(self):
        response = self.get("/no-such-page/")
        self.assertEqual(response.status, 404)
        self.assertNotIn(b"URLconf", response.read())


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
