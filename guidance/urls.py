from django.urls import path

from guidance import views
from guidance.feeds import new_entries_feed

app_name = "guidance"

urlpatterns = [
    path("good-practice/", views.entry_list, name="entry_list"),
    path("good-practice/new/", views.EntryCreate.as_view(), name="entry_create"),
    path("good-practice/<int:pk>/", views.entry_detail, name="entry_detail"),
    path("good-practice/<int:pk>/edit/", views.EntryEdit.as_view(), name="entry_edit"),
    path("good-practice/<int:pk>/publish/", views.EntryPublish.as_view(), name="entry_publish"),
    path(
        "good-practice/<int:pk>/send-back/", views.EntrySendBack.as_view(), name="entry_send_back"
    ),
    path("good-practice/<int:pk>/withdraw/", views.EntryWithdraw.as_view(), name="entry_withdraw"),
    path("good-practice/<int:pk>/helpful/", views.entry_helpful, name="entry_helpful"),
    path(
        "good-practice/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "good-practice/sections/<int:pk>/",
        views.section_entries,
        name="section_entries",
    ),
    path("good-practice/feed/", views.feed_token, name="feed_token"),
    path("good-practice/feed/<str:token>/", new_entries_feed, name="feed"),
]
