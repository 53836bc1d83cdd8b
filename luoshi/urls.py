from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from luoshi.api.api import api

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("people/", include("luoshi.accounts.urls")),
    path("ledger/", include("luoshi.ledger.urls")),
    path("api/", api.urls),
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
