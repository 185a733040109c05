"""The example programme's report as page images for docs/reports.md.

Imports the Thanh Hóa example (docs/examples/) with the records its test
reports on (``load_example`` in steerco/indicators/tests/test_example_thanh_hoa.py)
into a throw-away SQLite database, builds its 2025-Q3 report as it would be
issued (number 12, dated 10/10/2025), renders the PDF and turns each page
into docs/report-example-pageN.png with pdftoppm (Debian's poppler-utils,
installed by the Makefile's REPORT_DEBS).

Run: make report-pages   (or .venv/bin/python bench/report_pages.py)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PREFIX = "report-example-page"
DPI = "60"


def main() -> int:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        print("pdftoppm is missing: apt-get install poppler-utils (make install does)", file=sys.stderr)
        return 1
    data_dir = tempfile.mkdtemp(prefix="steerco-pages-")
    os.environ["STEERCO_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from steerco.indicators.tests.test_example_thanh_hoa import load_example
    from steerco.reports.builder import build_document, render

    call_command("migrate", interactive=False, verbosity=0)
    programme, _outcome = load_example()
    document = build_document(
        programme, "2025-Q3", "vi", number=12, issued_on=date(2025, 10, 10),
        generated_at=datetime(2025, 10, 10, 2, tzinfo=UTC),
    )  # fmt: skip
    pdf = Path(data_dir) / "example.pdf"
    pdf.write_bytes(render(document, "pdf"))
    for old in DOCS.glob(f"{PREFIX}*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-r", DPI, "-png", str(pdf), str(DOCS / PREFIX)], check=True)  # noqa: S603
    # pdftoppm pads the page number to the page count's width: page-1, or page-01 past nine pages
    pages = sorted(DOCS.glob(f"{PREFIX}-*.png"))
    for n, page in enumerate(pages, start=1):
        page.rename(DOCS / f"{PREFIX}{n}.png")
    print(f"{len(pages)} pages of {programme.code} 2025-Q3 in docs/{PREFIX}N.png")
    shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
