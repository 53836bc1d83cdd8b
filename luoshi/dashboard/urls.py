from django.urls import path

from luoshi.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("plans/<slug:code>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<slug:code>/dashboard/items/", views.drilldown, name="drilldown"),
]
