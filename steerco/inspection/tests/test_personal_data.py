"""Names and identity numbers: encrypted at rest, never in logs, never in
an export or a list, each read logged, and a production server refuses to
start without its own key."""

import io
import logging
import os
import subprocess
import sys
from datetime import date

from django.db import connection
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from .. import crypto, services
from ..models import PersonRecord, PersonView
from .base import SECRET_ID, SECRET_NAME, InspectionTestCase


class EncryptionAtRestTests(InspectionTestCase):
    def raw(self, table, column):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - fixed names
            return [row[0] for row in cursor.fetchall()]

    def test_the_raw_columns_hold_no_plain_text(self):
        for column in ("full_name", "identity_number"):
            stored = self.raw("inspection_personrecord", column)
            assert len(stored) == 1
            assert SECRET_NAME not in stored[0] and SECRET_ID not in stored[0] and "Bímật" not in stored[0]
            assert stored[0].startswith("gAAAA")  # a Fernet token
        assert crypto.decrypt(self.raw("inspection_personrecord", "full_name")[0]) == SECRET_NAME

    def test_the_history_table_holds_no_plain_text_either(self):
        for value in self.raw("inspection_historicalpersonrecord", "full_name"):
            assert SECRET_NAME not in value and value.startswith("gAAAA")

    def test_the_same_name_encrypts_differently_each_time(self):
        assert crypto.encrypt(SECRET_NAME) != crypto.encrypt(SECRET_NAME)

    def test_a_rotated_key_still_reads_old_records(self):
        from cryptography.fernet import Fernet

        old = crypto.dev_key().decode()
        try:
            with override_settings(FIELD_ENCRYPTION_KEYS=[Fernet.generate_key().decode(), old]):
                crypto.reset()
                assert PersonRecord.objects.get().full_name == SECRET_NAME
        finally:
            crypto.reset()

    def test_a_malformed_key_fails_loudly(self):
        from django.core.exceptions import ImproperlyConfigured

        try:
            with override_settings(FIELD_ENCRYPTION_KEYS=["not-a-key"]):
                crypto.reset()
                with self.assertRaises(ImproperlyConfigured):
                    crypto.encrypt("x")
        finally:
            crypto.reset()

    def test_names_never_show_in_strings_of_the_records(self):
        person = PersonRecord.objects.get()
        assert SECRET_NAME not in str(person) and SECRET_NAME not in repr(person)


def test_production_refuses_to_start_without_field_keys():
    env = {
        **os.environ,
        "STEERCO_ENV": "prod",
        "SECRET_KEY": "a-long-random-secret-key-" * 3,
        "ALLOWED_HOSTS": "example.org",
    }
    env.pop("STEERCO_FIELD_KEYS", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='steerco.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0 and "STEERCO_FIELD_KEYS" in result.stderr


class NeverInLogsTests(InspectionTestCase):
    def test_no_log_line_carries_a_name_or_identity_number(self):
        """Everything logged at DEBUG, SQL included, while a case is opened
        with a name, read, corrected and refused to an outsider."""
        records = []

        class Keep(logging.Handler):
            def emit(self, record):
                records.append(self.format(record))

        handler = Keep(level=logging.DEBUG)
        root, sql = logging.getLogger(), logging.getLogger("django.db.backends")
        old_level, old_sql_level = root.level, sql.level
        root.addHandler(handler)
        root.setLevel(logging.DEBUG)
        sql.setLevel(logging.DEBUG)
        try:
            with self.settings(DEBUG=True):
                connection.force_debug_cursor = True
                case = services.open_case(
                    commission=self.district_a,
                    subject="full_member",
                    opened_on=date(2023, 5, 1),
                    full_name="Lê Thị Kínđáo",
                    identity_number="001199887766",
                    acting_user=self.inspector_a,
                )
                self.client.force_login(self.inspector_a)
                self.client.get(reverse("inspection:person", args=[case.code]))
                self.client.post(
                    reverse("inspection:person", args=[case.code]),
                    {"full_name": "Lê Thị Kínđáo", "identity_number": "12"},
                )
                self.client.force_login(self.inspector_b)
                self.client.get(reverse("inspection:person", args=[case.code]))
                self.client.force_login(self.reporter)
                self.client.get(reverse("inspection:person", args=[case.code]))
        finally:
            connection.force_debug_cursor = False
            root.removeHandler(handler)
            root.setLevel(old_level)
            sql.setLevel(old_sql_level)
        text = "\n".join(records)
        assert "inspection_personrecord" in text  # the SQL was logged…
        assert "Kínđáo" not in text and "001199887766" not in text  # …but only ciphertext
        assert "Forbidden" in text or "Not Found" in text


class NeverInExportsTests(InspectionTestCase):
    def test_the_excel_export_has_counts_only(self):
        self.client.force_login(self.inspector)
        response = self.client.get(reverse("inspection:statistics-xlsx"), {"unit": "CITY", "period": "2023-H1"})
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
        text = " ".join(cells)
        assert SECRET_NAME not in text and SECRET_ID not in text
        assert self.case_a.code not in text  # not even the case codes

    def test_the_api_case_list_and_detail_carry_no_person(self):
        client = APIClient()
        client.force_authenticate(self.inspector)
        body = str(client.get("/api/inspection/cases/").json()) + str(
            client.get(f"/api/inspection/cases/{self.case_a.code}/").json()
        )
        assert self.case_a.code in body and SECRET_NAME not in body and SECRET_ID not in body
        assert not PersonView.objects.exists()

    def test_the_statistics_page_shows_no_case(self):
        self.client.force_login(self.inspector)
        page = self.client.get(reverse("inspection:statistics"), {"unit": "CITY", "period": "2023-H1"}).content.decode()
        assert self.case_a.code not in page and SECRET_NAME not in page
