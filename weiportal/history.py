"""django-simple-history records read as changes a person can follow.

Every history page goes through ``history_entries``, so a field is named by its model's
verbose name and a value is shown the same way wherever its change is listed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connections, models
from django.utils.text import capfirst

EMPTY = "empty"


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after a change, as text to show."""

    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    """One history record: who did what and when, and which fields it changed."""

    record: object
    when: datetime
    who: object
    action: str  # Created, Changed or Deleted
    reason: str  # the reason saved with the change, or else the action
    changes: tuple[FieldChange, ...] = ()

    @classmethod
    def of(cls, record, changes=()):
        action = record.get_history_type_display()
        return cls(
            record=record,
            when=record.history_date,
            who=record.history_user,
            action=action,
            reason=record.history_change_reason or action,
            changes=changes,
        )

    @property
    def labels(self):
        return [change.label for change in self.changes]


def display_value(field, value):
    """A field's value as the history pages show it: choices by their label, yes or no,
    and "empty" for nothing. Foreign keys are shown by id: naming them would cost queries."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def field_changes(record, older, *, fields=None):
    """What changed from ``older`` to ``record`` (two records of one object), in the order
    of the model's fields: ``fields`` if given, else every field a person can edit."""
    delta = record.diff_against(older, included_fields=fields, foreign_keys_are_objs=False)
    model_fields = record.instance_type._meta
    order = {field.name: position for position, field in enumerate(model_fields.fields)}
    changes = []
    for change in sorted(delta.changes, key=lambda change: order.get(change.field, len(order))):
        field = model_fields.get_field(change.field)
        changes.append(
            FieldChange(
                name=change.field,
                label=capfirst(field.verbose_name),
                old=display_value(field, change.old),
                new=display_value(field, change.new),
            )
        )
    return tuple(changes)


def history_entries(records, *, fields=None, changes_only=False):
    """History entries for records of one model, newest first.

    Each "Changed" record is compared with the record before it of the same object; created
    and deleted records list no changes. With ``changes_only``, a "Changed" record in which
    none of the compared fields changed is left out. The records need no further queries.
    """
    records = sorted(records, key=lambda record: (record.history_date, record.history_id))
    previous = {}
    entries = []
    for record in records:
        key = getattr(record, record.instance_type._meta.pk.attname)
        older = previous.get(key)
        previous[key] = record
        changes = ()
        if record.history_type == "~" and older is not None:
            changes = field_changes(record, older, fields=fields)
            if changes_only and not changes:
                continue
        entries.append(HistoryEntry.of(record, changes))
    entries.reverse()
    return entries


def bulk_create_recorded(objs, model, *, user, reason, date):
    """``model.objects.bulk_create(objs)`` with a "Created" history record for each, as
    django-simple-history's ``bulk_create_with_history`` writes them, but copied by the
    database from the rows just written, in one ``INSERT … SELECT``: no second model
    instance is built and prepared in Python for each row (half of a large import's time).

    The rows are found by the keys ``bulk_create`` returns (PostgreSQL, and SQLite from
    3.35), in as few queries as the database takes parameters.
    """
    manager = model._default_manager
    created = manager.bulk_create(objs)
    keys = [obj.pk for obj in created]
    if None in keys:
        raise NotImplementedError("This database does not return the keys of new rows")
    history = model.history.model
    recorded = {
        "history_date": models.Value(date, models.DateTimeField()),
        "history_user_id": models.Value(user.pk if user else None, models.IntegerField()),
        "history_change_reason": models.Value(reason, models.CharField()),
        "history_type": models.Value("+", models.CharField()),
    }
    # The tracked fields, then the record's own: the order in which values_list selects them.
    names = [field.attname for field in history.tracked_fields] + list(recorded)
    connection = connections[manager.db]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(history._meta.get_field(name).column) for name in names)
    batch = connection.ops.bulk_batch_size(["pk"], keys) or 1
    with connection.cursor() as cursor:
        for start in range(0, len(keys), batch):
            rows = (
                manager.filter(pk__in=keys[start : start + batch])
                .order_by()
                .annotate(**recorded)
                .values_list(*names)
            )
            sql, params = rows.query.sql_with_params()
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}) {sql}", params
            )
    return created
