from crispy_forms_gds.helper import FormHelper
from django import forms


class GovukFormMixin:
    """Render with the GOV.UK template pack; the page supplies the <form> and error summary."""

    # The template pack marks only some widgets as in error, and selects as inputs.
    ERROR_CLASSES = {
        forms.Select: "govuk-select--error",
        forms.Textarea: "govuk-textarea--error",
        forms.widgets.Input: "govuk-input--error",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def add_error(self, field, error):
        super().add_error(field, error)
        widget = self.fields[field].widget if field in self.fields else None
        if widget is None or isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            return
        for widget_type, css_class in self.ERROR_CLASSES.items():
            if isinstance(widget, widget_type):
                if css_class not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css_class}".strip()
                break


class ConfirmForm(GovukFormMixin, forms.Form):
    """A form with no questions, for pages that confirm an action; a refusal from the
    service is shown on it."""
