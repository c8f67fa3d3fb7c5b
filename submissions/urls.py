"""The submissions app's URLs, kept in three parts: entering submissions, importing and
exporting results, and comparing them."""

from submissions.urls_compare import urlpatterns as compare_urls
from submissions.urls_entry import urlpatterns as entry_urls
from submissions.urls_imports import urlpatterns as import_urls

app_name = "submissions"

urlpatterns = [*entry_urls, *import_urls, *compare_urls]
