"""Settings for the processes the benchmark starts (gunicorn, the export probe): production-like.

DEBUG is off, as in production, with two exceptions that nothing measured depends on: static
files keep their plain names (the benchmark does not run collectstatic, and no measured request
asks for a static file), and the session and CSRF cookies keep Django's default names.
"""

from factcheck.settings import *  # noqa: F403
from factcheck.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Production names them __Host-sessionid and __Host-csrftoken (HTTPS only, which browsers
# enforce); the load clients send `sessionid` and `csrftoken` (runner.Bench._load_script).
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
