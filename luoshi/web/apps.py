from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "luoshi.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from django.contrib import admin

        admin.site.site_header = _("luoshi administration")
        admin.site.site_title = _("luoshi")
        admin.site.index_title = _("Units and users")
