from django.urls import URLPattern, URLResolver, path

from luoshi.calendar import views

app_name = "calendar"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.calendar_page, name="calendar"),
    path("feed/regenerate/", views.calendar_feed_regenerate, name="calendar_feed_regenerate"),
    path("feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
