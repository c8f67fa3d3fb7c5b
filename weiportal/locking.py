"""Optimistic locking: an edit two people can make at once carries the version of the row it
was opened at, and is refused, with the other person's values shown, when the row changed
meanwhile (Whitehall's ``lock_version``).

- The model has ``lock_version = models.PositiveIntegerField(default=1)``.
- The form mixes in ``LockVersionForm``: a hidden ``lock_version`` field.
- The service calls ``lock_version_claim()`` in the transaction of the save, before saving:
  one conditional UPDATE, so of two saves from forms opened at the same version exactly one
  passes, and the other raises ``EditConflict`` and changes nothing.
- The page mixes in ``LockedFormPageMixin``, which shows ``CONFLICT_MESSAGE`` and the row's
  current values (``templates/includes/edit_conflict.html``) and keeps the person's own
  answers in the form, now carrying the current version: saving again is a choice made
  after seeing the other person's values.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db.models import F
from django.utils.formats import date_format

CONFLICT_MESSAGE = "This was changed by someone else since you opened it"
OUT_OF_DATE_MESSAGE = "This form is out of date: open it again"
NOT_ENTERED = "Not entered"


class EditConflict(Exception):
    """The row changed after the form was opened; ``current`` is the row as it is now."""

    def __init__(self, current):
        super().__init__(CONFLICT_MESSAGE)
        self.current = current


def lock_version_claim(obj, *, lock_version, **changes) -> int:
    """Move ``obj``'s row from the version the form was opened at to the next one, also
    setting ``changes`` on it, or refresh ``obj`` from the database and raise
    ``EditConflict``. Call it inside the transaction of
    the save: the row stays locked until it commits, and a concurrent claim then finds the
    version moved."""
    model = type(obj)
    claimed = model._default_manager.filter(pk=obj.pk, lock_version=lock_version).update(
        lock_version=F("lock_version") + 1, **changes
    )
    if not claimed:
        obj.refresh_from_db()
        raise EditConflict(obj)
    obj.lock_version = lock_version + 1
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj.lock_version


class LockVersionForm(forms.Form):
    """A hidden field with the version the form was opened at: ``locked``'s, or for a
    ModelForm (mix this in before ``forms.ModelForm``) its instance's; 0 for a row not
    made yet."""

    lock_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        max_value=2**31 - 1,
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), OUT_OF_DATE_MESSAGE
        ),
    )

    def __init__(self, *args, locked=None, **kwargs):
        super().__init__(*args, **kwargs)
        if locked is None:
            locked = getattr(self, "instance", None)
        if not self.is_bound:
            self.initial.setdefault("lock_version", getattr(locked, "lock_version", None) or 0)

    def clean(self):
        data = super().clean()
        # A hidden field's error has nowhere to show: the summary names it instead.
        if "lock_version" in self._errors:
            self.add_error(None, self._errors.pop("lock_version"))
        return data

    def refresh_lock(self, current):
        """After a conflict: the form now carries the current version."""
        self.data = self.data.copy()
        self.data["lock_version"] = str(getattr(current, "lock_version", None) or 0)


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    yours: str


def display_value(obj, name, value):
    """A value as a page shows it: a choice's label, Yes or No, a date in words."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if value is None or value == "":
        return NOT_ENTERED
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    return str(value)


def conflict_rows(form, current):
    """The fields whose saved value now differs from what the person sent: its label, the
    value someone else saved, and the person's own."""
    rows = []
    for name, field in form.fields.items():
        if name == "lock_version" or name not in form.cleaned_data:
            continue
        theirs = getattr(current, name, None)
        yours = form.cleaned_data[name]
        if theirs == yours or (theirs in (None, "") and yours in (None, "")):
            continue
        rows.append(
            ConflictRow(
                label=str(field.label or name.replace("_", " ").capitalize()),
                theirs=display_value(current, name, theirs),
                yours=display_value(current, name, yours),
            )
        )
    return rows


class LockedFormPageMixin:
    """For a form page (``FormPageMixin``) whose ``save()`` may raise ``EditConflict``:
    nothing was saved, so say so, show what the other person saved, keep the person's
    answers."""

    conflict = None

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except EditConflict as conflict:
            return self.refuse_stale(form, conflict.current)

    def refuse_stale(self, form, current):
        form.add_error(None, CONFLICT_MESSAGE)
        self.conflict = {"rows": conflict_rows(form, current)}
        form.refresh_lock(current)
        return self.form_invalid(form)

    def get_context_data(self, **kwargs):
        return super().get_context_data(conflict=self.conflict, **kwargs)


def _has_lock_version(model):
    return any(field.name == "lock_version" for field in model._meta.concrete_fields)


def lock_version_bump(objects) -> None:
    """Move the version of rows changed without a form that carries one (the Django admin),
    so a form opened in the portal before the change is refused."""
    for obj in objects:
        model = type(obj)
        if obj.pk is not None and _has_lock_version(model):
            model._default_manager.filter(pk=obj.pk).update(lock_version=F("lock_version") + 1)
            obj.refresh_from_db(fields=["lock_version"])


class BumpsLockVersion:
    """For a ModelAdmin: its changes, and its inlines', move the rows' lock versions."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            lock_version_bump([obj])

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        lock_version_bump(obj for obj, _changed in getattr(formset, "changed_objects", ()))
