"""gunicorn's own logs (the error log: "Invalid request from ip=…", worker
timeouts with the client's address) through the same masking filter as
every other log line (``steerco.ops.logging.RedactPersonalData``).
``steerco serve`` sets it as gunicorn's ``logger_class``."""

from gunicorn.glogging import Logger

from .logging import RedactPersonalData


class RedactingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, RedactPersonalData) for f in handler.filters):
                    handler.addFilter(RedactPersonalData())
