# URLs for the submissions compare pages; included by submissions/urls.py.

urlpatterns = []
