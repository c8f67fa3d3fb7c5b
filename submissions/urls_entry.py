# URLs for the submissions entry pages; included by submissions/urls.py.

urlpatterns = []
