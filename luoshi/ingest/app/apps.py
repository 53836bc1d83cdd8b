from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IngestAppConfig(AppConfig):
    name = "luoshi.ingest.app"
    label = "ingest"
    verbose_name = _("Ingest")
