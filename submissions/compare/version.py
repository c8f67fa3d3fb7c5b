"""The data versions, and the cache of what every viewer shares.

``networks.models.DataVersion`` counts changes to anything a comparison shows, in scopes: the
whole portal, each edition, each edition's lists and each of its sections; every write path
moves its counters in the transaction of the change. A request reads the counters once, in one
query. A page of one edition (a profile) caches under ``edition_version``, which a save in
another edition leaves alone; a section's list (the section page, its CSV, who did this well)
under ``section_version``, which a score saved in another section leaves alone too; the
index's lists of organisations and editions under ``lists_version``, which only a change to
the portal or to who shares what moves; a trend under ``data_version``, which every change
moves. Each read model caches what is the same for every viewer with one ``cached`` call
under a key holding the version, and templates cache rendered fragments with ``{% cache
cache_seconds name version ... %}``. A change therefore shows on the very next request in
every process, while entries of earlier versions are never read again and age out. Who may
open what is never cached: a page checks it before it reads anything from the cache. What
differs by viewer is cached under a key naming what it depends on (their own organisations).
A few renderings (a section's blocks of rows, a profile's rows and its whole summary and
figures, a trend's figures) are cached under a digest of what they show instead, so that
equal ones are drawn once and outlive a change that leaves them as they were. What is built
for everyone with ``cached`` is built by one process at a time.
"""

import hashlib
import time

from django.core.cache import cache

from networks.models import DataVersion

# Entries stay valid for as long as the version does; this only lets old ones expire.
CACHE_SECONDS = 60 * 60 * 24
# How long a process waits for another one building the same entry before building it too
# (should that one have stopped), and how often it looks.
BUILD_WAIT_SECONDS = 5
BUILD_POLL_SECONDS = 0.01
MISSING = object()


def data_version(request):
    """The version of everything, for what spans editions (read once per request)."""
    return DataVersion.for_request(request).version


def lists_version(request):
    """The version of the lists of organisations and editions to compare: moved by a change
    to the whole portal or to who shares what, not by a score."""
    return DataVersion.for_request(request).lists_version


def edition_version(request, year):
    """The version of one edition's figures: moved by a change to that edition or to the
    whole portal, not by a change to another edition."""
    return DataVersion.for_request(request).edition_version(year)


def section_version(request, year, number):
    """The version of one section's list in one edition: moved by a score in that section,
    by anything else in the edition but a score in another section, and by a change to the
    whole portal."""
    return DataVersion.for_request(request).section_version(year, number)


def guidance_version(request):
    """The version of published guidance, for a fragment that holds some (the section page's
    guidance) beside figures of its own version."""
    return DataVersion.for_request(request).guidance_version


def digest(*parts):
    """A key for a rendering cached under what it shows: a SHA-256 digest of ``parts``' reprs
    (read models of plain values, so equal content gives equal keys)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached(name, build, *, version):
    """``build()``, shared by every viewer while the data version stays ``version``.

    Built by one process at a time: just after a change, the first request to miss marks
    the entry as being built (``cache.add``, which only one caller wins) and the others wait
    for it rather than all working out the same figures at once.
    """
    key = f"compare:{version}:{name}"
    value = cache.get(key, MISSING)
    if value is not MISSING:
        return value
    building = f"{key}:building"
    if not cache.add(building, True, BUILD_WAIT_SECONDS):
        value = _built_by_another(key)
        if value is not MISSING:
            return value
        building = None  # that one stopped: build it here, and leave its mark to expire
    try:
        value = build()
        cache.set(key, value, CACHE_SECONDS)
    finally:
        if building:
            cache.delete(building)
    return value


def _built_by_another(key):
    """The entry another process is building, once it is there (MISSING after the wait)."""
    deadline = time.monotonic() + BUILD_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(BUILD_POLL_SECONDS)
        value = cache.get(key, MISSING)
        if value is not MISSING:
            return value
    return MISSING
