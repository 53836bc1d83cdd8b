from django.urls import path

from luoshi.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/open/", views.notification_open, name="notification_open"),
    path("notifications/channels/", views.channels, name="channels"),
    path("notifications/channels/<int:channel_id>/", views.channel_edit, name="channel_edit"),
    path("notifications/channels/<int:channel_id>/test/", views.channel_test, name="channel_test"),
    path("notifications/deliveries/", views.delivery_list, name="deliveries"),
]
