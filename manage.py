#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo serves with the development settings; everything else defaults to production.
        os.environ.setdefault("DEBUG", "True")
        # Webhooks may go to a receiver on this machine (the worker it starts inherits this).
        os.environ.setdefault("WEBHOOK_ALLOW_PRIVATE", "True")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
