"""Commands start without the heavy libraries: matplotlib, WeasyPrint,
openpyxl, python-docx, pyHanko (and what they pull in: numpy, Pillow,
fontTools) load when a chart, a PDF, a workbook, a Word file or a signature
is made, not when Django starts; and a command that shows no page does not
load the site's URLs, which import every view (issue 21: `steerco --help`
and `steerco report` under 1 s of CPU, measured by bench/report_city.py).

Each probe runs in a fresh interpreter and reads its ``sys.modules``: a
module imported at start-up by any app's ``ready()``, model or command
module fails here with its name."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# redis (and RQ) load only with STEERCO_JOBS_BACKEND=rq or the Redis cache, on
# first use; jsonschema when a pack or units file is checked; cryptography
# with the first encrypted personal field.
HEAVY = (
    "matplotlib",
    "weasyprint",
    "openpyxl",
    "docx",
    "pyhanko",
    "numpy",
    "PIL",
    "fontTools",
    "redis",
    "rq",
    "jsonschema",
    "cryptography",
)
URLS = "steerco.urls"  # the site's URLs: importing them imports every view

SETUP = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
import django
django.setup()
"""

LOADED = """
def loaded(names):
    return " ".join(sorted(n for n in names if n in sys.modules))
"""

COMMANDS = (
    SETUP
    + LOADED
    + """
from django.core.management import get_commands, load_command_class
for name, app in sorted(get_commands().items()):
    if app.startswith("steerco"):
        load_command_class(app, name)
print(loaded(%r))
"""
)

# The console script as a user runs it (manage.py is what `steerco` runs),
# the modules it ended with printed on the way out.
MANAGE = """
import atexit, runpy, sys
atexit.register(lambda: print("LOADED:", " ".join(sorted(n for n in %r if n in sys.modules))))
sys.argv = ["manage.py", *%r]
runpy.run_path("manage.py", run_name="__main__")
"""

# A report document with links, rendered in one format, then another.
RENDER = (
    SETUP
    + LOADED
    + """
from datetime import date, datetime, timezone
from types import SimpleNamespace as NS
from steerco.reports.builder import render
from steerco.reports.document import Bullets, Cell, Document, Heading, Section, Signature, Style, Table
from steerco.reports.sections import records_link
from steerco.reports.sources.findings import finding_link

ctx = NS(programme=NS(code="01-CTr/TU"), unit=NS(code="TU-HN"), period=NS(code="2023-H1"))
figure, finding = records_link(ctx, "DV_KN"), finding_link(NS(pk=7))
table = Table("B1", "Bảng 1", ["Chỉ tiêu", "Kết quả"], [[Cell("Kết nạp", link=figure), Cell("5.155")]])
document = Document(
    heading=Heading(Style.PARTY, "THÀNH ỦY HÀ NỘI", "BAN CHỈ ĐẠO", "Số 1-BC/BCĐ", "Hà Nội, ngày 10 tháng 7 năm 2023",
                    "BÁO CÁO", "Kết quả"),
    sections=[Section("I. KẾT QUẢ", [Bullets(["Kết nạp: 5.155", "Hạn chế"], links=(figure, finding)), table])],
    recipients_label="Nơi nhận:", recipients=["Lưu"], signature=Signature("T/M", "TRƯỞNG BAN", "Nguyễn Văn A"),
    language="vi", issued_on=date(2023, 7, 10), generated_at=datetime(2023, 7, 10, tzinfo=timezone.utc),
    generated_label="",
)
first = render(document, %r)
print(loaded(%r))
html = render(document, "html").decode()
print(loaded(%r))
print(html.count('href="/dashboard/values/?programme=01-CTr%%2FTU'), html.count('href="/findings/7/"'))
"""
)


def _run(code: str) -> list[str]:
    done = subprocess.run(  # noqa: S603 (our own interpreter, our own probe)
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=180, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_django_setup_and_every_command_module_load_no_heavy_library_nor_the_urls():
    (out,) = _run(COMMANDS % ((*HEAVY, URLS),))
    assert out == "", f"loaded at start-up: {out}"


@pytest.mark.parametrize("argv", [["help"], ["report", "--help"], ["help", "report"]])
def test_the_console_script_starts_without_heavy_libraries(argv):
    last = _run(MANAGE % ((*HEAVY, URLS), argv))[-1].strip()
    assert last == "LOADED:", f"`steerco {' '.join(argv)}` loaded: {last.removeprefix('LOADED: ')}"


def test_a_pdf_loads_weasyprint_only_and_its_links_wait_for_the_html():
    pdf, html, counts = _run(RENDER % ("pdf", (*HEAVY, URLS), (URLS,)))
    # The PDF needs WeasyPrint (which brings its own Pillow and fontTools);
    # not Word, Excel, charts, signing, nor the site's URLs for links it does
    # not show.
    assert "weasyprint" in pdf.split()
    assert set(pdf.split()) - {"weasyprint", "PIL", "fontTools"} == set(), pdf
    # The HTML page resolves the same links: they were there all along.
    assert html == URLS
    assert counts == "2 1"


def test_a_word_file_loads_neither_weasyprint_nor_openpyxl():
    docx, _html, _counts = _run(RENDER % ("docx", HEAVY, (URLS,)))
    assert "weasyprint" not in docx.split() and "openpyxl" not in docx.split()
    assert "docx" in docx.split()
