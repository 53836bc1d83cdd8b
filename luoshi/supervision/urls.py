from django.urls import path

from luoshi.supervision import views

app_name = "supervision"

urlpatterns = [
    path("plans/<slug:code>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<slug:code>/dashboard/items/", views.drilldown, name="drilldown"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/open/", views.notification_open, name="notification_open"),
    path("items/<int:item_id>/status/", views.status_override, name="status_override"),
]
