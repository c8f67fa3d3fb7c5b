import re
from functools import partial

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Layout
from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q

from guidance.limits import (
    ATTACHMENT_TOO_LARGE_MESSAGE,
    MAX_ATTACHMENT_MB,
    MAX_ATTACHMENT_SIZE,
    MAX_ATTACHMENTS_PER_ENTRY,
    TOO_MANY_ATTACHMENTS_MESSAGE,
)
from guidance.models import Attachment, GoodPracticeEntry
from guidance.selectors import MAX_QUERY_LENGTH, EntryFilters, Sort
from guidance.uploads import check_attachment
from networks.models import Network, Organisation
from submissions.compare.version import CACHE_SECONDS
from submissions.models import Edition, Section
from weiportal.forms import GovukFormMixin

# Anything that looks like an HTML tag ("<script>", "</p>", "<img src=x", "<!--"), but not a
# Markdown autolink such as <https://example.gov.uk>.
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:[\s/>]|$)|<[!?]")


def reject_html(label):
    def validate(value):
        if HTML_TAG.search(value or ""):
            raise ValidationError(f"{label} must not contain HTML tags such as <script>")

    return validate


class SectionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.criteria_round}: {obj.number}. {obj.name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class EntryForm(GovukFormMixin, forms.ModelForm):
    sections = SectionChoiceField(
        # The current criteria come first.
        queryset=Section.objects.select_related("criteria_round").order_by(
            "-criteria_round__first_year", "number"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Sections it helps with",
        help_text="Select all that apply.",
    )
    attachments = MultipleFileField(
        required=False,
        label="Attachments",
        help_text=f"Up to {MAX_ATTACHMENTS_PER_ENTRY} files, "
        f"each smaller than {MAX_ATTACHMENT_MB}MB: "
        "PDF, DOCX, ODT, XLSX, CSV, PNG or JPEG.",
    )
    remove_attachments = forms.ModelMultipleChoiceField(
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Remove attachments",
    )

    class Meta:
        model = GoodPracticeEntry
        fields = [
            "network",
            "title",
            "summary",
            "body",
            "sections",
            "edition",
            "contact_name",
            "contact_email",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 12}),
            "network": forms.RadioSelect,
        }
        error_messages = {
            "title": {
                "required": "Enter a title",
                "max_length": "Title must be 150 characters or fewer",
            },
            "summary": {
                "required": "Enter a summary",
                "max_length": "Summary must be 500 characters or fewer",
            },
            "body": {
                "required": "Describe what you did",
                "max_length": "Description must be 20,000 characters or fewer",
            },
            "network": {"required": "Select the network the entry is for"},
            "contact_name": {"max_length": "Contact name must be 150 characters or fewer"},
            "contact_email": {
                "invalid": "Enter an email address in the correct format, like name@example.gov.uk"
            },
        }
        labels = {
            "body": "What you did and why it worked",
            "edition": "Index edition it relates to (optional)",
            "contact_name": "Contact name (optional)",
            "contact_email": "Contact email address (optional)",
        }

    def __init__(self, *args, user, oversized_uploads=(), change=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized_uploads = list(oversized_uploads)
        self.fields["title"].validators.append(reject_html("Title"))
        self.fields["summary"].validators.append(reject_html("Summary"))
        self.fields["body"].validators.append(reject_html("Description"))
        self.fields["contact_name"].validators.append(reject_html("Contact name"))
        self.fields["edition"].empty_label = "Not about one edition"
        if self.instance.pk:
            del self.fields["network"]
            # The entry's files, and those a change waiting for a lead would add.
            attachments = self.instance.attachments.filter(
                Q(change__isnull=True) | Q(change=change)
            ).defer("data")
            if attachments:
                self.fields["remove_attachments"].queryset = attachments
                self.fields["remove_attachments"].label_from_instance = lambda a: (
                    f"{a.file_name} (added in this change)" if a.change_id else a.file_name
                )
            else:
                del self.fields["remove_attachments"]
        else:
            del self.fields["remove_attachments"]
            networks = Network.objects.of_member(user).select_related("organisation")
            self.fields["network"].queryset = networks
            self.fields["network"].empty_label = None
            if len(networks) == 1:
                self.fields["network"].initial = networks[0].pk
                self.fields["network"].widget = forms.HiddenInput()
                self.fields["network"].disabled = True
        self.section_groups = self._section_groups()
        if not self.section_groups:
            del self.fields["sections"]
        # The layout was built before fields were removed above.
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*(self._layout_item(name) for name in self.fields))

    def _section_groups(self):
        """The sections as checkboxes grouped by criteria round, the current round first:
        [(round, [(number on the page, section), ...]), ...]. The numbering runs on across
        the groups, so each checkbox has an id of its own."""
        groups = []
        for counter, section in enumerate(self.fields["sections"].queryset, start=1):
            if not groups or groups[-1][0] != section.criteria_round:
                groups.append((section.criteria_round, []))
            groups[-1][1].append((counter, section))
        return groups

    def _layout_item(self, name):
        if name == "sections":
            return HTML('{% include "guidance/includes/sections_field.html" %}')
        if name == "remove_attachments":
            return Field.checkboxes(name, small=True)
        return name

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        errors = [
            ValidationError(f"{name}: {ATTACHMENT_TOO_LARGE_MESSAGE}")
            for name in self.oversized_uploads
        ]
        existing = 0
        if self.instance.pk:
            existing = self.instance.attachments.count()
        if existing + len(files) + len(self.oversized_uploads) > MAX_ATTACHMENTS_PER_ENTRY:
            errors.append(
                ValidationError(
                    f"{TOO_MANY_ATTACHMENTS_MESSAGE}: remove some or select fewer files"
                )
            )
        for uploaded in files:
            try:
                if uploaded.size > MAX_ATTACHMENT_SIZE:
                    raise ValidationError(ATTACHMENT_TOO_LARGE_MESSAGE)
                check_attachment(uploaded.name, uploaded.read())
                uploaded.seek(0)
            except ValidationError as error:
                errors.append(ValidationError(f"{uploaded.name}: {error.messages[0]}"))
        if errors:
            raise ValidationError(errors)
        return files


class ReasonForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        validators=[reject_html("Reason")],
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, label, required_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message


def list_filter(queryset, empty_label, invalid_choice):
    """An optional filter from a list, whose first choice is all of them."""
    return forms.ModelChoiceField(
        queryset=queryset,
        required=False,
        empty_label=empty_label,
        error_messages={"invalid_choice": invalid_choice},
    )


LIST_FILTERS = ("section", "organisation", "edition")


def plain_choices(choices):
    """Choices as strings, as a cache can hold them (a model's choices carry its objects)."""
    return [
        (value, plain_choices(label))
        if isinstance(label, (list, tuple))
        else (str(value), str(label))
        for value, label in choices
    ]


class LibraryFilterForm(GovukFormMixin, forms.Form):
    q = forms.CharField(
        label="Search good practice",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Search must be {MAX_QUERY_LENGTH} characters or fewer",
        },
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    section = list_filter(
        Section.objects.select_related("criteria_round").order_by(
            "-criteria_round__first_year", "number"
        ),
        "All sections",
        "Select a section from the list",
    )
    organisation = list_filter(
        Organisation.objects.all(), "All organisations", "Select an organisation from the list"
    )
    sector = forms.ChoiceField(
        choices=[("", "All sectors"), *Organisation.Sector.choices],
        required=False,
        label="Stonewall sector",
        error_messages={"invalid_choice": "Select a sector from the list"},
    )
    edition = list_filter(Edition.objects.all(), "All editions", "Select an edition from the list")
    sort = forms.ChoiceField(
        choices=[
            ("", "Best match, or newest when not searching"),
            (Sort.NEWEST, "Newest"),
            (Sort.HELPFUL, "Most found helpful"),
        ],
        required=False,
        label="Sort by",
        error_messages={"invalid_choice": "Select how to sort from the list"},
    )

    def __init__(self, *args, version=None, **kwargs):
        """``version``, the data version, lets the lists of sections, organisations and
        editions come from the cache: they are the same for everyone, and any change to
        them moves the version."""
        super().__init__(*args, **kwargs)
        self.fields["section"].label_from_instance = lambda obj: (
            f"{obj.criteria_round}: {obj.number}. {obj.name}"
        )
        if version is not None:
            lists = cache.get_or_set(
                f"guidance:library-filters:{version}", self._list_choices, CACHE_SECONDS
            )
            for name, choices in lists.items():
                # A callable: Django then normalises the long lists only when they are read
                # (drawing the form, or checking a chosen value), not on every request.
                self.fields[name].choices = partial(list, choices)

    def list_state(self):
        """What the lists show as chosen, to cache them by: every field's submitted value
        but the search's."""
        return [(name, self.data.get(name, "")) for name in self.fields if name != "q"]

    def _list_choices(self):
        return {name: plain_choices(self.fields[name].choices) for name in LIST_FILTERS}

    def filters(self):
        """The filters to apply: the valid ones, so one bad value does not hide results."""
        if not self.is_bound:
            return EntryFilters()
        self.is_valid()
        data = self.cleaned_data
        return EntryFilters(
            query=data.get("q") or "",
            section=data.get("section"),
            organisation=data.get("organisation"),
            sector=data.get("sector") or "",
            edition=data.get("edition"),
            sort=data.get("sort") or "",
        )
