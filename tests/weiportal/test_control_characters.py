"""An address with a control character in it names no page: 404, never 500."""

import pytest
from django.urls import reverse

from weiportal.middleware import has_control_character

HOSTILE_PATHS = [
    "/good-practice/feed/%00/",
    "/good-practice/feed/abc%01def/",
    "/guidance/%00/",
    "/guidance/draft%0A/updates/",
    "/organisations/dft%7F/",
    "/networks/testing-pride%09/edit/",
    "/guidance/unsubscribe/%00%00/",
    "/password-reset/%00/%00/",
    "/sign-in/%00",
    "/admin/%00/",
    "/%C2%85/",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_control_character_in_the_address_is_not_found_for_visitors(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.text


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_control_character_in_the_address_is_not_found_when_signed_in(client, member, path):
    client.force_login(member)
    assert client.get(path).status_code == 404
    assert client.post(path, {}).status_code == 404


def test_ordinary_addresses_still_work(client, member, network):
    client.force_login(member)
    assert (
        client.get(reverse("networks:network_detail", kwargs={"slug": network.slug})).status_code
        == 200
    )
    # Letters beyond ASCII are not control characters.
    assert client.get("/organisations/caf%C3%A9/").status_code == 404
    assert not has_control_character("/organisations/café/")


@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x7f", "\x85", "\t", "\r", "\n"])
def test_control_characters_are_recognised(character):
    assert has_control_character(f"/a{character}b/")
