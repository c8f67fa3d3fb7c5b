from django import forms

from submissions.imports import FILE_EMPTY_MESSAGE, FILE_SIZE_MESSAGE, MAX_FILE_SIZE
from weiportal.forms import GovukFormMixin


class ResultsUploadForm(GovukFormMixin, forms.Form):
    """The results spreadsheet to check; its rows are validated by submissions.imports."""

    file = forms.FileField(
        label="Upload a results spreadsheet",
        help_text="A CSV (saved as UTF-8) or XLSX file, smaller than 5 MB.",
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
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(FILE_SIZE_MESSAGE)
        return upload
