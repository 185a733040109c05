from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "steerco.proposals"
    verbose_name = _("Difficulties and proposals")

    def ready(self):
        # This app sits above the registers it feeds: it registers its
        # computed indicators, its reminder source, its home-page items and
        # its report section; none of those apps imports it.
        from . import attention, computed, reminders, report  # noqa: F401
