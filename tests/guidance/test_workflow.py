import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guidance import services
from guidance.models import Attachment, GoodPracticeEntry, HelpfulMark
from tests.guidance.factories import PDF_BYTES
from tests.guidance.safety import assert_safe_html

Status = GoodPracticeEntry.Status


def entry_data(**overrides):
    data = {
        "title": "Reverse mentoring for directors",
        "summary": "Directors were mentored by LGBT+ colleagues.",
        "body": "We paired twelve directors with network members for six months.",
        "contact_name": "",
        "contact_email": "",
        "edition": "",
    }
    data.update(overrides)
    return data


def test_member_drafts_an_entry_with_an_attachment(client, member, network, section):
    client.force_login(member)
    response = client.post(
        reverse("guidance:entry_create"),
        entry_data(
            sections=[section.pk],
            attachments=[SimpleUploadedFile("evaluation.pdf", PDF_BYTES, "application/pdf")],
        ),
    )
    entry = GoodPracticeEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    assert entry.status == Status.DRAFT
    assert entry.network == network
    assert entry.author == member
    assert list(entry.sections.all()) == [section]
    attachment = entry.attachments.get()
    assert attachment.file_name == "evaluation.pdf"
    assert bytes(attachment.data) == PDF_BYTES
    assert attachment.content_type == "application/pdf"


def test_create_page_has_govuk_title_and_the_network_is_implied(client, member):
    client.force_login(member)
    response = client.get(reverse("guidance:entry_create"))
    assert b"<title>Share good practice \xe2\x80\x93 WEI good-practice portal</title>" in (
        response.content
    )
    assert b'type="hidden" name="network"' in response.content


def test_member_of_two_networks_chooses_which(client, member, other_network):
    from networks.models import Membership

    Membership.objects.create(user=member, network=other_network)
    client.force_login(member)
    response = client.post(reverse("guidance:entry_create"), entry_data())
    assert b"Select the network the entry is for" in response.content
    response = client.post(reverse("guidance:entry_create"), entry_data(network=other_network.pk))
    assert GoodPracticeEntry.objects.get().network == other_network


def test_member_cannot_draft_for_a_network_they_are_not_in(client, member, other_network):
    client.force_login(member)
    client.post(reverse("guidance:entry_create"), entry_data(network=other_network.pk))
    assert GoodPracticeEntry.objects.get().network != other_network


def test_lead_publishes_a_draft(client, lead, draft_entry):
    client.force_login(lead)
    response = client.post(reverse("guidance:entry_publish", kwargs={"pk": draft_entry.pk}))
    assert response.status_code == 302
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.PUBLISHED
    assert draft_entry.published_at is not None


def test_member_cannot_publish(member, draft_entry):
    with pytest.raises(PermissionDenied):
        services.entry_publish(entry=draft_entry, by=member)
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.DRAFT


def test_lead_of_another_network_cannot_publish(other_lead, draft_entry):
    with pytest.raises(PermissionDenied):
        services.entry_publish(entry=draft_entry, by=other_lead)


def test_send_back_needs_a_reason_and_members_see_it(client, lead, member, draft_entry):
    client.force_login(lead)
    url = reverse("guidance:entry_send_back", kwargs={"pk": draft_entry.pk})
    response = client.post(url, {"reason": "  "})
    assert b"Enter why you are sending the entry back" in response.content
    assert response.content.count(b"<title>Error: ") == 1
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.DRAFT
    client.post(url, {"reason": "Add the evaluation figures."})
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.SENT_BACK
    client.force_login(member)
    response = client.get(draft_entry.get_absolute_url())
    assert b"Add the evaluation figures." in response.content


def test_changing_a_sent_back_entry_returns_it_to_draft(member, draft_entry, lead):
    services.entry_send_back(entry=draft_entry, by=lead, reason="Shorter, please.")
    services.entry_update(entry=draft_entry, by=member, title="Shorter title")
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.DRAFT


def test_project_team_withdraws_any_entry_with_a_reason_the_network_sees(
    client, project_team, member, published_entry
):
    client.force_login(project_team)
    client.post(
        reverse("guidance:entry_withdraw", kwargs={"pk": published_entry.pk}),
        {"reason": "It names a colleague without consent."},
    )
    published_entry.refresh_from_db()
    assert published_entry.status == Status.WITHDRAWN
    client.force_login(member)
    response = client.get(published_entry.get_absolute_url())
    assert response.status_code == 200
    assert b"This entry was withdrawn" in response.content
    assert b"It names a colleague without consent." in response.content


def test_withdrawn_entry_keeps_its_url_for_others_but_leaves_the_library(
    client, other_lead, withdrawn_entry
):
    client.force_login(other_lead)
    response = client.get(withdrawn_entry.get_absolute_url())
    assert response.status_code == 200
    assert b"The policy changed in 2020." in response.content
    response = client.get(reverse("guidance:entry_list"))
    assert withdrawn_entry.title.encode() not in response.content


def test_editing_a_published_entry_keeps_it_published_and_records_history(
    client, member, lead, published_entry
):
    client.force_login(member)
    response = client.post(
        reverse("guidance:entry_edit", kwargs={"pk": published_entry.pk}),
        entry_data(title="Visible allies in every team, two years on"),
    )
    assert response.status_code == 302
    published_entry.refresh_from_db()
    # A member's change waits for a lead; a lead's publishing it is recorded.
    assert published_entry.title == "Visible allies in every team"
    client.force_login(lead)
    publish = reverse("guidance:entry_publish", kwargs={"pk": published_entry.pk})
    assert client.post(publish).status_code == 302
    published_entry.refresh_from_db()
    assert published_entry.status == Status.PUBLISHED
    assert published_entry.title == "Visible allies in every team, two years on"
    latest = published_entry.history.first()
    assert latest.history_user == lead
    assert latest.history_change_reason == "Change published"
    response = client.get(published_entry.get_absolute_url())
    assert b"History" in response.content
    assert b"Title, Summary, Description" in response.content


def test_history_is_hidden_from_other_networks(client, other_lead, published_entry):
    client.force_login(other_lead)
    response = client.get(published_entry.get_absolute_url())
    assert b"History</caption>" not in response.content


def test_draft_is_hidden_from_other_networks(client, other_lead, draft_entry):
    client.force_login(other_lead)
    assert client.get(draft_entry.get_absolute_url()).status_code == 404
    response = client.get(reverse("guidance:entry_list"))
    assert draft_entry.title.encode() not in response.content


def test_library_lists_unpublished_entries_of_your_networks(client, lead, draft_entry):
    client.force_login(lead)
    response = client.get(reverse("guidance:entry_list"))
    assert b"Not yet published" in response.content
    assert draft_entry.title.encode() in response.content


def test_helpful_marks_once_and_a_second_click_undoes(client, other_lead, published_entry):
    client.force_login(other_lead)
    url = reverse("guidance:entry_helpful", kwargs={"pk": published_entry.pk})
    client.post(url)
    assert HelpfulMark.objects.filter(entry=published_entry, user=other_lead).count() == 1
    response = client.get(published_entry.get_absolute_url())
    assert b"Found helpful by 1 person." in response.content
    assert b"Undo: this helped me" in response.content
    client.post(url)
    assert not HelpfulMark.objects.exists()
    response = client.get(published_entry.get_absolute_url())
    assert b"Found helpful by 0 people." in response.content


def test_helpful_count_shows_in_the_list(client, member, other_lead, published_entry):
    services.entry_mark_helpful(entry=published_entry, user=member)
    services.entry_mark_helpful(entry=published_entry, user=other_lead)
    client.force_login(other_lead)
    response = client.get(reverse("guidance:entry_list"))
    assert b"found helpful by 2 people" in response.content


def test_attachment_downloads_with_its_name_and_never_inline(
    client, other_lead, published_attachment
):
    client.force_login(other_lead)
    response = client.get(published_attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="mentoring-evaluation.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_edit_removes_and_adds_attachments(client, member, lead, published_attachment):
    entry = published_attachment.entry
    client.force_login(member)
    client.post(
        reverse("guidance:entry_edit", kwargs={"pk": entry.pk}),
        entry_data(
            remove_attachments=[published_attachment.pk],
            attachments=[SimpleUploadedFile("figures.csv", b"a,b\n1,2\n", "text/csv")],
        ),
    )
    # Until a lead publishes the change, the entry keeps its file.
    assert [a.file_name for a in Attachment.objects.published()] == ["mentoring-evaluation.pdf"]
    client.force_login(lead)
    client.post(reverse("guidance:entry_publish", kwargs={"pk": entry.pk}))
    assert [a.file_name for a in Attachment.objects.all()] == ["figures.csv"]


def test_at_most_five_attachments(client, member, network):
    client.force_login(member)
    files = [SimpleUploadedFile(f"f{n}.pdf", PDF_BYTES, "application/pdf") for n in range(6)]
    response = client.post(reverse("guidance:entry_create"), entry_data(attachments=files))
    assert b"An entry can have up to 5 attachments" in response.content
    assert not GoodPracticeEntry.objects.exists()


def test_detail_page_shows_rendered_body_safely(client, member, published_entry):
    client.force_login(member)
    response = client.get(published_entry.get_absolute_url())
    assert b"<strong>forty allies</strong>" in response.content
    assert_safe_html(response.content.decode())


def test_history_records_who_drafted_through_the_service(member, network):
    entry = services.entry_create(
        author=member, network=network, title="Buddy scheme", summary="Pairs.", body="Text."
    )
    record = entry.history.get()
    assert record.history_user == member
    assert record.history_change_reason == "Drafted"


def test_withdrawn_entrys_files_are_for_its_network_and_the_project_team_only(
    client, member, other_lead, project_team, withdrawn_attachment
):
    entry = withdrawn_attachment.entry
    download = reverse("guidance:attachment_download", kwargs={"pk": withdrawn_attachment.pk})
    client.force_login(other_lead)
    page = client.get(entry.get_absolute_url())
    assert "This entry was withdrawn" in page.text
    assert "old-policy.pdf" not in page.text
    assert client.get(download).status_code == 404
    for person in (member, project_team):
        client.force_login(person)
        assert "old-policy.pdf" in client.get(entry.get_absolute_url()).text
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_the_admins_state_change_service_needs_the_admins_permission(
    project_team, lead, admin_user, draft_entry
):
    for person in (project_team, lead):
        with pytest.raises(PermissionDenied):
            services.entry_set_status(entry=draft_entry, status=Status.PUBLISHED, by=person)
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.DRAFT
    services.entry_set_status(entry=draft_entry, status=Status.PUBLISHED, by=admin_user)
    draft_entry.refresh_from_db()
    assert draft_entry.status == Status.PUBLISHED
    assert draft_entry.published_at is not None


def test_entry_form_groups_section_checkboxes_by_round_current_first(
    client, member, network, section, published_entry
):
    import re

    from tests.submissions.factories import CriteriaRoundFactory, SectionFactory

    current = CriteriaRoundFactory(name="2022–2024", first_year=2022, last_year=None)
    newer = SectionFactory(criteria_round=current, number=1, name="Policies and benefits")
    client.force_login(member)
    page = client.get(reverse("guidance:entry_create")).text
    groups = re.findall(r'id="sections-round-\d+">Criteria ([^<]+)</p>', page)
    assert groups == ["2022–2024 (current)", f"{section.criteria_round.name}"]
    boxes = page.split('id="id_sections_hint"')[1].split("</fieldset>")[0]
    assert boxes.index(f'value="{newer.pk}"') < boxes.index(f'value="{section.pk}"')
    assert 'role="group" aria-labelledby="sections-round-' in page
    ids = re.findall(r'id="(id_sections_\d+)"', page)
    assert len(ids) == len(set(ids)) and ids[0] == "id_sections_1"
    # An entry's own sections are ticked when it is changed.
    edit = client.get(reverse("guidance:entry_edit", kwargs={"pk": published_entry.pk})).text
    boxes = edit.split('id="id_sections_hint"')[1].split("</fieldset>")[0]
    assert re.search(rf'value="{section.pk}"\s*checked', boxes)
    assert not re.search(rf'value="{newer.pk}"\s*checked', boxes)
