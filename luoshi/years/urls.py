from django.urls import URLPattern, URLResolver

app_name = "years"

urlpatterns: list[URLPattern | URLResolver] = []
