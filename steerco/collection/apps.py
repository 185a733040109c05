from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "steerco.collection"
    label = "collection"
    verbose_name = _("Data collection")

    def ready(self):
        from . import closing_job, jobs  # noqa: F401  (jobs registers its job kind)

        closing_job.register()  # the job kind, and its daily schedule on the job worker
