from django import forms
from django.contrib.auth import forms as auth_forms

from networks.models import Membership, Network, Organisation
from networks.tasks import password_reset_email_send
from weiportal.forms import GovukFormMixin
from weiportal.locking import LockVersionForm


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        # One message whatever was wrong, so the form does not reveal who has an account.
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "spellcheck": "false", "class": "govuk-input"}
        )
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget.attrs["class"] = "govuk-input"


# GOV.UK wording for what Django's password checks refuse, by the check's error code.
PASSWORD_MESSAGES = {
    "password_incorrect": "Your current password is incorrect",
    "password_mismatch": "Enter the same password twice",
    "password_too_short": "Your password must be at least 8 characters",
    "password_too_common": "Enter a password that is harder to guess",
    "password_entirely_numeric": "Your password must include letters or symbols, not only numbers",
    "password_too_similar": "Your password must not be like your name or email address",
}
RULES_HINT = (
    "Your password must be at least 8 characters, not only numbers, and not like your name "
    "or email address. A few words together make a good password."
)


class GovukPasswordWordingMixin:
    """Labels, hint and messages in GOV.UK wording for forms that set a password."""

    def set_password_wording(self):
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = RULES_HINT
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Confirm new password"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Confirm your new password"
        self.error_messages = {**self.error_messages, **PASSWORD_MESSAGES}

    def _post_clean(self):
        super()._post_clean()
        for field, errors in list(self._errors.items()):
            reworded = [
                PASSWORD_MESSAGES.get(error.code, error.messages[0]) for error in errors.as_data()
            ]
            self._errors[field] = self.error_class(reworded, renderer=self.renderer)


class PasswordChangeForm(GovukPasswordWordingMixin, GovukFormMixin, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.set_password_wording()


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["required"] = "Enter your email address"
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address in the correct format, like name@example.gov.uk"
        )

    def save(self, **kwargs):
        """Queue the email, whatever the address: whether it has an account is looked up
        later, by the task, so every address takes the same path and time here."""
        password_reset_email_send.enqueue(email=self.cleaned_data["email"])


class SetPasswordForm(GovukPasswordWordingMixin, GovukFormMixin, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_password_wording()


EMAIL_FORMAT_MESSAGE = "Enter an email address in the correct format, like name@example.gov.uk"


class OrganisationFilterForm(GovukFormMixin, forms.Form):
    """Filters for the directory of organisations; every field is optional."""

    q = forms.CharField(
        label="Name or acronym",
        required=False,
        max_length=200,
        widget=forms.SearchInput,
        error_messages={"max_length": "Name or acronym must be 200 characters or fewer"},
    )
    type = forms.ChoiceField(
        label="Type",
        required=False,
        choices=[("", "All types"), *Organisation.Type.choices],
        error_messages={"invalid_choice": "Select a type from the list"},
    )
    sector = forms.ChoiceField(
        label="Stonewall sector",
        required=False,
        choices=[("", "All sectors"), *Organisation.Sector.choices],
        error_messages={"invalid_choice": "Select a Stonewall sector from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["class"] = "govuk-input"
        for name in ("type", "sector"):
            self.fields[name].widget.attrs["class"] = "govuk-select"

    def filter(self, queryset):
        """The organisations that match; an invalid filter shows everything."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["type"]:
            queryset = queryset.filter(type=data["type"])
        if data["sector"]:
            queryset = queryset.filter(sector=data["sector"])
        return queryset.search(data["q"])


class NetworkForm(GovukFormMixin, LockVersionForm, forms.ModelForm):
    class Meta:
        model = Network
        fields = ["description", "contact_email"]
        error_messages = {
            "description": {"max_length": "Description must be 5,000 characters or fewer"},
            "contact_email": {
                "invalid": EMAIL_FORMAT_MESSAGE,
                "max_length": "Contact email address must be 254 characters or fewer",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].widget.attrs.update({"class": "govuk-textarea", "rows": 8})
        self.fields["contact_email"].widget.attrs.update(
            {"class": "govuk-input", "autocomplete": "email", "spellcheck": "false"}
        )


class MemberAddForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="If they have no account yet, we will email them a link to set a password.",
        error_messages={
            "required": "Enter an email address",
            "invalid": EMAIL_FORMAT_MESSAGE,
            "max_length": "Email address must be 254 characters or fewer",
        },
    )
    full_name = forms.CharField(
        label="Full name (optional)",
        required=False,
        max_length=150,
        help_text="Used only when a new account is created.",
        error_messages={"max_length": "Full name must be 150 characters or fewer"},
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a role",
            "invalid_choice": "Select a role",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update(
            {"class": "govuk-input", "autocomplete": "off", "spellcheck": "false"}
        )
        self.fields["full_name"].widget.attrs.update(
            {"class": "govuk-input", "autocomplete": "off"}
        )


class MemberRoleForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
