from django.urls import path

from luoshi.web import organisations, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/", views.plan_list, name="plan_list"),
    path("organisation/switch/", organisations.organisation_switch, name="organisation_switch"),
    path("plans/<slug:code>/", views.plan_tree, name="plan_tree"),
    path("plans/<slug:code>/nodes/", views.plan_nodes, name="plan_nodes"),
    path("plans/<slug:code>/items/new/", views.item_new, name="item_new"),
    path("items/<int:item_id>/", views.item_detail, name="item_detail"),
    path("items/<int:item_id>/children/", views.item_children, name="item_children"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/move/", views.item_move, name="item_move"),
    path("items/<int:item_id>/reorder/", views.item_reorder, name="item_reorder"),
    path("items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
]
