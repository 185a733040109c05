"""steerco serve: run steerco in production under gunicorn.

Runs the deployment checks first and refuses to start on any warning when
STEERCO_ENV=prod, collects the static files (served by WhiteNoise), and
serves on STEERCO_BIND. The access log is off by default; when on, it
records method, path (no query string), status, size and time, and no
client address (see docs/security.md).
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from steerco.env import env_int, env_str

ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


def default_workers() -> int:
    return env_int("WEB_CONCURRENCY", min(2 * (os.cpu_count() or 1) + 1, 8))


class Command(BaseCommand):
    help = "Serve steerco under gunicorn (production)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=env_str("STEERCO_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=env_int("STEERCO_THREADS", 4))
        parser.add_argument("--timeout", type=int, default=env_int("STEERCO_REQUEST_TIMEOUT", 60))
        parser.add_argument("--migrate", action="store_true", help="apply database migrations first")
        parser.add_argument("--no-collectstatic", action="store_true")
        parser.add_argument("--access-log", action="store_true", help="log requests (without client addresses)")

    def handle(self, *args, **opts):
        if settings.PRODUCTION:
            call_command("check", deploy=True, fail_level="WARNING")
        else:
            self.stderr.write("STEERCO_ENV is not 'prod': serving with development settings.")
        if opts["migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        if not opts["no_collectstatic"]:
            settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
            call_command("collectstatic", interactive=False, verbosity=0)
        options = {
            "bind": opts["bind"],
            "workers": opts["workers"],
            "threads": opts["threads"],
            "worker_class": "gthread",
            "timeout": opts["timeout"],
            "graceful_timeout": 30,
            # Longer than the proxy's idle timeout, so that gunicorn never
            # closes a kept-alive connection the proxy is about to reuse.
            "keepalive": env_int("STEERCO_KEEPALIVE", 75),
            "accesslog": "-" if opts["access_log"] else None,
            "access_log_format": ACCESS_LOG_FORMAT,
            "errorlog": "-",
            "logger_class": "steerco.ops.gunicorn_logging.RedactingLogger",  # addresses masked in every line
            "forwarded_allow_ips": env_str("STEERCO_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }
        self.stdout.write(f"steerco: serving on http://{opts['bind']}/ with {opts['workers']} workers")
        try:
            _GunicornApp(options).run()
        except SystemExit as exit_:
            if exit_.code:
                raise CommandError(f"gunicorn stopped with status {exit_.code}") from None


class _GunicornApp:
    """gunicorn's documented custom-application hook, built lazily so that
    importing this command does not import gunicorn."""

    def __new__(cls, options):
        from gunicorn.app.base import BaseApplication

        class App(BaseApplication):
            def load_config(self):
                for key, value in options.items():
                    if value is not None:
                        self.cfg.set(key, value)

            def load(self):
                from django.core.wsgi import get_wsgi_application

                return get_wsgi_application()

        return App()
