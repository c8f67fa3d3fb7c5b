"""Posting a form as a person does: open it first, so the post carries the version it was
opened at (weiportal.locking)."""

import re

LOCK_VERSION = re.compile(r'name="lock_version" value="(\d+)"')


def opened_version(client, url):
    """The lock version in the form at ``url``, or None where there is no form to open."""
    response = client.get(url)
    found = LOCK_VERSION.search(response.text) if response.status_code == 200 else None
    return found.group(1) if found else None


def post_opened(client, url, data=None, **kwargs):
    """Open the form at ``url``, then post ``data`` with the version it was opened at."""
    data = dict(data or {})
    version = opened_version(client, url)
    if version is not None:
        data.setdefault("lock_version", version)
    return client.post(url, data, **kwargs)
