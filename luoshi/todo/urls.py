from django.urls import URLPattern, URLResolver

app_name = "todo"

urlpatterns: list[URLPattern | URLResolver] = []
