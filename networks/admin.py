from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet

from networks.models import DemoDataRecord, Membership, Network, Organisation, User
from networks.services import LAST_LEAD_MESSAGE, data_version_bump
from weiportal.locking import BumpsLockVersion


class BumpsDataVersion:
    """For models whose changes the comparison pages show: every admin save and delete moves
    the data version (``version_bump``) in the same transaction, so the change shows on the
    next request."""

    @staticmethod
    def version_bump():
        data_version_bump()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.version_bump()

    def save_related(self, request, form, formsets, change):
        # Inline rows (section maximums, section results, memberships) are saved here.
        super().save_related(request, form, formsets, change)
        self.version_bump()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self.version_bump()

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            self.version_bump()


def _stops_leading(form):
    """Whether a membership form takes a lead's role away (by deletion or demotion)."""
    was_lead = form.instance.pk and form.initial.get("role") == Membership.Role.LEAD
    deleted = form.cleaned_data.get("DELETE")
    return was_lead and (deleted or form.cleaned_data.get("role") != Membership.Role.LEAD)


class NetworkMembershipFormSet(BaseInlineFormSet):
    """A network's memberships as a whole: at least one of them must be a lead."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        leads = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == Membership.Role.LEAD
        ]
        if not leads:
            raise ValidationError(
                f"{self.instance.name or 'A network'} must have at least one lead."
            )


class UserMembershipFormSet(BaseInlineFormSet):
    """A person's memberships: they may not stop being the only lead of a network."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for form in self.forms:
            if not form.cleaned_data or not _stops_leading(form):
                continue
            network = form.instance.network
            others = network.memberships.leads().exclude(pk=form.instance.pk)
            if not others.exists():
                raise ValidationError(
                    LAST_LEAD_MESSAGE.format(network=network.name, action="remove this lead")
                )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user", "network"]
    formset = UserMembershipFormSet


class NetworkMembershipInline(MembershipInline):
    autocomplete_fields = ["user"]
    formset = NetworkMembershipFormSet
    min_num = 1


class PortalUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class PortalUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_superuser", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Personal details", {"fields": ["full_name"]}),
        (
            "Roles",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(Organisation)
class OrganisationAdmin(BumpsDataVersion, admin.ModelAdmin):
    list_display = ["name", "acronym", "type", "sector", "parent"]
    list_filter = ["type", "sector", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "acronym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Network)
class NetworkAdmin(BumpsLockVersion, BumpsDataVersion, admin.ModelAdmin):
    list_display = ["name", "organisation", "contact_email"]
    list_filter = ["organisation__sector", "organisation__type"]
    search_fields = ["name", "organisation__name", "organisation__acronym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]
    inlines = [NetworkMembershipInline]


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "network", "role", "joined", "name_given", "email_given"]

    def clean(self):
        cleaned_data = super().clean()
        instance = self.instance
        if (
            instance.pk
            and "role" in self.changed_data
            and instance.network.memberships.leads().filter(pk=instance.pk).exists()
            and not instance.network.memberships.leads().exclude(pk=instance.pk).exists()
        ):
            self.add_error(
                "role",
                LAST_LEAD_MESSAGE.format(
                    network=instance.network.name, action="change this lead's role"
                ),
            )
        return cleaned_data


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "network", "role", "joined"]
    list_filter = ["role", "network__organisation__sector"]
    search_fields = [
        "user__email",
        "user__full_name",
        "network__name",
        "network__organisation__name",
    ]
    autocomplete_fields = ["user", "network"]
    list_select_related = ["user", "network__organisation"]
    # Deleting in bulk could take away a network's last lead.
    actions = None

    def has_delete_permission(self, request, obj=None):
        if (
            obj is not None
            and obj.role == Membership.Role.LEAD
            and not obj.network.memberships.leads().exclude(pk=obj.pk).exists()
        ):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DemoDataRecord)
class DemoDataRecordAdmin(BumpsDataVersion, admin.ModelAdmin):
    """Deleting the record takes the demonstration notice off every page at the next
    request: the notice is cached under the data version."""
