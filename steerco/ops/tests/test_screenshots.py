"""The screenshots in docs/, made from the demo in a real browser:
the entry form, the result of an Excel upload and a figure's provenance.

Opt-in, since it writes into docs/: ``STEERCO_SCREENSHOTS=1 .venv/bin/python
-m pytest steerco/ops/tests/test_screenshots.py``.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from steerco.collection.models import ReportingRound
from steerco.collection.workbook import COL, HEADER_ROW
from steerco.dashboard.tests.test_browser import browser, demo, log_in  # noqa: F401  (fixtures)
from steerco.indicators.models import Indicator
from steerco.jobs.testing import run_queued_jobs
from steerco.programmes.models import Programme

pytestmark = pytest.mark.skipif(not os.environ.get("STEERCO_SCREENSHOTS"), reason="writes docs/*.png; opt-in")

DOCS = Path(settings.PROJECT_DIR) / "docs"
UNIT = "QU-BADINH"


def _filled_template(round_, username: str) -> bytes:
    """The round's template for the unit, downloaded as the reporter would,
    filled in near the unit's last values (a yes/no answer: yes)."""
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    content = client.get(reverse("collection:template", args=[round_.pk, UNIT])).content
    kinds = dict(Indicator.objects.filter(programme=round_.programme).values_list("code", "kind"))
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    for row in ws.iter_rows(min_row=HEADER_ROW + 1):
        code, last = row[COL["indicator"]].value, row[COL["last"]].value
        if row[COL["unit"]].value != UNIT or code not in kinds:
            continue
        if kinds[code] == "yesno":
            value = 1
        elif isinstance(last, int | float):
            value = int(last) + 1
        else:
            continue
        ws.cell(row=row[0].row, column=COL["value"] + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_make_the_screenshots_for_the_docs(demo, browser, tmp_path):  # noqa: F811
    DOCS.mkdir(parents=True, exist_ok=True)
    round_ = ReportingRound.objects.create(
        programme=Programme.objects.get(code="01-CTr/TU"),
        period="2024-H1",
        data_from=date(2023, 12, 15),
        data_to=date(2024, 6, 14),
        deadline=date(2024, 6, 30),
    )
    page = log_in(browser, demo, "badinh.reporter", viewport={"width": 1366, "height": 900})
    page.goto(demo + reverse("collection:entry", args=[round_.pk, UNIT]))
    page.screenshot(path=str(DOCS / "entry-form.png"))

    upload = tmp_path / "bao-cao-ba-dinh.xlsx"
    upload.write_bytes(_filled_template(round_, "badinh.reporter"))
    page.goto(demo + reverse("collection:upload", args=[round_.pk]))
    page.locator("input[type=file]").set_input_files(str(upload))
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    run_queued_jobs()
    page.reload()
    page.screenshot(path=str(DOCS / "upload-result.png"))
    page.close()

    page = log_in(browser, demo, "demo", viewport={"width": 1366, "height": 900})
    page.goto(demo + "/dashboard/values/?programme=01-CTr%2FTU&unit=TU-HN&period=2023-H1&indicator=KT_DV_VP")
    page.screenshot(path=str(DOCS / "provenance.png"), full_page=True)
    page.close()
    for name in ("entry-form", "upload-result", "provenance"):
        assert (DOCS / f"{name}.png").stat().st_size > 10_000, name
