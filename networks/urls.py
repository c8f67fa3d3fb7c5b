from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("networks/<slug:slug>/", views.network_detail, name="network_detail"),
    path("networks/<slug:slug>/edit/", views.NetworkEdit.as_view(), name="network_edit"),
    path("networks/<slug:slug>/members/add/", views.MemberAdd.as_view(), name="member_add"),
    path(
        "networks/<slug:slug>/members/<int:pk>/role/",
        views.MemberRole.as_view(),
        name="member_role",
    ),
    path(
        "networks/<slug:slug>/members/<int:pk>/remove/",
        views.MemberRemove.as_view(),
        name="member_remove",
    ),
]
