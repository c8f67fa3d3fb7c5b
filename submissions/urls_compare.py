# URLs for the submissions compare pages; included by submissions/urls.py.
from django.urls import path

from submissions.views import compare as views

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path(
        "compare/organisations/<slug:slug>/<int:year>/",
        views.profile,
        name="profile",
    ),
    path(
        "compare/organisations/<slug:slug>/<int:year>/csv/",
        views.profile_csv,
        name="profile_csv",
    ),
    path("compare/organisations/<slug:slug>/trend/", views.trend, name="trend"),
    path("compare/organisations/<slug:slug>/trend/csv/", views.trend_csv, name="trend_csv"),
    path(
        "compare/<int:year>/sections/<int:number>/",
        views.section_compare,
        name="section_compare",
    ),
    path(
        "compare/<int:year>/sections/<int:number>/csv/",
        views.section_compare_csv,
        name="section_compare_csv",
    ),
    path(
        "compare/<int:year>/sections/<int:number>/who-did-this-well/",
        views.section_leaders,
        name="section_leaders",
    ),
]
