"""steerco demo: prepare the demo database and serve it.

Creates (or reuses) the SQLite database under STEERCO_DATA_DIR, migrates,
loads the Hanoi Programme 01 demo, prints the URL and the demo logins, and
starts the web server. ``--no-serve`` stops after preparing the database.
"""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from steerco.demo.loader import DEMO_PASSWORD, PERSONAS, load_demo
from steerco.env import env_time


class Command(BaseCommand):
    help = "Prepare the Hanoi demo database and serve it on http://127.0.0.1:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="only prepare the database")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, no_serve=False, port=8000, host="127.0.0.1", **options):
        if settings.PRODUCTION:
            raise CommandError("the demo is not available when STEERCO_ENV=prod")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        loaded = load_demo(progress=lambda msg: self.stdout.write(msg))
        self.stdout.write("Demo data loaded." if loaded else "Demo data already present; reusing it.")
        url = f"http://{host}:{port}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"steerco demo: {url}"))
        self.stdout.write(f"Logins (password '{DEMO_PASSWORD}' for each):")
        for username, _role, unit, description in PERSONAS:
            self.stdout.write(f"  {username:<20} {unit:<10} {description}")
        self.stdout.write("")
        if no_serve:
            return
        os.environ["STEERCO_DEMO"] = "1"
        if not os.environ.get("STEERCO_BASE_URL"):
            # Links in reminders and emails name the address the demo really
            # serves, whatever --port says; the worker inherits it.
            os.environ["STEERCO_BASE_URL"] = url.rstrip("/")
            settings.STEERCO_BASE_URL = url.rstrip("/")
        worker = self._start_worker()
        # A plain SIGTERM would end the process without running `finally`,
        # leaving the worker behind.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)

    def _start_worker(self):
        """Background jobs (exports, imports, reports) need a worker beside
        the web server; the demo runs one as a child process."""
        if settings.JOBS_BACKEND == "immediate":
            return None
        self.stdout.write("Starting the background job worker.")
        # The demo's data is of 2023: its worker does not chase units for
        # today's date unless STEERCO_REMIND_AT says when (docs/followup.md).
        remind_at = env_time("STEERCO_REMIND_AT", None)
        if remind_at is None:
            self.stdout.write("Daily reminders are off in the demo; run e.g. `steerco remind --today 2023-07-20`.")
        else:
            self.stdout.write(f"Daily reminders: every day after {remind_at:%H:%M}.")
        return subprocess.Popen([sys.executable, "-m", "steerco.cli", "worker"], env=os.environ.copy())
