from typing import Any

from django.apps import AppConfig
from django.contrib.admin.apps import SimpleAdminConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AdminConfig(SimpleAdminConfig):
    """Django's admin without its autodiscovery at start: the rooms' admin modules are imported with the
    admin's URLs (luoshi/admin_urls.py), when an admin page is first asked for, and before the admin's
    system checks."""

    def ready(self) -> None:
        from django.contrib.admin.checks import check_dependencies

        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(admin_check, checks.Tags.admin)


def admin_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from django.contrib import admin
    from django.contrib.admin.checks import check_admin_app

    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)  # type: ignore[no-any-return]


class WebConfig(AppConfig):
    name = "luoshi.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from django.contrib import admin

        admin.site.site_header = _("luoshi administration")
        admin.site.site_title = _("luoshi")
        admin.site.index_title = _("Units and users")
