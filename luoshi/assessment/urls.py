from django.urls import path

from luoshi.assessment import views

app_name = "assessment"

urlpatterns = [
    path("plans/<slug:code>/assessment/", views.assessment, name="assessment"),
    path("plans/<slug:code>/assessment/compute/", views.assessment_compute, name="assessment_compute"),
    path("assessment/<int:run_id>/", views.assessment_run, name="assessment_run"),
    path("assessment/<int:run_id>/units/<int:unit_id>/", views.assessment_unit, name="assessment_unit"),
    path("assessment/<int:run_id>/xlsx/", views.assessment_export, name="assessment_export"),
]
