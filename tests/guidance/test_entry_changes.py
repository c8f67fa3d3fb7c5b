"""A member's change to a published entry waits for a lead, as a new draft does: readers see
the published words and files until a lead publishes it."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guidance import services
from guidance.models import Attachment, EntryChange, GoodPracticeEntry
from tests.guidance.factories import PDF_BYTES

Status = GoodPracticeEntry.Status

NEW_TITLE = "Visible allies in every team, two years on"
NEW_BODY = "Now **sixty allies** run the drop-in."


def edit_url(entry):
    return reverse("guidance:entry_edit", kwargs={"pk": entry.pk})


def action_url(name, entry):
    return reverse(f"guidance:entry_{name}", kwargs={"pk": entry.pk})


def change_data(entry, **overrides):
    data = {
        "title": NEW_TITLE,
        "summary": entry.summary,
        "body": NEW_BODY,
        "contact_name": "",
        "contact_email": "",
        "edition": "",
    }
    return data | overrides


@pytest.fixture
def proposed(client, member, published_attachment):
    """A member's change: new title and body, the PDF removed and a CSV added."""
    entry = published_attachment.entry
    client.force_login(member)
    response = client.post(
        edit_url(entry),
        change_data(
            entry,
            remove_attachments=[published_attachment.pk],
            attachments=[SimpleUploadedFile("figures.csv", b"a,b\n1,2\n", "text/csv")],
        ),
        follow=True,
    )
    assert "Your change is waiting for a lead of Testing Pride" in response.text
    return entry


def test_a_members_change_leaves_the_published_entry_as_it_was(
    client, proposed, other_lead, published_attachment
):
    entry = GoodPracticeEntry.objects.get(pk=proposed.pk)
    assert (entry.status, entry.title) == (Status.PUBLISHED, "Visible allies in every team")
    assert "forty allies" in entry.body
    client.force_login(other_lead)
    page = client.get(entry.get_absolute_url()).text
    assert "Visible allies in every team" in page
    assert NEW_TITLE not in page and "sixty allies" not in page
    assert "figures.csv" not in page and "A change is waiting" not in page
    assert "mentoring-evaluation.pdf" in page
    # The removed file still downloads; the added one does not, for anyone outside.
    assert client.get(published_attachment.get_absolute_url()).status_code == 200
    added = Attachment.objects.get(file_name="figures.csv")
    assert client.get(added.get_absolute_url()).status_code == 404
    library = client.get(reverse("guidance:entry_list")).text
    assert "Visible allies in every team" in library and NEW_TITLE not in library


def test_the_network_sees_the_change_waiting_and_a_lead_may_publish_it(
    client, proposed, member, lead
):
    client.force_login(member)
    page = client.get(proposed.get_absolute_url()).text
    assert "A change is waiting for a lead" in page
    assert NEW_TITLE in page and "figures.csv" in page
    assert action_url("publish", proposed) not in page
    assert client.get(action_url("publish", proposed)).status_code == 403
    client.force_login(lead)
    page = client.get(proposed.get_absolute_url()).text
    assert action_url("publish", proposed) in page
    assert action_url("send_back", proposed) in page
    publish = client.get(action_url("publish", proposed)).text
    assert "<title>Publish the change to this entry" in publish


def test_a_lead_publishes_the_change(client, proposed, lead, other_lead, published_attachment):
    client.force_login(lead)
    response = client.post(action_url("publish", proposed), follow=True)
    assert "Change published" in response.text
    entry = GoodPracticeEntry.objects.get(pk=proposed.pk)
    assert (entry.status, entry.title) == (Status.PUBLISHED, NEW_TITLE)
    assert entry.body == NEW_BODY
    assert not EntryChange.objects.exists()
    assert [a.file_name for a in Attachment.objects.all()] == ["figures.csv"]
    client.force_login(other_lead)
    page = client.get(entry.get_absolute_url()).text
    assert NEW_TITLE in page and "sixty allies" in page and "figures.csv" in page
    added = Attachment.objects.get()
    assert client.get(added.get_absolute_url()).status_code == 200
    assert entry.history.first().history_change_reason == "Change published"


def test_a_lead_sends_the_change_back_and_the_entry_stays(client, proposed, member, lead):
    client.force_login(lead)
    response = client.post(
        action_url("send_back", proposed), {"reason": "Say which year."}, follow=True
    )
    assert "the published entry stays" in response.text
    entry = GoodPracticeEntry.objects.get(pk=proposed.pk)
    assert (entry.status, entry.title) == (Status.PUBLISHED, "Visible allies in every team")
    assert EntryChange.objects.get().status == EntryChange.Status.SENT_BACK
    # Nothing waits now: nothing to publish.
    assert client.get(action_url("publish", proposed)).status_code == 403
    client.force_login(member)
    assert "Say which year." in client.get(proposed.get_absolute_url()).text
    form = client.get(edit_url(proposed)).text
    assert "Say which year." in form and NEW_TITLE in form
    client.post(edit_url(proposed), change_data(proposed, title=f"{NEW_TITLE} (2021)"))
    change = EntryChange.objects.get()
    assert change.status == EntryChange.Status.WAITING
    assert change.title == f"{NEW_TITLE} (2021)"
    # The files chosen before are kept with the revised change.
    assert [a.file_name for a in change.files_added] == ["figures.csv"]


def test_a_leads_own_change_to_a_published_entry_applies_at_once(client, lead, published_entry):
    client.force_login(lead)
    response = client.post(edit_url(published_entry), change_data(published_entry), follow=True)
    assert "Entry updated" in response.text
    published_entry.refresh_from_db()
    assert published_entry.title == NEW_TITLE
    assert not EntryChange.objects.exists()


def test_a_lead_editing_starts_from_the_waiting_change_and_saving_publishes_it(
    client, proposed, lead, published_attachment
):
    client.force_login(lead)
    form = client.get(edit_url(proposed)).text
    assert f'value="{NEW_TITLE}"' in form
    assert "figures.csv (added in this change)" in form
    # The file the change removes is ticked to be removed, as the browser sends it.
    assert re.search(rf'value="{published_attachment.pk}"[^>]*checked', form)
    client.post(
        edit_url(proposed),
        change_data(
            proposed,
            summary="Edited by the lead.",
            remove_attachments=[published_attachment.pk],
        ),
    )
    entry = GoodPracticeEntry.objects.get(pk=proposed.pk)
    assert (entry.title, entry.summary) == (NEW_TITLE, "Edited by the lead.")
    assert not EntryChange.objects.exists()
    assert [a.file_name for a in Attachment.objects.all()] == ["figures.csv"]


def test_another_networks_lead_and_the_project_team_cannot_publish_the_change(
    client, proposed, other_lead, project_team
):
    client.force_login(other_lead)
    assert client.post(action_url("publish", proposed)).status_code == 403
    client.force_login(project_team)
    assert client.post(action_url("publish", proposed)).status_code == 403
    # The project team sees it waiting, as it sees drafts.
    assert "A change is waiting for a lead" in client.get(proposed.get_absolute_url()).text
    assert GoodPracticeEntry.objects.get(pk=proposed.pk).title == "Visible allies in every team"


def test_the_service_keeps_a_members_change_waiting(member, lead, published_entry):
    services.entry_update(entry=published_entry, by=member, title=NEW_TITLE)
    assert GoodPracticeEntry.objects.get(pk=published_entry.pk).title != NEW_TITLE
    with pytest.raises(PermissionDenied):
        services.entry_publish(entry=published_entry, by=member)
    services.entry_publish(entry=published_entry, by=lead)
    assert GoodPracticeEntry.objects.get(pk=published_entry.pk).title == NEW_TITLE


def test_withdrawing_drops_a_waiting_change_and_its_files(client, proposed, lead):
    client.force_login(lead)
    client.post(action_url("withdraw", proposed), {"reason": "Out of date."})
    assert not EntryChange.objects.exists()
    assert [a.file_name for a in Attachment.objects.all()] == ["mentoring-evaluation.pdf"]


def test_a_hostile_change_is_refused_and_changes_nothing(client, member, published_entry):
    client.force_login(member)
    response = client.post(
        edit_url(published_entry), change_data(published_entry, title="<script>x</script>")
    )
    assert response.status_code == 200
    assert "Title must not contain HTML tags" in response.text
    assert not EntryChange.objects.exists()


def test_a_change_cannot_exceed_the_attachment_limit(client, member, published_entry):
    client.force_login(member)
    files = [SimpleUploadedFile(f"f{n}.pdf", PDF_BYTES, "application/pdf") for n in range(6)]
    response = client.post(
        edit_url(published_entry), change_data(published_entry, attachments=files)
    )
    assert "An entry can have up to 5 attachments" in response.text
    assert not EntryChange.objects.exists()
    assert not Attachment.objects.filter(change__isnull=False).exists()


def test_the_library_lists_a_waiting_change_for_the_network(
    client, proposed, lead, other_lead, django_assert_num_queries
):
    from tests.guidance.test_library import LIBRARY_QUERIES

    client.force_login(lead)
    client.get(reverse("guidance:entry_list"))  # fills the cache of the filter form's lists
    with django_assert_num_queries(LIBRARY_QUERIES):
        page = client.get(reverse("guidance:entry_list")).text
    waiting = page.split("Not yet published")[1].split("</table>")[0]
    assert "Visible allies in every team" in waiting
    assert "Change waiting for a lead" in waiting
    client.force_login(other_lead)
    assert "Change waiting for a lead" not in client.get(reverse("guidance:entry_list")).text
