from django.urls import URLPattern, URLResolver, path

from luoshi.years import views

app_name = "years"

urlpatterns: list[URLPattern | URLResolver] = [
    path("switch/", views.year_switch, name="year_switch"),
    path("plans/<slug:code>/", views.plan_year, name="plan_year"),
    path("plans/<slug:code>/next/", views.next_year, name="next_year"),
    path("plans/<slug:code>/archive/", views.plan_archive, name="plan_archive"),
]
