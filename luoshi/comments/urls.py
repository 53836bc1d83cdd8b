from django.urls import URLPattern, URLResolver

app_name = "comments"

urlpatterns: list[URLPattern | URLResolver] = []
