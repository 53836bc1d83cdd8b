from django.urls import URLPattern, URLResolver, path

from luoshi.timeline import views

app_name = "timeline"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plans/<str:code>/", views.plan_gantt, name="plan_gantt"),
    path("plans/<str:code>/data/", views.plan_gantt_data, name="plan_gantt_data"),
    path("plans/<str:code>/baselines/<int:baseline_id>/", views.baseline_data, name="baseline_data"),
    path("items/<int:item_id>/dates/", views.item_dates, name="item_dates"),
]
