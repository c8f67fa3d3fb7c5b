from django import forms

from submissions.imports import FILE_EMPTY_MESSAGE
from submissions.limits import (
    MAX_RESULTS_FILE_MB,
    MAX_RESULTS_FILE_SIZE,
    RESULTS_FILE_SIZE_MESSAGE,
)
from weiportal.forms import GovukFormMixin


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
