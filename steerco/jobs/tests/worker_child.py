"""A child process for the worker fault tests, with the test job kinds
registered. Usage: python -m steerco.jobs.tests.worker_child worker
(a long-running worker), or ... enqueue KIND JSON-PARAMS (prints the id)."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steerco.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from steerco.jobs.services import start_job  # noqa: E402
from steerco.jobs.tests import kinds_for_tests  # noqa: E402, F401  (registers the test kinds)

if sys.argv[1] == "worker":
    call_command("worker", interval=0.2, no_schedule=True, verbosity=0)
elif sys.argv[1] == "enqueue":
    with transaction.atomic():
        job = start_job(sys.argv[2], params=json.loads(sys.argv[3]))
    print(job.pk)
