from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from networks.admin import BumpsDataVersion
from submissions import services
from submissions.models import (
    CriteriaRound,
    Edition,
    EditionSection,
    ImportJob,
    Recommendation,
    Section,
    SectionResult,
    Submission,
)
from weiportal.locking import BumpsLockVersion


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["number", "name", "is_cross_cutting", "continues", "description"]
    autocomplete_fields = ["continues"]


@admin.register(CriteriaRound)
class CriteriaRoundAdmin(BumpsDataVersion, admin.ModelAdmin):
    list_display = ["name", "first_year", "last_year"]
    inlines = [SectionInline]


@admin.register(Section)
class SectionAdmin(BumpsDataVersion, admin.ModelAdmin):
    list_display = ["number", "name", "criteria_round", "is_cross_cutting", "continues"]
    list_filter = ["criteria_round", "is_cross_cutting"]
    list_select_related = ["criteria_round", "continues__criteria_round"]
    search_fields = ["name", "criteria_round__name"]
    autocomplete_fields = ["continues"]


class EditionSectionInline(admin.TabularInline):
    model = EditionSection
    extra = 0
    autocomplete_fields = ["section"]


@admin.register(Edition)
class EditionAdmin(BumpsDataVersion, admin.ModelAdmin):
    list_display = ["year", "criteria_round", "entrants", "maximum_total", "maximums_add_up"]
    list_filter = ["criteria_round"]
    inlines = [EditionSectionInline]

    @admin.display(boolean=True, description="Section maximums add up")
    def maximums_add_up(self, edition):
        return not edition.maximums_problem()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        problem = form.instance.maximums_problem()
        if problem:
            messages.warning(request, f"{problem} Correct the section maximums.")


class SectionResultInline(admin.TabularInline):
    model = SectionResult
    extra = 0
    fields = ["section", "score", "owner", "completed", "comment"]
    autocomplete_fields = ["section"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["section", "text", "action_owner", "due_date", "status"]
    autocomplete_fields = ["section"]


@admin.register(Submission)
class SubmissionAdmin(BumpsLockVersion, BumpsDataVersion, SimpleHistoryAdmin):
    list_display = ["organisation", "edition", "status", "sharing", "total_score", "rank"]
    list_filter = ["edition", "status", "sharing", "award"]
    search_fields = ["organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation", "edition"]
    readonly_fields = ["sharing_changed_at", "sharing_changed_by"]
    inlines = [SectionResultInline, RecommendationInline]

    def save_model(self, request, obj, form, change):
        # A new sharing level goes through the service, which records who set it and when.
        if "sharing" in form.changed_data:
            sharing = obj.sharing
            obj.sharing = form.initial.get("sharing", Submission.Sharing.PRIVATE)
            services.submission_set_sharing(submission=obj, sharing=sharing, user=request.user)
        else:
            super().save_model(request, obj, form, change)


@admin.register(SectionResult)
class SectionResultAdmin(BumpsLockVersion, BumpsDataVersion, SimpleHistoryAdmin):
    list_display = ["submission", "section", "score", "owner", "completed"]
    list_filter = ["submission__edition", "owner", "completed"]
    search_fields = ["submission__organisation__name", "section__name"]
    list_select_related = ["submission__organisation", "submission__edition", "section"]


@admin.register(Recommendation)
class RecommendationAdmin(BumpsLockVersion, SimpleHistoryAdmin):
    list_display = ["text", "submission", "section", "action_owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["text", "submission__organisation__name"]
    list_select_related = ["submission__organisation", "submission__edition", "section"]
    autocomplete_fields = ["carried_into"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Background imports, to see what happened; one that is stuck can be deleted so that
    its organisations can be imported again."""

    list_display = ["filename", "user", "status", "rows_checked", "rows", "created_at"]
    list_filter = ["status"]
    search_fields = ["filename", "user__email"]
    readonly_fields = [
        "user",
        "organisations",
        "filename",
        "rows",
        "rows_checked",
        "status",
        "outcome",
        "created_at",
        "finished_at",
    ]
    exclude = ["data"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
