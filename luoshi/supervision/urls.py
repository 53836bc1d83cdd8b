from django.urls import path

from luoshi.supervision import views, views_assessment, views_bulletins, views_notices

app_name = "supervision"

urlpatterns = [
    path("plans/<slug:code>/dashboard/", views.dashboard, name="dashboard"),
    path("plans/<slug:code>/dashboard/items/", views.drilldown, name="drilldown"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:notification_id>/open/", views.notification_open, name="notification_open"),
    path("items/<int:item_id>/status/", views.status_override, name="status_override"),
    path("plans/<slug:code>/notices/", views_notices.notice_list, name="notice_list"),
    path("plans/<slug:code>/numbering/", views_notices.notice_numbering, name="notice_numbering"),
    path("items/<int:item_id>/instructions/new/", views_notices.instruction_new, name="instruction_new"),
    path("items/<int:item_id>/notices/new/", views_notices.notice_new, name="notice_new"),
    path("notices/<int:notice_id>/", views_notices.notice_detail, name="notice_detail"),
    path("notices/<int:notice_id>/acknowledge/", views_notices.notice_acknowledge, name="notice_acknowledge"),
    path("notices/<int:notice_id>/reply/", views_notices.notice_reply, name="notice_reply"),
    path(
        "notices/<int:notice_id>/extension/",
        views_notices.notice_extension_request,
        name="notice_extension_request",
    ),
    path("notices/<int:notice_id>/close/", views_notices.notice_close, name="notice_close"),
    path("notices/units/<int:target_id>/review/", views_notices.notice_review, name="notice_review"),
    path(
        "notices/extensions/<int:extension_id>/decide/",
        views_notices.notice_extension_decide,
        name="notice_extension_decide",
    ),
    path("notices/files/<int:attachment_id>/", views_notices.notice_attachment, name="notice_attachment"),
    path("plans/<slug:code>/bulletins/", views_bulletins.bulletin_list, name="bulletin_list"),
    path("plans/<slug:code>/bulletins/new/", views_bulletins.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:bulletin_id>/", views_bulletins.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:bulletin_id>/docx/", views_bulletins.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:bulletin_id>/pdf/", views_bulletins.bulletin_pdf, name="bulletin_pdf"),
    path("plans/<slug:code>/assessment/", views_assessment.assessment, name="assessment"),
    path("plans/<slug:code>/assessment/compute/", views_assessment.assessment_compute, name="assessment_compute"),
    path("assessment/<int:run_id>/", views_assessment.assessment_run, name="assessment_run"),
    path("assessment/<int:run_id>/units/<int:unit_id>/", views_assessment.assessment_unit, name="assessment_unit"),
    path("assessment/<int:run_id>/xlsx/", views_assessment.assessment_export, name="assessment_export"),
]
