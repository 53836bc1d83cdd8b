from django.urls import path

from luoshi.accounts import views

app_name = "accounts"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_new, name="unit_new"),
    path("units/<int:unit_id>/", views.unit_edit, name="unit_edit"),
    path("units/<int:unit_id>/delete/", views.unit_delete, name="unit_delete"),
    path("leaders/", views.leader_list, name="leader_list"),
    path("leaders/new/", views.leader_new, name="leader_new"),
    path("leaders/<int:leader_id>/", views.leader_edit, name="leader_edit"),
    path("leaders/<int:leader_id>/delete/", views.leader_delete, name="leader_delete"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_new, name="user_new"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/role/", views.user_role, name="user_role"),
    path("users/<int:user_id>/role/remove/", views.user_role_remove, name="user_role_remove"),
    path("users/<int:user_id>/active/", views.user_active, name="user_active"),
    path("users/<int:user_id>/password/", views.user_password, name="user_password"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user_unlock"),
]
