from django.urls import path

from luoshi.comments import views

app_name = "comments"

urlpatterns = [
    path("items/<int:item_id>/", views.item_thread, name="item_thread"),
    path("reports/<int:report_id>/", views.report_thread, name="report_thread"),
    path("<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
]
