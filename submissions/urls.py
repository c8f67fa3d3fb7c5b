"""The submissions app's URLs: entering submissions, importing and exporting results, and
comparing them."""

from django.urls import path

from submissions.views import compare, entry, imports

app_name = "submissions"

urlpatterns = [
    # Entering submissions and their actions.
    path("submissions/", entry.submission_list, name="list"),
    path("submissions/start/", entry.SubmissionCreate.as_view(), name="create"),
    path("submissions/<int:pk>/", entry.submission_detail, name="detail"),
    path("submissions/<int:pk>/about/", entry.SubmissionAbout.as_view(), name="about"),
    path(
        "submissions/<int:pk>/sections/<int:number>/",
        entry.SectionResultEdit.as_view(),
        name="section",
    ),
    path("submissions/<int:pk>/check/", entry.SubmissionCheck.as_view(), name="check"),
    path("submissions/<int:pk>/sharing/", entry.SubmissionSharing.as_view(), name="sharing"),
    path("submissions/<int:pk>/history/", entry.submission_history, name="history"),
    path("submissions/<int:pk>/copy-forward/", entry.CopyForward.as_view(), name="copy_forward"),
    path(
        "submissions/<int:pk>/recommendations/add/",
        entry.RecommendationAdd.as_view(),
        name="recommendation_add",
    ),
    path(
        "submissions/<int:pk>/recommendations/<int:recommendation_pk>/",
        entry.RecommendationEdit.as_view(),
        name="recommendation_edit",
    ),
    path(
        "submissions/<int:pk>/recommendations/<int:recommendation_pk>/delete/",
        entry.RecommendationDelete.as_view(),
        name="recommendation_delete",
    ),
    path("submissions/actions/<slug:slug>/", entry.action_list, name="actions"),
    path("submissions/editions/<int:year>/", entry.edition_detail, name="edition"),
    # Importing and exporting results spreadsheets.
    path("results/import/", imports.ResultsUpload.as_view(), name="import"),
    path("results/import/check/", imports.results_confirm, name="import_confirm"),
    path("results/import/done/", imports.results_done, name="import_done"),
    path("results/import/<int:pk>/", imports.results_import_job, name="import_job"),
    path(
        "organisations/<slug:organisation>/results.csv",
        imports.results_export_csv,
        name="export",
    ),
    # Comparing sections, organisations and editions.
    path("compare/", compare.compare, name="compare"),
    path(
        "compare/organisations/<slug:slug>/<int:year>/",
        compare.profile,
        name="profile",
    ),
    path(
        "compare/organisations/<slug:slug>/<int:year>/csv/",
        compare.profile_csv,
        name="profile_csv",
    ),
    path("compare/organisations/<slug:slug>/trend/", compare.trend, name="trend"),
    path("compare/organisations/<slug:slug>/trend/csv/", compare.trend_csv, name="trend_csv"),
    path(
        "compare/<int:year>/sections/<int:number>/",
        compare.section_compare,
        name="section_compare",
    ),
    path(
        "compare/<int:year>/sections/<int:number>/csv/",
        compare.section_compare_csv,
        name="section_compare_csv",
    ),
    path(
        "compare/<int:year>/sections/<int:number>/who-did-this-well/",
        compare.section_leaders,
        name="section_leaders",
    ),
]
