"""Read models shared through the cache are built by one process at a time."""

import threading

import pytest
from django.core.cache import cache

from submissions.compare import version
from submissions.compare.version import cached


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_built_once_while_others_wait_and_then_read_it():
    started, release = threading.Event(), threading.Event()
    builds = []

    def build():
        builds.append(1)
        started.set()
        release.wait(5)
        return {"Health & Safety's figures": [1, 2]}

    first = {}
    builder = threading.Thread(target=lambda: first.update(value=cached("f", build, version=7)))
    builder.start()
    started.wait(5)
    waiting = {}
    waiter = threading.Thread(target=lambda: waiting.update(value=cached("f", build, version=7)))
    waiter.start()
    waiter.join(0.2)
    assert waiter.is_alive()  # waiting for the builder, not building
    release.set()
    builder.join(5)
    waiter.join(5)

    assert len(builds) == 1
    assert first["value"] == waiting["value"] == {"Health & Safety's figures": [1, 2]}
    assert cached("f", build, version=7) == first["value"] and len(builds) == 1
    # Another version is another entry.
    assert cached("f", lambda: "later", version=8) == "later"


def test_a_builder_that_stopped_delays_others_only_so_long(monkeypatch):
    monkeypatch.setattr(version, "BUILD_WAIT_SECONDS", 0.05)
    cache.add("compare:7:f:building", True, 60)  # a process that stopped while building

    assert cached("f", lambda: "built here", version=7) == "built here"
    assert cached("f", lambda: "not again", version=7) == "built here"


def test_nothing_is_kept_when_the_build_fails_and_the_next_caller_builds():
    def failing():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cached("f", failing, version=7)
    assert cached("f", lambda: None, version=7) is None  # None is a value like any other
    assert cached("f", lambda: "not again", version=7) is None
