from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionConfig(AppConfig):
    name = "steerco.collection"
    label = "collection"
    verbose_name = _("Data collection")

    def ready(self):
        from . import jobs  # noqa: F401  (registers its job kind)
