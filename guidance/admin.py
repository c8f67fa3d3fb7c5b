from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from simple_history.admin import SimpleHistoryAdmin

from guidance import services
from guidance.models import Attachment, FeedToken, GoodPracticeEntry, HelpfulMark
from networks.admin import BumpsDataVersion
from networks.services import guidance_version_bump


class BumpsGuidanceVersion(BumpsDataVersion):
    """For published guidance and what lists show of it: admin saves and deletes move the
    guidance version, so the library and comparison pages show the change at once."""

    @staticmethod
    def version_bump():
        guidance_version_bump()


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["file_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = True
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Files come in through the portal's form, which checks their content.
        return False


@admin.register(GoodPracticeEntry)
class GoodPracticeEntryAdmin(BumpsGuidanceVersion, SimpleHistoryAdmin):
    list_display = ["title", "network", "status", "published_at", "updated_at"]
    list_filter = ["status", "network__organisation__sector", "sections__criteria_round"]
    search_fields = ["title", "summary", "network__name", "network__organisation__name"]
    autocomplete_fields = ["network", "author"]
    filter_horizontal = ["sections"]
    readonly_fields = ["created_at", "updated_at", "published_at", "withdrawn_at"]
    list_select_related = ["network__organisation"]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline]
    fieldsets = [
        (None, {"fields": ["title", "summary", "body", "network", "author"]}),
        ("Index", {"fields": ["sections", "edition"]}),
        ("Contact", {"fields": ["contact_name", "contact_email"]}),
        (
            "Workflow",
            {
                "fields": [
                    "status",
                    "status_reason",
                    "created_at",
                    "updated_at",
                    "published_at",
                    "withdrawn_at",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        # A change of state goes through the workflow's service, which keeps the dates.
        if "status" in form.changed_data:
            services.entry_set_status(entry=obj, status=obj.status, by=request.user)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["file_name", "entry", "content_type", "size_display", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["file_name", "entry__title"]
    list_select_related = ["entry"]
    fields = ["entry", "file_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request):
        return False

    @admin.display(description="size", ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)


@admin.register(HelpfulMark)
class HelpfulMarkAdmin(BumpsGuidanceVersion, admin.ModelAdmin):
    list_display = ["entry", "user", "created_at"]
    list_select_related = ["entry", "user"]
    search_fields = ["entry__title", "user__email"]
    raw_id_fields = ["entry", "user"]


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    search_fields = ["user__email"]
    fields = ["user", "created_at"]
    readonly_fields = fields


# Guidance documents register their own admin pages.
from guidance.documents import admin as documents_admin  # noqa: E402, F401
