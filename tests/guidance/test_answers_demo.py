"""The demo standard responses and answers make a consistency report worth opening."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from guidance.consistency import report
from guidance.models import AnswerSource, Document
from submissions.models import EditionSection, SectionResult

pytestmark = pytest.mark.django_db


def test_demo_has_standard_responses_answers_and_flagged_groups(client):
    call_command("load_demo_data", allow_production=True)
    responses = Document.objects.filter(kind=Document.Kind.STANDARD_RESPONSE)
    assert {(d.section.criteria_round.name, d.section.number) for d in responses} == {
        ("2018–2020", 1),
        ("2018–2020", 7),
        ("2022–2024", 1),
        ("2022–2024", 7),
    }
    assert all(d.section.is_cross_cutting for d in responses)
    answers = SectionResult.objects.exclude(answer="")
    copies = AnswerSource.objects.count()
    assert copies and answers.count() > copies
    flagged = sum(
        len(report.build_section_report(row).flagged)
        for row in EditionSection.objects.filter(
            section__standard_responses__isnull=False
        ).select_related("edition", "section")
    )
    assert flagged >= 3
    sources = [
        answer.answer_source.revision.body
        for answer in answers.filter(answer_source__isnull=False)[:5]
    ]
    assert all(source for source in sources)
    count_before = (responses.count(), answers.count(), copies)
    call_command("load_demo_data", allow_production=True)
    assert (
        responses.count(),
        SectionResult.objects.exclude(answer="").count(),
        AnswerSource.objects.count(),
    ) == count_before


def test_demo_lead_sees_a_newer_version_and_a_match(client):
    call_command("load_demo_data", allow_production=True)
    from networks.models import User

    lead = User.objects.get(email="lead@demo.example.gov.uk")
    result = SectionResult.objects.get(
        submission__organisation__slug="ministry-of-civic-affairs",
        submission__edition__year=2019,
        section__number=7,
    )
    client.force_login(lead)
    page = client.get(
        reverse("submissions:section", kwargs={"pk": result.submission_id, "number": 7})
    )
    assert "A newer version of this standard response exists" in page.text
    assert "matched the answers of" in page.text
