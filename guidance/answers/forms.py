from django import forms

from guidance.answers.selectors import standard_responses_by_round
from guidance.documents.forms import DocumentCreateForm, text_field
from guidance.limits import DOCUMENT_BODY_MAX_LENGTH, DOCUMENT_NOTE_MAX_LENGTH
from submissions.models import Section


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.name}"


def section_choices():
    """Sections grouped by round, newest round first, for a select with option groups."""
    choices = [("", "Choose a section")]
    for criteria_round in standard_responses_by_round():
        sections = [
            (
                section.pk,
                f"{section.number}. {section.name}"
                f"{' (cross-cutting)' if section.is_cross_cutting else ''}",
            )
            for section in criteria_round.sections.all()
        ]
        if sections:
            choices.append((f"{criteria_round.name} criteria", sections))
    return choices


class StandardResponseCreateForm(DocumentCreateForm):
    """A standard response: a model answer for one section of one round."""

    section = SectionChoiceField(
        label="Which section does it answer?",
        queryset=Section.objects.all(),
        help_text="It stays tied to this section. Cross-cutting sections suit it best.",
        error_messages={
            "required": "Select the section it answers",
            "invalid_choice": "Select a section from the list",
        },
    )
    evidence = text_field(
        "Evidence to attach (optional)",
        max_length=DOCUMENT_NOTE_MAX_LENGTH,
        required=False,
        rows=5,
        hint="What a department should attach as evidence with this answer.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, rounds=[], **kwargs)
        self.fields["section"].choices = section_choices()
        self.fields["body"] = text_field(
            "Model answer",
            max_length=DOCUMENT_BODY_MAX_LENGTH,
            rows=20,
            required_message="Enter the model answer",
            hint="Plain text, as a department would submit it: “use this answer” copies it "
            "word for word.",
        )
        order = ["section", "title", "summary", "body", "evidence", "owner", "review_due"]
        self.fields = {name: self.fields[name] for name in order}
        self._lay_out()
