import datetime

from crispy_forms_gds.fields import DateInputField
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from submissions.limits import (
    ACTION_OWNER_MAX_LENGTH,
    ANSWER_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    FEEDBACK_MAX_LENGTH,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_ENTRANTS,
    MEDALS_FROM_YEAR,
    RECOMMENDATION_MAX_LENGTH,
    SCORE_DECIMAL_PLACES,
    SCORE_MAX_DIGITS,
)
from submissions.models import Edition, Recommendation, SectionResult, Submission, plain
from weiportal.forms import GovukFormMixin
from weiportal.locking import LockVersionForm


def number_messages(label, name, between, example):
    """GOV.UK wording, naming the field, for everything a number field can refuse."""
    between = f"Enter {label} between {between}"
    return {
        "required": f"Enter {label}",
        "invalid": f"{name} must be a {example}",
        "min_value": between,
        "max_value": between,
        "max_digits": between,
        "max_whole_digits": between,
        "max_decimal_places": (
            f"Enter {label} with no more than {SCORE_DECIMAL_PLACES} decimal places"
        ),
    }


def number_input(inputmode):
    """A narrow text input for a number: GOV.UK advises against type="number"."""
    return forms.TextInput(
        attrs={
            "class": "govuk-input govuk-input--width-5",
            "inputmode": inputmode,
            "spellcheck": "false",
        }
    )


def decimal_field(label, name, maximum, required=False, hint="", optional=False):
    return forms.DecimalField(
        label=f"{name} (optional)" if optional else name,
        required=required,
        min_value=0,
        max_value=maximum,
        max_digits=SCORE_MAX_DIGITS,
        decimal_places=SCORE_DECIMAL_PLACES,
        help_text=hint,
        error_messages=number_messages(
            label, name, f"0 and {plain(maximum)}", "number, like 12.5"
        ),
        widget=number_input("decimal"),
    )


def whole_number_field(label, name, maximum=None, hint=""):
    return forms.IntegerField(
        label=name,
        required=False,
        min_value=1,
        max_value=maximum or MAX_ENTRANTS,
        help_text=hint,
        error_messages=number_messages(
            label, name, f"1 and {maximum or MAX_ENTRANTS:,}", "whole number, like 25"
        ),
        widget=number_input("numeric"),
    )


def radios_field(label, choices, message, **kwargs):
    """GOV.UK radios, with one message for a missing or an unknown choice."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class PlainTextField(forms.CharField):
    """Text with its line endings made plain: browsers send a textarea's lines as CRLF, so
    an answer saved again would otherwise differ from the text it was filled with."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


def text_area_field(label, max_length, *, rows, required=False, **kwargs):
    """A text area whose too-long message states its limit."""
    return PlainTextField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": rows}),
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer"},
        **kwargs,
    )


def index_field(label, queryset=None, **kwargs):
    """A choice of index (edition), required."""
    return forms.ModelChoiceField(
        label=label,
        queryset=queryset,
        empty_label=None,
        error_messages={
            "required": "Select an index",
            "invalid_choice": "Select an index from the list",
        },
        **kwargs,
    )


def total_score_field(edition):
    return decimal_field(
        "a total score",
        "Total score",
        edition.maximum_total,
        hint=f"Out of {plain(edition.maximum_total)}.",
    )


def rank_field(edition):
    return whole_number_field(
        "a rank",
        "Overall rank",
        edition.entrants,
        hint=f"Out of {edition.entrants} entrants." if edition.entrants else "",
    )


def sector_rank_field(edition):
    return whole_number_field("a sector rank", "Sector rank")


def sector_entrants_field(edition):
    return whole_number_field("the number of entrants in the sector", "Entrants in the sector")


def award_field(edition):
    return radios_field("Award or list", Submission.Award.choices, "Select an award, or None")


# A submission's figures, each field built for its edition. About the result and every row
# of the results import check them with these same fields, so both say the same.
FIGURE_FIELDS = {
    "total_score": total_score_field,
    "rank": rank_field,
    "sector_rank": sector_rank_field,
    "sector_entrants": sector_entrants_field,
    "award": award_field,
}


def section_score_field(maximum, *, number=None, hint=""):
    """A section's score out of its maximum: "Score" on the section's own page, and named by
    the section's number where several sections stand side by side (the results import)."""
    if number is None:
        return decimal_field("a score", "Score", maximum, hint=hint)
    return decimal_field(f"a section {number} score", f"Section {number} score", maximum)


class GovukDateField(DateInputField):
    """The GOV.UK date input with messages that name the field."""

    def __init__(self, *, name, **kwargs):
        super().__init__(**kwargs)
        self.name = name
        self.error_messages["required"] = f"Enter {name.lower()}"
        self.error_messages["incomplete"] = f"{name} must include a day, month and year"
        for part, subfield in zip(("day", "month", "year"), self.fields, strict=True):
            subfield.error_messages["incomplete"] = f"{name} must include a {part}"
            subfield.validators = []
            subfield.max_length = 4

    def clean(self, value):
        if isinstance(value, list | tuple):
            parts = [str(part or "").strip() for part in value]
            if any(part and not part.isdigit() for part in parts) or any(
                len(part) > 4 for part in parts
            ):
                raise ValidationError(f"{self.name} must be a real date", code="invalid")
            missing = [
                part
                for part, entered in zip(("day", "month", "year"), parts, strict=True)
                if not entered
            ]
            if missing and len(missing) < len(parts):
                raise ValidationError(
                    f"{self.name} must include a {' and '.join(missing)}", code="incomplete"
                )
            value = parts
        return super().clean(value)

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            date = datetime.date(day=int(day), month=int(month), year=int(year))
        except ValueError as error:
            raise ValidationError(f"{self.name} must be a real date", code="invalid") from error
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise ValidationError(
                f"{self.name} must be between {FIRST_YEAR} and {LAST_YEAR}", code="invalid"
            )
        return date


class SubmissionCreateForm(GovukFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        empty_label=None,
        error_messages={
            "required": "Select an organisation",
            "invalid_choice": "Select an organisation whose network you belong to",
        },
    )
    edition = index_field(
        "Index",
        help_text="Named by the year the results were published. Only indexes without a "
        "submission are listed.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["edition"].queryset = Edition.objects.open_to(organisations)
        self.fields["organisation"].widget.attrs["class"] = "govuk-select"
        self.fields["edition"].widget.attrs["class"] = "govuk-select"

    def clean(self):
        data = super().clean()
        organisation, edition = data.get("organisation"), data.get("edition")
        if (
            organisation
            and edition
            and Submission.objects.filter(organisation=organisation, edition=edition).exists()
        ):
            self.add_error(
                "edition", f"{organisation.name} already has a submission for the {edition}"
            )
        return data


class AboutForm(GovukFormMixin, LockVersionForm, forms.ModelForm):
    """About the result: the figures and feedback for the whole entry."""

    class Meta:
        model = Submission
        fields = [
            "total_score",
            "rank",
            "sector_rank",
            "sector_entrants",
            "award",
            "date_submitted",
            "overall_feedback",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        edition = self.instance.edition
        for name, field in FIGURE_FIELDS.items():
            self.fields[name] = field(edition)
        # Only the awards this year's index gave; nothing chosen until someone chooses.
        award = self.fields["award"]
        award.choices = edition.award_choices()
        award.label = (
            "Award" if edition.year >= MEDALS_FROM_YEAR else "Was the organisation in the Top 100?"
        )
        message = (
            "Select the award, or No award"
            if edition.year >= MEDALS_FROM_YEAR
            else "Select whether the organisation was in the Top 100"
        )
        award.error_messages |= {"required": message, "invalid_choice": message}
        if not self.is_bound and not self._about_entered():
            self.initial["award"] = None
        self.fields["date_submitted"] = GovukDateField(
            name="Date submitted", required=False, help_text="For example, 7 9 2018"
        )
        self.fields["overall_feedback"] = text_area_field(
            "Stonewall's overall feedback", FEEDBACK_MAX_LENGTH, rows=8
        )

    def _about_entered(self):
        submission = self.instance
        return (
            any(
                value not in (None, "")
                for value in (
                    submission.total_score,
                    submission.rank,
                    submission.sector_rank,
                    submission.sector_entrants,
                    submission.date_submitted,
                    submission.overall_feedback,
                )
            )
            or submission.award != Submission.Award.NONE
        )


class SectionResultForm(GovukFormMixin, LockVersionForm):
    """A submission's result in one section; the maximum comes from the edition.

    The decimal fields are declared here for their order on the page and built in __init__,
    where the section's maximum is known.
    """

    score = forms.DecimalField()
    comment = text_area_field("Stonewall's comment", COMMENT_MAX_LENGTH, rows=6)
    owner = forms.ChoiceField(
        label="Who owns the answer?",
        required=False,
        choices=SectionResult.Owner.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select who owns the answer"},
    )
    answer = text_area_field(
        "Your answer (optional)",
        ANSWER_MAX_LENGTH,
        rows=12,
        help_text="The text your organisation submitted for this section, as plain text. "
        f"Up to {ANSWER_MAX_LENGTH:,} characters.",
    )
    answer.error_messages["max_length"] = (
        f"Your answer must be {ANSWER_MAX_LENGTH:,} characters or fewer"
    )
    all_entrants_average = forms.DecimalField()
    sector_average = forms.DecimalField()
    top_100_average = forms.DecimalField()
    completed = forms.TypedChoiceField(
        label="Have you completed this section?",
        choices=[("yes", "Yes, I've completed this section"), ("no", "No, I'll come back later")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you have completed this section",
            "invalid_choice": "Select whether you have completed this section",
        },
    )

    AVERAGES = [
        ("all_entrants_average", "Average of all entrants"),
        ("sector_average", "Average of the sector"),
        ("top_100_average", "Average of the Top 100"),
    ]

    def __init__(self, *args, maximum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"] = section_score_field(
            maximum, hint=f"Out of {plain(maximum)}. Leave empty if not known."
        )
        for name, label in self.AVERAGES:
            self.fields[name] = decimal_field(
                f"the {label[0].lower()}{label[1:]}",
                label,
                maximum,
                optional=True,
                hint="From Stonewall's feedback report, where it gives one."
                if name == "all_entrants_average"
                else "",
            )


class SharingForm(GovukFormMixin, forms.Form):
    sharing = radios_field(
        "Who can see this submission's results?",
        Submission.Sharing.choices,
        "Select who can see this submission's results",
    )


class RecommendationForm(GovukFormMixin, LockVersionForm, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["text", "section", "action_owner", "due_date", "status"]

    def __init__(self, *args, submission, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new recommendation has no earlier version to be out of date with.
            del self.fields["lock_version"]
        self.fields["text"] = text_area_field(
            "Recommendation",
            RECOMMENDATION_MAX_LENGTH,
            rows=5,
            required=True,
            help_text="As Stonewall's feedback puts it.",
        )
        self.fields["text"].error_messages["required"] = "Enter the recommendation"
        section = self.fields["section"]
        section.label = "Section (optional)"
        section.queryset = submission.edition.criteria_round.sections.order_by("number")
        section.empty_label = "The whole entry"
        section.label_from_instance = lambda choice: f"{choice.number}. {choice.name}"
        section.error_messages["invalid_choice"] = "Select a section from the list"
        section.widget.attrs["class"] = "govuk-select"
        self.fields["action_owner"] = forms.CharField(
            label="Action owner (optional)",
            required=False,
            max_length=ACTION_OWNER_MAX_LENGTH,
            help_text="A person, team or role.",
            widget=forms.TextInput(attrs={"class": "govuk-input"}),
            error_messages={
                "max_length": f"Action owner must be {ACTION_OWNER_MAX_LENGTH} characters or fewer"
            },
        )
        self.fields["due_date"] = GovukDateField(
            name="Due date",
            label="Due date (optional)",
            required=False,
            help_text="For example, 31 3 2026",
        )
        self.fields["status"] = radios_field(
            "Status", Recommendation.Status.choices, "Select a status"
        )


class CopyForwardForm(GovukFormMixin, forms.Form):
    edition = index_field("Which index is the new submission for?", widget=forms.RadioSelect)

    def __init__(self, *args, editions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions


class ActionFilterForm(GovukFormMixin, forms.Form):
    """Filters for an organisation's action list; every field is optional."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *Recommendation.Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    year = forms.TypedChoiceField(
        label="Index",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Select an index from the list"},
    )

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All years")] + [
            (year, f"{year} index") for year in years
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def filter(self, actions):
        """The actions that match; an invalid filter shows everything. An action shows under
        the year of its feedback and every year it was carried into."""
        if not self.is_valid():
            return actions
        if self.cleaned_data["status"]:
            actions = actions.filter(status=self.cleaned_data["status"])
        year = self.cleaned_data["year"]
        if year is not None:
            carried = Recommendation.carried_into.through.objects.filter(
                submission__edition__year=year
            )
            actions = actions.filter(
                Q(submission__edition__year=year) | Q(pk__in=carried.values("recommendation_id"))
            )
        return actions
