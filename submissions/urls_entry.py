# URLs for the submissions entry pages; included by submissions/urls.py.

from django.urls import path

from submissions import views_entry as views

urlpatterns = [
    path("submissions/", views.submission_list, name="list"),
    path("submissions/start/", views.submission_create, name="create"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>/about/", views.submission_about, name="about"),
    path("submissions/<int:pk>/sections/<int:number>/", views.section_result, name="section"),
    path("submissions/<int:pk>/check/", views.submission_check, name="check"),
    path("submissions/<int:pk>/sharing/", views.submission_sharing, name="sharing"),
    path("submissions/<int:pk>/history/", views.submission_history, name="history"),
    path("submissions/<int:pk>/copy-forward/", views.copy_forward, name="copy_forward"),
    path(
        "submissions/<int:pk>/recommendations/add/",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "submissions/<int:pk>/recommendations/<int:recommendation_pk>/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "submissions/<int:pk>/recommendations/<int:recommendation_pk>/delete/",
        views.recommendation_delete,
        name="recommendation_delete",
    ),
    path("submissions/actions/<slug:slug>/", views.action_list, name="actions"),
    path("submissions/editions/<int:year>/", views.edition_detail, name="edition"),
]
