"""Commands start without the heavy libraries: matplotlib, WeasyPrint,
openpyxl and python-docx load when a chart, a PDF, a workbook or a Word file
is made, not when Django starts (issue 21: `steerco --help` and
`steerco report` under 1 s of CPU)."""

import subprocess
import sys

HEAVY = ("matplotlib", "weasyprint", "openpyxl", "docx")

PROBE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")
import django
django.setup()
from django.core.management import get_commands, load_command_class
commands = get_commands()
for name in ("report", "remind", "worker", "validate", "backup"):
    if name in commands:
        load_command_class(commands[name], name)
print(" ".join(sorted(m for m in %r if m in sys.modules)))
"""


def test_django_setup_and_the_commands_load_no_heavy_library():
    out = subprocess.run(  # noqa: S603 (our own interpreter, our own probe)
        [sys.executable, "-c", PROBE % (HEAVY,)], capture_output=True, text=True, check=True, timeout=120
    ).stdout.strip()
    assert out == "", f"loaded at start-up: {out}"
