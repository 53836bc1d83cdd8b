from django.urls import URLPattern, URLResolver, path

from luoshi.search import views

app_name = "search"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search, name="search"),
    path("plans/<slug:code>/views/", views.saved_views, name="saved_views"),
]
