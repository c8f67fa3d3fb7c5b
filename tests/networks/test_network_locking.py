"""Two leads editing a network's description from forms opened at the same moment."""

import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from networks import services
from networks.models import Network
from tests.locking import opened_version
from tests.networks.test_admin import network_form_data
from weiportal.locking import EditConflict

CONFLICT = "This was changed by someone else since you opened it"


def test_a_network_edit_from_a_stale_form_is_refused_with_their_values(client, lead, network):
    address = reverse("networks:network_edit", kwargs={"slug": network.slug})
    client.force_login(lead)
    opened = opened_version(client, address)
    first = client.post(
        address,
        {"lock_version": opened, "description": "Theirs.", "contact_email": "a@example.gov.uk"},
    )
    assert first.status_code == 302
    response = client.post(
        address,
        {"lock_version": opened, "description": "Mine.", "contact_email": "a@example.gov.uk"},
    )
    assert response.status_code == 200
    assert CONFLICT in response.text
    page = response.text.split('id="edit-conflict"')[1].split("</dl>")[0]
    assert "Theirs." in page and "Yours: Mine." in page
    # The address was the same on both: not listed as changed.
    assert "a@example.gov.uk" not in page
    network.refresh_from_db()
    assert network.description == "Theirs."
    assert "Mine.</textarea>" in response.text


def test_an_admin_change_moves_the_version(client, admin_user, lead, network):
    """A form opened in the portal before an admin's correction is refused after it."""
    address = reverse("networks:network_edit", kwargs={"slug": network.slug})
    client.force_login(lead)
    opened = opened_version(client, address)
    client.force_login(admin_user)
    data = network_form_data(network, lead.memberships.get(), "lead")
    response = client.post(
        reverse("admin:networks_network_change", args=[network.pk]),
        data | {"description": "Corrected by an admin."},
    )
    assert response.status_code == 302
    client.force_login(lead)
    response = client.post(
        address, {"lock_version": opened, "description": "Mine.", "contact_email": ""}
    )
    assert CONFLICT in response.text
    network.refresh_from_db()
    assert network.description == "Corrected by an admin."


@pytest.mark.django_db(transaction=True)
def test_two_network_saves_at_the_same_moment_cannot_both_win():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is one connection shared by threads")
    from tests.networks.factories import NetworkFactory

    network = NetworkFactory()
    opened = network.lock_version
    barrier = threading.Barrier(2)
    outcomes = []

    def save(words):
        try:
            barrier.wait()
            services.network_update(
                network=Network.objects.get(pk=network.pk),
                description=words,
                contact_email="",
                lock_version=opened,
            )
            outcomes.append(("saved", words))
        except EditConflict:
            outcomes.append(("refused", words))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(words,)) for words in ("One.", "Two.")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome for outcome, _ in outcomes) == ["refused", "saved"]
    network.refresh_from_db()
    assert network.description == next(words for outcome, words in outcomes if outcome == "saved")
    assert network.lock_version == opened + 1
