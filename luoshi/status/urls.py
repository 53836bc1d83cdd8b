from django.urls import path

from luoshi.status import views

app_name = "status"

urlpatterns = [
    path("items/<int:item_id>/status/", views.status_override, name="status_override"),
]
