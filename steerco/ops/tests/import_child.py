"""A child process for the fault test: `steerco import PACK`, held inside
its write transaction (the programme, groups and indicators written, not
committed) until the test kills it. Usage: python -m ... PACK MARKER."""

import os
import sys
import time
from pathlib import Path
from unittest import mock

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from steerco.indicators import packs  # noqa: E402

real_write_indicators = packs._write_indicators


def write_then_hang(*args):
    real_write_indicators(*args)
    Path(sys.argv[2]).write_text("inside the transaction")
    time.sleep(600)  # the test kills us long before


with mock.patch.object(packs, "_write_indicators", write_then_hang):
    call_command("import", sys.argv[1])
