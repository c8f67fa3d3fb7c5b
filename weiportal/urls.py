from django.contrib import admin
from django.urls import include, path

from networks import views as pages

admin.site.site_header = "WEI good-practice portal administration"
admin.site.site_title = "WEI portal admin"

urlpatterns = [
    path("", pages.start, name="start"),
    path("dashboard/", pages.dashboard, name="dashboard"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("cookies/", pages.cookies, name="cookies"),
    path("privacy/", pages.privacy, name="privacy"),
    path("", include("networks.account_urls")),
    path("", include("networks.urls")),
    path("", include("submissions.urls")),
    path("", include("guidance.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "networks.views.permission_denied"
handler404 = "networks.views.page_not_found"
handler500 = "networks.views.server_error"
