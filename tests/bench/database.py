"""The benchmark's own database, created for the run and dropped after it.

It reuses Django's test-database machinery under a distinct name: a temporary SQLite file, or
`<name>_bench` on PostgreSQL. The user's database is never opened for writing.
"""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection


@contextmanager
def bench_database() -> Iterator[str]:
    """Create the bench database, point the default connection at it, drop it afterwards."""
    original_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict.setdefault("TEST", {})
    original_test_name = test_settings.get("NAME")
    folder = None
    if connection.vendor == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
        test_settings["NAME"] = str(folder / "bench.sqlite3")
    else:
        test_settings["NAME"] = f"{original_name}_bench"
    try:
        name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            yield name
        finally:
            connection.creation.destroy_test_db(original_name, verbosity=0)
    finally:
        test_settings["NAME"] = original_test_name
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def database_url() -> str:
    """A DATABASE_URL for the current (bench) database, for the processes the bench starts."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or ""
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{credentials}{settings.get('HOST') or ''}{port}/{settings['NAME']}"
