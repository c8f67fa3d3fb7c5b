from django.contrib import admin
from django.urls import include, path

from weiportal import views

admin.site.site_header = "WEI good-practice portal administration"
admin.site.site_title = "WEI portal admin"

urlpatterns = [
    path("", views.start, name="start"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("", include("networks.account_urls")),
    path("", include("networks.urls")),
    path("", include("submissions.urls")),
    path("", include("guidance.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "weiportal.views.permission_denied"
handler404 = "weiportal.views.page_not_found"
handler500 = "weiportal.views.server_error"
