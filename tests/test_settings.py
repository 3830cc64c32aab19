"""Settings come from the environment; production settings refuse to start half-configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

# A fresh process, as production starts: none of the test run's own switches.
BASE_ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
}


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=BASE_ENV | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _setting(expression: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = _run("-c", code, DJANGO_SETTINGS_MODULE="factcheck.settings", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_refuses_to_start_without_secret_key():
    result = _run("manage.py", "check", DEBUG="False", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="False",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="factcheck.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_sqlite_is_the_default_database():
    assert _setting("settings.DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"


def test_an_empty_database_url_means_the_default_database():
    engine = _setting("settings.DATABASES['default']['ENGINE']", DATABASE_URL="")
    assert engine == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    engine = _setting(
        "settings.DATABASES['default']['ENGINE'], settings.DATABASES['default']['NAME']",
        DATABASE_URL="postgres://user@db.example.org:5432/newsroom",
    )

    assert engine == "django.db.backends.postgresql newsroom"


def test_allowed_hosts_come_from_a_comma_separated_list():
    hosts = _setting("settings.ALLOWED_HOSTS", ALLOWED_HOSTS="a.example.org, b.example.org")

    assert hosts == "['a.example.org', 'b.example.org']"


PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "factcheck.example.org",
}


def test_production_cookies_carry_the_host_prefix():
    names = _setting("settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME", **PRODUCTION)

    assert names == "__Host-sessionid __Host-csrftoken"


def test_debug_is_off_unless_asked_for():
    env = {key: value for key, value in BASE_ENV.items() if key != "DEBUG"}
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env | {"DJANGO_SETTINGS_MODULE": "factcheck.settings", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("name", ["FACTCHECK_ORGANIZATION_URL", "FACTCHECK_ORGANIZATION_LOGO"])
@pytest.mark.parametrize("value", ["javascript:alert(1)", "ftp://example.org/", "example.org"])
def test_an_organisation_address_that_is_not_http_stops_the_start_up(name, value):
    result = _run("manage.py", "check", DEBUG="True", **{name: value})

    assert result.returncode != 0
    assert f"{name} must be an absolute http:// or https:// address" in result.stderr


def test_an_organisation_logo_elsewhere_is_allowed_by_the_content_security_policy():
    logo = "https://cdn.example.org/logo.png"

    policy = _setting("settings.SECURE_CSP['img-src']", FACTCHECK_ORGANIZATION_LOGO=logo)

    assert logo in policy


def test_a_site_url_that_is_not_http_stops_the_start_up():
    result = _run("manage.py", "check", DEBUG="True", FACTCHECK_SITE_URL="factcheck.example.org")

    assert result.returncode != 0
    assert "FACTCHECK_SITE_URL must be an absolute http:// or https:// address" in result.stderr


def test_webhooks_to_private_addresses_are_off_unless_asked_for():
    assert _setting("settings.WEBHOOK_ALLOW_PRIVATE", DEBUG="True") == "False"


def test_postgresql_connections_plan_for_data_in_memory(db):
    """Without the lower random page cost, PostgreSQL scans every claim for a common word."""
    from django.db import connection

    if connection.vendor != "postgresql":
        assert "options" not in connection.settings_dict["OPTIONS"]
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
