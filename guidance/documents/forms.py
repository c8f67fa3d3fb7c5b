import re

from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.utils.html import conditional_escape

from guidance.documents import selectors
from guidance.forms import reject_html
from guidance.limits import (
    CHANGE_NOTE_MAX_LENGTH,
    DOCUMENT_BODY_MAX_LENGTH,
    DOCUMENT_NOTE_MAX_LENGTH,
    DOCUMENT_SUMMARY_MAX_LENGTH,
    DOCUMENT_TITLE_MAX_LENGTH,
)
from guidance.models import Document, Revision
from networks.models import User
from submissions.forms.entry import GovukDateField
from weiportal.forms import GovukFormMixin
from weiportal.locking import LockVersionForm

# A Markdown link, autolink or reference whose address runs script or embeds data.
UNSAFE_LINK = re.compile(
    r"(?:\]\(\s*<?|<|\]:\s*<?|\bhref\s*=\s*[\"']?)\s*(?:javascript|vbscript|data|file)\s*:",
    re.IGNORECASE,
)


def reject_unsafe_links(label):
    def validate(value):
        if UNSAFE_LINK.search(value or ""):
            raise ValidationError(
                f"{label} links must start with https://, http:// or mailto:", code="unsafe_link"
            )

    return validate


class TextField(forms.CharField):
    """Text with its line endings made plain: browsers send a textarea's lines as CRLF, and
    revisions compare line by line."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def text_field(label, *, max_length, required=True, rows=None, required_message=None, hint=""):
    name = label.split(" (")[0]
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return TextField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=hint,
        widget=widget,
        validators=[reject_html(name), reject_unsafe_links(name)],
        error_messages={
            "required": required_message or f"Enter {name.lower()}",
            "max_length": f"{name} must be {max_length:,} characters or fewer",
        },
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class LockedForm(GovukFormMixin, LockVersionForm):
    """A form on a document that carries the version it was opened at."""

    def __init__(self, *args, document=None, **kwargs):
        super().__init__(*args, locked=document, **kwargs)


class DraftForm(LockedForm):
    title = text_field("Title", max_length=DOCUMENT_TITLE_MAX_LENGTH)
    summary = text_field(
        "Summary",
        max_length=DOCUMENT_SUMMARY_MAX_LENGTH,
        rows=3,
        hint="One or two sentences shown in lists and in emails.",
    )
    body = text_field(
        "Guidance",
        max_length=DOCUMENT_BODY_MAX_LENGTH,
        rows=20,
        required_message="Enter the guidance",
        hint="You can use Markdown: ## for headings, - for lists, [text](https://…) for links. "
        "A line of --- before a heading starts a new page when the guidance is printed.",
    )

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = rounds if rounds is not None else selectors.rounds_with_sections()
        self.section_fields = []
        for criteria_round in rounds:
            sections = list(criteria_round.sections.all())
            if not sections:
                continue
            name = f"sections_{criteria_round.pk}"
            field = forms.MultipleChoiceField(
                label=f"Sections of the {conditional_escape(criteria_round.name)} criteria "
                "it supports (optional)",
                required=False,
                choices=[
                    (str(section.pk), f"{section.number}. {section.name}") for section in sections
                ],
                widget=forms.CheckboxSelectMultiple,
                help_text="Select all that apply.",
                error_messages={"invalid_choice": "Select sections from the list"},
            )
            field.sections = {str(section.pk): section for section in sections}
            self.fields[name] = field
            self.section_fields.append(name)
        self._lay_out()

    def _lay_out(self):
        self.helper.layout = Layout(
            *(
                Field.checkboxes(name, small=True, legend_size="s")
                if name in self.section_fields
                else name
                for name in self.fields
            )
        )

    def set_sections(self, sections):
        chosen = {section.pk for section in sections}
        for name in self.section_fields:
            self.initial[name] = [pk for pk in self.fields[name].sections if int(pk) in chosen]

    def cleaned_sections(self):
        return [
            self.fields[name].sections[pk]
            for name in self.section_fields
            for pk in self.cleaned_data.get(name, [])
        ]


class StandardResponseDraftForm(DraftForm):
    """A standard response's draft: its section never changes, and it may say what evidence
    to attach."""

    evidence = text_field(
        "Evidence to attach (optional)",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        required=False,
        rows=5,
        hint="What a department should attach as evidence with this answer.",
    )

    def __init__(self, *args, **kwargs):
        kwargs["rounds"] = []
        super().__init__(*args, **kwargs)
        self.fields["body"].label = "Model answer"
        self.fields["body"].help_text = (
            "Plain text, as a department would submit it: “use this answer” copies it word "
            "for word."
        )


def review_date_field(label="Review date"):
    field = GovukDateField(
        name=label,
        label=label,
        help_text="For example, 27 3 2027. It must be in the future.",
        require_all_fields=False,
    )
    return field


def owner_field():
    return PersonChoiceField(
        label="Owner",
        queryset=selectors.people_holding("guidance.change_document"),
        help_text="The project-team person who keeps it up to date.",
        error_messages={
            "required": "Select the owner",
            "invalid_choice": "Select a project-team person as the owner",
        },
    )


class DocumentCreateForm(DraftForm):
    owner = owner_field()
    review_due = review_date_field()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["lock_version"]
        self.fields["owner"].initial = user.pk
        self._lay_out()


class DetailsForm(LockedForm):
    owner = owner_field()
    review_due = review_date_field()


class MarkReviewedForm(LockedForm):
    review_due = review_date_field("Next review date")


class SubmitForm(LockedForm):
    reviewer = PersonChoiceField(
        label="Who should review it?",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text="A project-team colleague who did not write this draft.",
        error_messages={
            "required": "Select who should review it",
            "invalid_choice": "Select a colleague who did not write this draft",
        },
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = User.objects.filter(pk__in=[u.pk for u in reviewers])
        self.fields["reviewer"].queryset = self.fields["reviewer"].queryset.order_by(
            "full_name", "email"
        )


class SendBackForm(LockedForm):
    note = text_field(
        "What should change before it is published?",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        rows=5,
        required_message="Enter what should change before it is published",
        hint="The people who wrote the draft will see this.",
    )


class PublishForm(LockedForm):
    change_type = forms.ChoiceField(
        label="What kind of change is this?",
        choices=[
            (Revision.ChangeType.MAJOR, "Major: readers and subscribers are told"),
            (Revision.ChangeType.MINOR, "Minor: a typo or link fix, nobody is told"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether this is a major or minor change",
            "invalid_choice": "Select whether this is a major or minor change",
        },
    )
    change_note = text_field(
        "Change note",
        max_length=CHANGE_NOTE_MAX_LENGTH,
        required=False,
        rows=4,
        hint="What changed and why, in a sentence or two. Shown on the page and emailed to "
        "subscribers. Needed for a major change.",
    )
    unreviewed_reason = text_field(
        "Why are you publishing without a review?",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        required=False,
        rows=3,
        hint="You wrote or last changed this draft. It will be marked “not reviewed” until "
        "a colleague approves it.",
    )

    def __init__(self, *args, first, reviewed, **kwargs):
        super().__init__(*args, **kwargs)
        if first:
            del self.fields["change_type"]
            self.fields[
                "change_note"
            ].help_text = (
                "Shown on the page and emailed to subscribers, for example “First published.”"
            )
        if reviewed:
            del self.fields["unreviewed_reason"]
        self.first = first
        # The layout was built before fields were removed.
        self.helper.layout = Layout(*self.fields)

    def clean(self):
        data = super().clean()
        major = self.first or data.get("change_type") == Revision.ChangeType.MAJOR
        if major and "change_note" in data and not data["change_note"].strip():
            self.add_error(
                "change_note", "Enter a change note: readers are told about major changes"
            )
        if (
            "unreviewed_reason" in self.fields
            and not (data.get("unreviewed_reason") or "").strip()
        ) and "unreviewed_reason" not in self.errors:
            self.add_error("unreviewed_reason", "Enter why you are publishing without a review")
        return data


class WithdrawForm(LockedForm):
    explanation = text_field(
        "Why is it being withdrawn?",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        rows=5,
        required_message="Enter why the guidance is being withdrawn",
        hint="Shown to everyone who opens the document, for example what replaces it.",
    )


def section_field():
    return forms.TypedChoiceField(
        label="Section",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a section from the list"},
    )


def offer_sections(field, rounds, empty_label):
    """Offer the rounds' sections in a select, grouped by round so that one round's
    "Monitoring" is not mistaken for another's; return them by id."""
    field.choices = [("", empty_label)] + [
        (
            criteria_round.name,
            [
                (section.pk, f"{section.number}. {section.name}")
                for section in criteria_round.sections.all()
            ],
        )
        for criteria_round in rounds
        if criteria_round.sections.all()
    ]
    field.widget.attrs["class"] = "govuk-select"
    return {
        section.pk: section
        for criteria_round in rounds
        for section in criteria_round.sections.all()
    }


class LibraryFilterForm(GovukFormMixin, forms.Form):
    criteria_round = forms.TypedChoiceField(
        label="Criteria round",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select a criteria round from the list"},
    )
    section = section_field()

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.rounds = {criteria_round.pk: criteria_round for criteria_round in rounds}
        self.fields["criteria_round"].choices = [("", "All rounds")] + [
            (criteria_round.pk, criteria_round.name) for criteria_round in rounds
        ]
        self.fields["criteria_round"].widget.attrs["class"] = "govuk-select"
        self.sections = offer_sections(self.fields["section"], rounds, "All sections")

    def filters(self):
        """The valid filters, so one bad value does not hide everything."""
        if not self.is_bound:
            return {"criteria_round": None, "section": None}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "criteria_round": self.rounds.get(data.get("criteria_round")),
            "section": self.sections.get(data.get("section")),
        }


class SubscribeForm(GovukFormMixin, forms.Form):
    """Subscribe to a document, to a section's guidance, or (neither) to all guidance."""

    document = forms.ModelChoiceField(
        queryset=Document.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That guidance document does not exist"},
    )
    section = section_field()
    everything = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.visible_to(user)
        self.sections = offer_sections(self.fields["section"], rounds, "Select a section")

    def clean(self):
        data = super().clean()
        # Hidden fields' errors have nowhere to show: the summary names them instead.
        for name in ("document", "everything"):
            if name in self._errors:
                self.add_error(None, self._errors.pop(name))
        chosen = [
            bool(data.get("document")),
            data.get("section") is not None,
            bool(data.get("everything")),
        ]
        if sum(chosen) != 1 and not self.errors:
            self.add_error("section", "Select a section")
        data["section_object"] = self.sections.get(data.get("section"))
        return data


class ReviewRemindersForm(GovukFormMixin, forms.Form):
    review_reminders = forms.TypedChoiceField(
        label="Email me about documents I own that are overdue for review",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no", "invalid_choice": "Select yes or no"},
    )
