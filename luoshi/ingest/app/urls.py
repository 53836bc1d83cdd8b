from django.urls import path

from luoshi.ingest.app import views

app_name = "ingest"

urlpatterns = [
    path("", views.source_new, name="source_new"),
    path("<int:source_id>/", views.source_review, name="source_review"),
]
