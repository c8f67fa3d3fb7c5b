"""Every guidance list page runs the same number of queries with 2 documents or 30."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidance.models import Document, Notification, Subscription
from tests.guidance.factories import document_draft, document_edit, document_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed(project_team, colleague, member, section, other_section):
    """``count`` published documents with two revisions and sections each; every third has a
    new draft; the member follows each and has unread news of each; half are due for review."""

    def seed(count):
        for number in range(count):
            document = document_draft(
                by=project_team,
                title=f"Guidance {number}: O'Brien & Co's evidence",
                sections=[section, other_section] if number % 2 else [section],
            )
            document_publish(document, by=colleague)
            document_edit(document, by=project_team, title=f"Guidance {number}, revised")
            revision = document_publish(document, by=colleague, change_note=f"Change {number}.")
            if number % 3 == 0:
                document_edit(document, by=colleague, title=f"Guidance {number}, drafting")
            Subscription.objects.create(user=member, document=document)
            Notification.objects.create(user=member, revision=revision)
            if number % 2:
                Document.objects.filter(pk=document.pk).update(
                    review_due=timezone.localdate() + datetime.timedelta(days=number - 10)
                )
        Subscription.objects.create(user=member, section=section)
        return Document.objects.order_by("pk").last()

    return seed


# Every page: session, user, the demo-data notice; pages that ask a permission load the
# person's permissions once (one query), except for people who hold none (members and
# leads), which the query loading the person already says. Then the page's own queries, as
# listed.
LIST_PAGES = {
    # rounds and sections for the filter, count, recent changes, documents, their sections
    ("guidance:document_list", "member", ""): 9,
    ("guidance:document_list", "member", "section={section}"): 9,
    ("guidance:document_list", "member", "criteria_round={criteria_round}"): 9,
    # ... and the drafts in progress, for the project team
    ("guidance:document_list", "project_team", ""): 11,
    ("guidance:review_list", "project_team", ""): 5,
    ("guidance:review_csv", "project_team", "sort=owner"): 4,
    # subscriptions, rounds and sections for the form
    ("guidance:subscription_list", "member", ""): 6,
    # ... and whether the person wants review reminders
    ("guidance:subscription_list", "project_team", ""): 8,
    # the document, marking the person's news read, its published revisions
    ("guidance:document_updates", "member", ""): 6,
}


def url_for(name, query, document, section, criteria_round):
    kwargs = {"slug": document.slug} if name == "guidance:document_updates" else {}
    url = reverse(name, kwargs=kwargs)
    query = query.format(section=section.pk, criteria_round=criteria_round.pk)
    return f"{url}?{query}" if query else url


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(("name", "role", "query"), list(LIST_PAGES))
def test_list_pages_run_a_fixed_number_of_queries(
    client,
    people,
    seed,
    section,
    criteria_round,
    django_assert_num_queries,
    name,
    role,
    query,
    size,
):
    document = seed(size)
    client.force_login(people[role])
    url = url_for(name, query, document, section, criteria_round)
    with django_assert_num_queries(LIST_PAGES[(name, role, query)]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_dashboard_guidance_runs_a_fixed_number_of_queries(
    client, member, seed, django_assert_num_queries, size
):
    seed(size)
    client.force_login(member)
    client.get(reverse("dashboard"))  # the first visit of the session records it
    # Session, user (saying they hold no permissions, with their memberships), the data
    # version with the demo notice, the person's networks for the rules; their own work (the
    # current edition, their organisations, overdue actions, good-practice drafts:
    # weiportal/dashboard.py); then unread news and the updates since the last visit.
    with django_assert_num_queries(10):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("govuk-notification-banner__link") == min(size, 10)


@pytest.mark.parametrize("size", [2, 30])
def test_section_guidance_on_other_pages_is_one_query_then_cached(
    rf, member, seed, section, django_assert_num_queries, size
):
    from django.template import Context, Template

    seed(size)
    template = Template("{% load guidance_documents %}{% section_guidance section %}")

    def render():
        request = rf.get("/")
        request.user = member
        return template.render(Context({"request": request, "section": section}))

    # The data versions (once a request), then the documents; next time only the versions.
    with django_assert_num_queries(2):
        html = render()
    assert html.count("<li>") == size
    with django_assert_num_queries(1):
        assert render() == html


@pytest.mark.parametrize("revisions", [2, 9])
def test_a_documents_pages_run_a_fixed_number_of_queries_however_many_revisions(
    client, member, project_team, colleague, section, django_assert_num_queries, revisions
):
    document = document_draft(by=project_team, title="Monitoring & reporting", sections=[section])
    document_publish(document, by=colleague)
    for number in range(2, revisions + 1):
        document_edit(document, by=project_team, title=f"Monitoring & reporting, take {number}")
        document_publish(
            document,
            by=colleague,
            change_type="major" if number % 2 else "minor",
            change_note=f"Change {number}.",
        )
    first, last = document.revisions.published().order_by("number")[:: revisions - 1]
    client.force_login(member)
    pages = {
        # document, read marks, first revision, subscription, sections
        document.get_absolute_url(): 8,
        # document, read marks, published revisions
        reverse("guidance:document_updates", kwargs={"slug": document.slug}): 6,
        # document, both revisions, read marks, both revisions' sections (a member holds no
        # permissions: the query loading them says so, so choosing which revisions they may
        # see costs none)
        reverse(
            "guidance:document_compare",
            kwargs={"slug": document.slug, "a": first.pk, "b": last.pk},
        ): 9,
    }
    for url, count in pages.items():
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
