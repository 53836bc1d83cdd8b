from django.urls import URLPattern, URLResolver, path

from luoshi.history import views

app_name = "history"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plans/<slug:code>/", views.plan_as_of, name="plan_as_of"),
    path("plans/<slug:code>/figures/", views.figures_as_of, name="figures_as_of"),
    path("plans/<slug:code>/compare/", views.plan_compare, name="plan_compare"),
    path("plans/<slug:code>/baselines/", views.baselines, name="baselines"),
    path("baselines/<int:baseline_id>/delete/", views.baseline_delete, name="baseline_delete"),
    path("items/<int:item_id>/", views.item_as_of, name="item_as_of"),
]
