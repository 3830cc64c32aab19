"""Loaded by pytest before Django's settings (pyproject: `-p tests.environment`): the suite
runs with the development defaults, as `manage.py demo` does. DEBUG itself is off inside each
test (pytest-django switches it off); this only keeps the development settings (plain static
files, no HTTPS redirect, the development secret key) that production would not start with.
"""

import os

os.environ.setdefault("DEBUG", "True")
