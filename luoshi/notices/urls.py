from django.urls import path

from luoshi.notices import views

app_name = "notices"

urlpatterns = [
    path("plans/<slug:code>/notices/", views.notice_list, name="notice_list"),
    path("plans/<slug:code>/numbering/", views.notice_numbering, name="notice_numbering"),
    path("items/<int:item_id>/instructions/new/", views.instruction_new, name="instruction_new"),
    path("items/<int:item_id>/notices/new/", views.notice_new, name="notice_new"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/docx/", views.notice_docx, name="notice_docx"),
    path("notices/<int:notice_id>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("notices/<int:notice_id>/reply/", views.notice_reply, name="notice_reply"),
    path(
        "notices/<int:notice_id>/extension/",
        views.notice_extension_request,
        name="notice_extension_request",
    ),
    path("notices/<int:notice_id>/close/", views.notice_close, name="notice_close"),
    path("notices/units/<int:target_id>/review/", views.notice_review, name="notice_review"),
    path(
        "notices/extensions/<int:extension_id>/decide/",
        views.notice_extension_decide,
        name="notice_extension_decide",
    ),
    path("notices/files/<int:attachment_id>/", views.notice_attachment, name="notice_attachment"),
]
