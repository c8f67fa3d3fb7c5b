from django import forms
from django.core.exceptions import ValidationError

from submissions.forms.entry import FIGURE_FIELDS, section_score_field
from submissions.limits import (
    MAX_RESULTS_FILE_MB,
    MAX_RESULTS_FILE_SIZE,
    RESULTS_FILE_SIZE_MESSAGE,
)
from submissions.models import Submission
from weiportal.forms import GovukFormMixin

FILE_TYPE_MESSAGE = "The selected file must be a CSV or XLSX file"
FILE_EMPTY_MESSAGE = "The selected file is empty"


class ResultsUploadForm(GovukFormMixin, forms.Form):
    """The results spreadsheet to check; its rows are validated by submissions.imports."""

    file = forms.FileField(
        label="Upload a results spreadsheet",
        help_text=f"A CSV (saved as UTF-8) or XLSX file, smaller than {MAX_RESULTS_FILE_MB} MB.",
        error_messages={
            "required": "Select a CSV or XLSX file",
            "empty": FILE_EMPTY_MESSAGE,
            "invalid": "Select a CSV or XLSX file",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "govuk-file-upload", "accept": ".csv,.xlsx,text/csv"}
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked before reading: the upload handler has already streamed it to disk.
        if upload.size > MAX_RESULTS_FILE_SIZE:
            raise forms.ValidationError(RESULTS_FILE_SIZE_MESSAGE)
        return upload


# The file holds award codes, not the labels the About the result page offers.
AWARD_CODE_MESSAGE = (
    f"Award must be {', '.join(Submission.Award.values[1:])} or {Submission.Award.NONE}, "
    "not “%(value)s”"
)


class ResultsRowFields:
    """The checks on the figures in the results spreadsheet's rows for one edition.

    They are the fields of the About the result and section pages, so a cell is refused with
    the words its box on a page would get. Built once for an edition, they clean each of its
    rows in turn as a form would: a form for each of thousands of rows would double the time
    a file takes to check.
    """

    def __init__(self, edition, *, figures, sections):
        """Fields for the ``figures`` columns the file has, and for ``sections``, which maps
        each section column the edition's round has to the section's number and maximum."""
        self.fields = {column: FIGURE_FIELDS[column](edition) for column in figures}
        for column, (number, maximum) in sections.items():
            self.fields[column] = section_score_field(maximum, number=number)
        if "award" in self.fields:
            self.fields["award"].error_messages["invalid_choice"] = AWARD_CODE_MESSAGE

    def clean(self, data):
        """The values of a row's cells, and the first problem with each cell that has one.

        ``data`` maps columns to the cells' text, with a value that is not known already
        made empty; only the columns in it are checked.
        """
        values, problems = {}, {}
        for column, text in data.items():
            try:
                values[column] = self.fields[column].clean(text)
            except ValidationError as error:
                problems[column] = error.messages[0]
        return values, problems
