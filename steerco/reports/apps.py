from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "steerco.reports"
    verbose_name = _("Reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers feed their sections only where the app is installed.
        from django.apps import apps

        from steerco.indicators.packs import register_section

        from . import (
            jobs,  # noqa: F401  (registers the reports.generate job kind)
            panels,  # noqa: F401  (the timeline on the programme's page)
        )
        from .profiles import dump_profile, profile_problems, write_profile

        # the pack's `report:` section is the report profile (the loader
        # sits below reports and imports none of it)
        register_section("report", problems=profile_problems, write=write_profile, dump=dump_profile)

        if apps.is_installed("steerco.inspection"):
            from .sources import inspection  # noqa: F401
        if apps.is_installed("steerco.findings"):
            from .sources import findings  # noqa: F401
        if apps.is_installed("steerco.collection"):
            from .sources import collection  # noqa: F401
        if apps.is_installed("steerco.audit"):
            from .sources import reasons  # noqa: F401
