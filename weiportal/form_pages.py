"""The shape every form page shares, in code as templates/includes/form_page.html is in markup.

A form page is a generic ``FormView`` (``UpdateView`` for a plain ModelForm) with these
mixins, listed first:

- ``ObjectPermissionMixin`` for a page about one object: ``get_queryset()`` knows the person,
  so anyone it leaves out gets 404; then ``permission_required`` is asked of the object (403).
  ``PermissionMixin`` is the same for a page without an object.
- ``ParentObjectMixin`` for a page about a row that belongs to another (a network's
  membership): the permission is asked of the parent, and Cancel returns to it.
- ``FormPageMixin``: signed-in people only; the title, button label and cancel link the
  template shows; on a valid form, ``save()`` (a service call, or the ModelForm's save), a
  success message and a redirect. A ``ValidationError`` from ``save()`` is shown on the form
  and nothing is saved.

For example ``networks.views.NetworkEdit``, a ModelForm page, and ``MemberAdd`` beside it,
which calls a service.

A page that calls a service overrides ``save(form)`` and returns what the service made. A
page that only confirms an action uses ``weiportal.forms.ConfirmForm``.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.views.generic.detail import SingleObjectMixin
from rules.contrib.views import PermissionRequiredMixin


def add_form_errors(form, error, field=None):
    """Show a service's ValidationError on the form: a message for a field of the form on
    that field, anything else on ``field`` (None: above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error)


class FormPageMixin(LoginRequiredMixin):
    """Signed-in people only; bind, validate, save, say so, and go back.

    ``page_title`` is formatted with the page's ``object``, and ``success_message`` with it
    and what ``save()`` returned (``saved``). ``error_field`` is where a service's refusal is
    shown.
    """

    template_name = "includes/form_page.html"
    page_title = ""
    submit_label = "Continue"
    success_message = ""
    error_field = None

    def get_page_title(self):
        return self.page_title.format(object=getattr(self, "object", None))

    def get_return_url(self):
        """Where Cancel leads, and where a saved form returns unless it made something new."""
        return self.object.get_absolute_url()

    def get_success_url(self):
        return self.get_return_url()

    def get_success_message(self):
        return self.success_message.format(object=getattr(self, "object", None), saved=self.saved)

    def get_context_data(self, **kwargs):
        context = {
            "page_title": self.get_page_title(),
            "submit_label": self.submit_label,
            "cancel_url": self.get_return_url(),
        }
        return super().get_context_data(**context | kwargs)

    def save(self, form):
        """Apply the valid form; raise ValidationError to refuse it."""
        return form.save()

    def form_valid(self, form):
        try:
            self.saved = self.save(form)
        except ValidationError as error:
            add_form_errors(form, error, self.error_field)
            return self.form_invalid(form)
        message = self.get_success_message()
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())


class PermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """Signed-in people who hold ``permission_required``; others get 403, or 404 with
    ``refuse_with_404`` where the page should not admit it exists."""

    refuse_with_404 = False

    def handle_no_permission(self):
        if self.refuse_with_404 and self.request.user.is_authenticated:
            raise Http404
        return super().handle_no_permission()


class ObjectPermissionMixin(PermissionMixin, SingleObjectMixin):
    """A page about one object, found through ``get_queryset()`` (a queryset that knows the
    person, so others get 404) and looked up once; ``permission_required`` is asked of
    ``get_permission_object()``, the object itself unless the view says otherwise."""

    def get_object(self, queryset=None):
        if not hasattr(self, "_object"):
            self._object = super().get_object(queryset)
        return self._object

    def has_permission(self):
        self.object = self.get_object()
        return super().has_permission()


class ParentObjectMixin:
    """For a page about a row that belongs to another, named ``parent_name`` (a network's
    membership, a submission's recommendation): the permission is asked of the parent,
    Cancel and saving return to it, and the template has it by that name."""

    parent_name = ""

    def get_parent(self):
        return getattr(self.get_object(), self.parent_name)

    def get_permission_object(self):
        return self.get_parent()

    def get_return_url(self):
        return self.get_parent().get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.parent_name: self.get_parent()}, **kwargs)
