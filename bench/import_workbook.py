"""Time the Excel round-trip on the demo database: a template for a whole
subtree, every value filled in, imported twice (the second run changes
nothing). Run on a copy of the demo data, never on real data:

    cp -r data /tmp/bench-data
    STEERCO_DATA_DIR=/tmp/bench-data .venv/bin/python bench/import_workbook.py TU-HN 2023-H2
"""

import io
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
django.setup()

from openpyxl import load_workbook  # noqa: E402

from steerco.collection.scope import Operator  # noqa: E402
from steerco.collection.workbook import COL, HEADER_ROW, build_template, import_workbook  # noqa: E402
from steerco.programmes.models import Programme  # noqa: E402
from steerco.units.models import Unit  # noqa: E402


def main(unit_code: str = "TU-HN", period: str = "2023-H2") -> None:
    user = Operator()
    programme = Programme.objects.get(code="01-CTr/TU")
    unit = Unit.objects.get(code=unit_code)
    started = time.perf_counter()
    data = build_template(user, programme, unit, period, subtree=True)
    print(f"template: {len(data):,} bytes in {time.perf_counter() - started:.1f} s")
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for row in range(HEADER_ROW + 1, ws.max_row + 1):
        ws.cell(row=row, column=COL["value"] + 1, value=0)
    out = io.BytesIO()
    wb.save(out)
    for label in ("first import", "same file again"):
        started = time.perf_counter()
        result = import_workbook(out.getvalue(), filename="bench.xlsx", acting_user=user)
        print(
            f"{label}: {result.rows:,} rows, {result.units} units, {result.created} new, "
            f"{result.unchanged} unchanged in {time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
