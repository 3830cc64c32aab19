"""Settings for the processes the benchmark starts (gunicorn, the export probe): production-like.

DEBUG is off, as in production, but static files keep their plain names: the benchmark does
not run collectstatic, and no measured request asks for a static file.
"""

from factcheck.settings import *  # noqa: F403
from factcheck.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
