# URLs for the submissions imports pages; included by submissions/urls.py.

urlpatterns = []
