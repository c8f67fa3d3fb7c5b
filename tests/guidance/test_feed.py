from xml.etree import ElementTree

from django.urls import reverse

from guidance.models import FeedToken
from tests.guidance.factories import EntryFactory, PublishedEntryFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def test_feed_lists_newly_published_entries_only(client, member_feed_token, network):
    PublishedEntryFactory(network=network, title="Published <b>allies</b> & friends")
    EntryFactory(network=network, title="Still a draft")
    response = client.get(member_feed_token.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own test response)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Published <b>allies</b> & friends"]


def test_unknown_token_gets_not_found(client, member_feed_token):
    response = client.get(reverse("guidance:feed", kwargs={"token": "guessed"}))
    assert response.status_code == 404


def test_feed_page_shows_a_personal_address_and_reset_replaces_it(client, member):
    client.force_login(member)
    response = client.get(reverse("guidance:feed_token"))
    token = FeedToken.objects.get(user=member).token
    assert token.encode() in response.content
    old_url = reverse("guidance:feed", kwargs={"token": token})
    response = client.post(reverse("guidance:feed_token"))
    assert response.status_code == 302
    new_token = FeedToken.objects.get(user=member).token
    assert new_token != token
    assert len(new_token) >= 40
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(reverse("guidance:feed", kwargs={"token": new_token})).status_code == 200


def test_feed_stops_for_a_deactivated_person(client, member, member_feed_token):
    member.is_active = False
    member.save()
    assert client.get(member_feed_token.get_absolute_url()).status_code == 404
