from django.urls import path

from guidance import views
from guidance.answers import views as answers
from guidance.consistency import views as consistency
from guidance.documents import views as documents
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
    # Guidance documents. Fixed paths come before the document addresses.
    path("guidance/", documents.DocumentListView.as_view(), name="document_list"),
    path("guidance/new/", documents.DocumentCreateView.as_view(), name="document_create"),
    path("guidance/review/", documents.ReviewListView.as_view(), name="review_list"),
    path("guidance/review.csv", documents.ReviewCsvView.as_view(), name="review_csv"),
    path(
        "guidance/subscriptions/",
        documents.SubscriptionsView.as_view(),
        name="subscription_list",
    ),
    path(
        "guidance/subscriptions/<int:pk>/delete/",
        documents.SubscriptionDeleteView.as_view(),
        name="subscription_delete",
    ),
    path(
        "guidance/subscriptions/reminders/",
        documents.ReviewRemindersView.as_view(),
        name="review_reminders",
    ),
    path(
        "guidance/unsubscribe/<str:token>/",
        documents.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
    # Standard responses are guidance documents; these pages list and start them, and act on
    # the answers that use them.
    path(
        "guidance/standard-responses/",
        answers.StandardResponseListView.as_view(),
        name="standard_response_list",
    ),
    path(
        "guidance/standard-responses/new/",
        answers.StandardResponseCreateView.as_view(),
        name="standard_response_create",
    ),
    path(
        "guidance/standard-responses/use/<int:pk>/<int:number>/",
        answers.AnswerUseView.as_view(),
        name="answer_use",
    ),
    path(
        "guidance/standard-responses/dismiss/<int:pk>/<int:number>/",
        answers.AnswerNewerDismissView.as_view(),
        name="answer_newer_dismiss",
    ),
    path("guidance/<slug:slug>/", documents.DocumentDetailView.as_view(), name="document_detail"),
    path(
        "guidance/<slug:slug>/updates/",
        documents.DocumentUpdatesView.as_view(),
        name="document_updates",
    ),
    path(
        "guidance/<slug:slug>/compare/<int:a>/<int:b>/",
        documents.RevisionCompareView.as_view(),
        name="document_compare",
    ),
    path("guidance/<slug:slug>/draft/", documents.DraftDetailView.as_view(), name="draft_detail"),
    path("guidance/<slug:slug>/edit/", documents.DraftEditView.as_view(), name="document_edit"),
    path(
        "guidance/<slug:slug>/details/",
        documents.DocumentDetailsView.as_view(),
        name="document_details",
    ),
    path(
        "guidance/<slug:slug>/send-for-review/",
        documents.DraftSubmitView.as_view(),
        name="draft_submit",
    ),
    path(
        "guidance/<slug:slug>/send-back/",
        documents.DraftSendBackView.as_view(),
        name="draft_send_back",
    ),
    path(
        "guidance/<slug:slug>/publish/", documents.DraftPublishView.as_view(), name="draft_publish"
    ),
    path(
        "guidance/<slug:slug>/revisions/<int:pk>/approve/",
        documents.RevisionApproveView.as_view(),
        name="revision_approve",
    ),
    path(
        "guidance/<slug:slug>/reviewed/",
        documents.DocumentReviewedView.as_view(),
        name="document_reviewed",
    ),
    path(
        "guidance/<slug:slug>/withdraw/",
        documents.DocumentWithdrawView.as_view(),
        name="document_withdraw",
    ),
]

# The marking-consistency report (project team).
urlpatterns += [
    path("consistency/", consistency.ConsistencyIndexView.as_view(), name="consistency_index"),
    path(
        "consistency/<int:year>/",
        consistency.ConsistencyEditionView.as_view(),
        name="consistency_edition",
    ),
    path(
        "consistency/<int:year>/sections/<int:number>/",
        consistency.ConsistencySectionView.as_view(),
        name="consistency_section",
    ),
    path(
        "consistency/<int:year>/sections/<int:number>/groups/<int:key>/",
        consistency.ConsistencyGroupView.as_view(),
        name="consistency_group",
    ),
    path(
        "consistency/<int:year>/sections/<int:number>/groups/<int:key>/pack/",
        consistency.ConsistencyPackPrintView.as_view(),
        name="consistency_pack",
    ),
    path(
        "consistency/<int:year>/sections/<int:number>/groups/<int:key>/pack.xlsx",
        consistency.ConsistencyPackXlsxView.as_view(),
        name="consistency_pack_xlsx",
    ),
]
