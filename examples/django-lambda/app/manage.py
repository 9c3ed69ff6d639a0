#!/usr/bin/env python
"""Django's command-line utility for administrative tasks (migrate, collectstatic, runserver, test)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Tells the settings that this process is a management command: without SECRET_KEY_ARN it
    # gets a random key for its own lifetime (config/settings.py, _secret_key). The Lambda
    # handler never comes through here.
    os.environ.setdefault("DJANGO_MANAGEMENT_COMMAND", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
