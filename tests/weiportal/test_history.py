"""Reading history records as changes: labels, values and which records are compared."""

import datetime
from decimal import Decimal

from django.utils import timezone

from submissions.models import SectionResult
from tests.submissions.factories import SectionResultFactory
from weiportal.history import FieldChange, bulk_create_recorded, history_entries


def test_changes_are_named_by_verbose_name_with_choices_booleans_and_empty_as_people_read_them(
    submission, edition, lead
):
    result = SectionResultFactory(
        submission=submission, section=edition.criteria_round.sections.get(number=1), score=None
    )
    result.score = Decimal("12.50")
    result.comment = "Strong & clear, but 'allies' need training"
    result.owner = SectionResult.Owner.HR
    result.completed = True
    result._history_user = lead
    result.save()

    changed, created = history_entries(SectionResult.history.all())

    assert changed.action == "Changed"
    assert changed.who == lead
    # In the order of the model's fields, not of their names.
    assert changed.changes == (
        FieldChange("score", "Score", "empty", "12.50"),
        FieldChange(
            "comment", "Stonewall's comment", "empty", "Strong & clear, but 'allies' need training"
        ),
        FieldChange("owner", "Who owns the answer", "empty", "HR"),
        FieldChange("completed", "Completed", "No", "Yes"),
    )
    assert changed.labels == ["Score", "Stonewall's comment", "Who owns the answer", "Completed"]
    assert (created.action, created.reason, created.changes) == ("Created", "Created", ())


def test_each_record_is_compared_with_the_one_before_of_the_same_object(submission, edition):
    first, second = (
        SectionResultFactory(
            submission=submission,
            section=edition.criteria_round.sections.get(number=number),
            score=Decimal(number),
        )
        for number in (1, 2)
    )
    for result, score in ((first, "5"), (second, "7"), (first, "6")):
        result.score = Decimal(score)
        result.save()

    entries = history_entries(SectionResult.history.all())

    shown = [
        (entry.record.section_id, [(c.old, c.new) for c in entry.changes]) for entry in entries
    ]
    assert shown == [
        (first.section_id, [("5.00", "6.00")]),
        (second.section_id, [("2.00", "7.00")]),
        (first.section_id, [("1.00", "5.00")]),
        (second.section_id, []),
        (first.section_id, []),
    ]


def test_saves_that_change_no_compared_field_can_be_left_out(submission, edition):
    result = SectionResultFactory(
        submission=submission, section=edition.criteria_round.sections.get(number=1)
    )
    result.save()
    result.comment = "Only the comment"
    result.save()
    records = SectionResult.history.all()

    everything = history_entries(records)
    assert [entry.action for entry in everything] == ["Changed", "Changed", "Created"]
    assert [entry.labels for entry in everything] == [["Stonewall's comment"], [], []]

    scores_only = history_entries(records, fields=["score"], changes_only=True)
    assert [entry.action for entry in scores_only] == ["Created"]


def recorded_results(submission, sections, lead, comments, when):
    return bulk_create_recorded(
        [
            SectionResult(
                submission=submission,
                section=section,
                score=None if n == 1 else Decimal(f"{n}.25"),
                comment=comment,
                owner=SectionResult.Owner.HR,
            )
            for n, (section, comment) in enumerate(zip(sections, comments, strict=False))
        ],
        SectionResult,
        user=lead,
        reason="Imported from Health & Safety's results, 2019.csv",
        date=when,
    )


def test_bulk_created_rows_are_recorded_as_simple_history_records_them(submission, edition, lead):
    when = timezone.now() - datetime.timedelta(days=1)
    comments = ["Strong & clear", "<script>alert('x')</script>", 'Allies\' network, "named"']
    sections = edition.criteria_round.sections.order_by("number")
    created = recorded_results(submission, sections, lead, comments, when)

    records = {record.id: record for record in SectionResult.history.all()}
    assert sorted(records) == sorted(result.pk for result in created)
    tracked = [field.attname for field in SectionResult.history.model.tracked_fields]
    for result in SectionResult.objects.filter(pk__in=records):
        record = records[result.pk]
        # Every tracked value as the row holds it, read back independently.
        assert [getattr(record, name) for name in tracked] == [
            getattr(result, name) for name in tracked
        ]
        assert (record.history_type, record.history_user, record.history_date) == (
            "+",
            lead,
            when,
        )
        assert record.history_change_reason == (
            "Imported from Health & Safety's results, 2019.csv"
        )
    [created_entry, *_] = history_entries(SectionResult.history.filter(score=None))
    assert (created_entry.action, created_entry.who) == ("Created", lead)


def test_bulk_created_history_costs_the_same_queries_however_many_rows(submission, edition, lead):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    when = timezone.now()
    sections = list(edition.criteria_round.sections.order_by("number"))
    with CaptureQueriesContext(connection) as one:
        recorded_results(submission, sections, lead, ["a"], when)
    SectionResult.objects.all().delete()
    with CaptureQueriesContext(connection) as three:
        recorded_results(submission, sections, lead, ["a", "b", "c"], when)
    assert len(one) == len(three) == 2  # the rows, then their history
