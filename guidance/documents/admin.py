"""Guidance documents in the Django admin. Revisions are read-only: published ones never
change, and drafts change through the portal, which checks the lock version."""

from django.contrib import admin
from django.db.models import F
from simple_history.admin import SimpleHistoryAdmin

from guidance.admin import BumpsGuidanceVersion
from guidance.models import (
    AnswerSource,
    Document,
    GuidanceReader,
    Notification,
    Revision,
    Subscription,
)

# Owner and review date may be corrected here; the workflow's state only in the portal.
DOCUMENT_ADMIN_EDITABLE = ["owner", "review_due", "withdrawal_explanation"]


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["number", "state", "title", "change_type", "published_at", "published_by"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False
    ordering = ["-pk"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(BumpsGuidanceVersion, admin.ModelAdmin):
    list_display = ["__str__", "slug", "status", "owner", "review_due", "changed_at"]
    list_filter = ["status", "kind"]
    search_fields = ["slug", "current_revision__title", "owner__email", "owner__full_name"]
    list_select_related = ["current_revision", "owner"]
    autocomplete_fields = ["owner"]
    inlines = [RevisionInline]
    fields = [
        "kind",
        "section",
        "slug",
        "status",
        "owner",
        "review_due",
        "last_reviewed_at",
        "last_reviewed_by",
        "reminded_for",
        "current_revision",
        "latest_major_revision",
        "withdrawn_at",
        "withdrawn_by",
        "withdrawal_explanation",
        "lock_version",
        "changed_at",
        "changed_by",
        "created_at",
    ]
    readonly_fields = [name for name in fields if name not in DOCUMENT_ADMIN_EDITABLE]

    def has_add_permission(self, request):
        # Documents start as drafts in the portal, which creates their first revision.
        return False

    def save_model(self, request, obj, form, change):
        # Only the editable fields are written, and the lock version moves, so a form open in
        # the portal is refused rather than undoing this change.
        obj.lock_version = F("lock_version") + 1
        obj.save(update_fields=[*DOCUMENT_ADMIN_EDITABLE, "lock_version"])
        obj.refresh_from_db(fields=["lock_version"])


@admin.register(Revision)
class RevisionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "document", "number", "state", "change_type", "published_at"]
    list_filter = ["state", "change_type"]
    search_fields = ["title", "document__slug", "change_note"]
    list_select_related = ["document__current_revision"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Revision._meta.fields] + ["sections"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "document", "section", "created_at"]
    list_select_related = ["user", "document__current_revision", "section__criteria_round"]
    search_fields = ["user__email"]
    raw_id_fields = ["user", "document", "section"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["revision", "user", "created_at", "emailed_at", "email_attempts", "read_at"]
    list_select_related = ["revision", "user"]
    search_fields = ["user__email", "revision__title"]
    readonly_fields = ["user", "revision", "created_at", "emailed_at", "email_attempts", "read_at"]

    def has_add_permission(self, request):
        return False


@admin.register(GuidanceReader)
class GuidanceReaderAdmin(admin.ModelAdmin):
    list_display = ["user", "review_reminders", "dashboard_seen_at"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(AnswerSource)
class AnswerSourceAdmin(admin.ModelAdmin):
    """Which standard-response revision an answer used: recorded by "use this answer" in the
    portal, read here."""

    list_display = ["result", "revision", "used_at", "used_by"]
    list_select_related = [
        "result__submission__organisation",
        "result__submission__edition",
        "result__section",
        "revision",
        "used_by",
    ]
    search_fields = ["result__submission__organisation__name", "revision__title"]
    readonly_fields = ["result", "revision", "used_at", "used_by", "dismissed_revision"]

    def has_add_permission(self, request):
        return False
