"""What each role may do with guidance documents: permissions and the object rules."""

import pytest

from tests.guidance.factories import document_draft, document_publish

pytestmark = pytest.mark.django_db


def test_project_team_writes_and_publishes_guidance_and_readers_do_not(
    project_team, member, lead, other_lead, admin_user
):
    for person in (project_team, admin_user):
        assert person.has_perm("guidance.add_document")
        assert person.has_perm("guidance.change_document")
        assert person.has_perm("guidance.publish_document")
    for person in (member, lead, other_lead):
        assert not person.has_perm("guidance.add_document")
        assert not person.has_perm("guidance.change_document")
        assert not person.has_perm("guidance.publish_document")


def test_a_reviewer_is_not_the_author(in_review_document, project_team, colleague, admin_user):
    draft = in_review_document.open_draft()
    assert not project_team.has_perm("guidance.review_revision", draft)
    assert not project_team.has_perm("guidance.send_back_revision", draft)
    assert colleague.has_perm("guidance.review_revision", draft)
    assert colleague.has_perm("guidance.send_back_revision", draft)
    assert admin_user.has_perm("guidance.review_revision", draft)
    # Everyone on the team may still publish it (the author only with a reason).
    assert project_team.has_perm("guidance.publish_revision", draft)


def test_admins_are_held_to_the_two_person_rule_too(admin_user, colleague):
    document = document_draft(by=admin_user, title="Written by an admin")
    draft = document.open_draft()
    assert admin_user.has_perm("guidance.publish_revision", draft)
    assert not admin_user.has_perm("guidance.review_revision", draft)
    revision = document_publish(document, by=admin_user, unreviewed_reason="Testing.")
    assert revision.reviewed_by is None
    assert not admin_user.has_perm("guidance.approve_revision", revision)
    assert colleague.has_perm("guidance.approve_revision", revision)


def test_nothing_is_possible_on_a_withdrawn_document_or_a_missing_draft(
    withdrawn_document, admin_user, project_team
):
    assert not admin_user.has_perm("guidance.edit_document", withdrawn_document)
    assert not project_team.has_perm("guidance.withdraw_document", withdrawn_document)
    assert not admin_user.has_perm("guidance.publish_revision", None)
    assert not admin_user.has_perm("guidance.submit_revision", None)


def test_published_revisions_cannot_be_submitted_or_published_again(
    published_document, project_team, colleague
):
    revision = published_document.current_revision
    for name in ("submit_revision", "publish_revision", "review_revision", "send_back_revision"):
        assert not colleague.has_perm(f"guidance.{name}", revision)
    assert not colleague.has_perm("guidance.approve_revision", revision)  # already reviewed
