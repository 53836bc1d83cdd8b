from django.urls import path

from luoshi.public import views

app_name = "public"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<slug:code>/", views.public_plan, name="public_plan"),
    path("<slug:code>/settings/", views.publication_edit, name="publication_edit"),
]
