from django.urls import path

from luoshi.ledger import views

app_name = "ledger"

urlpatterns = [
    path("plans/<slug:code>/ledger.xlsx", views.export_xlsx, name="export_xlsx"),
    path("plans/<slug:code>/ledger.csv", views.export_csv, name="export_csv"),
    path("plans/<slug:code>/import/", views.import_new, name="import_new"),
    path("imports/<int:import_id>/", views.import_detail, name="import_detail"),
    path("imports/<int:import_id>/progress/", views.import_progress, name="import_progress"),
    path("imports/<int:import_id>/apply/", views.import_apply, name="import_apply"),
    path("imports/<int:import_id>/preview/", views.import_repeat_preview, name="import_repeat_preview"),
]
