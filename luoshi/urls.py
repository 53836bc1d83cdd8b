from typing import Any

from django.contrib.auth import views as auth_views
from django.urls import URLResolver, include, path
from django.urls.resolvers import RoutePattern


class DeferredResolver(URLResolver):
    """URLs named by module and imported the first time a path under them is resolved or one of their
    names reversed. Django populates every resolver below the root when the first name is reversed (the
    middleware does at start); this one waits until its own patterns are asked for."""

    def _populate(self) -> None:
        if "url_patterns" in self.__dict__:
            super()._populate()

    @property
    def reverse_dict(self) -> Any:
        self.url_patterns  # noqa: B018 - imports the module
        return super().reverse_dict

    @property
    def namespace_dict(self) -> Any:
        self.url_patterns  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self) -> Any:
        self.url_patterns  # noqa: B018
        return super().app_dict

    def _is_callback(self, name: str) -> bool:
        self.url_patterns  # noqa: B018
        return super()._is_callback(name)  # type: ignore[no-any-return]


# The API (django-ninja, pydantic and its schemas) is built on its first request, not at start; the admin
# site (every room's admin module, its hundreds of URLs) on its first page or reversed name.
api_urls = DeferredResolver(
    RoutePattern("api/", is_endpoint=False), "luoshi.api.urls", app_name="ninja", namespace="api"
)

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    DeferredResolver(
        RoutePattern("admin/", is_endpoint=False), "luoshi.admin_urls", app_name="admin", namespace="admin"
    ),
    path("people/", include("luoshi.accounts.urls")),
    path("ledger/", include("luoshi.ledger.urls")),
    api_urls,
    path("ingest/", include("luoshi.ingest.app.urls")),
    path("dispatch/", include("luoshi.dispatch.urls")),
    path("history/", include("luoshi.history.urls")),
    path("search/", include("luoshi.search.urls")),
    path("comments/", include("luoshi.comments.urls")),
    path("timeline/", include("luoshi.timeline.urls")),
    path("calendar/", include("luoshi.calendar.urls")),
    path("years/", include("luoshi.years.urls")),
    path("todo/", include("luoshi.todo.urls")),
    path("public/", include("luoshi.public.urls")),
    path("", include("luoshi.web.urls")),
    path("", include("luoshi.reports.urls")),
    path("", include("luoshi.dashboard.urls")),
    path("", include("luoshi.status.urls")),
    path("", include("luoshi.notifications.urls")),
    path("", include("luoshi.notices.urls")),
    path("", include("luoshi.bulletins.urls")),
    path("", include("luoshi.assessment.urls")),
]
