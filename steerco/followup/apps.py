from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "steerco.followup"
    verbose_name = _("Follow-up and reasons for changes")

    def ready(self):
        from . import jobs

        jobs.register()  # the job kind, and the daily schedule on the job worker
