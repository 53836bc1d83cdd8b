from django.urls import URLPattern, URLResolver, path

from luoshi.todo import views

app_name = "todo"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("approve/", views.reports_approve, name="reports_approve"),
    path("plans/<slug:code>/chase/", views.units_chase, name="units_chase"),
    path("plans/<slug:code>/notices/", views.notices_issue, name="notices_issue"),
    path("plans/<slug:code>/reassign/", views.items_reassign, name="items_reassign"),
]
