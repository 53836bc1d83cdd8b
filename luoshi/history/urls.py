from django.urls import URLPattern, URLResolver

app_name = "history"

urlpatterns: list[URLPattern | URLResolver] = []
