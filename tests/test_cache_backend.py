"""The shared cache's backend against a real Redis (the one on 127.0.0.1:6379 where it
answers): it behaves as Django's, with one client a connection pool rather than one a
command."""

import socket

import pytest

from weiportal.cache import RedisCache

LOCATION = "redis://127.0.0.1:6379/13"


def redis_answers():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def cache():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "weiportal-test"})
    cache.clear()
    yield cache
    cache.clear()


def test_values_round_trip_as_in_djangos_backend(cache):
    value = {"name": "Department for Culture, Media & Sport", "scores": [1, 2.5, None]}
    cache.set("figures", value, 60)
    assert cache.get("figures") == value
    assert cache.get_or_set("built", lambda: "once", 60) == "once"
    assert cache.get_or_set("built", lambda: "twice", 60) == "once"
    assert cache.get_many(["figures", "built", "missing"]) == {"figures": value, "built": "once"}
    cache.delete("figures")
    assert cache.get("figures", "gone") == "gone"


def test_one_client_serves_every_command(cache):
    client = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is client
    assert cache._cache.get_client("c", write=True) is client  # one server: one pool
    cache.set("key", 1, 60)
    assert cache.get("key") == 1
    assert cache._cache.get_client() is client


def test_each_server_keeps_its_own_client():
    # Several servers: writes go to the first, reads to any of them (Django's rule).
    cache = RedisCache(f"{LOCATION},{LOCATION}", {})
    writer = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is writer
    assert writer.connection_pool is cache._cache._get_connection_pool(True)


def test_integers_and_pickles_are_read_back_as_stored(cache):
    # Django's backend stores integers as digits (so that incr works) and the rest as pickles.
    for value in (0, 7, -3, 10**20, "12", b"\x80 not a pickle", 1.5, ["&", "'", ","], None):
        cache.set("value", value, 60)
        assert cache.get("value", "missing") == value
    cache.set("counter", 1, 60)
    assert cache.incr("counter") == 2
