# URLs for importing and exporting results spreadsheets; included by submissions/urls.py.

from django.urls import path

from submissions import views_imports

urlpatterns = [
    path("results/import/", views_imports.ResultsUpload.as_view(), name="import"),
    path("results/import/check/", views_imports.results_confirm, name="import_confirm"),
    path("results/import/done/", views_imports.results_done, name="import_done"),
    path(
        "organisations/<slug:organisation>/results.csv",
        views_imports.results_export_csv,
        name="export",
    ),
]
