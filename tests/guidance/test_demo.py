import random

from django.core.management import call_command

from guidance import demo
from guidance.models import Attachment, GoodPracticeEntry, HelpfulMark
from guidance.uploads import check_attachment


def test_demo_entries_load_twice_without_duplicates(db):
    call_command("load_demo_data", allow_production=True)
    counts = [model.objects.count() for model in (GoodPracticeEntry, Attachment, HelpfulMark)]
    call_command("load_demo_data", allow_production=True)
    assert counts == [
        model.objects.count() for model in (GoodPracticeEntry, Attachment, HelpfulMark)
    ]
    assert counts[0] >= 60
    assert counts[1] > 0
    statuses = set(GoodPracticeEntry.objects.values_list("status", flat=True))
    assert statuses == set(GoodPracticeEntry.Status.values)
    assert GoodPracticeEntry.objects.filter(sections__isnull=False).distinct().count() > 40


def test_demo_attachments_pass_the_upload_checks(db):
    call_command("load_demo_data", allow_production=True)
    for attachment in Attachment.objects.all():
        assert check_attachment(attachment.file_name, bytes(attachment.data))[1] == (
            attachment.content_type
        )


def test_demo_loads_without_networks_or_sections(db):
    demo.load(random.Random(1))
    assert not GoodPracticeEntry.objects.exists()


def test_demo_library_and_entries_render(client, db):
    from django.urls import reverse

    from networks.models import User

    call_command("load_demo_data", allow_production=True)
    client.force_login(User.objects.get(email="member@demo.example.gov.uk"))
    response = client.get(reverse("guidance:entry_list"))
    assert response.status_code == 200
    assert b"Coffee roulette for new starters" in response.content
    for entry in GoodPracticeEntry.objects.visible_to(response.wsgi_request.user)[:15]:
        assert client.get(entry.get_absolute_url()).status_code == 200


def test_demo_good_practice_covers_the_current_round_directly_and_through_continued_sections(
    client, db
):
    from django.urls import reverse

    from networks.models import User
    from submissions.models import Section

    call_command("load_demo_data", allow_production=True)
    current = GoodPracticeEntry.objects.published().filter(
        sections__criteria_round__name="2022–2024"
    )
    assert current.distinct().count() >= 5
    assert set(current.values_list("edition__year", flat=True)) <= {2022, 2023, 2024}
    client.force_login(User.objects.get(email="member@demo.example.gov.uk"))
    # Every current section with a predecessor (but the staff questionnaire, which nobody
    # writes good practice for) lists good practice on "who did this well".
    for section in Section.objects.filter(
        criteria_round__name="2022–2024", continues__isnull=False
    ).exclude(name="Staff Feedback Questionnaire"):
        response = client.get(
            reverse("submissions:section_leaders", kwargs={"year": 2024, "number": section.number})
        )
        assert "No network has published good practice" not in response.text, section
        assert "portal-result" in response.text, section


def test_demo_entries_of_past_years_were_last_changed_when_published(client, db):
    call_command("load_demo_data", allow_production=True)
    published = GoodPracticeEntry.objects.filter(status=GoodPracticeEntry.Status.PUBLISHED)
    assert published.exists()
    for entry in published:
        assert entry.updated_at == entry.published_at
    withdrawn = GoodPracticeEntry.objects.filter(status=GoodPracticeEntry.Status.WITHDRAWN)
    for entry in withdrawn:
        assert entry.updated_at == entry.withdrawn_at
