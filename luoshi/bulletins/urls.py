from django.urls import path

from luoshi.bulletins import views

app_name = "bulletins"

urlpatterns = [
    path("plans/<slug:code>/bulletins/", views.bulletin_list, name="bulletin_list"),
    path("plans/<slug:code>/bulletins/new/", views.bulletin_new, name="bulletin_new"),
    path("bulletins/<int:bulletin_id>/", views.bulletin_detail, name="bulletin_detail"),
    path("bulletins/<int:bulletin_id>/docx/", views.bulletin_docx, name="bulletin_docx"),
    path("bulletins/<int:bulletin_id>/pdf/", views.bulletin_pdf, name="bulletin_pdf"),
]
