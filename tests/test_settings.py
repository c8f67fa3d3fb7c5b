"""Production settings: refuse unsafe start-up, and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "wei-portal.example.gov.uk",
    "DJANGO_SETTINGS_MODULE": "weiportal.settings",
}


def clean_environment():
    # The browser tests' async-unsafe switch must not leak into a production check.
    return {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def run_manage(*args, **env):
    environment = {**clean_environment(), **PRODUCTION, **env}
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_prints_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


@pytest.mark.parametrize(
    "secret_key", ["", "insecure-development-key-do-not-use-in-production", None]
)
def test_production_refuses_missing_or_default_secret_key(secret_key):
    env = {**clean_environment(), **PRODUCTION}
    env.pop("DJANGO_SECRET_KEY")
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_empty_allowed_hosts():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="")
    assert result.returncode != 0
    assert "Set DJANGO_ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        (None, "django.core.cache.backends.locmem.LocMemCache", "weiportal"),
        ("", "django.core.cache.backends.locmem.LocMemCache", "weiportal"),
        (
            "redis://cache.internal:6379/1",
            "weiportal.cache.RedisCache",
            "redis://cache.internal:6379/1",
        ),
        ("db://weiportal_cache", "django.core.cache.backends.db.DatabaseCache", "weiportal_cache"),
    ],
)
def test_cache_is_local_memory_unless_a_shared_one_is_named(url, backend, location):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; cache = settings.CACHES['default']; "
        "print(cache['BACKEND'], cache['LOCATION'], cache.get('OPTIONS', {}).get('MAX_ENTRIES'))",
        DJANGO_CACHE_URL=url,
    )
    assert result.returncode == 0, result.stderr
    shown_backend, shown_location, max_entries = result.stdout.strip().splitlines()[-1].split()
    assert (shown_backend, shown_location) == (backend, location)
    if "locmem" in backend:
        # Every comparison fragment at national scale, not Django's default of 300.
        assert int(max_entries) >= 10_000


def test_an_unknown_cache_url_is_refused():
    result = run_manage("check", DJANGO_CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "DJANGO_CACHE_URL must start with redis://" in result.stderr
