from django.urls import path

from luoshi.dispatch import views

app_name = "dispatch"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("items/<int:item_id>/new/", views.dispatch_new, name="dispatch_new"),
    path("<int:dispatch_id>/", views.dispatch_detail, name="dispatch_detail"),
    path("<int:dispatch_id>/close/", views.dispatch_close, name="dispatch_close"),
    path("received/<int:target_id>/", views.target_detail, name="target_detail"),
    path("received/<int:target_id>/accept/", views.target_accept, name="target_accept"),
    path("received/<int:target_id>/return/", views.target_return, name="target_return"),
    path("received/<int:target_id>/reply/", views.target_reply, name="target_reply"),
]
