# URLs for the submissions entry pages; included by submissions/urls.py.

from django.urls import path

from submissions import views_entry as views

urlpatterns = [
    path("submissions/", views.submission_list, name="list"),
    path("submissions/start/", views.SubmissionCreate.as_view(), name="create"),
    path("submissions/<int:pk>/", views.submission_detail, name="detail"),
    path("submissions/<int:pk>/about/", views.SubmissionAbout.as_view(), name="about"),
    path(
        "submissions/<int:pk>/sections/<int:number>/",
        views.SectionResultEdit.as_view(),
        name="section",
    ),
    path("submissions/<int:pk>/check/", views.SubmissionCheck.as_view(), name="check"),
    path("submissions/<int:pk>/sharing/", views.SubmissionSharing.as_view(), name="sharing"),
    path("submissions/<int:pk>/history/", views.submission_history, name="history"),
    path("submissions/<int:pk>/copy-forward/", views.CopyForward.as_view(), name="copy_forward"),
    path(
        "submissions/<int:pk>/recommendations/add/",
        views.RecommendationAdd.as_view(),
        name="recommendation_add",
    ),
    path(
        "submissions/<int:pk>/recommendations/<int:recommendation_pk>/",
        views.RecommendationEdit.as_view(),
        name="recommendation_edit",
    ),
    path(
        "submissions/<int:pk>/recommendations/<int:recommendation_pk>/delete/",
        views.RecommendationDelete.as_view(),
        name="recommendation_delete",
    ),
    path("submissions/actions/<slug:slug>/", views.action_list, name="actions"),
    path("submissions/editions/<int:year>/", views.edition_detail, name="edition"),
]
