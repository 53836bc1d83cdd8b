from django.urls import path

from luoshi.reports import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.my_reports, name="my_reports"),
    path("items/<int:item_id>/report/", views.report_start, name="report_start"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:report_id>/review/", views.report_review, name="report_review"),
    path("reports/<int:report_id>/revise/", views.report_revise, name="report_revise"),
    path("reports/<int:report_id>/contribute/", views.report_contribute, name="report_contribute"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment_download"),
]
